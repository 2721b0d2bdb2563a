/** Regenerates docs/policy-reference.md from the policy schema and the registered scanners. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPolicyReference } from '../src/policy/reference.js';
import { allScanners } from '../src/scanners/registry.js';

const target = fileURLToPath(new URL('../docs/policy-reference.md', import.meta.url));
writeFileSync(target, renderPolicyReference(allScanners));
process.stdout.write(`wrote ${target}\n`);
