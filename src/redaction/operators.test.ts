import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadPolicies } from '../policy/load.js';
import { allScanners } from '../scanners/registry.js';
import { compileOperators } from './operators.js';
import { redact } from './redact.js';
import { runStage } from '../pipeline/run-stage.js';
import { ScanCache } from '../pipeline/scan-cache.js';
import { Vault } from './vault.js';

const SECRET = 'correct horse battery staple';
const deps = { countTokens: () => Promise.resolve(0) };
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function policyDir(rule: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-operators-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'shop.yaml'), `product: shop\nversion: 1\ninput:\n  - ${rule}\n`);
  return dir;
}

const CARD_RULE =
  '{ scanner: pii, action: redact, params: { entities: [EMAIL, CREDIT_CARD, US_SSN] }, operators: { CREDIT_CARD: { type: mask, keep_last: 4 }, EMAIL: hash, US_SSN: remove } }';

describe('redaction operators', () => {
  it('when a card is masked, then only its last four digits stay and separators are kept', () => {
    const ops = compileOperators({ CREDIT_CARD: { type: 'mask', keep_last: 4, char: '#' } }, '');
    const text = 'card 4242 4242 4242 4242 ok';
    const out = redact(
      text,
      [
        {
          kind: 'CREDIT_CARD',
          score: 1,
          span: { start: 5, end: 24 },
          operator: ops.forKind('CREDIT_CARD'),
        },
      ],
      new Vault(),
      { restorable: true },
    );
    assert.equal(out.text, 'card #### #### #### 4242 ok');
  });

  it('when a value is hashed, then the tag is the HMAC of the value and stable across vaults', () => {
    const op = compileOperators({ default: 'hash' }, SECRET).forKind('EMAIL');
    const expected = createHmac('sha256', SECRET).update('ana@example.com').digest('hex');
    const tag = op('EMAIL', 'ana@example.com', new Vault(), true);
    assert.equal(tag, `<EMAIL:hmac:${expected.slice(0, 16)}>`);
    assert.equal(op('EMAIL', 'ana@example.com', new Vault(), true), tag);
    assert.notEqual(op('EMAIL', 'bo@example.com', new Vault(), true), tag);
  });

  it('when hash is configured without a secret, then compiling fails with a clear message', () => {
    assert.throws(() => compileOperators({ EMAIL: 'hash' }, undefined), /PARAPET_SECRET/);
  });

  it('when a kind has no operator, then it falls back to default, else to replace', () => {
    const vault = new Vault();
    assert.equal(
      compileOperators({ EMAIL: 'remove' }, '').forKind('PHONE')('PHONE', '555', vault, true),
      '[PHONE_1]',
    );
    assert.equal(
      compileOperators({ default: 'remove' }, '').forKind('PHONE')('PHONE', '555', vault, true),
      '',
    );
  });

  it('when only masked, hashed or removed values exist, then nothing is restorable', () => {
    const vault = new Vault();
    const ops = compileOperators({ default: 'mask' }, '');
    ops.forKind('EMAIL')('EMAIL', 'ana@example.com', vault, true);
    assert.equal(vault.size, 0);
  });

  it('when a policy hashes and no secret is configured, then the load fails at that rule', () => {
    const result = loadPolicies(policyDir(CARD_RULE), { scanners: allScanners, deps });
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.match(
        result.errors.join('\n'),
        /input\[0\]\.operators: the hash operator needs a secret/,
      );
  });

  it('when operators are set on a rule that does not redact, then the policy is rejected', () => {
    const dir = policyDir('{ scanner: pii, action: block, operators: { EMAIL: mask } }');
    const result = loadPolicies(dir, { scanners: allScanners, deps, secret: SECRET });
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.match(result.errors.join('\n'), /operators apply only to action: redact/);
  });

  it('when a policy masks, hashes and removes per entity, then the stage applies each one', async () => {
    const result = loadPolicies(policyDir(CARD_RULE), {
      scanners: allScanners,
      deps,
      secret: SECRET,
    });
    assert.ok(result.ok);
    const policy = result.policies.get('shop');
    assert.ok(policy);
    const text = 'Card 4111 1111 1111 1111, mail ana@example.com, SSN 536-90-4399 please.';
    const vault = new Vault();
    const stage = await runStage(policy, 'input', [{ index: 0, text }], {
      vault,
      cache: new ScanCache(4),
      signal: new AbortController().signal,
    });
    const tag = createHmac('sha256', SECRET).update('ana@example.com').digest('hex').slice(0, 16);
    assert.equal(
      stage.texts[0]?.text,
      `Card **** **** **** 1111, mail <EMAIL:hmac:${tag}>, SSN  please.`,
    );
    assert.equal(vault.size, 0, 'no restorable values were created');
  });
});
