/**
 * Detects credentials: cloud and SaaS API keys (AWS, GCP, Azure, GitHub, GitLab, Slack, Stripe,
 * OpenAI, Anthropic, Twilio, SendGrid), JWTs, private key blocks, passwords in connection strings
 * and assignments, and high-entropy tokens next to words like "key" or "token". Pattern-based,
 * with entropy and JWT-header validators. Known false positives: random-looking ids (hashes,
 * UUIDs) right after "key" or "token"; provider-shaped test keys.
 */
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import { compileRecognizers } from '../pii/analyze.js';
import { recognizerScan } from '../pii/scan.js';
import { SECRET_KINDS, SECRET_RECOGNIZERS } from '../pii/secret-recognizers.js';

const Params = z
  .object({
    kinds: z
      .array(z.enum(SECRET_KINDS))
      .min(1)
      .optional()
      .describe('Secret kinds to detect; all of them when omitted.'),
    min_score: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('Detections scoring below this are not reported.'),
    allow: z
      .array(z.string().min(1).max(500))
      .max(1000)
      .default([])
      .describe('Exact values never reported (e.g. documented example keys).'),
  })
  .strict();

export const secrets = defineScanner({
  id: 'secrets',
  version: '1',
  stages: ['input', 'output'],
  localizes: true,
  offloadable: true,
  params: Params,
  description: 'API keys, tokens, private keys and passwords, by format, context and entropy.',
  create({ kinds, min_score: minScore, allow }) {
    const wanted = new Set<string>(kinds ?? SECRET_KINDS);
    const compiled = compileRecognizers(SECRET_RECOGNIZERS.filter((r) => wanted.has(r.entity)));
    const allowed = new Set(allow);
    return recognizerScan(
      compiled,
      minScore,
      (text, d) => !allowed.has(text.slice(d.start, d.end)),
    );
  },
});
