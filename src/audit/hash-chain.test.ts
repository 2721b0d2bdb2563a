import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  GENESIS_HASH,
  canonicalEventJson,
  eventHash,
  hashCanonical,
  verifyChain,
} from './hash-chain.js';
import { linkEvents, makeEvent } from './test-events.js';
import type { AuditEvent, StoredAuditEvent } from './types.js';

const FIXED = makeEvent({
  id: 'dec_0001',
  requestId: 'req_0001',
  time: '2025-06-01T12:00:00.000Z',
});

function tenEvents(): StoredAuditEvent[] {
  return linkEvents(Array.from({ length: 10 }, () => makeEvent()));
}

function at(chain: readonly StoredAuditEvent[], index: number): StoredAuditEvent {
  const event = chain[index];
  assert.ok(event, `no event at index ${index}`);
  return event;
}

void describe('canonicalEventJson', () => {
  void it('when keys were inserted in another order, then the JSON and hash are the same', () => {
    const reversed = Object.fromEntries(Object.entries(FIXED).reverse()) as unknown as AuditEvent;
    assert.equal(canonicalEventJson(reversed), canonicalEventJson(FIXED));
    assert.equal(eventHash(GENESIS_HASH, reversed), eventHash(GENESIS_HASH, FIXED));
  });

  void it('when serialized, then keys are sorted at every depth and text is kept verbatim', () => {
    const json = canonicalEventJson(FIXED);
    assert.ok(json.startsWith('{"action":"redact","backend":{"kind":"llama","model":'));
    assert.ok(json.includes('"threshold":{"identity_attack":0.7,"threat":0.7,"toxicity":0.9}'));
    assert.ok(json.includes('Merci 🙏'));
    assert.ok(!/\s{2}|\n/u.test(json), 'no pretty-printing');
  });

  void it('when parsed back and re-serialized, then the JSON is byte-identical', () => {
    const json = canonicalEventJson(FIXED);
    assert.equal(canonicalEventJson(JSON.parse(json) as AuditEvent), json);
  });

  void it('when given a stored event, then seq, prevHash and hash are left out', () => {
    const [stored] = linkEvents([FIXED]);
    assert.ok(stored);
    assert.equal(canonicalEventJson(stored), canonicalEventJson(FIXED));
  });

  void it('when a field is undefined, then it is omitted like JSON.stringify does', () => {
    const withUndefined = { ...FIXED, note: undefined } as unknown as AuditEvent;
    assert.equal(canonicalEventJson(withUndefined), canonicalEventJson(FIXED));
  });

  void it('when a value has no JSON form, then it throws without quoting the event', () => {
    const bad = { ...FIXED, usage: { promptTokens: 10n, completionTokens: 1 } };
    assert.throws(
      () => canonicalEventJson(bad as unknown as AuditEvent),
      (error: unknown) =>
        error instanceof TypeError &&
        !error.message.includes('Northwind') &&
        /bigint/u.test(error.message),
    );
  });
});

void describe('eventHash', () => {
  void it('when computed, then it is sha256 hex of prevHash, a newline and the canonical JSON', () => {
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalEventJson(FIXED)}`)
      .digest('hex');
    assert.equal(eventHash(GENESIS_HASH, FIXED), expected);
    assert.equal(hashCanonical(GENESIS_HASH, canonicalEventJson(FIXED)), expected);
    assert.match(expected, /^[0-9a-f]{64}$/u);
  });

  void it('when the format is unchanged, then a pinned vector still matches', () => {
    // Changing these values means every stored chain stops verifying: that needs a migration.
    const vector = {
      zeta: [3, 1.5, -0, 1e21, null, 'é\u2028"'],
      alpha: { b: true, a: 'Straße 🙏' },
      seq: 99,
      hash: 'ignored',
    } as unknown as AuditEvent;
    const json = canonicalEventJson(vector);
    assert.equal(
      json,
      '{"alpha":{"a":"Straße 🙏","b":true},"zeta":[3,1.5,0,1e+21,null,"é\u2028\\""]}',
    );
    assert.equal(
      eventHash(GENESIS_HASH, vector),
      '376f0637af7abce66edaa62069518ec498a5db3fd957d20bfc1bfb5cc0cf79f9',
    );
  });

  void it('when the previous hash differs, then the hash differs', () => {
    assert.notEqual(eventHash(GENESIS_HASH, FIXED), eventHash('f'.repeat(64), FIXED));
  });
});

void describe('verifyChain', () => {
  void it('when the chain is intact, then it is ok and every event is checked', () => {
    assert.deepEqual(verifyChain(tenEvents()), { ok: true, checked: 10 });
  });

  void it('when there are no events, then it is ok with nothing checked', () => {
    assert.deepEqual(verifyChain([]), { ok: true, checked: 0 });
  });

  void it('when an event was edited, then the edited seq is reported', () => {
    const chain = tenEvents();
    chain[4] = { ...at(chain, 4), action: 'allow', enforced: false };
    const report = verifyChain(chain);
    assert.equal(report.ok, false);
    assert.equal(report.checked, 4);
    assert.equal(report.brokenAt?.seq, 5);
    assert.equal(report.brokenAt.id, at(chain, 4).id);
    assert.match(report.brokenAt.reason, /edited/u);
  });

  void it('when an event was deleted, then the event after the gap is reported', () => {
    const chain = tenEvents();
    chain.splice(4, 1);
    const report = verifyChain(chain);
    assert.equal(report.brokenAt?.seq, 6);
    assert.match(report.brokenAt.reason, /seq 5 is missing/u);
  });

  void it('when an event was deleted and later ones renumbered, then the prev_hash break is reported', () => {
    const chain = tenEvents();
    chain.splice(4, 1);
    const renumbered = chain.map((event, index) => ({ ...event, seq: index + 1 }));
    const report = verifyChain(renumbered);
    assert.equal(report.brokenAt?.seq, 5);
    assert.match(report.brokenAt.reason, /prev_hash/u);
  });

  void it('when two events swapped places and seqs, then the first of them is reported', () => {
    const chain = tenEvents();
    const fourth = at(chain, 3);
    const fifth = at(chain, 4);
    chain[3] = { ...fifth, seq: 4 };
    chain[4] = { ...fourth, seq: 5 };
    const report = verifyChain(chain);
    assert.equal(report.brokenAt?.seq, 4);
    assert.equal(report.brokenAt.id, fifth.id);
    assert.match(report.brokenAt.reason, /prev_hash/u);
  });

  void it('when two events are iterated out of order, then the out-of-place seq is reported', () => {
    const chain = tenEvents();
    [chain[3], chain[4]] = [at(chain, 4), at(chain, 3)];
    const report = verifyChain(chain);
    assert.equal(report.brokenAt?.seq, 5);
    assert.match(report.brokenAt.reason, /seq 4 is missing/u);
  });

  void it('when the first event does not start from the genesis, then seq 1 is reported', () => {
    const chain = tenEvents();
    chain[0] = { ...at(chain, 0), prevHash: 'a'.repeat(64) };
    assert.equal(verifyChain(chain).brokenAt?.seq, 1);
  });

  void it('when verifying a tail from a trusted anchor, then it is ok', () => {
    const chain = tenEvents();
    const anchor = at(chain, 5);
    const report = verifyChain(chain.slice(6), { seq: anchor.seq, hash: anchor.hash });
    assert.deepEqual(report, { ok: true, checked: 4 });
  });
});

void describe('format 2 events (issue 18 item 7)', () => {
  it('when format 1 events are followed by format 2 ones without texts, then the chain verifies and an edit to a new one is found', () => {
    const old = makeEvent();
    const compact = makeEvent({
      format: 2,
      textOmitted: 'flagged_only',
      rules: [
        { rule: 'secrets', scanner: 'secrets', stage: 'input', action: 'allow', durationMs: 1 },
      ],
      input: { messages: [{ role: 'user' }], action: 'allow' },
      output: { action: 'allow', coverage: 'scanned' },
    });
    const chain = linkEvents([old, compact, old, compact]);
    assert.deepEqual(verifyChain(chain), { ok: true, checked: 4 });
    assert.ok(!canonicalEventJson(at(chain, 1)).includes('"content"'));
    const edited = chain.map((e, i) =>
      i === 3
        ? { ...e, input: { messages: [{ role: 'user', content: 'x' }], action: e.input.action } }
        : e,
    );
    assert.equal(verifyChain(edited).brokenAt?.seq, 4);
  });
});
