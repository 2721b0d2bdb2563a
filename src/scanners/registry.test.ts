/** Forgetting the export line, the docs section, or naming a scanner unlike its file fails here. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allScanners } from './registry.js';

const here = new URL('.', import.meta.url);
const NOT_SCANNERS = new Set(['index.ts', 'registry.ts']);
const files = readdirSync(here).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_SCANNERS.has(f),
);
const indexSource = readFileSync(new URL('index.ts', here), 'utf8');
const docs = readFileSync(new URL('../../docs/scanners.md', here), 'utf8');

describe('scanner registry', () => {
  it('when a scanner file exists, then index.ts exports it with one line', () => {
    for (const file of files) {
      const id = file.replace(/\.ts$/, '');
      assert.match(
        indexSource,
        new RegExp(`from './${id}\\.js';`),
        `${file} is not exported from index.ts`,
      );
    }
    assert.equal(allScanners.length, files.length);
  });

  it('when scanners are registered, then each id equals its file name and ids are unique', () => {
    const ids = allScanners.map((s) => s.id);
    assert.deepEqual([...ids].sort(), files.map((f) => f.replace(/\.ts$/, '')).sort());
    assert.equal(new Set(ids).size, ids.length);
  });

  it('when a scanner is registered, then docs/scanners.md has a section for it', () => {
    for (const { id } of allScanners)
      assert.match(
        docs,
        new RegExp(`^## \`${id}\`$`, 'm'),
        `docs/scanners.md lacks "## \`${id}\`"`,
      );
  });
});
