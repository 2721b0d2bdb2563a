/**
 * Recovers entity spans from a library that only returns redacted text (redact-pii,
 * @redactpii/node): each known replacement token in the output becomes one marker, and a
 * longest-common-subsequence alignment with the input says which input characters each marker
 * replaced. Ties prefer matching input characters as late as possible, so a replaced value's
 * own characters are not mistaken for the literal text after it.
 */

export interface AlignedSpan {
  readonly start: number;
  readonly end: number;
  readonly token: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Output as literal characters and tokens, in order. */
function segments(output: string, tokens: readonly string[]): (string | { token: string })[] {
  const pattern = new RegExp(
    [...tokens]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  );
  const out: (string | { token: string })[] = [];
  let cursor = 0;
  for (const m of output.matchAll(pattern)) {
    for (const c of output.slice(cursor, m.index)) out.push(c);
    out.push({ token: m[0] });
    cursor = m.index + m[0].length;
  }
  for (const c of output.slice(cursor)) out.push(c);
  return out;
}

export function alignRedacted(
  input: string,
  output: string,
  tokens: readonly string[],
): AlignedSpan[] {
  const chars = Array.from(input);
  const offsets: number[] = [];
  let offset = 0;
  for (const c of chars) {
    offsets.push(offset);
    offset += c.length;
  }
  offsets.push(offset);
  const seq = segments(output, tokens);
  const n = chars.length;
  const m = seq.length;
  // lcs[i][j]: LCS of chars[i..] and seq[j..] (suffixes, so the walk below goes forward)
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint16Array;
    const next = lcs[i + 1] as Uint16Array;
    for (let j = m - 1; j >= 0; j--) {
      const s = seq[j];
      row[j] =
        typeof s === 'string' && s === chars[i]
          ? (next[j + 1] as number) + 1
          : Math.max(next[j] as number, row[j + 1] as number);
    }
  }
  const spans: AlignedSpan[] = [];
  let i = 0;
  let j = 0;
  while (j < m) {
    const s = seq[j];
    if (s === undefined) break;
    if (typeof s !== 'string') {
      // the token replaced as many input characters as it can while the rest still aligns
      const start = i;
      const total = lcs[i]?.[j] ?? 0;
      while (i < n && (lcs[i + 1]?.[j + 1] ?? 0) === total) i++;
      spans.push({ start: offsets[start] ?? 0, end: offsets[i] ?? 0, token: s.token });
      j++;
      continue;
    }
    if (i < n && s === chars[i] && lcs[i]?.[j] === (lcs[i + 1]?.[j + 1] ?? 0) + 1) {
      i++;
      j++;
    } else if (i < n && (lcs[i + 1]?.[j] ?? 0) === lcs[i]?.[j]) {
      i++; // an input character the library dropped outside any token
    } else {
      j++; // an output character not in the input (changed punctuation)
    }
  }
  return spans.filter((s) => s.end > s.start);
}
