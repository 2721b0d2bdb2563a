import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReviewStore, StatsQuery, StatsRow } from '../audit/review-types.js';
import { statsPage } from './pages/stats.js';
import { statsForPage } from './service.js';

const NOW = Date.parse('2026-12-06T10:30:00.000Z');

function row(bucket: string, scanner: string, decisions: number, flagged = 0, blocked = 0) {
  return {
    bucket,
    product: 'acme',
    scanner,
    decisions,
    flagged,
    blocked,
    labeled: 0,
    falsePositives: 0,
    missed: 0,
    adapterChanges: 0,
  } satisfies StatsRow;
}

/** A store that answers stats from hourly rows, summed per day when asked for days. */
function store(hourly: StatsRow[]): ReviewStore & { asked: StatsQuery[] } {
  const asked: StatsQuery[] = [];
  const stats = (q: StatsQuery) => {
    asked.push(q);
    const rows = hourly.filter((r) => q.from === undefined || r.bucket >= q.from.slice(0, 13));
    if (q.bucket === 'hour') return Promise.resolve(rows);
    const days = new Map<string, StatsRow>();
    for (const r of rows) {
      const key = `${r.bucket.slice(0, 10)}|${r.scanner}`;
      const d = days.get(key) ?? row(`${r.bucket.slice(0, 10)}T00:00:00.000Z`, r.scanner, 0);
      days.set(key, { ...d, decisions: d.decisions + r.decisions, flagged: d.flagged + r.flagged });
    }
    return Promise.resolve([...days.values()]);
  };
  return { asked, stats } as unknown as ReviewStore & { asked: StatsQuery[] };
}

const week: StatsQuery = { scope: 'all', bucket: 'day', from: '2026-11-29T10:30:00.000Z' };

describe('stats for the pages', () => {
  it('when a week is asked for but the data covers a few hours, then buckets are hours from the first one', async () => {
    const s = store([
      row('2026-12-06T07:00:00.000Z', '*', 4),
      row('2026-12-06T09:00:00.000Z', '*', 2),
    ]);
    const { query, rows } = await statsForPage(s, week, NOW);
    assert.equal(query.bucket, 'hour');
    assert.equal(query.from, '2026-12-05T23:00:00.000Z', 'twelve hours on the axis at least');
    assert.equal(rows.length, 2);
  });

  it('when the first data is more than twelve hours old, then the axis starts at it', async () => {
    const s = store([row('2026-12-05T02:00:00.000Z', '*', 4)]);
    const { query } = await statsForPage(s, week, NOW);
    assert.equal(query.bucket, 'hour');
    assert.equal(query.from, '2026-12-05T02:00:00.000Z');
  });

  it('when the data covers more than two days, then buckets stay days', async () => {
    const s = store([
      row('2026-12-02T07:00:00.000Z', '*', 4),
      row('2026-12-06T09:00:00.000Z', '*', 2),
    ]);
    const { query } = await statsForPage(s, week, NOW);
    assert.equal(query.bucket, 'day');
    assert.equal(s.asked.length, 1, 'no second query when the days already say so');
  });

  it("when a scanner fired on some decisions, then its rates are over its own decisions, not the product's", () => {
    const rows = [
      row('2026-12-06T07:00:00.000Z', '*', 10, 2, 1),
      row('2026-12-06T07:00:00.000Z', 'toxicity', 2, 2, 0),
    ];
    const out = statsPage({
      reviewer: { id: 'r', name: 'r', scope: 'all' },
      csrf: 't',
      filters: { since: '7d' },
      query: { ...week, bucket: 'hour' },
      rows,
    });
    const tox = /data-scanner="toxicity"[^]*?<\/tr>/.exec(out)?.[0] ?? '';
    assert.match(tox, /class="num share">20.0%/);
    assert.match(tox, /class="num flag-rate">100.0%/);
    assert.match(tox, /class="num block-rate">0.0%/);
    assert.match(out, /data-bucket="hour"/);
    assert.match(out, /under two days of data/);
  });
});
