/**
 * The schema of one policy rule (DESIGN §4): its fields, the checks that span several of them,
 * and a stage's rule list, where each rule's `params` is checked by its own scanner's zod schema
 * (a discriminated union on `scanner`). schema.ts puts two of these lists into a policy.
 */
import { z } from 'zod';
import type { Scanner, Stage } from '../contract/types.js';
import { OperatorTable } from '../redaction/operators.js';

const ACTIONS = ['allow', 'flag', 'redact', 'block'] as const;
export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const KEBAB_MESSAGE = 'Must be kebab-case (a-z, 0-9 and single dashes)';

export const RULE_DEFAULTS = Object.freeze({
  threshold: 0.5,
  on_error: 'block',
  timeout_ms: 1000,
} as const);

// Cross-field checks run even when other fields already failed, so that one load reports every
// problem in a file instead of the first layer of them.
export const EVERY_TIME = { when: () => true };

const Score = z.number().min(0).max(1);

export const RULE_FIELDS = {
  id: z
    .string()
    .regex(KEBAB, KEBAB_MESSAGE)
    .optional()
    .describe(
      'Rule id, unique within its stage; defaults to the scanner id. A child policy replaces the parent rule with the same id.',
    ),
  threshold: Score.optional().describe(
    'The rule fires when the scanner score is >= this value. Not together with `thresholds`.',
  ),
  thresholds: z
    .record(z.string().min(1), Score)
    .refine((kinds) => Object.keys(kinds).length > 0, 'Give at least one finding kind')
    .optional()
    .describe(
      'Per finding kind: the rule fires when a finding of kind K scores >= thresholds[K]; findings of other kinds never fire it. Not together with `threshold`.',
    ),
  action: z
    .enum(ACTIONS)
    .describe(
      'What a firing rule asks for: allow (record only), flag (pass, queue for review), redact (replace the findings; scanners that localize only), block (refuse).',
    ),
  operators: OperatorTable.optional(),
  on_error: z
    .enum(['block', 'flag'])
    .optional()
    .describe(
      'Action when the scanner throws or times out. block fails closed: a check that could not run has approved nothing.',
    ),
  timeout_ms: z
    .int()
    .min(1)
    .max(60_000)
    .optional()
    .describe('Time the scanner gets per text, in milliseconds; then on_error applies.'),
  response: z
    .string()
    .regex(/\S/, 'Must not be blank')
    .max(2000)
    .optional()
    .describe(
      "Input rules with action flag or block: when this rule fires, the user gets this text (written by the policy owner, e.g. pointing to help lines) instead of the model's reply or the refusal, and the model is not called. The first firing rule with a response, in stage order, answers. Shadow mode records it but does not use it.",
    ),
  supersedes: z
    .object({
      rules: z
        .array(z.string().regex(KEBAB, KEBAB_MESSAGE))
        .min(1)
        .describe('Ids of other input rules of the resolved policy (own or inherited).'),
      kinds: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe(
          "Only this rule's findings of these kinds count (e.g. the self-harm scanner's `self_harm`, the user's own disclosure); absent: any kind.",
        ),
    })
    .strict()
    .optional()
    .describe(
      'With `response`: the blocks of `rules` give way to this response where all their findings lie in user messages in which this rule found something too (of `kinds`): the user gets the response with finish_reason stop, the action is flag, and the audit keeps those rules as fired (docs/decisions.md). Every other block stands.',
    ),
  when: z
    .object({
      rule: z
        .string()
        .regex(KEBAB, KEBAB_MESSAGE)
        .describe('Id of another rule in the same stage (after `extends` is resolved).'),
      score_between: z
        .tuple([Score, Score])
        .refine(([low, high]) => low <= high, 'Give [low, high] with low <= high')
        .describe('Inclusive score band of that rule in which this rule runs.'),
    })
    .strict()
    .optional()
    .describe(
      'Cascade: run this rule after rule `rule`, and only on the texts where that rule scored within `score_between` (where a fast scanner is unsure). Texts outside the band, or where that rule failed or was skipped, are skipped here and recorded as skipped.',
    ),
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkRule(rule: unknown, scanner: Scanner, stage: Stage, ctx: z.RefinementCtx): void {
  if (!isRecord(rule)) return;
  if (rule.threshold !== undefined && rule.thresholds !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['thresholds'],
      message: 'Set threshold or thresholds, not both',
    });
  }
  if (rule.action === 'redact' && !scanner.localizes) {
    ctx.addIssue({
      code: 'custom',
      path: ['action'],
      message: `redact needs a scanner whose findings carry spans; "${scanner.id}" has none (use flag or block)`,
    });
  }
  if (rule.operators !== undefined && rule.action !== 'redact') {
    ctx.addIssue({
      code: 'custom',
      path: ['operators'],
      message: 'operators apply only to action: redact',
    });
  }
  checkResponse(rule, stage, ctx);
  if (!scanner.stages.includes(stage)) {
    ctx.addIssue({
      code: 'custom',
      path: ['scanner'],
      message: `Scanner "${scanner.id}" does not support the ${stage} stage (it supports: ${scanner.stages.join(', ')})`,
    });
  }
}

// A response answers in place of the model, so it must be known before the model is called:
// an output rule's verdict comes after the reply exists (and, streaming, after part of it was
// sent). An allow or redact rule lets the request through, so answering for it would override
// what its own action says.
function checkResponse(rule: Record<string, unknown>, stage: Stage, ctx: z.RefinementCtx): void {
  if (rule.supersedes !== undefined && rule.response === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['supersedes'],
      message: 'supersedes goes with response (it says which blocks the response answers for)',
    });
  }
  if (rule.response === undefined) return;
  if (stage !== 'input') {
    ctx.addIssue({
      code: 'custom',
      path: ['response'],
      message:
        'response applies only to input rules (an output rule decides after the reply exists)',
    });
  } else if (rule.action !== 'flag' && rule.action !== 'block') {
    ctx.addIssue({
      code: 'custom',
      path: ['response'],
      message: `response applies only to action flag or block (this rule's action is ${String(rule.action)})`,
    });
  }
}

function ruleOption(scanner: Scanner, stage: Stage) {
  // A scanner whose params all have defaults may be used without a `params` key.
  const needsParams = !scanner.params.safeParse({}).success;
  const params = needsParams ? scanner.params : scanner.params.optional();
  return z
    .object({
      ...RULE_FIELDS,
      scanner: z.literal(scanner.id).describe(scanner.description),
      params: params.describe(
        scanner.params.description ?? `Parameters of the ${scanner.id} scanner.`,
      ),
    })
    .strict()
    .superRefine((rule: unknown, ctx) => {
      checkRule(rule, scanner, stage, ctx);
    }, EVERY_TIME);
}

export type RuleEntry = z.output<ReturnType<typeof ruleOption>>;

function unknownScannerMessage(input: Record<string, unknown>, ids: readonly string[]): string {
  const known = ids.join(', ');
  if (input.scanner === undefined) return `Required: one of ${known}`;
  return `Unknown scanner ${JSON.stringify(input.scanner)} (known: ${known})`;
}

function checkUniqueIds(rules: unknown, stage: Stage, ctx: z.RefinementCtx): void {
  if (!Array.isArray(rules)) return;
  const seen = new Map<string, number>();
  rules.forEach((rule: unknown, index) => {
    if (!isRecord(rule)) return;
    const explicit = typeof rule.id === 'string';
    const id = explicit ? rule.id : rule.scanner;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, index);
      return;
    }
    const hint = explicit ? '' : '; give one of them an `id`';
    ctx.addIssue({
      code: 'custom',
      path: [index, explicit ? 'id' : 'scanner'],
      message: `Duplicate rule id "${id}" in ${stage} (first used by ${stage}[${first}])${hint}`,
    });
  });
}

export function stageRules(scanners: readonly Scanner[], stage: Stage) {
  const ids = scanners.map((s) => s.id).sort();
  const [first, ...rest] = scanners.map((s) => ruleOption(s, stage));
  const rule = first
    ? z.discriminatedUnion('scanner', [first, ...rest], {
        // Only an object input can miss the discriminator; others keep zod's type message.
        error: (issue) =>
          isRecord(issue.input) ? unknownScannerMessage(issue.input, ids) : undefined,
      })
    : z.never({ error: 'No scanners are registered' });
  return z
    .array(rule)
    .superRefine((rules: unknown, ctx) => {
      checkUniqueIds(rules, stage, ctx);
    }, EVERY_TIME)
    .optional()
    .describe(
      `Rules of the ${stage} stage, run in parallel. With extends: merged with the parent's by id.`,
    );
}
