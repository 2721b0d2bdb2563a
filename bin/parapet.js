#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs through
// `prepare`): starting from JavaScript takes well under a second, where transpiling the
// TypeScript through tsx at every start took 3-4 s. In a source checkout whose dist/ is missing
// or older than a file in src/, it runs the TypeScript through tsx instead, so an edit is never
// shadowed by a stale build. An installed package has no src/ and always runs dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const src = new URL('src/', root);
const stamp = new URL('dist/.built', root);

function buildIsStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return readdirSync(src, { recursive: true }).some(
    (name) => statSync(new URL(name, src)).mtimeMs > built,
  );
}

if (!existsSync(src) || !buildIsStale()) {
  await import(new URL('dist/cli.js', root).href);
} else {
  if (existsSync(stamp)) {
    process.stderr.write(
      'parapet: dist/ is older than src/, running the sources (npm run build)\n',
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
