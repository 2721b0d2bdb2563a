import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGatewayError } from '../errors.js';
import { bucketRange } from './pages/stats.js';
import { decisionQuery, filterString, parseFilters, statsQuery } from './query.js';
import { snakeKey, toSnake } from './wire.js';

const NOW = Date.parse('2026-11-27T08:30:00.000Z');

describe('review query parameters', () => {
  it('when filters are given, then they become a store query within the scope; blanks are absent', () => {
    const filters = parseFilters({
      state: 'pending',
      product: 'acme',
      action: '',
      since: '24h',
      limit: '10',
    });
    assert.deepEqual(decisionQuery(filters, ['acme'], NOW), {
      scope: ['acme'],
      limit: 10,
      state: 'pending',
      product: 'acme',
      from: '2026-11-26T08:30:00.000Z',
    });
    assert.equal(decisionQuery(parseFilters({ state: 'all' }), 'all').state, undefined);
  });

  it('when a value is invalid or repeated, then 400 invalid_request names the parameter only', () => {
    const cases: Record<string, unknown>[] = [
      { action: 'explode' },
      { limit: '0' },
      { limit: '201' },
      { from: 'yesterday-ish' },
      { product: 'Bad Name' },
      { cursor: 'a b' },
      { state: ['pending', 'labeled'] },
    ];
    for (const query of cases) {
      assert.throws(
        () => parseFilters(query),
        (e: unknown) => {
          assert.ok(isGatewayError(e) && e.code === 'invalid_request');
          const [key, value] = Object.entries(query)[0] ?? [];
          assert.ok(e.message.includes(`query parameter ${String(key)}:`), e.message);
          assert.ok(!e.message.includes('body'), e.message);
          assert.equal(e.param, key);
          if (typeof value === 'string') assert.ok(!e.message.includes(value));
          return true;
        },
      );
    }
  });

  it('when from/to come from datetime-local inputs, then they are UTC; to not after from is 400', () => {
    const filters = parseFilters({ from: '2026-11-27T08:00', to: '2026-11-27T09:15:30' });
    assert.deepEqual(decisionQuery(filters, 'all', NOW), {
      scope: 'all',
      limit: 50,
      from: '2026-11-27T08:00:00.000Z',
      to: '2026-11-27T09:15:30.000Z',
    });
    assert.throws(
      () => parseFilters({ from: '2026-11-27T09:00', to: '2026-11-27T08:00' }),
      (e: unknown) => {
        assert.ok(isGatewayError(e) && e.code === 'invalid_request');
        assert.match(e.message, /to: must be later than from/);
        assert.ok(!e.message.includes('2026'));
        return true;
      },
    );
  });

  it('when stats cover two days or less, then buckets are hours; longer or open ranges, days', () => {
    assert.equal(statsQuery(parseFilters({ since: '24h' }), 'all', NOW).bucket, 'hour');
    assert.equal(statsQuery(parseFilters({ since: '7d' }), 'all', NOW).bucket, 'day');
    assert.equal(statsQuery(parseFilters({}), 'all', NOW).bucket, 'day');
  });

  it('when a range is bounded, then every bucket start in it is listed, in the store format', () => {
    const hours = bucketRange(
      { scope: 'all', bucket: 'hour', from: '2026-11-27T06:10:00.000Z' },
      NOW,
    );
    assert.deepEqual(hours, [
      '2026-11-27T06:00:00.000Z',
      '2026-11-27T07:00:00.000Z',
      '2026-11-27T08:00:00.000Z',
    ]);
    assert.deepEqual(bucketRange({ scope: 'all', bucket: 'day' }, NOW), []);
  });

  it('when filters are kept in links, then the cursor is dropped', () => {
    const filters = parseFilters({ state: 'labeled', scanner: 'pii', cursor: 'czQx' });
    assert.equal(filterString(filters), 'state=labeled&scanner=pii');
  });
});

describe('review API JSON', () => {
  it('when keys are camelCase, then they become snake_case, except inside threshold maps', () => {
    assert.equal(snakeKey('policyVersion'), 'policy_version');
    assert.equal(snakeKey('EMAIL'), 'EMAIL');
    assert.deepEqual(
      toSnake({
        latencyMs: { total: 1 },
        threshold: { identity_attack: 0.7, EMAIL: 1 },
        x: undefined,
      }),
      { latency_ms: { total: 1 }, threshold: { identity_attack: 0.7, EMAIL: 1 } },
    );
  });
});
