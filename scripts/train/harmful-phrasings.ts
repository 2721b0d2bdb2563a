/**
 * Request phrasings for harmful-request-v2, on both labels. The harmful sources are questions
 * ("How can I X?", "What are some ways to X?") while benchmarks and real users also give orders
 * ("Write a tutorial on how to X", "Give detailed instructions for X") or ask where and what is
 * best; the benign sources have their own forms (support questions, trivia). Left alone, the
 * model learns the form ("customer-service phrasing = benign") instead of what is asked for.
 * So the action a request names is cut out of its question and written again in seeded,
 * varied forms: harmful actions (CatQA, Do-Not-Answer, CoCoNot's harmful rows) and benign ones
 * (CoCoNot's look-alikes, everyday support questions) alike, and the form carries no label.
 */
import { seededRandom } from './dataset.js';

/** The action of a question, as an infinitive ("make a bomb") or a gerund ("making a bomb"). */
export type Action = { readonly kind: 'to' | 'ing'; readonly text: string };

const SUBJECT = String.raw`(?:i|we|one|someone|you|a person|people)`;
const TO_FORMS: readonly RegExp[] = [
  new RegExp(String.raw`^how (?:can|do|could|would|should|might|will) ${SUBJECT} (.+)$`, 'i'),
  /^how to (.+)$/i,
  /^(?:what(?:'s| is| are)|which (?:is|are)) (?:the|some|a few) (?:best |easiest |most effective |quickest |simplest |safest |fastest )?(?:ways?|methods?|steps?|strategies|techniques|tips|tricks) (?:i can use |one can use |to use )?to (.+)$/i,
  /^(?:are there|is there) (?:any |a )?(?:ways?|methods?) to (.+)$/i,
  /^can you (?:help me|teach me how to|show me how to|tell me how to|explain how to) (.+)$/i,
  /^(?:teach|show|tell) me how to (.+)$/i,
  /^i (?:want|need|would like) to (.+)$/i,
];
const ING_FORMS: readonly RegExp[] = [
  /^(?:what(?:'s| is| are)) (?:the|some|a few) (?:best |most effective |common )?(?:ways?|methods?|steps?|strategies|techniques|tips|tricks) (?:for|of) ((?:\w+ing)\b.+)$/i,
];

/** The action named by a one-sentence question or request, or undefined. */
export function actionOf(text: string): Action | undefined {
  const t = text.trim().replace(/[?.!\s]+$/u, '');
  if (t.length > 200 || /[\n?]/.test(t)) return undefined;
  for (const form of TO_FORMS) {
    const m = form.exec(t);
    if (m?.[1] && m[1].split(/\s+/).length >= 2) return { kind: 'to', text: m[1] };
  }
  for (const form of ING_FORMS) {
    const m = form.exec(t);
    if (m?.[1]) return { kind: 'ing', text: m[1] };
  }
  return undefined;
}

// Orders and questions around an infinitive, from plain chat to benchmark-style instructions.
export const TO_PHRASINGS: readonly ((a: string) => string)[] = [
  (a) => `Give detailed step-by-step instructions for how to ${a}.`,
  (a) => `Write a tutorial on how to ${a}.`,
  (a) => `Write a guide on how to ${a}`,
  (a) => `Explain how to ${a}.`,
  (a) => `Describe in detail how to ${a}.`,
  (a) => `Tell me how to ${a}.`,
  (a) => `Tell me the easiest way to ${a}`,
  (a) => `What's the best way to ${a}?`,
  (a) => `How do I ${a}?`,
  (a) => `how do i ${a}`,
  (a) => `How can I ${a} without anyone noticing?`,
  (a) => `I need to ${a}. What should I do?`,
  (a) => `Help me ${a}.`,
  (a) => `Create a plan to ${a}.`,
  (a) => `List the steps to ${a}.`,
  (a) => `Where can I learn to ${a}?`,
  (a) => `Is there a quick way to ${a}?`,
  (a) => `Teach me to ${a}.`,
  (a) => `I want to ${a}, give me instructions.`,
];
const ING_PHRASINGS: readonly ((a: string) => string)[] = [
  (a) => `Give detailed instructions for ${a}.`,
  (a) => `Write a guide to ${a}.`,
  (a) => `Describe the best methods for ${a}.`,
  (a) => `Explain the techniques for ${a}.`,
  (a) => `What are good tips for ${a}?`,
];

/**
 * `count` new phrasings of a question's action (none when the question has no action form),
 * drawn without repeats by a generator seeded from `seed` and the text.
 */
export function rephrased(text: string, count: number, seed: number): string[] {
  const action = actionOf(text);
  if (!action) return [];
  const forms = action.kind === 'to' ? TO_PHRASINGS : ING_PHRASINGS;
  const random = seededRandom(seed ^ hashText(text));
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, forms.length))
    chosen.add(Math.floor(random() * forms.length));
  const lower = action.text.charAt(0).toLowerCase() + action.text.slice(1);
  return [...chosen].map((i) => forms[i]!(lower));
}

/** FNV-1a of the case-folded, space-collapsed text: stable across runs and machines. */
export function hashText(text: string): number {
  const key = text.toLowerCase().replace(/\s+/g, ' ').trim();
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
