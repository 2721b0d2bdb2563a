/**
 * The policy file schema (DESIGN §5), built from the scanner list so that each rule's `params`
 * is checked by its own scanner's zod schema. Keys stay snake_case here, as humans write them;
 * resolve.ts maps them to camelCase once. Defaults are applied after `extends` is resolved, not
 * here: a child file must only override the keys it actually writes.
 */
import { z } from 'zod';
import type { ChatRole } from '../backends/types.js';
import { OperatorTable } from '../redaction/operators.js';
import type { Scanner, Stage } from '../contract/types.js';

export const STAGES = ['input', 'output'] as const satisfies readonly Stage[];
const ACTIONS = ['allow', 'flag', 'redact', 'block'] as const;
const ROLES = ['system', 'user', 'assistant', 'tool'] as const satisfies readonly ChatRole[];
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEBAB_MESSAGE = 'Must be kebab-case (a-z, 0-9 and single dashes)';

/** Used for a policy without `extends`; a child inherits its parent's resolved values instead. */
export const POLICY_DEFAULTS = Object.freeze({
  mode: 'enforce',
  refusal: "Sorry, I can't help with that.",
  restore_pii: true,
  // flag, not allow or block: a scanner's silence on a language it never saw approves nothing,
  // yet blocking every such request would refuse users over a gap in the scanners, not the text.
  unsupported_language: 'flag',
  scan_roles: Object.freeze(['user', 'tool'] as const),
  stream: Object.freeze({ holdback_chars: 160, check_every_chars: 80 }),
  input: Object.freeze([]),
  output: Object.freeze([]),
} as const);

export const RULE_DEFAULTS = Object.freeze({
  threshold: 0.5,
  on_error: 'block',
  timeout_ms: 1000,
} as const);

// Cross-field checks run even when other fields already failed, so that one load reports every
// problem in a file instead of the first layer of them.
const EVERY_TIME = { when: () => true };

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

function isRecord(value: unknown): value is Record<string, unknown> {
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
  if (!scanner.stages.includes(stage)) {
    ctx.addIssue({
      code: 'custom',
      path: ['scanner'],
      message: `Scanner "${scanner.id}" does not support the ${stage} stage (it supports: ${scanner.stages.join(', ')})`,
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

function stageRules(scanners: readonly Scanner[], stage: Stage) {
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

export function createPolicySchema(scanners: readonly Scanner[]) {
  return z
    .object({
      product: z
        .string()
        .regex(KEBAB, KEBAB_MESSAGE)
        .describe('Product name; must equal the file name without .yaml.'),
      version: z
        .int()
        .min(1)
        .describe('Policy version, bumped on every change; recorded in each audit event.'),
      extends: z
        .string()
        .regex(KEBAB, KEBAB_MESSAGE)
        .optional()
        .describe(
          'Another product in the same directory whose resolved policy this one starts from.',
        ),
      description: z
        .string()
        .min(1)
        .max(500)
        .optional()
        .describe('What the product is, for reviewers. Not inherited.'),
      mode: z
        .enum(['enforce', 'shadow'])
        .optional()
        .describe(
          'enforce applies decisions; shadow computes and records them but passes traffic unchanged.',
        ),
      refusal: z
        .string()
        .regex(/\S/, 'Must not be blank')
        .max(2000)
        .optional()
        .describe('Text the user gets instead of a blocked reply.'),
      restore_pii: z
        .boolean()
        .optional()
        .describe(
          'Put values redacted from the input back into the reply for the user (never for the model).',
        ),
      unsupported_language: z
        .enum(['allow', 'flag', 'block'])
        .optional()
        .describe(
          'What a rule adds when the text is in a language its scanner does not declare (trained classifiers: eng): allow (record only), flag (queue for review; default) or block. The scanner still runs and its score counts. Texts under 40 characters are not judged.',
        ),
      scan_roles: z
        .array(z.enum(ROLES))
        .min(1)
        .refine((roles) => new Set(roles).size === roles.length, 'Roles must not repeat')
        .optional()
        .describe('Which input messages the input rules scan.'),
      stream: z
        .object({
          holdback_chars: z
            .int()
            .min(0)
            .max(4096)
            .optional()
            .describe(
              'Characters of a streamed reply held back after the last scan, so an entity or phrase still arriving is seen whole before release. At least the longest entity or placeholder.',
            ),
          check_every_chars: z
            .int()
            .min(1)
            .max(4096)
            .optional()
            .describe(
              'New characters between output scans of a stream (a sentence end also triggers one). Smaller: earlier release, more scans.',
            ),
        })
        .strict()
        .optional()
        .describe('Streaming guard settings.'),
      limits: z
        .object({
          tokens_per_minute: z
            .int()
            .min(1)
            .describe(
              "Prompt + completion tokens (as the backend reports them) the product's chat requests may use per one-minute window, over all its keys and replicas; then 429 token_limit_exceeded until the next window.",
            ),
        })
        .strict()
        .optional()
        .describe('Usage limits of the product (none when absent). Inherited through extends.'),
      input: stageRules(scanners, 'input'),
      output: stageRules(scanners, 'output'),
    })
    .strict();
}

export type PolicySchema = ReturnType<typeof createPolicySchema>;

/** The checks above that span several keys, as the policy reference states them. */
export const CROSS_FIELD_CHECKS: readonly string[] = [
  '`product` equals the file name without its extension.',
  'A rule sets `threshold` or `thresholds`, not both.',
  '`action: redact` needs a scanner that localizes its findings (see each scanner below).',
  '`operators` goes with `action: redact`; a `hash` operator needs `PARAPET_SECRET` (the policy is rejected without it).',
  "A rule's scanner must support the stage (`input` or `output`) the rule is listed under.",
  'Rule ids are unique within a stage. A rule without `id` takes its scanner id, so two rules of the same scanner in one stage need ids.',
  "`when.rule` names a rule of the same stage in the resolved policy (its own rules and its parents'), and `when` chains do not form a cycle.",
];
export type PolicyFile = z.output<PolicySchema>;

/** The schema for one file: the product must be named after its file. */
export function policyFileSchema(schema: PolicySchema, fileProduct: string) {
  return schema.superRefine((policy: unknown, ctx) => {
    if (!isRecord(policy) || typeof policy.product !== 'string') return;
    if (policy.product !== fileProduct) {
      ctx.addIssue({
        code: 'custom',
        path: ['product'],
        message: `Must equal the file name "${fileProduct}"`,
      });
    }
  }, EVERY_TIME);
}
