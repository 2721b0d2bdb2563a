/**
 * Labeled decisions → `parapet eval` classification rows (docs/eval-format.md): `label` 1 means
 * "this text should be flagged". The reviewer's verdict is about the whole decision, so a row is
 * built per stage, from that stage's stored (redacted) text and whether that stage fired:
 *
 * | verdict          | stage fired (a rule's action was not allow, or it errored) | label |
 * | ---------------- | ---------------------------------------------------------- | ----- |
 * | `correct`        | yes: the flag or block was right                           | 1     |
 * | `correct`        | no: an allowed decision was rightly allowed                | 0     |
 * | `false_positive` | either: the reviewer says nothing here should be flagged   | 0     |
 * | `missed`         | either: something should have been flagged                 | 1     |
 *
 * `missed` does not say which stage missed, so it marks both stages' texts 1: export the stage
 * you evaluate, and read the reviewer's note in the UI when it matters. A stage with no text
 * (output of a request blocked at input, a guard call) gives no row.
 */
import type { StoredAuditEvent } from '../audit/types.js';
import type { Stage } from '../contract/types.js';
import type { Label } from '../audit/review-types.js';

export interface EvalExportRow {
  readonly id: string;
  readonly text: string;
  readonly label: 0 | 1;
  /** Ignored by `parapet eval`; says where the row came from. */
  readonly meta: {
    readonly decision_id: string;
    readonly product: string;
    readonly time: string;
    readonly stage: Stage;
    readonly action: string;
    readonly verdict: Label['verdict'];
    readonly policy_version: number;
    readonly scanners: readonly string[];
  };
}

/** Roles whose text the input scanners judge (the untrusted parts of a chat). */
const UNTRUSTED_ROLES = new Set(['user', 'tool']);

/** '' when the policy's audit.text left the texts out: such a decision gives no export row. */
export function stageText(event: StoredAuditEvent, stage: Stage): string {
  if (event.textOmitted) return '';
  if (stage === 'output') return event.output?.text ?? '';
  return event.input.messages
    .filter((m) => UNTRUSTED_ROLES.has(m.role))
    .map((m) => m.content ?? '')
    .join('\n\n');
}

export function firedAt(event: StoredAuditEvent, stage: Stage): string[] {
  const fired = event.rules.filter(
    (r) => r.stage === stage && (r.action !== 'allow' || r.error !== undefined),
  );
  return [...new Set(fired.map((r) => r.scanner))].sort();
}

export function labelFor(verdict: Label['verdict'], stageFired: boolean): 0 | 1 {
  switch (verdict) {
    case 'missed':
      return 1;
    case 'false_positive':
      return 0;
    case 'correct':
      return stageFired ? 1 : 0;
  }
}

export function exportRow(
  event: StoredAuditEvent,
  label: Label,
  stage: Stage,
): EvalExportRow | undefined {
  const text = stageText(event, stage);
  if (text === '') return undefined;
  const scanners = firedAt(event, stage);
  return {
    id: `${event.id}:${stage}`,
    text,
    label: labelFor(label.verdict, scanners.length > 0),
    meta: {
      decision_id: event.id,
      product: event.product,
      time: event.time,
      stage,
      action: event.action,
      verdict: label.verdict,
      policy_version: event.policyVersion,
      scanners,
    },
  };
}
