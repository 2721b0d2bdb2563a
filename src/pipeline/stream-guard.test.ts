import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicySet } from '../policy/store.js';
import { allScanners } from '../scanners/registry.js';
import { StreamGuard, type GuardStep } from './stream-guard.js';
import { Vault } from '../redaction/vault.js';

const fixtures = new URL('../../tests/fixtures/gateway-policies/', import.meta.url).pathname;
const policies = loadPolicySet(fixtures, {
  scanners: allScanners,
  deps: { countTokens: () => Promise.reject(new Error('no model')) },
});
const policy = policies.get('acme-stream');
if (!policy) throw new Error('fixture acme-stream missing');

async function play(deltas: readonly string[], vault = new Vault()) {
  const guard = new StreamGuard(policy!, { vault, signal: new AbortController().signal });
  const released: string[] = [];
  let last: GuardStep = { kind: 'release', text: '' };
  for (const delta of deltas) {
    last = await guard.push(delta);
    if (last.kind === 'block') return { guard, released, blocked: true };
    released.push(last.text);
  }
  last = await guard.finish();
  if (last.kind === 'block') return { guard, released, blocked: true };
  released.push(last.text);
  return { guard, released, blocked: false };
}

describe('StreamGuard', () => {
  it('when an email arrives split over three deltas, then only its placeholder is ever released', async () => {
    const { released, blocked } = await play([
      'Thanks for waiting! Your case is with our billing team now. Write to bo',
      'b.jones@exa',
      'mple.com if you need anything else, any time this week or next.',
    ]);
    assert.equal(blocked, false);
    const text = released.join('');
    assert.ok(!text.includes('bob') && !text.includes('example'), text);
    assert.match(text, /Write to \[EMAIL_1\] if you need/);
  });

  it('when a placeholder arrives split over deltas, then the user gets their own value back', async () => {
    const vault = new Vault();
    vault.placeholderFor('EMAIL', 'ana@example.com', true);
    const { released } = await play(
      ['I will send the receipt to [EMA', 'IL_', '1] within the hour, promise.'],
      vault,
    );
    assert.equal(
      released.join(''),
      'I will send the receipt to ana@example.com within the hour, promise.',
    );
  });

  it('when the model rephrases a placeholder with spaces, then no release cuts through it', async () => {
    for (let pad = 0; pad < 24; pad++) {
      const vault = new Vault();
      vault.placeholderFor('EMAIL', 'ana@example.com', true);
      const reply = `${'x'.repeat(pad)} I will send the receipt to [ email 1 ] within the hour, and a copy to EMAIL 1 as well, promise.`;
      const { released } = await play(reply.match(/\s*\S+/g) ?? [], vault);
      assert.equal(
        released.join(''),
        reply.replace('[ email 1 ]', 'ana@example.com').replace('EMAIL 1', 'ana@example.com'),
        `pad ${pad}`,
      );
    }
  });

  it('when a banned phrase arrives late, then nothing of it is released and the stream blocks', async () => {
    const opening =
      'Here is a summary of the roadmap. It has three parts. The first part is about search. ';
    const { released, blocked, guard } = await play([
      opening,
      'The second is ',
      'Project ',
      'Night',
      'ingale, launching soon.',
    ]);
    assert.equal(blocked, true);
    const text = released.join('');
    assert.ok(!/project/i.test(text), text);
    assert.ok(
      text.length > 0 && opening.startsWith(text),
      'the scanned, safe opening was released',
    );
    const stats = guard.stats();
    assert.equal(stats.blockedAt, guard.reply.length);
    assert.ok(stats.withheldChars > 0);
  });

  it('when text streams, then what is released always trails the scanned text by the hold-back', async () => {
    const guard = new StreamGuard(policy, {
      vault: new Vault(),
      signal: new AbortController().signal,
    });
    let released = '';
    for (const word of 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen'.split(
      ' ',
    )) {
      const step = await guard.push(`${word} `);
      if (step.kind === 'release') released += step.text;
      assert.ok(
        guard.reply.length - released.length >= Math.min(40, guard.reply.length) - 1 ||
          released === '',
      );
    }
    const end = await guard.finish();
    assert.equal(end.kind, 'release');
    if (end.kind === 'release') released += end.text;
    assert.equal(released, guard.reply);
    assert.equal(guard.stats().withheldChars, 0);
  });
});
