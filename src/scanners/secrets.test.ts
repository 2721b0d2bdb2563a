import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secrets } from './secrets.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const scannerWith = (params: object) => {
  const scan = secrets.create(secrets.params.parse(params), deps);
  return (text: string) => scan(scanInputFor(text, 'input', new AbortController().signal));
};
const scanDefault = scannerWith({});
const found = async (text: string, scan = scanDefault) =>
  (await scan(text)).findings.map((f) => [f.kind, text.slice(f.span?.start, f.span?.end)]);

// Vendor-shaped fakes are assembled at run time so that no secret scanner flags this file.
const fake = (...parts: string[]) => parts.join('');
const RANDOM36 = 'R7kq2Lm9Xw4Tz8Pb3Nc6Vd1Hs5Jf0Gy2Qe4A';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'; // AWS docs' example key pair
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB = fake('ghp', '_', RANDOM36.slice(0, 36));
const GITLAB = fake('glpat', '-', 'xR4b9Kq2Lm7Tz1Wc8Np3');
const SLACK = fake('xoxb', '-', '2048817391-4410839403317-', RANDOM36.slice(0, 24));
const STRIPE = fake('sk', '_live_', RANDOM36.slice(0, 24));
const OPENAI = fake('sk', '-proj-', RANDOM36, RANDOM36.slice(0, 12));
const ANTHROPIC = fake('sk', '-ant-api03-', RANDOM36, RANDOM36, RANDOM36.slice(0, 23), 'AA');
const GCP = fake('AIza', 'SyD8x', RANDOM36.slice(0, 30));
const SENDGRID = fake('SG', '.', RANDOM36.slice(0, 22), '.', RANDOM36, RANDOM36.slice(0, 7));
const AZURE_KEY = fake(RANDOM36, RANDOM36, RANDOM36.slice(0, 14), '==');
const TWILIO_SID = fake('AC', 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
// https://jwt.io's example token (HS256, "John Doe").
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM = [
  fake('-----BEGIN RSA ', 'PRIVATE KEY-----'),
  'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu',
  'KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm',
  fake('-----END RSA ', 'PRIVATE KEY-----'),
].join('\n');

const POSITIVES: readonly (readonly [string, string, string])[] = [
  [`aws_access_key_id = ${AWS_KEY_ID}`, 'AWS_ACCESS_KEY_ID', AWS_KEY_ID],
  [`aws_secret_access_key = ${AWS_SECRET}`, 'AWS_SECRET_ACCESS_KEY', AWS_SECRET],
  [`Here is the token ${GITHUB} for CI`, 'GITHUB_TOKEN', GITHUB],
  [`GITLAB_TOKEN=${GITLAB}`, 'GITLAB_TOKEN', GITLAB],
  [`the bot uses ${SLACK}`, 'SLACK_TOKEN', SLACK],
  [`stripe.api_key = "${STRIPE}"`, 'STRIPE_SECRET_KEY', STRIPE],
  [`OPENAI_API_KEY=${OPENAI}`, 'OPENAI_API_KEY', OPENAI],
  [`export ANTHROPIC_API_KEY=${ANTHROPIC}`, 'ANTHROPIC_API_KEY', ANTHROPIC],
  [`maps key ${GCP} in the app`, 'GCP_API_KEY', GCP],
  [`SENDGRID_API_KEY=${SENDGRID}`, 'SENDGRID_API_KEY', SENDGRID],
  [
    `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net`,
    'AZURE_STORAGE_KEY',
    AZURE_KEY,
  ],
  [`Twilio account ${TWILIO_SID}`, 'TWILIO_KEY', TWILIO_SID],
  [`curl -H "Authorization: Bearer ${JWT}"`, 'JWT', JWT],
  [`key file:\n${PEM}\nthanks`, 'PRIVATE_KEY', PEM],
  [
    'DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/orders',
    'CONNECTION_STRING_PASSWORD',
    's3cr3t-Pa55',
  ],
  [
    'mongodb+srv://svc:Tr0ub4dor3@cluster0.example.net/shop',
    'CONNECTION_STRING_PASSWORD',
    'Tr0ub4dor3',
  ],
  ['REDIS_URL=redis://:hunter22@cache.internal:6379/0', 'CONNECTION_STRING_PASSWORD', 'hunter22'],
  ['Server=db1;User Id=sa;Password=Winter2024!;', 'PASSWORD', 'Winter2024!'],
  [
    'api_key = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"',
    'GENERIC_SECRET',
    '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  ],
];

const NEGATIVES: readonly (readonly [string, string])[] = [
  ['a library name shaped like an OpenAI key', 'we use sk-learn-is-a-python-library-for-ml'],
  ['the word "key" in prose', 'The key insight is that reproducibility matters most.'],
  [
    'a commit hash without a secret word',
    'Fixed in commit 3f786850e387550fdab836ed7e6dc881de23001b',
  ],
  ['a password field that holds a plain word', 'password: required'],
  ['a long identifier near "token"', 'rotate the token via REFRESH_TOKEN_ROTATION_INTERVAL'],
  ['a connection string without a password', 'postgres://app@db.internal:5432/orders'],
  ['three dotted parts that are not a JWT', 'eyJub3QiOiJqc29uIn0.abcdefgh.ijklmnop'],
];

describe('secrets', () => {
  for (const [text, kind, value] of POSITIVES) {
    it(`when the text holds a ${kind}, then exactly the secret is found`, async () => {
      assert.deepEqual(await found(text), [[kind, value]]);
    });
  }

  for (const [name, text] of NEGATIVES) {
    it(`when the text holds ${name}, then nothing is found`, async () => {
      assert.deepEqual(await found(text), []);
    });
  }

  it('when a GCP service-account JSON is pasted, then the whole private_key member is one finding', async () => {
    const pem = PEM.replace(/RSA /g, '').replace(/\n/g, '\\n');
    const text = `{"type": "service_account", "private_key": "${pem}\\n", "client_email": "x"}`;
    const result = await found(text);
    assert.equal(result.length, 1);
    assert.equal(result[0]?.[0], 'GCP_SERVICE_ACCOUNT_KEY');
    assert.ok(result[0]?.[1]?.startsWith('"private_key"'));
  });

  it('when a secret is found, then the note names the pattern and never the value', async () => {
    const result = await scanDefault(`token ${GITHUB}`);
    assert.equal(result.score, 0.95);
    assert.equal(result.findings[0]?.note, 'GITHUB_TOKEN pattern github-classic');
  });

  it('when the documented AWS example key is allow-listed, then it is not reported', async () => {
    const scan = scannerWith({ allow: [AWS_KEY_ID] });
    assert.deepEqual(await found(`key id ${AWS_KEY_ID}`, scan), []);
  });

  it('when kinds are restricted, then other kinds are not reported', async () => {
    const scan = scannerWith({ kinds: ['JWT'] });
    assert.deepEqual(await found(`${GITHUB} and ${JWT}`, scan), [['JWT', JWT]]);
  });
});
