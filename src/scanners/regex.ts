/**
 * Detects custom named patterns (order ids, internal hostnames, account formats) that a product
 * declares in its policy. Pattern-based; each finding's kind is the pattern's name, so it can be
 * redacted into a typed placeholder. Patterns that could backtrack catastrophically (nested
 * quantifiers) are refused when the policy loads: one bad pattern must not stall the gateway.
 */
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import type { Finding } from '../contract/types.js';

const PatternSpec = z
  .object({
    name: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be UPPER_SNAKE_CASE, at most 40 characters')
      .describe('Entity name: the finding kind and the placeholder type, e.g. ORDER_ID.'),
    pattern: z.string().min(1).max(2000).describe('JavaScript regular expression source.'),
    flags: z
      .string()
      .regex(/^(?!.*(.).*\1)[imsu]*$/, 'only the flags i, m, s, u, each at most once')
      .default('')
      .describe('RegExp flags among i, m, s, u (g is always added).'),
    score: z.number().min(0).max(1).default(1).describe('Score of a match.'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    let compiled: RegExp;
    try {
      compiled = new RegExp(spec.pattern, spec.flags);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'is not a valid regular expression',
      });
      return;
    }
    if (!safeRegex(compiled)) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'may backtrack catastrophically (nested quantifiers); simplify it',
      });
    }
    if (compiled.test('')) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'must not match the empty string',
      });
    }
  });

const Params = z
  .object({
    patterns: z.array(PatternSpec).min(1).max(200).describe('Named patterns to detect.'),
  })
  .strict();

export const regex = defineScanner({
  id: 'regex',
  version: '1',
  stages: ['input', 'output'],
  localizes: true,
  offloadable: true,
  params: Params,
  description: 'Custom named regular expressions; each match is a finding of that name.',
  create({ patterns }) {
    const compiled = patterns.map((p) => ({
      name: p.name,
      score: p.score,
      re: new RegExp(p.pattern, `${p.flags}g`),
    }));
    return async ({ text, signal }) => {
      signal.throwIfAborted();
      const findings: Finding[] = [];
      for (const { name, score, re } of compiled) {
        for (const match of text.matchAll(re)) {
          findings.push({
            kind: name,
            score,
            span: { start: match.index, end: match.index + match[0].length },
          });
        }
      }
      findings.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
      const top = findings.reduce((max, f) => Math.max(max, f.score), 0);
      return { score: top, findings };
    };
  },
});
