/**
 * Detects over-long text: characters always, and tokens counted by the chat model's own
 * tokenizer when `max_tokens` is set (so the limit means what the model will pay for).
 * Token counting needs a loaded model; without one the rule errors and its on_error applies.
 */
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import type { Finding } from '../contract/types.js';

const Params = z
  .object({
    max_chars: z.int().min(1).optional().describe('Maximum length in UTF-16 code units.'),
    max_tokens: z.int().min(1).optional().describe("Maximum length in the chat model's tokens."),
  })
  .strict()
  .refine((p) => p.max_chars !== undefined || p.max_tokens !== undefined, {
    error: 'set max_chars, max_tokens or both',
  });

export const length = defineScanner({
  id: 'length',
  version: '1',
  stages: ['input', 'output'],
  localizes: false,
  params: Params,
  description: 'Character and model-token limits.',
  create({ max_chars: maxChars, max_tokens: maxTokens }, deps) {
    return async ({ text, signal }) => {
      signal.throwIfAborted();
      const findings: Finding[] = [];
      if (maxChars !== undefined && text.length > maxChars) {
        findings.push({
          kind: 'too-long-chars',
          score: 1,
          note: `${text.length} > ${maxChars} characters`,
        });
      }
      // Cheap exit: with byte fallback a token covers at least one UTF-8 byte, so text with no
      // more bytes than the limit cannot exceed it and needs no tokenizer call.
      if (maxTokens !== undefined && Buffer.byteLength(text, 'utf8') > maxTokens) {
        const tokens = await deps.countTokens(text, signal);
        if (tokens > maxTokens) {
          findings.push({
            kind: 'too-long-tokens',
            score: 1,
            note: `${tokens} > ${maxTokens} tokens`,
          });
        }
      }
      return { score: findings.length > 0 ? 1 : 0, findings };
    };
  },
});
