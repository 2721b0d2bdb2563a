/**
 * The policy file schema (DESIGN §5), built from the scanner list so that each rule's `params`
 * is checked by its own scanner's zod schema. Keys stay snake_case here, as humans write them;
 * resolve.ts maps them to camelCase once. Defaults are applied after `extends` is resolved, not
 * here: a child file must only override the keys it actually writes.
 */
import { z } from 'zod';
import type { ChatRole } from '../backends/types.js';
import type { Scanner, Stage } from '../contract/types.js';
import { ADAPTER_FILE_NAME } from './adapter-file.js';
import { EVERY_TIME, isRecord, KEBAB, KEBAB_MESSAGE, stageRules } from './rule-schema.js';

export const STAGES = ['input', 'output'] as const satisfies readonly Stage[];
export const AUDIT_TEXT = ['all', 'flagged_only', 'none'] as const;
const ROLES = ['system', 'user', 'assistant', 'tool'] as const satisfies readonly ChatRole[];

/** Used for a policy without `extends`; a child inherits its parent's resolved values instead. */
export const POLICY_DEFAULTS = Object.freeze({
  mode: 'enforce',
  refusal: "Sorry, I can't help with that.",
  restore_pii: true,
  // flag, not allow or block: a scanner's silence on a language it never saw approves nothing,
  // yet blocking every such request would refuse users over a gap in the scanners, not the text.
  unsupported_language: 'flag',
  scan_roles: Object.freeze(['user', 'tool'] as const),
  // all, not flagged_only: reviewers label a sample of allowed decisions to find what the rules
  // missed, and that needs the text. A product that must not keep allowed chats opts in
  // (docs/audit.md argues the choice).
  audit: Object.freeze({ text: 'all' } as const),
  stream: Object.freeze({ holdback_chars: 160, check_every_chars: 80 }),
  input: Object.freeze([]),
  output: Object.freeze([]),
} as const);

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
        .describe(
          'Which input messages the input rules scan (and redact for the model). The other roles reach the model as written, but are stored in the audit event redacted by the input `redact` rules all the same.',
        ),
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
      audit: z
        .object({
          text: z
            .enum(AUDIT_TEXT)
            .optional()
            .describe(
              'Which decisions keep their (redacted) message and reply texts in the audit event: all (default), flagged_only (only blocked or flagged ones, i.e. those queued for review by a rule) or none. Scores, rules, findings and the hash chain are kept either way.',
            ),
        })
        .strict()
        .optional()
        .describe('What the audit store keeps of each decision. Inherited through extends.'),
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
      adapter: z
        .string()
        .regex(ADAPTER_FILE_NAME, 'Must be a file name like <product>.adapter.json')
        .optional()
        .describe(
          "The product's adapter, written by `parapet tune` from its review labels: a file in the policies directory. Its `mode` (shadow or enforce) says whether it changes decisions or only records what it would change. Reloaded with the policies; its name and sha256 go into every audit event. Not inherited.",
        ),
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
  '`response` goes with an `input` rule whose action is `flag` or `block`: an output rule decides after the reply exists, and an allow or redact rule lets the request through.',
  'Rule ids are unique within a stage. A rule without `id` takes its scanner id, so two rules of the same scanner in one stage need ids.',
  '`adapter` names a file in the policies directory that validates, was fitted for this product, and corrects only block or flag rules without `when` that the resolved policy has.',
  "`when.rule` names a rule of the same stage in the resolved policy (its own rules and its parents'), and `when` chains do not form a cycle.",
  "`supersedes` goes with `response` and names other rules of the same stage in the resolved policy (its own rules and its parents').",
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
