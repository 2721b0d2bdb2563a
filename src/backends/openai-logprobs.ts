/**
 * The LLM judge over the OpenAI wire format: one reply token with `logprobs` and `top_logprobs`
 * (OpenAI, llama.cpp server and vLLM all answer them), read as candidate probabilities.
 * Like openai-wire.ts: pure, and malformed input is a backend_error with a fixed detail.
 */
import { GatewayError } from '../errors.js';
import type { NextTokenRequest } from '../contract/types.js';

/** OpenAI's maximum; a candidate outside the top 20 has a probability too small to matter. */
export const TOP_LOGPROBS = 20;

/**
 * Servers such as llama.cpp parse control tokens in message text, so customer text that spells
 * a turn marker is defused (a zero-width space after `<`) before it is quoted to the judge.
 */
function plain(text: string): string {
  return text.replace(/<(?=\/?(?:start_of_turn|end_of_turn|bos|eos)>)/g, '<\u200b');
}

export function judgeBody(model: string, request: NextTokenRequest): string {
  const content = request.prompt.map((p) => (p.control === true ? p.text : plain(p.text)));
  return JSON.stringify({
    model,
    // The upstream applies its own chat template around this one user message.
    messages: [{ role: 'user', content: content.join('') }],
    max_tokens: 1,
    temperature: 0,
    logprobs: true,
    top_logprobs: TOP_LOGPROBS,
    stream: false,
  });
}

interface TopLogprob {
  readonly token?: unknown;
  readonly logprob?: unknown;
}

function firstTokenAlternatives(raw: string): readonly TopLogprob[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new GatewayError('backend_error', { detail: 'upstream sent invalid JSON' });
  }
  const content = (
    json as { choices?: { logprobs?: { content?: { top_logprobs?: unknown }[] } }[] } | null
  )?.choices?.[0]?.logprobs?.content?.[0]?.top_logprobs;
  if (!Array.isArray(content)) {
    throw new GatewayError('backend_error', { detail: 'upstream sent no top_logprobs' });
  }
  return content as readonly TopLogprob[];
}

/**
 * P(candidate) for each candidate: the sum of exp(logprob) over the first token's alternatives
 * that spell it (ignoring leading whitespace, as tokenizers differ on `Yes` vs ` Yes`); 0 when
 * the candidate is not among them.
 */
export function candidateProbabilities(raw: string, candidates: readonly string[]): number[] {
  const alternatives = firstTokenAlternatives(raw);
  return candidates.map((candidate) =>
    alternatives.reduce((sum, alt) => {
      if (typeof alt.token !== 'string' || typeof alt.logprob !== 'number') return sum;
      return alt.token.trimStart() === candidate ? sum + Math.exp(alt.logprob) : sum;
    }, 0),
  );
}
