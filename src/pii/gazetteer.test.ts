import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMMON_WORDS } from './common-words.js';
import { defaultGazetteer, GAZETTEER_DIR, loadGazetteer } from './gazetteer.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = join(ROOT, '../shared/data/train/gazetteers');
const FILES = ['first_names.txt', 'surnames.txt', 'regions.txt', 'cities.txt', 'README.md'];

describe('gazetteer artifact', () => {
  it('when the artifact is loaded, then every list is non-empty, lower-case and free of common words', () => {
    const g = loadGazetteer();
    for (const set of [g.firstNames, g.surnames, g.regions, g.cities]) {
      assert.ok(set.size > 1000);
      for (const entry of set) {
        assert.equal(entry, entry.toLowerCase());
        assert.ok(!COMMON_WORDS.has(entry), entry);
      }
    }
    assert.ok(g.regions.has('united states') && g.cities.has('san francisco'));
    assert.ok(g.maxPlaceWords >= 2 && g.maxPlaceWords <= 5);
  });

  it('when the default gazetteer is asked for twice, then it is read once', () => {
    assert.equal(defaultGazetteer(), defaultGazetteer());
  });

  it('when the artifact is listed, then it stays small (under 2 MB)', () => {
    const bytes = FILES.reduce((sum, f) => sum + readFileSync(new URL(f, GAZETTEER_DIR)).length, 0);
    assert.ok(bytes < 2_000_000, `${bytes} bytes`);
  });

  it(
    'when the artifact is rebuilt from ../shared/data/train, then the bytes are identical',
    {
      skip: existsSync(SOURCE)
        ? false
        : 'skipped: ../shared/data/train/gazetteers is not present on this machine',
    },
    () => {
      const out = mkdtempSync(join(tmpdir(), 'gazetteers-'));
      try {
        execFileSync(
          process.execPath,
          ['--import', 'tsx', 'scripts/build-gazetteers.ts', SOURCE, out],
          { cwd: ROOT, stdio: 'pipe' },
        );
        for (const f of FILES) {
          assert.ok(
            readFileSync(join(out, f)).equals(readFileSync(new URL(f, GAZETTEER_DIR))),
            `${f} differs: run npm run build:gazetteers`,
          );
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );
});
