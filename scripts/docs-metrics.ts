/** Writes docs/metrics.md from the metrics registry (see src/observability/metrics-doc.ts). */
import { writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { Metrics } from '../src/observability/metrics.js';
import { metricsDoc } from '../src/observability/metrics-doc.js';

const metrics = new Metrics({
  policies: () => ({ ok: true, products: [], loadedAt: '', errors: [], lastReloadAt: '' }),
  backend: () => undefined,
});
const text = await format(metricsDoc(metrics.registry), { parser: 'markdown' });
writeFileSync(new URL('../docs/metrics.md', import.meta.url), text);
process.stdout.write('wrote docs/metrics.md\n');
