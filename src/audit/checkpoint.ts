/**
 * Checkpoints of the chain head (issue 18 item 8): their MAC and their external file.
 *
 * The MAC key is derived from PARAPET_SECRET rather than the secret itself, so a checkpoint MAC
 * and a policy's `hash` operator output (HMAC of a customer value under the same secret) can
 * never be the same computation. The file is JSONL, one checkpoint per line, opened for append
 * only; lines stay far below PIPE_BUF, so two writers appending to one local file do not
 * interleave.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { ChainAnchor, Checkpoint } from './types.js';

const KEY_LABEL = 'parapet/audit-checkpoint/v1';

function macKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(KEY_LABEL).digest();
}

function macOf(secret: string, seq: number, hash: string, time: string): string {
  return createHmac('sha256', macKey(secret)).update(`${seq}\n${hash}\n${time}`).digest('hex');
}

export function makeCheckpoint(
  head: ChainAnchor,
  secret: string | undefined,
  now = new Date(),
): Checkpoint {
  const time = now.toISOString();
  return {
    seq: head.seq,
    hash: head.hash,
    time,
    mac: secret === undefined ? null : macOf(secret, head.seq, head.hash, time),
  };
}

/** False when the MAC was not made with `secret` over these fields (forged or edited). */
export function macMatches(checkpoint: Checkpoint & { mac: string }, secret: string): boolean {
  const expected = Buffer.from(
    macOf(secret, checkpoint.seq, checkpoint.hash, checkpoint.time),
    'utf8',
  );
  const given = Buffer.from(checkpoint.mac, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Appends one line and syncs it: a checkpoint counts only once it is on disk. */
export async function appendCheckpointFile(path: string, checkpoint: Checkpoint): Promise<void> {
  const file = await open(path, 'a', 0o600);
  try {
    await file.write(`${JSON.stringify(checkpoint)}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
}

function isCheckpoint(value: unknown): value is Checkpoint {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.seq === 'number' &&
    Number.isSafeInteger(v.seq) &&
    v.seq > 0 &&
    typeof v.hash === 'string' &&
    /^[0-9a-f]{64}$/u.test(v.hash) &&
    typeof v.time === 'string' &&
    (v.mac === null || (typeof v.mac === 'string' && /^[0-9a-f]{64}$/u.test(v.mac)))
  );
}

export type FileCheckpoints =
  | { readonly kind: 'missing' }
  | { readonly kind: 'bad'; readonly line: number }
  | { readonly kind: 'ok'; readonly checkpoints: Checkpoint[] };

/** Reads the file; a line that is not a checkpoint is reported, not skipped (tampering). */
export async function readCheckpointFile(path: string): Promise<FileCheckpoints> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  const checkpoints: Checkpoint[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    // Only the last line may be empty (the file ends with a newline).
    if (line === '' && index === lines.length - 1) break;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return { kind: 'bad', line: index + 1 };
    }
    if (!isCheckpoint(parsed)) return { kind: 'bad', line: index + 1 };
    checkpoints.push({ seq: parsed.seq, hash: parsed.hash, time: parsed.time, mac: parsed.mac });
  }
  return { kind: 'ok', checkpoints };
}
