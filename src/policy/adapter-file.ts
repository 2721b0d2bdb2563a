/**
 * A product's adapter file (`policies/<product>.adapter.json`, written by `parapet tune`): per
 * rule, a correction of the shipped scanner's verdict learned from that product's review labels.
 * The shipped models stay frozen; the adapter only re-weighs how far a rule's score is past its
 * threshold (Platt on the margin's logit) and, with enough labels, adds a light linear term over
 * the text's hashed n-grams. Strict schema: an adapter that cannot be read or applied fails the
 * policy's load (fail closed), it never silently does nothing.
 */
import { z } from 'zod';

export const ADAPTER_FORMAT = 'parapet-adapter';
export const ADAPTER_VERSION = 1;
/** `<product>.adapter.json` beside the policy files: no directories, so no path escapes. */
export const ADAPTER_FILE_NAME = /^[a-z0-9][a-z0-9-]*\.adapter\.json$/;

const finite = z.number().refine(Number.isFinite, 'Must be a finite number');
const lengths = z.array(z.int().min(1).max(8)).min(1).max(8);

const ruleSchema = z
  .object({
    stage: z.enum(['input', 'output']),
    rule: z.string().min(1),
    /** adapted logit = a · margin + c (+ correction · features). */
    platt: z.object({ a: finite, c: finite }).strict(),
    correction: z
      .object({
        /** Sorted unique bucket indices with non-zero weight. */
        indices: z.array(z.int().min(0)),
        weights: z.array(finite),
      })
      .strict()
      .optional(),
  })
  .strict();

export const adapterFileSchema = z
  .object({
    format: z.literal(ADAPTER_FORMAT),
    version: z.literal(ADAPTER_VERSION),
    product: z.string().min(1),
    mode: z.enum(['shadow', 'enforce']),
    created: z.string().min(1),
    /** What the fit saw: counts and time range only, never text. */
    fitted_on: z.object({ labels: z.int().min(0), from: z.string(), to: z.string() }).strict(),
    featurizer: z
      .object({
        kind: z.literal('hashed-ngrams'),
        buckets: z
          .int()
          .min(2)
          .max(1 << 24)
          .refine((b) => (b & (b - 1)) === 0, 'Must be a power of two'),
        word_ngrams: lengths,
        char_ngrams: lengths,
      })
      .strict(),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    file.rules.forEach((rule, i) => {
      const c = rule.correction;
      if (!c) return;
      if (c.indices.length !== c.weights.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'correction'],
          message: 'indices and weights differ in length',
        });
      }
      if (
        c.indices.some(
          (x, k) => x >= file.featurizer.buckets || (k > 0 && x <= (c.indices[k - 1] ?? -1)),
        )
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'correction', 'indices'],
          message: 'Must be sorted, unique and below featurizer.buckets',
        });
      }
    });
  });

export type AdapterFile = z.output<typeof adapterFileSchema>;
export type AdapterRuleEntry = AdapterFile['rules'][number];
