/**
 * Names the group a CPU profile frame belongs to, for `npm run bench:profile`.
 * Frames come from the built `dist/` code (the gateway and its workers run it), or from
 * `src/` when run through tsx, so every pattern accepts either root.
 */
const NAMED: readonly [RegExp, string][] = [
  [/\/(src|dist)\/classifiers\/featurize/, 'classifier featurize'],
  [/\/(src|dist)\/classifiers\/linear\/hashed-ngrams/, 'linear featurize (hashed n-grams)'],
  [/\/(src|dist)\/classifiers\/linear\/linear-model/, 'linear scoring (dot products)'],
  [/\/(src|dist)\/classifiers\/(micro-batcher|classifier-cache)/, 'classifier batching + cache'],
  [/\/(src|dist)\/classifiers\/(heuristics|injection-heuristics|harm-heuristics)/, 'heuristics'],
  [/\/(src|dist)\/text\/(normalize|confusables|views|decode)/, 'normalization + views'],
  [/\/(src|dist)\/text\/language/, 'language (ours)'],
  [/node_modules\/(franc|franc-min|trigram-utils|n-gram|collapse-white-space)\//, 'franc'],
  [/node_modules\/@tensorflow\//, 'TF.js'],
  [
    /node_modules\/(express|router|body-parser|raw-body|helmet|finalhandler|send|serve-static|on-finished|type-is|content-type|iconv-lite|qs)\//,
    'express + helmet',
  ],
  [
    /node_modules\/(winston|logform|triple-beam|winston-transport|readable-stream|fecha|safe-stable-stringify)\//,
    'winston',
  ],
  [/node_modules\/undici\//, 'undici'],
  [/node_modules\/zod\//, 'zod'],
  [/node_modules\/prom-client\//, 'prom-client'],
  [/node_modules\/better-sqlite3\//, 'better-sqlite3'],
];

export function groupOf(frame: { functionName: string; url: string }): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName.startsWith('(')) return functionName; // (garbage collector), (program), (idle)
    return `native: ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('wasm://')) return 'TF.js (wasm)';
  for (const [re, name] of NAMED) if (re.test(url)) return name;
  // A package's own dist/ folder is the package's, not ours.
  const src = url.includes('/node_modules/') ? null : /\/(?:src|dist)\/([^/]+)\/([^/.]+)/.exec(url);
  if (src) return `src/${src[1]}/${src[2]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `pkg ${pkg[1]}`;
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?([^/]+).*/, 'node:$2');
  return url.replace(/^.*\//, '');
}
