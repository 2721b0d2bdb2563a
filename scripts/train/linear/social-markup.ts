/**
 * Social-markup rows: copies of training rows wrapped in the markup of posts and tweets
 * ("@handle ur a ...", "RT @handle: ...", "... http://t.co/x1Y2", "&#8220;...&#8221;", "[USER]").
 * In the training files markup is a source's style, not a label's: Gab and EDOS carry @handles,
 * links and "RT" mostly on label-0 rows, and the all-positive and generated sources carry none,
 * so the model learnt "@handle" and "http" as benign. A tweet such as "@someone ur a <slur>"
 * scored 0.16 where the bare "ur a <slur>" scored 0.82 (round 6 error analysis, docs/models.md).
 * As many label-0 copies are wrapped the same way (the control, same total weight), so markup
 * itself never predicts the label.
 *
 * Built from the training split only (never calibration or dev rows); handles and link ids are
 * random strings, not taken from any data set. Seeded, so the same config gives the same rows.
 */
import { controlledCopies, type Controls, type CopyConfig } from './augment.js';
import type { GlueRow } from './glued.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function token(random: () => number, min: number, max: number, chars = ALNUM): string {
  const n = min + Math.floor(random() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += chars.charAt(Math.floor(random() * chars.length));
  return s;
}

const handle = (random: () => number) =>
  `@${token(random, 4, 14, `${ALNUM}__`)}${random() < 0.2 ? String(Math.floor(random() * 100)) : ''}`;
const link = (random: () => number) =>
  random() < 0.8 ? `http://t.co/${token(random, 10, 10)}` : '[URL]';
// Emoji as the HTML entities scraped tweets keep; [USER] and [URL] as EDOS anonymises posts.
const EMOJI = ['&#128514;', '&#128557;', '&#128580;', '&#128175;', '&#128293;', '&#128527;'];

/** Wrappers, each one way a post carries markup around its words. */
const WRAPS: readonly ((text: string, random: () => number) => string)[] = [
  (t, r) => `${handle(r)} ${t}`,
  (t, r) => `${handle(r)} ${handle(r)} ${t}`,
  (t, r) => `RT ${handle(r)}: ${t}`,
  (t, r) => `${t} ${link(r)}`,
  (t, r) => `${t} via ${handle(r)}`,
  (t, r) => `&#8220;${handle(r)}: ${t}&#8221;`,
  (t, r) => `${t} ${EMOJI[Math.floor(r() * EMOJI.length)]!.repeat(1 + Math.floor(r() * 3))}`,
  (t) => `[USER] ${t}`,
  (t) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;'),
];

/** One to three wrappers, applied in a random order. */
function wrap(text: string, random: () => number): string {
  let out = text;
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) out = WRAPS[Math.floor(random() * WRAPS.length)]!(out, random);
  return out;
}

export interface MarkupConfig extends CopyConfig {
  /**
   * `wrapped` (default): the controls are label-0 rows wrapped as the positives are.
   * `stripped`: the controls are label-0 rows that carry markup, copied with it removed, so
   * markup is balanced both ways (added to positives, taken off negatives).
   */
  readonly controls?: 'wrapped' | 'stripped';
}

// Markup as the training files carry it: handles, retweet marks, links, anonymised users and
// links, HTML entities.
const MARKUP =
  /(^|\s)(@\w+:?|RT\b:?|via\b(?=\s+@))|https?:\/\/\S+|\[(USER|URL)\]|<(user|url)>|&#\d+;|&(amp|quot|lt|gt);/gi;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&lt;': '<', '&gt;': '>' };

/** The text without its markup (entities decoded), spaces collapsed. */
export function stripMarkup(text: string): string {
  return text
    .replace(MARKUP, (m, lead: string | undefined) => ENTITIES[m.toLowerCase()] ?? lead ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

const STRIPPED: Controls = {
  change: (t) => stripMarkup(t),
  only: (t) => {
    const s = stripMarkup(t);
    return s.length > 0 && s !== t.replace(/\s+/g, ' ').trim();
  },
};

/**
 * `config.rows` wrapped positives and `config.rows` label-0 controls (wrapped, or with their
 * markup stripped), drawn from `train`. A wrapped positive weighs as its original; the controls
 * share the same total mass.
 */
export const markupRows = (
  train: readonly GlueRow[],
  config: MarkupConfig,
  seed: number,
  trainChars: number,
): GlueRow[] =>
  controlledCopies(
    train,
    config,
    seed,
    trainChars,
    'markup',
    wrap,
    config.controls === 'stripped' ? STRIPPED : { change: wrap },
  );
