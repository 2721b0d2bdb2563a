/**
 * Finds the placeholders a model wrote back, also when it rephrased them slightly: lost or
 * changed brackets (`EMAIL_1`, `<EMAIL_1>`, `{EMAIL_1}`), changed case (`[email_1]`), extra
 * spaces (`[ EMAIL_1 ]`), a space or dash for the underscore (`EMAIL 1`, `[Credit Card 1]`).
 *
 * Only the types given (those the request's vault holds) are searched, and a loose form must
 * still look like a placeholder rather than prose: it keeps a bracket on both sides, or the
 * underscore, or an upper-case type. So "email 1 more time" or "phone 2" in prose stays as it is.
 * Parentheses are never consumed: "(EMAIL_1)" is more likely the model's own punctuation.
 */

export interface PlaceholderHit {
  readonly start: number;
  readonly end: number;
  /** The canonical placeholder, `[TYPE_N]`. */
  readonly placeholder: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regexp per set of types; built per restore (a handful of types, microseconds). */
function placeholderPattern(types: Iterable<string>): RegExp | undefined {
  // Longest first, so CREDIT_CARD wins over a hypothetical CREDIT.
  const alternatives = [...new Set(types)]
    .sort((a, b) => b.length - a.length)
    .map((t) => t.split('_').map(escape).join('[_ \\t-]?'));
  if (alternatives.length === 0) return undefined;
  return new RegExp(
    `(?<open>[\\[{<][ \\t]*)?(?<![\\p{L}\\p{N}_])(?<type>${alternatives.join('|')})(?<sep>[ \\t]*[_-][ \\t]*|[ \\t]+|#)?(?<n>\\d{1,4})(?![\\p{L}\\p{N}_])(?<close>[ \\t]*[\\]}>])?`,
    'giu',
  );
}

function looksLikePlaceholder(groups: Record<string, string | undefined>): boolean {
  const type = groups.type ?? '';
  const sep = groups.sep ?? '';
  if (groups.open !== undefined && groups.close !== undefined) return true;
  if (sep.includes('_')) return true;
  return type === type.toUpperCase() && /[A-Z]/.test(type);
}

/** Every placeholder-like hit in `text` for the given types, in text order. */
export function findPlaceholders(text: string, types: Iterable<string>): PlaceholderHit[] {
  const pattern = placeholderPattern(types);
  if (!pattern) return [];
  const hits: PlaceholderHit[] = [];
  for (const m of text.matchAll(pattern)) {
    const groups = m.groups ?? {};
    if (!looksLikePlaceholder(groups)) continue;
    const type = (groups.type ?? '').toUpperCase().replace(/[ \t-]/g, '_');
    const n = String(Number(groups.n));
    // A lone bracket is consumed only if it is the square one placeholders use.
    const both = groups.open !== undefined && groups.close !== undefined;
    const dropOpen = !both && groups.open !== undefined && !groups.open.startsWith('[');
    const dropClose = !both && groups.close !== undefined && !groups.close.endsWith(']');
    const start = m.index + (dropOpen ? (groups.open?.length ?? 0) : 0);
    const end = m.index + m[0].length - (dropClose ? (groups.close?.length ?? 0) : 0);
    hits.push({ start, end, placeholder: `[${type}_${n}]` });
  }
  return hits;
}
