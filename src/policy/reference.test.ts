import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Scanner } from '../contract/types.js';
import * as scanners from '../scanners/index.js';
import { renderPolicyReference } from './reference.js';

const DOC = new URL('../../docs/policy-reference.md', import.meta.url);
const REAL_SCANNERS: readonly Scanner[] = Object.values(scanners);

describe('docs/policy-reference.md', () => {
  it('when the schema or a scanner changes, then the committed reference must be regenerated', () => {
    const committed = readFileSync(DOC, 'utf8');

    assert.equal(
      committed,
      renderPolicyReference(REAL_SCANNERS),
      'run: node --import tsx scripts/gen-policy-reference.ts',
    );
  });

  it('when rendered, then every scanner has a section', () => {
    const rendered = renderPolicyReference(REAL_SCANNERS);

    for (const scanner of REAL_SCANNERS) assert.ok(rendered.includes(`### \`${scanner.id}\``));
  });
});
