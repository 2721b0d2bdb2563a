/**
 * Detects self-harm disclosures and intent ("I want to die, nothing matters anymore.", "I feel
 * like killing myself", "I've been cutting myself"), worry about someone else's safety, and
 * requests for self-harm methods: a first-person phrase lexicon (self-harm-lexicon.ts; kind
 * `self_harm` for the user's own disclosure or intent, `self_harm_other` for someone else's
 * safety) and harm-heuristics.ts' self-harm request rule (kind `self_harm_request`), optionally
 * with harmful-request-v2's `self_harm` head (noisy-OR, content-scan.ts; kind
 * `self_harm_request`). The head was trained on
 * requests: it scores disclosures near 0 and some benign distress posts near 1, so it is off
 * unless asked for. Known misses: hopelessness without explicit wording ("I can't take it
 * anymore", "I am worthless"), euphemisms and slang beyond the list, other languages. Known
 * false positives: jokes and hyperbole in first person ("I'll kill myself if I hear that song
 * again"), quoted song lyrics. Meant for flag-and-respond rules, not blocking.
 */
import { z } from 'zod';
import { contentScan } from '../classifiers/content-scan.js';
import { HARM_HEURISTICS } from '../classifiers/harm-heuristics.js';
import { KIND as SELF_HARM_KIND, SELF_HARM_LEXICON } from '../classifiers/self-harm-lexicon.js';
import type { Finding } from '../contract/types.js';
import { defineScanner } from '../contract/define-scanner.js';

const Params = z
  .object({
    classifier: z
      .boolean()
      .default(false)
      .describe(
        "Add harmful-request-v2's self_harm head (requests for methods). Off by default: on the mental-health rows it added 1 true positive and 13 false positives (docs/scanners.md#self-harm).",
      ),
  })
  .strict();

const REQUEST = 'self_harm_request';
// A request for methods ("how to commit suicide") is not, by its words, the user speaking of
// themselves ("Instruct someone on how to commit suicide"): a kind of its own, unless the words
// it matched say who ("how do I kill myself painlessly", "I want to hurt myself when I get
// home"), which makes it the user's own intent.
const REQUEST_RULES = HARM_HEURISTICS.filter((h) => h.id === 'self_harm').map((h) => ({
  ...h,
  id: REQUEST,
}));
const SAID_OF_ONESELF = /\b(?:i|i'm|im|i've|ive|me|my|myself)\b/i;

function ownRequests(findings: readonly Finding[], text: string): Finding[] {
  return findings.map((f) =>
    f.kind === REQUEST && f.span && SAID_OF_ONESELF.test(text.slice(f.span.start, f.span.end))
      ? { ...f, kind: SELF_HARM_KIND }
      : f,
  );
}

export const selfHarm = defineScanner({
  id: 'self-harm',
  version: '3',
  stages: ['input'],
  localizes: true,
  offloadable: true,
  languages: ['eng'], // an English lexicon and an English-trained head
  params: Params,
  description:
    "Self-harm disclosures and intent (kind self_harm), worry about someone else's safety (self_harm_other) and requests for methods (self_harm_request).",
  create({ classifier }) {
    const scan = contentScan({
      heuristics: [...SELF_HARM_LEXICON, ...REQUEST_RULES],
      ...(classifier
        ? {
            model: {
              name: 'harmful-request-v2',
              label: 'self_harm',
              kind: 'self_harm_request',
              minWords: 3,
              note: 'classifier: reads like a request for self-harm methods',
            },
          }
        : {}),
    });
    return async (input) => {
      const result = await scan(input);
      return { ...result, findings: ownRequests(result.findings, input.text) };
    };
  },
});
