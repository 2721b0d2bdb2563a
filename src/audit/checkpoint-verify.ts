/**
 * The second half of `parapet audit verify`: does the chain still reach every recorded head?
 * The chain walk finds edits, gaps and reorderings inside the chain; only a checkpoint kept
 * somewhere else shows that the newest events were deleted (truncation) or that the whole
 * chain was rehashed after an edit.
 *
 * What each checkpoint source proves (README, "Audit"):
 * - the store's table: someone with write access to the database can delete these rows along
 *   with the events, so alone they catch accidents and careless tampering, not a careful attacker;
 * - the external file (PARAPET_AUDIT_CHECKPOINT_FILE), kept where the database's users cannot
 *   write: catches truncation by anyone who cannot also edit that file;
 * - the MAC (PARAPET_SECRET): a checkpoint cannot be forged or edited without the secret.
 */
import { macMatches, readCheckpointFile } from './checkpoint.js';
import type { ChainPositions, Checkpoint, CheckpointStore } from './types.js';

export type CheckpointSource = 'store' | 'file';

export interface CheckpointReport {
  readonly ok: boolean;
  /** Checkpoints compared with the chain (from the store and the file). */
  readonly checked: number;
  /** Older than the retention anchor: their events were purged, nothing to compare. */
  readonly purged: number;
  /** Without MAC, or with one that could not be checked (no PARAPET_SECRET). */
  readonly unsigned: number;
  readonly latest?: { readonly seq: number; readonly time: string };
  readonly brokenAt?: {
    readonly source: CheckpointSource;
    readonly seq: number;
    readonly time: string;
    readonly reason: string;
  };
  /** What this verification could not rule out, in the operator's words. */
  readonly notes: readonly string[];
}

interface Sourced extends Checkpoint {
  readonly source: CheckpointSource;
}

type Problem = string | undefined;

/** Older than the retention anchor: its events were purged, so there is nothing to compare. */
function purged(cp: Sourced, chain: ChainPositions): boolean {
  const anchor = chain.anchor;
  if (anchor === undefined) return false;
  return cp.seq < anchor.seq || (cp.seq === anchor.seq && cp.hash === anchor.hash);
}

function positionProblem(cp: Sourced, chain: ChainPositions): Problem {
  if (cp.seq === chain.anchor?.seq)
    return 'the retention anchor at this seq has another hash (rewritten chain)';
  const hash = chain.hashes.get(cp.seq);
  if (hash === undefined) {
    return cp.seq > chain.headSeq
      ? `truncated: the chain ends at seq ${chain.headSeq}, before this checkpoint (newest events deleted)`
      : `event seq ${cp.seq} is missing (deleted event)`;
  }
  return hash === cp.hash
    ? undefined
    : 'the event at this seq has another hash (events rewritten after the checkpoint)';
}

/** With a secret, every MAC must match, and once a source is signed it must stay signed. */
function macProblem(cp: Sourced, secret: string | undefined, signedSeen: boolean): Problem {
  if (secret === undefined) return undefined;
  if (cp.mac === null) {
    return signedSeen
      ? 'unsigned checkpoint after signed ones (forged, or written without PARAPET_SECRET)'
      : undefined;
  }
  return macMatches({ ...cp, mac: cp.mac }, secret)
    ? undefined
    : 'MAC does not match (forged or edited checkpoint, or PARAPET_SECRET changed)';
}

function notesFor(secret: string | undefined, file: string | undefined): string[] {
  const notes: string[] = [];
  if (secret === undefined) {
    notes.push(
      'PARAPET_SECRET is not set: checkpoint MACs were not checked, so a checkpoint could be forged',
    );
  }
  if (file === undefined) {
    notes.push(
      'no PARAPET_AUDIT_CHECKPOINT_FILE: whoever can write the database can delete the newest events together with their checkpoints, undetected',
    );
  }
  return notes;
}

export async function verifyCheckpoints(
  store: CheckpointStore,
  options: { readonly secret?: string | undefined; readonly file?: string | undefined },
): Promise<CheckpointReport> {
  const notes = notesFor(options.secret, options.file);
  const stored = (await store.list()).map((cp): Sourced => ({ ...cp, source: 'store' }));
  const all: Sourced[] = [...stored];
  if (options.file !== undefined) {
    const read = await readCheckpointFile(options.file);
    if (read.kind === 'bad' || (read.kind === 'missing' && stored.length > 0)) {
      const reason =
        read.kind === 'bad'
          ? `line ${read.line} of the checkpoint file is not a checkpoint`
          : 'the checkpoint file is missing while the store holds checkpoints';
      return {
        ...{ ok: false, checked: 0, purged: 0, unsigned: 0, notes },
        brokenAt: { source: 'file', seq: 0, time: '', reason },
      };
    }
    if (read.kind === 'ok')
      all.push(...read.checkpoints.map((cp) => ({ ...cp, source: 'file' as const })));
  }
  all.sort((a, b) => a.seq - b.seq || a.time.localeCompare(b.time));
  const chain = await store.positions([...new Set(all.map((cp) => cp.seq))]);
  let checked = 0;
  let purgedCount = 0;
  let unsigned = 0;
  const signedSeen: Record<CheckpointSource, boolean> = { store: false, file: false };
  for (const cp of all) {
    const macFinding = macProblem(cp, options.secret, signedSeen[cp.source]);
    if (cp.mac === null || options.secret === undefined) unsigned += 1;
    if (cp.mac !== null) signedSeen[cp.source] = true;
    const covered = macFinding === undefined && purged(cp, chain);
    const problem = macFinding ?? (covered ? undefined : positionProblem(cp, chain));
    if (problem !== undefined) {
      return {
        ...{ ok: false, checked, purged: purgedCount, unsigned, notes },
        brokenAt: { source: cp.source, seq: cp.seq, time: cp.time, reason: problem },
      };
    }
    if (covered) purgedCount += 1;
    else checked += 1;
  }
  const last = all.at(-1);
  return {
    ...{ ok: true, checked, purged: purgedCount, unsigned, notes },
    ...(last === undefined ? {} : { latest: { seq: last.seq, time: last.time } }),
  };
}
