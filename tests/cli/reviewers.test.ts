/** `parapet reviewers create|list|revoke` as users run them. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ReviewerStore } from '../../src/review/reviewers.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-cli-reviewers-'));
const file = join(dir, 'reviewers.json');
const env = { PARAPET_REVIEWERS: file };
const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

describe('parapet reviewers', () => {
  it('when a token is created, then it is the last line of stdout, scoped, and only its hash is stored', async () => {
    const { code, stdout, stderr } = await runCli(
      ['reviewers', 'create', '--name', 'Dana', '--products', 'kids-tutor,customer-support'],
      env,
    );
    assert.equal(code, 0);
    assert.equal(stderr, '', 'both products have shipped policies');
    const token = lastLine(stdout);
    assert.match(token, /^ppr-[A-Za-z0-9_-]{32}$/);
    assert.ok(!readFileSync(file, 'utf8').includes(token));
    assert.deepEqual(new ReviewerStore(file).lookup(token)?.scope, [
      'kids-tutor',
      'customer-support',
    ]);
  });

  it('when listed and revoked, then the list shows ids and scopes, never tokens, and revocation sticks', async () => {
    const created = await runCli(['reviewers', 'create', '--name', 'Sam', '--reviewers', file]);
    const token = lastLine(created.stdout);
    const id = /created (rev_[a-z0-9]+)/.exec(created.stdout)?.[1] ?? '';
    const list = await runCli(['reviewers', 'list'], env);
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(`${id}\\tSam\\tall\\t.*\\tactive`));
    assert.ok(!list.stdout.includes(token));
    assert.equal((await runCli(['reviewers', 'revoke', '--id', id], env)).code, 0);
    assert.equal(new ReviewerStore(file).lookup(token), undefined);
    const again = await runCli(['reviewers', 'revoke', '--id', id], env);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /usage_invalid/);
  });

  it('when a product has no policy, then the token is still created, with a warning', async () => {
    const res = await runCli(
      ['reviewers', 'create', '--name', 'Eve', '--products', 'no-such-product'],
      env,
    );
    assert.equal(res.code, 0);
    assert.match(res.stderr, /warning: no policy no-such-product.yaml/);
    assert.match(lastLine(res.stdout), /^ppr-/);
  });

  it('when --products names are not kebab-case, then exit 2 and nothing is written', async () => {
    const before = readFileSync(file, 'utf8');
    const res = await runCli(['reviewers', 'create', '--name', 'X', '--products', 'Bad Name'], env);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--products/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });
});
