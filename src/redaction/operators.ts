/**
 * Redaction operators (Presidio's anonymizers): what replaces a finding's text. A rule picks one
 * per finding kind; `replace` (a typed numbered placeholder) is the default and the only one
 * whose values can be restored in the reply, since the others keep no value in the vault.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { placeholderType, type Vault } from './vault.js';

const KIND = /^(?:[A-Z][A-Z0-9_]*|[a-z0-9]+(?:-[a-z0-9]+)*|default)$/;

const MaskSpec = z
  .object({
    type: z.literal('mask'),
    keep_last: z
      .int()
      .min(0)
      .max(64)
      .default(4)
      .describe('Letters or digits left visible at the end.'),
    char: z.string().length(1).default('*').describe('The masking character.'),
  })
  .strict();

export const OperatorSpec = z.union([
  z.enum(['replace', 'mask', 'hash', 'remove']),
  z.object({ type: z.enum(['replace', 'hash', 'remove']) }).strict(),
  MaskSpec,
]);
export type OperatorSpec = z.input<typeof OperatorSpec>;

export const OperatorTable = z
  .record(z.string().regex(KIND, 'A finding kind (EMAIL) or default'), OperatorSpec)
  .refine((t) => Object.keys(t).length > 0, 'Give at least one finding kind')
  .describe(
    'How redact replaces each finding kind (`default`: every other kind): replace (typed numbered placeholder, restorable), mask (`{type: mask, keep_last: 4, char: "*"}`), hash (HMAC-SHA256 with PARAPET_SECRET), remove. Default: replace.',
  );

/** Replaces one finding's text; `restorable` is true for input-stage values only. */
export type Operator = (kind: string, value: string, vault: Vault, restorable: boolean) => string;

export interface OperatorSet {
  readonly forKind: (kind: string) => Operator;
}

const replace: Operator = (kind, value, vault, restorable) =>
  vault.placeholderFor(kind, value, restorable);

const remove: Operator = () => '';

/** Masks letters and digits, keeping separators, so `4242 4242 4242 4242` → `**** **** **** 4242`. */
function masker(keepLast: number, char: string): Operator {
  return (_kind, value) => {
    let visible = keepLast;
    const chars = Array.from(value);
    for (let i = chars.length - 1; i >= 0; i--) {
      const c = chars[i] ?? '';
      if (!/[\p{L}\p{N}]/u.test(c)) continue;
      if (visible > 0) visible--;
      else chars[i] = char;
    }
    return chars.join('');
  };
}

/**
 * `<EMAIL:hmac:0123456789abcdef>`: the first 16 hex digits of HMAC-SHA256(secret, value). The
 * same value gives the same tag across requests and products, so records can be correlated
 * without keeping the value (docs/scanners.md shows how).
 */
function hasher(secret: string): Operator {
  return (kind, value) => {
    const tag = createHmac('sha256', secret).update(value, 'utf8').digest('hex').slice(0, 16);
    return `<${placeholderType(kind)}:hmac:${tag}>`;
  };
}

export class OperatorConfigError extends Error {}

function compileOne(spec: OperatorSpec, secret: string | undefined): Operator {
  const type = typeof spec === 'string' ? spec : spec.type;
  if (type === 'replace') return replace;
  if (type === 'remove') return remove;
  if (type === 'mask') {
    const m = typeof spec === 'string' ? MaskSpec.parse({ type }) : MaskSpec.parse(spec);
    return masker(m.keep_last, m.char);
  }
  // Fail closed: a hash without a key would be a reversible dictionary lookup, or nothing.
  if (secret === undefined || secret === '') {
    throw new OperatorConfigError(
      'the hash operator needs a secret: set PARAPET_SECRET (or `secret` in the config file)',
    );
  }
  return hasher(secret);
}

/** Compiles a rule's `operators` table; throws OperatorConfigError for a hash without a secret. */
export function compileOperators(
  table: Readonly<Record<string, OperatorSpec>> | undefined,
  secret: string | undefined,
): OperatorSet {
  const byKind = new Map<string, Operator>();
  for (const [kind, spec] of Object.entries(table ?? {})) {
    byKind.set(kind, compileOne(spec, secret));
  }
  const fallback = byKind.get('default') ?? replace;
  return { forKind: (kind) => byKind.get(kind) ?? fallback };
}

export const DEFAULT_OPERATORS: OperatorSet = { forKind: () => replace };
