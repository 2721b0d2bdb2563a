/**
 * What the audit store may keep of a text (issue 18 item 6): only what the stage's `redact`
 * rules have read and redacted. A text they could not read (a redact rule failed or timed out)
 * is stored as a fixed marker instead, whatever the rule's `on_error`: `flag` may let the text
 * go on to the model, but an audit event outlives the request and is read by reviewers and
 * exports, so it fails closed.
 */
import type { StageResult } from './stage-result.js';

/** Stored in place of a text whose redaction could not run. Never customer text. */
export const WITHHELD_TEXT = '[withheld: redaction failed]';

/** Whether a `redact` rule of the stage failed on its texts (which one is not recorded: all). */
export function redactionFailed(stage: StageResult): boolean {
  return stage.rules.some((r) => r.error !== undefined && r.rule.action === 'redact');
}

/** The text as stored: the redacted text, or the marker when the stage's redaction failed. */
export function storable(stage: StageResult, redacted: string): string {
  return redactionFailed(stage) ? WITHHELD_TEXT : redacted;
}
