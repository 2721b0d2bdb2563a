/**
 * Flags text written in a language the product does not support — in practice, one its
 * classifiers were not trained on (prompt-injection: English and some German; harmful-request
 * and toxicity: English), where their silence means nothing. Detection by franc-min trigrams
 * (src/text/language.ts), read from the text's shared views (the language gate reads the same
 * guess). Score: 1 − the best supported language's relative score, so text that is clearly
 * something else scores near 1 and close calls stay low. Known false positives: short texts (a
 * sentence of German can rank as French, English code or lists of names as Scots or Dutch);
 * known misses: mixed-language text, languages close to a supported one.
 */
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import { foreignness } from '../text/language.js';

const Params = z
  .object({
    languages: z
      .array(z.string().regex(/^[a-z]{3}$/))
      .min(1)
      .default(['eng'])
      .describe('Supported languages, ISO 639-3 codes (eng, deu, fra, spa, ...).'),
    min_chars: z
      .number()
      .int()
      .min(10)
      .max(1000)
      .default(40)
      .describe('Shorter texts are not judged: trigram statistics need some text.'),
  })
  .strict();

export const language = defineScanner({
  id: 'language',
  version: '1',
  stages: ['input', 'output'],
  localizes: false,
  params: Params,
  description: 'Text in a language the product (and its classifiers) does not support.',
  create({ languages, min_chars: minChars }) {
    return async ({ views, signal }) => {
      signal.throwIfAborted();
      const guess = views.language(minChars);
      if (guess.language === 'und' || languages.includes(guess.language))
        return { score: 0, findings: [] };
      const score = foreignness(guess, languages);
      return {
        score,
        findings: [
          {
            kind: 'unsupported-language',
            score,
            note: `language ${guess.language}, not among ${languages.join(', ')}`,
          },
        ],
      };
    };
  },
});
