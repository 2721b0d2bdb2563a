/** The toxicity scanner on the committed model (no ../shared needed), with texts written here. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PARTIAL_DIR, buildSyntheticToxicityModel } from '../../scripts/tfjs-toxicity-fixture.js';
import { sharedClassifiers } from '../classifiers/classifier-cache.js';
import { offloads } from '../contract/define-scanner.js';
import { toxicity } from './toxicity.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const signal = new AbortController().signal;
const scanWith = (params: unknown) => toxicity.create(toxicity.params.parse(params), deps);

const INSULT = 'Shut up, you stupid bitch, nobody wants your fucking opinion.';
const FRIENDLY = 'Could you tell me when my parcel will arrive? Thanks a lot!';

// The default model is toxicity-v2 (seven categories, sentence windows); v1 stays loadable by
// `version` for policies tuned on it, so both are exercised here.
describe('toxicity scanner (default: toxicity-v2)', () => {
  const scan = scanWith({});

  it('when a text is abusive, then every category is a finding and the score is the highest', async () => {
    const result = await scan(scanInputFor(INSULT, 'input', signal));
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      [
        'toxicity',
        'severe_toxicity',
        'obscene',
        'threat',
        'insult',
        'identity_attack',
        'sexual_explicit',
      ],
    );
    assert.ok(result.score > 0.8, `score ${result.score}`);
    assert.equal(result.score, Math.max(...result.findings.map((f) => f.score)));
    assert.equal(result.findings[0]?.note, 'toxicity-v2');
  });

  it('when a text is friendly, then it scores low in every category', async () => {
    const result = await scan(scanInputFor(FRIENDLY, 'output', signal));
    assert.ok(result.score < 0.2, `score ${result.score}`);
  });

  it('when categories are given, then only those are reported', async () => {
    const result = await scanWith({ categories: ['threat', 'insult'] })(
      scanInputFor(INSULT, 'input', signal),
    );
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      ['threat', 'insult'],
    );
  });

  it('when the abuse is deep inside a long text, then it is found and the note names the window, not the text', async () => {
    const text = `${FRIENDLY} `.repeat(30) + INSULT + ` ${FRIENDLY}`.repeat(30);
    const result = await scan(scanInputFor(text, 'input', signal));
    const finding = result.findings.find((f) => f.kind === 'toxicity');
    assert.ok(finding && finding.score > 0.8, `score ${finding?.score}`);
    assert.match(finding.note ?? '', /^toxicity-v2, window at \d+-\d+$/);
  });

  // Written here, not taken from the generators' templates (scripts/train/linear/group-hate.ts):
  // hate aimed at a group is caught, while naming a group, denying hate or condemning it is not.
  for (const text of [
    'Honestly, Somalis are a pestilence and should be thrown out of the country.',
    'Gay people are sick freaks who should be kept away from children.',
    'Muslims are invaders and deserve to be hunted down.',
  ])
    it(`when a text attacks a group ("${text.slice(0, 24)}…"), then it scores 0.5 or more`, async () => {
      const result = await scan(scanInputFor(text, 'input', signal));
      assert.ok(result.score >= 0.5, `score ${result.score}`);
    });

  for (const text of [
    'My Muslim neighbours invited us to break the fast with them.',
    "I don't believe for a second that immigrants are criminals.",
    'Posting that Jews are vermin is antisemitic, and I reported the account.',
    "As a trans woman I'd like to update the name on my account.",
  ])
    it(`when a text names a group without attacking it ("${text.slice(0, 24)}…"), then it scores below 0.5`, async () => {
      const result = await scan(scanInputFor(text, 'input', signal));
      assert.ok(result.score < 0.5, `score ${result.score}`);
    });
});

describe('toxicity scanner, version v1', () => {
  const scan = scanWith({ version: 'v1' });

  it('when a text is abusive, then every category is a finding and the score is the highest', async () => {
    const result = await scan(scanInputFor(INSULT, 'input', signal));
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      ['toxicity', 'obscene', 'threat', 'identity_attack'],
    );
    assert.ok(result.score > 0.8, `score ${result.score}`);
    assert.equal(result.score, Math.max(...result.findings.map((f) => f.score)));
    assert.equal(result.findings[0]?.note, 'toxicity-v1');
  });

  it('when a text is friendly, then it scores low in every category', async () => {
    const result = await scan(scanInputFor(FRIENDLY, 'output', signal));
    assert.ok(result.score < 0.2, `score ${result.score}`);
  });

  it('when categories are given, then only those are reported', async () => {
    const result = await scanWith({ version: 'v1', categories: ['threat', 'insult'] })(
      scanInputFor(INSULT, 'input', signal),
    );
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      ['threat'],
    );
  });

  it('when the abuse is deep inside a long text, then it is found and the note names the window, not the text', async () => {
    const abuse = `${INSULT} Go back to your country, you disgusting animals. ${INSULT}`;
    const text = `${FRIENDLY} `.repeat(30) + abuse + ` ${FRIENDLY}`.repeat(30);
    const result = await scan(scanInputFor(text, 'input', signal));
    const finding = result.findings.find((f) => f.kind === 'toxicity');
    assert.ok(finding && finding.score > 0.5, `score ${finding?.score}`);
    assert.match(finding.note ?? '', /^toxicity-v1, window \d+\/\d+ at \d+-\d+$/);
  });
});

describe('toxicity scanner params and failures', () => {
  const empty = mkdtempSync(join(tmpdir(), 'parapet-tox-'));
  after(() => {
    rmSync(empty, { recursive: true, force: true });
  });

  it('when model is tfjs-toxicity without model_dir, then the params are refused', () => {
    const parsed = toxicity.params.safeParse({ model: 'tfjs-toxicity' });
    assert.equal(parsed.success, false);
    assert.match(JSON.stringify(parsed.error?.issues), /model_dir/);
  });

  it('when model_dir does not exist, then creating the rule fails (the policy does not load)', () => {
    assert.throws(() => scanWith({ model_dir: join(empty, 'nowhere') }), /does not exist/);
  });

  it('when the model folder holds no model, then every scan rejects (the rule fails closed)', async () => {
    for (const model of ['parapet', 'tfjs-toxicity'])
      await assert.rejects(
        scanWith({ model, model_dir: empty })(scanInputFor(FRIENDLY, 'input', signal)),
      );
  });
});

describe('toxicity scanner with model: tfjs-toxicity', () => {
  const shared = existsSync(PARTIAL_DIR);
  const dir = mkdtempSync(join(tmpdir(), 'parapet-tfjs-tox-'));
  after(async () => {
    await sharedClassifiers.closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'when the official model folder is given, then the scanner reports its seven categories',
    { skip: shared ? false : `skipped: ${PARTIAL_DIR} is absent (needs ../shared)` },
    async () => {
      await buildSyntheticToxicityModel(dir); // real graph, synthesized encoder weights
      const result = await scanWith({ model: 'tfjs-toxicity', model_dir: dir })(
        scanInputFor(FRIENDLY, 'input', signal),
      );
      assert.deepEqual(result.findings.map((f) => f.kind).sort(), [
        'identity_attack',
        'insult',
        'obscene',
        'severe_toxicity',
        'sexual_explicit',
        'threat',
        'toxicity',
      ]);
      assert.ok(result.findings.every((f) => f.score >= 0 && f.score <= 1));
    },
  );
});

describe('toxicity on a scan worker', () => {
  it('when a rule uses the bundled linear model, then it runs whole on a worker; a TF.js model does not', () => {
    const with_ = (params: unknown) => offloads(toxicity, toxicity.params.parse(params));
    assert.equal(with_({}), true);
    assert.equal(with_({ version: 'v1' }), false, 'the embedding bag is TF.js');
    assert.equal(with_({ model: 'tfjs-toxicity', model_dir: PARTIAL_DIR }), false);
    assert.equal(
      with_({ model_dir: 'models/toxicity-v2' }),
      false,
      'a folder could hold any model',
    );
  });
});
