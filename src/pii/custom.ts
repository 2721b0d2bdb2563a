/**
 * Recognizers and deny-lists declared in policy YAML, in the built-ins' data shape. Patterns are
 * held to the `regex` scanner's rules (compile, no empty match, no nested quantifiers, checked
 * with safe-regex2): one bad pattern must not stall every request.
 */
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import type { Recognizer } from './types.js';
import { VALIDATOR_NAMES, VALIDATORS } from './validators.js';

const CustomPattern = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be kebab-case, at most 40 characters'),
    pattern: z.string().min(1).max(2000).describe('JavaScript regular expression source.'),
    flags: z
      .string()
      .regex(/^(?!.*(.).*\1)[imsu]*$/, 'only the flags i, m, s, u, each at most once')
      .default(''),
    score: z.number().min(0).max(1).default(0.5).describe('Base score before context/validator.'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const problem = patternProblem(spec.pattern, spec.flags);
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });

function patternProblem(source: string, flags: string): string | undefined {
  let compiled: RegExp;
  try {
    compiled = new RegExp(source, flags);
  } catch {
    return 'is not a valid regular expression';
  }
  if (!safeRegex(compiled))
    return 'may backtrack catastrophically (nested quantifiers); simplify it';
  return compiled.test('') ? 'must not match the empty string' : undefined;
}

export const CustomRecognizerSpec = z
  .object({
    entity: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be UPPER_SNAKE_CASE, at most 40 characters')
      .describe('Finding kind and placeholder type, e.g. EMPLOYEE_ID.'),
    patterns: z.array(CustomPattern).min(1).max(20),
    context: z
      .array(z.string().min(1).max(60))
      .max(50)
      .default([])
      .describe('Words or phrases that raise the score by 0.35 when near a match.'),
    context_required: z.boolean().default(false).describe('Drop matches with no context word.'),
    validator: z.enum(VALIDATOR_NAMES).optional().describe('Built-in validator, by name.'),
  })
  .strict();

export type CustomRecognizerSpec = z.output<typeof CustomRecognizerSpec>;

export function toRecognizer(spec: CustomRecognizerSpec): Recognizer {
  const base = {
    entity: spec.entity,
    patterns: spec.patterns.map((p) => ({
      name: p.name,
      regex: new RegExp(p.pattern, p.flags),
      score: p.score,
    })),
    context: spec.context,
    contextRequired: spec.context_required,
  };
  if (spec.validator === undefined) return base;
  return { ...base, validate: VALIDATORS[spec.validator], validatorName: spec.validator };
}

// Under the u flag only syntax characters may be escaped.
const escapeLiteral = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Deny-listed values: whole words, case-insensitive, always reported (score 1). */
export function denyListRecognizer(values: readonly string[]): Recognizer | undefined {
  if (values.length === 0) return undefined;
  const longestFirst = [...new Set(values)].sort((a, b) => b.length - a.length);
  const alternation = longestFirst.map(escapeLiteral).join('|');
  return {
    entity: 'DENY_LIST',
    patterns: [
      {
        name: 'deny-list',
        regex: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternation})(?![\\p{L}\\p{N}_])`, 'iu'),
        score: 1,
      },
    ],
    context: [],
  };
}
