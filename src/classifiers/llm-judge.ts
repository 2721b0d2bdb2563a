/**
 * The LLM judge: P("Yes") that a text violates a policy, read from the chat model's first-token
 * probabilities for "Yes" and "No" and normalised over the two (ShieldGemma's scoring). No text
 * is generated, so the score is deterministic for a given model and prompt.
 */
import type { NextTokenRequest } from '../contract/types.js';
import { GatewayError } from '../errors.js';
import type { Stage } from '../contract/types.js';
import { judgePrompt, NO, YES } from './llm-judge-prompt.js';

export type NextTokenProbabilities = (request: NextTokenRequest) => Promise<readonly number[]>;

export interface JudgeQuestion {
  readonly policyText: string;
  readonly text: string;
  readonly stage: Stage;
}

/**
 * P(Yes) / (P(Yes) + P(No)). When the model puts no weight on either answer it has not judged,
 * which is an error (the rule's on_error applies), never a pass.
 */
export function yesShare(pYes: number, pNo: number): number {
  const total = pYes + pNo;
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new GatewayError('backend_error', { detail: 'the judge answered neither Yes nor No' });
  }
  return pYes / total;
}

export async function judge(
  ask: NextTokenProbabilities,
  question: JudgeQuestion,
  signal: AbortSignal,
): Promise<number> {
  const prompt = judgePrompt(question.policyText, question.text, question.stage);
  const [pYes = 0, pNo = 0] = await ask({ prompt, candidates: [YES, NO], signal });
  return yesShare(pYes, pNo);
}
