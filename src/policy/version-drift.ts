/**
 * A policy edited without bumping its `version` (issue 19 item 7): two different contents would
 * both be "v8" in the audit trail. The gateway records the digest of each policy it loads in a
 * small JSON file beside the keys file; a later load (start or hot reload) and `parapet policy
 * lint` compare against it and warn when a product's content changed but its version did not.
 * A warning, not a refusal: the new content is valid, and refusing it would keep serving the old
 * rules. The file is a lint aid, not a safety control, so failing to write it is only logged.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PolicyDigest {
  readonly product: string;
  readonly version: number;
  readonly sha256: string;
}

export interface VersionDrift {
  readonly product: string;
  readonly version: number;
  readonly before: string;
  readonly after: string;
}

/** Where the gateway keeps the last loaded digests: next to the product keys file. */
export function digestsFileFor(keysFile: string): string {
  return path.join(path.dirname(keysFile), 'policy-digests.json');
}

/** Products whose version is the same as last loaded while their content is not. */
export function findDrift(
  last: readonly PolicyDigest[],
  now: readonly PolicyDigest[],
): VersionDrift[] {
  const previous = new Map(last.map((d) => [d.product, d]));
  return now.flatMap((d) => {
    const before = previous.get(d.product);
    return before && before.version === d.version && before.sha256 !== d.sha256
      ? [{ product: d.product, version: d.version, before: before.sha256, after: d.sha256 }]
      : [];
  });
}

/** The recorded digests; none when the file is missing or not ours (it only feeds warnings). */
export function readDigests(file: string): PolicyDigest[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (d: unknown): d is PolicyDigest =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as PolicyDigest).product === 'string' &&
      typeof (d as PolicyDigest).version === 'number' &&
      typeof (d as PolicyDigest).sha256 === 'string',
  );
}

/** Records `now`, keeping the last digest of products no longer loaded (they may come back). */
export function writeDigests(file: string, now: readonly PolicyDigest[]): void {
  const loaded = new Set(now.map((d) => d.product));
  const kept = readDigests(file).filter((d) => !loaded.has(d.product));
  const all = [...kept, ...now].sort((a, b) => a.product.localeCompare(b.product));
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a reader never sees half a file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(all, null, 2)}\n`);
  renameSync(temp, file);
}

/** One line per drift, for logs and lint output; digests shortened, never policy content. */
export function describeDrift(d: VersionDrift): string {
  return (
    `${d.product} v${d.version}: content changed since it was last loaded ` +
    `(sha256 ${d.before.slice(0, 12)} -> ${d.after.slice(0, 12)}) but version did not; bump version`
  );
}
