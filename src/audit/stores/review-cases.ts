/**
 * Review-store cases shared by the SQLite and Postgres test files: queue membership, filters,
 * scope, keyset pagination, labels, stats and the labeled export.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGatewayError } from '../../errors.js';
import type { DecisionQuery, Label } from '../review-types.js';
import type { OpenedAuditStore } from './open-store.js';
import { sampleFraction } from './review-queue.js';
import { appendAll, at, firedBy, nth, quiet, type StoreHarness } from './store-cases.js';

async function ids(store: OpenedAuditStore, query: Partial<DecisionQuery>): Promise<string[]> {
  const page = await store.listDecisions({ scope: 'all', limit: 50, ...query });
  return page.items.map((item) => item.id);
}

function rejectsWith(code: string): (error: unknown) => boolean {
  return (error) => isGatewayError(error) && error.code === code;
}

const reviewer = 'rev_0a1b2c3d';

export function reviewCases(harness: StoreHarness): void {
  void describe(`${harness.name}: review queue`, { skip: harness.skip }, () => {
    void it('when decisions are stored, then flagged and blocked ones are queued newest first', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const flagged = firedBy('prompt-injection', 'flag');
      const blocked = firedBy('toxicity', 'block');
      const redacted = firedBy('pii', 'redact');
      await appendAll(store, [quiet(), flagged, redacted, blocked, quiet()]);
      const page = await store.listDecisions({ scope: 'all', limit: 10 });
      assert.deepEqual(
        page.items.map((item) => item.id),
        [blocked.id, flagged.id],
      );
      assert.equal(page.nextCursor, null);
      const [first, second] = page.items;
      assert.deepEqual(
        { action: first?.action, flagged: first?.flagged, scanners: first?.scanners },
        { action: 'block', flagged: false, scanners: ['toxicity'] },
      );
      assert.deepEqual(
        { action: second?.action, flagged: second?.flagged, verdict: second?.verdict },
        { action: 'allow', flagged: true, verdict: null },
      );
      await cleanup();
    });

    void it('when a sample rate is set, then exactly the allowed decisions whose id hashes below it are queued', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0.3 });
      const events = Array.from({ length: 120 }, () => quiet());
      await appendAll(store, events);
      const expected = events.filter((event) => sampleFraction(event.id) < 0.3).map((e) => e.id);
      const queued = await ids(store, { limit: 200 });
      assert.deepEqual([...queued].reverse(), expected);
      assert.ok(expected.length > 15 && expected.length < 60, `sampled ${expected.length}/120`);
      await cleanup();
    });

    void it('when filtered by product, scanner, action and time, then only matching decisions come back', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const early = firedBy('toxicity', 'block', { time: at(0) });
      const clinic = firedBy('toxicity', 'flag', { product: 'clinic-intake', time: at(1) });
      const injection = firedBy('prompt-injection', 'block', { time: at(2) });
      const late = firedBy('toxicity', 'flag', { time: at(3) });
      await appendAll(store, [early, clinic, injection, late]);
      assert.deepEqual(await ids(store, { product: 'clinic-intake' }), [clinic.id]);
      assert.deepEqual(await ids(store, { scanner: 'toxicity' }), [late.id, clinic.id, early.id]);
      assert.deepEqual(await ids(store, { scanner: 'prompt-injection' }), [injection.id]);
      assert.deepEqual(await ids(store, { action: 'block' }), [injection.id, early.id]);
      assert.deepEqual(await ids(store, { from: at(1), to: at(3) }), [injection.id, clinic.id]);
      assert.deepEqual(
        await ids(store, { scanner: 'toxicity', product: 'retail-support', from: at(0, 30) }),
        [late.id],
      );
      await cleanup();
    });

    void it('when a reviewer is scoped to a product, then other products stay invisible', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const retail = firedBy('toxicity', 'block');
      const clinic = firedBy('toxicity', 'block', { product: 'clinic-intake' });
      await appendAll(store, [retail, clinic]);
      const scope = ['clinic-intake'];
      assert.deepEqual(await ids(store, { scope }), [clinic.id]);
      assert.deepEqual(await ids(store, { scope, product: 'retail-support' }), []);
      assert.deepEqual(await ids(store, { scope: [] }), []);
      assert.equal(await store.getDecision(retail.id, scope), undefined);
      assert.equal((await store.getDecision(clinic.id, scope))?.event.id, clinic.id);
      await assert.rejects(
        store.addLabel({ decisionId: retail.id, verdict: 'correct', note: null, reviewer }, scope),
        rejectsWith('decision_not_found'),
      );
      const stats = await store.stats({ scope, bucket: 'day' });
      assert.deepEqual(new Set(stats.map((row) => row.product)), new Set(['clinic-intake']));
      await cleanup();
    });

    void it('when the queue spans pages, then cursors walk it without gaps or repeats', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const events = Array.from({ length: 25 }, () => firedBy('toxicity', 'flag'));
      await appendAll(store, events);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listDecisions({
          scope: 'all',
          limit: 10,
          ...(cursor === undefined ? {} : { cursor }),
        });
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, events.map((event) => event.id).reverse());
      await assert.rejects(
        store.listDecisions({ scope: 'all', limit: 10, cursor: 'not-a-cursor' }),
        rejectsWith('invalid_request'),
      );
      await assert.rejects(
        store.listDecisions({ scope: 'all', limit: 0 }),
        rejectsWith('invalid_request'),
      );
      await cleanup();
    });
  });

  void describe(`${harness.name}: labels, stats and export`, { skip: harness.skip }, () => {
    void it('when labels are added, then the decision shows them and moves from pending to labeled', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const [a, b, c] = [firedBy('toxicity', 'block'), firedBy('pii', 'flag'), quiet()];
      await appendAll(store, [a, b, c]);
      const first = await store.addLabel(
        { decisionId: a.id, verdict: 'false_positive', note: 'sarcasm, not a threat', reviewer },
        'all',
      );
      assert.match(first.id, /^lbl_/u);
      await store.addLabel({ decisionId: a.id, verdict: 'correct', note: '', reviewer }, 'all');
      // An allowed decision outside the queue can still be labeled as a miss.
      await store.addLabel({ decisionId: c.id, verdict: 'missed', note: null, reviewer }, 'all');

      const got = await store.getDecision(a.id, 'all');
      assert.deepEqual(
        got?.labels.map((label) => [label.verdict, label.note]),
        [
          ['false_positive', 'sarcasm, not a threat'],
          ['correct', null],
        ],
      );
      assert.deepEqual(await ids(store, { state: 'pending' }), [b.id]);
      assert.deepEqual(await ids(store, { state: 'labeled' }), [c.id, a.id]);
      assert.deepEqual(await ids(store, { state: 'labeled', scanner: 'toxicity' }), [a.id]);
      const labeledPage = await store.listDecisions({ scope: 'all', limit: 5, state: 'labeled' });
      assert.equal(labeledPage.items.at(-1)?.verdict, 'correct');
      // Labels live beside the events: the chain is untouched.
      assert.deepEqual(await store.verify(), { ok: true, checked: 3 });
      await cleanup();
    });

    void it('when a label is invalid or the decision unknown, then addLabel rejects', async () => {
      const { store, cleanup } = await harness.fresh();
      const event = firedBy('toxicity', 'block');
      await store.append(event);
      const bad = { decisionId: event.id, verdict: 'maybe', note: null, reviewer } as unknown;
      await assert.rejects(
        store.addLabel(bad as Omit<Label, 'id' | 'time'>, 'all'),
        rejectsWith('invalid_request'),
      );
      await assert.rejects(
        store.addLabel(
          { decisionId: event.id, verdict: 'correct', note: 'x'.repeat(2001), reviewer },
          'all',
        ),
        rejectsWith('invalid_request'),
      );
      await assert.rejects(
        store.addLabel(
          { decisionId: 'dec_unknown', verdict: 'correct', note: null, reviewer },
          'all',
        ),
        rejectsWith('decision_not_found'),
      );
      assert.equal((await store.getDecision(event.id, 'all'))?.labels.length, 0);
      await cleanup();
    });

    void it('when stats are asked per hour, then totals and per-scanner rows count decisions and labels', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const blocked = firedBy('toxicity', 'block', { time: at(0, 5) });
      const flagged = firedBy('toxicity', 'flag', { time: at(0, 10) });
      const redacted = firedBy('pii', 'redact', { time: at(0, 20) });
      const later = firedBy('toxicity', 'block', { time: at(1, 5) });
      await appendAll(store, [blocked, flagged, redacted, quiet({ time: at(0, 30) }), later]);
      const label = (decisionId: string, verdict: Label['verdict']) =>
        store.addLabel({ decisionId, verdict, note: null, reviewer }, 'all');
      await label(blocked.id, 'false_positive');
      await label(flagged.id, 'correct');
      await label(redacted.id, 'missed');
      const rows = await store.stats({ scope: 'all', bucket: 'hour', from: at(0), to: at(2) });
      const row = (bucket: string, scanner: string) =>
        rows.find(
          (r) => r.bucket === bucket && r.scanner === scanner && r.product === 'retail-support',
        );
      assert.deepEqual(row(at(0), '*'), {
        bucket: at(0),
        product: 'retail-support',
        scanner: '*',
        decisions: 4,
        flagged: 1,
        blocked: 1,
        labeled: 3,
        falsePositives: 1,
        missed: 1,
        adapterChanges: 0,
      });
      const toxicity = row(at(0), 'toxicity');
      assert.deepEqual(
        [toxicity?.decisions, toxicity?.flagged, toxicity?.blocked, toxicity?.labeled],
        [2, 1, 1, 2],
      );
      assert.equal(toxicity?.falsePositives, 1);
      assert.equal(row(at(0), 'pii')?.missed, 1);
      assert.equal(row(at(1), '*')?.blocked, 1);
      const days = await store.stats({ scope: 'all', bucket: 'day' });
      assert.equal(days.find((r) => r.scanner === '*')?.decisions, 5);
      assert.equal(days[0]?.bucket, '2026-11-20T00:00:00.000Z');
      await cleanup();
    });

    void it("when a shadow adapter's verdict differs from a rule's, then the hour counts it", async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const adapted = (fired: boolean, minute: number) => {
        const event = firedBy('toxicity', 'block', { time: at(0, minute) });
        const rules = event.rules.map((r) =>
          r.scanner === 'toxicity' ? { ...r, adapted: { score: fired ? 0.9 : 0.1, fired } } : r,
        );
        return { ...event, rules };
      };
      await appendAll(store, [adapted(false, 5), adapted(true, 10), quiet({ time: at(0, 15) })]);
      const rows = await store.stats({ scope: 'all', bucket: 'hour', from: at(0), to: at(1) });
      const of = (scanner: string) => rows.find((r) => r.scanner === scanner)?.adapterChanges;
      assert.deepEqual([of('*'), of('toxicity')], [1, 1]);
      await cleanup();
    });

    void it('when labeled decisions are exported, then each comes once, oldest first, with its latest label', async () => {
      const { store, cleanup } = await harness.fresh({ reviewSample: 0 });
      const events = Array.from({ length: 5 }, (_, index) =>
        firedBy('toxicity', 'block', { product: index === 2 ? 'clinic-intake' : 'retail-support' }),
      );
      await appendAll(store, events);
      for (const event of [nth(events, 3), nth(events, 0), nth(events, 2)]) {
        await store.addLabel(
          { decisionId: event.id, verdict: 'false_positive', note: null, reviewer },
          'all',
        );
      }
      await store.addLabel(
        { decisionId: nth(events, 0).id, verdict: 'correct', note: 'ok', reviewer },
        'all',
      );
      const exported: [string, string][] = [];
      for await (const { event, label } of store.labeled(['retail-support'])) {
        assert.equal(label.decisionId, event.id);
        exported.push([event.id, label.verdict]);
      }
      assert.deepEqual(exported, [
        [nth(events, 0).id, 'correct'],
        [nth(events, 3).id, 'false_positive'],
      ]);
      await cleanup();
    });
  });
}
