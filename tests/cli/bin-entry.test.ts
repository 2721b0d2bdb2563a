/**
 * bin/parapet.js picks what to run: the compiled dist/ when it is at least as new as every file
 * in src/, the TypeScript sources through tsx when the build is missing or stale (so an edit is
 * never shadowed), and dist/ alone in an installed package, which has no src/. Run on a copy of
 * bin/ in a scratch tree whose two "CLIs" only print where they came from.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
const tree = mkdtempSync(join(tmpdir(), 'parapet-bin-'));
after(() => {
  rmSync(tree, { recursive: true, force: true });
});

cpSync(join(ROOT, 'bin'), join(tree, 'bin'), { recursive: true });
symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
writeFileSync(join(tree, 'package.json'), '{ "type": "module" }\n');
mkdirSync(join(tree, 'src'));
mkdirSync(join(tree, 'dist'));
writeFileSync(join(tree, 'src', 'cli.ts'), "const from: string = 'src';\nconsole.log(from);\n");
writeFileSync(join(tree, 'dist', 'cli.js'), "console.log('dist');\n");

function stamp(file: string, secondsAgo: number): void {
  const at = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(join(tree, file), at, at);
}

async function parapet(): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(tree, 'bin', 'parapet.js')], { timeout: 60_000 });
}

describe('bin/parapet.js', () => {
  it('when dist/ was built after the last edit in src/, then it runs dist/', async () => {
    writeFileSync(join(tree, 'dist', '.built'), 'now\n');
    stamp('src/cli.ts', 60);
    const { stdout, stderr } = await parapet();
    assert.equal(stdout, 'dist\n');
    assert.equal(stderr, '');
  });

  it('when a file in src/ is newer than the build, then it runs the sources and says why', async () => {
    stamp('dist/.built', 60);
    stamp('src/cli.ts', 0);
    const { stdout, stderr } = await parapet();
    assert.equal(stdout, 'src\n');
    assert.match(stderr, /dist\/ is older than src\/.*npm run build/);
  });

  it('when there is no build, then it runs the sources quietly', async () => {
    rmSync(join(tree, 'dist', '.built'));
    const { stdout, stderr } = await parapet();
    assert.equal(stdout, 'src\n');
    assert.equal(stderr, '');
  });

  it('when there is no src/ (an installed package), then it runs dist/', async () => {
    rmSync(join(tree, 'src'), { recursive: true });
    const { stdout } = await parapet();
    assert.equal(stdout, 'dist\n');
  });
});
