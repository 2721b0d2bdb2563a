/**
 * Next-token probabilities from the embedded model, for the LLM judge: the prompt is evaluated
 * into a context sequence and the full vocabulary distribution after it is read. No token is
 * generated, so there is no sampling noise: the same prompt always gives the same numbers.
 */
import {
  LlamaText,
  SpecialToken,
  SpecialTokensText,
  type ControlledEvaluateInputItem,
  type LlamaContextSequence,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { GatewayError } from '../errors.js';
import type { PromptPiece } from '../contract/types.js';

/** Gemma's template for one user turn and the start of the model's reply. */
export function judgeTokens(model: LlamaModel, prompt: readonly PromptPiece[]): Token[] {
  const text = LlamaText([
    new SpecialToken('BOS'),
    new SpecialTokensText('<start_of_turn>user\n'),
    // Plain strings in a LlamaText are tokenized without special tokens: customer text stays text.
    ...prompt.map((p) => (p.control === true ? new SpecialTokensText(p.text) : p.text)),
    new SpecialTokensText('<end_of_turn>\n<start_of_turn>model\n'),
  ]);
  return text.tokenize(model.tokenizer);
}

/** Each candidate's first token; two candidates that start alike cannot be told apart. */
export function candidateTokens(model: LlamaModel, candidates: readonly string[]): Token[] {
  const tokens = candidates.map((c) => model.tokenize(c, false)[0]);
  const known = tokens.filter((t): t is Token => t !== undefined);
  if (known.length !== candidates.length || new Set(known).size !== known.length) {
    throw new GatewayError('backend_error', {
      detail: 'judge candidates must each start with a distinct token',
    });
  }
  return known;
}

export async function readNextToken(
  model: LlamaModel,
  sequence: LlamaContextSequence,
  prompt: readonly PromptPiece[],
  candidates: readonly string[],
): Promise<number[]> {
  const wanted = candidateTokens(model, candidates);
  const tokens = judgeTokens(model, prompt);
  if (tokens.length >= sequence.contextSize) {
    throw new GatewayError('backend_error', {
      detail: `the judge prompt needs ${tokens.length} tokens; the model context holds ${sequence.contextSize}`,
    });
  }
  const last = tokens.length - 1;
  // The untempered distribution (temperature 1, no top-k/top-p/min-p cut): P(token | prompt).
  const options = { temperature: 1, topK: 0, topP: 1, minP: 0 };
  const input = tokens.map((token, i): ControlledEvaluateInputItem =>
    i === last ? [token, { generateNext: { probabilities: true, options } }] : token,
  );
  const output = await sequence.controlledEvaluate(input);
  const probabilities = output[last]?.next.probabilities;
  if (!probabilities) {
    throw new GatewayError('backend_error', { detail: 'the model returned no probabilities' });
  }
  return wanted.map((token) => probabilities.get(token) ?? 0);
}
