import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { format } from 'prettier';
import { Metrics } from './metrics.js';
import { metricsDoc } from './metrics-doc.js';

const metrics = () =>
  new Metrics({
    policies: () => ({ ok: true, products: [], loadedAt: '', errors: [] }),
    backend: () => undefined,
  });

describe('docs/metrics.md', () => {
  it('when the metrics reference is generated from the registry, then docs/metrics.md is identical (npm run docs:metrics)', async () => {
    const expected = await format(metricsDoc(metrics().registry), { parser: 'markdown' });
    const actual = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    assert.equal(actual, expected, 'docs/metrics.md is stale: run npm run docs:metrics');
  });

  it('when the reference is generated, then every label has a meaning and decisions carry mode', () => {
    const doc = metricsDoc(metrics().registry);
    assert.ok(!doc.includes('(undocumented)'), doc);
    assert.match(doc, /`parapet_requests_total` \| counter \| `route`, `product`, `mode`/);
    assert.match(doc, /`parapet_rule_actions_total` \| counter \| `product`, `mode`/);
  });
});
