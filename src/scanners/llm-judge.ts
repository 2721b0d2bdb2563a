/**
 * Asks the chat model (Gemma, or a ShieldGemma model behind the backend) whether a text violates
 * the product's own policy text; score = P("Yes") from its first-token probabilities. Slow (one
 * model evaluation per text): meant as the last tier of a cascade (`when:`), where fast scanners
 * are unsure. Quality is the model's: a general chat model judges worse than ShieldGemma.
 */
import { z } from 'zod';
import { judge } from '../classifiers/llm-judge.js';
import { defineScanner } from '../contract/define-scanner.js';

const Params = z
  .object({
    policy_text: z
      .string()
      .regex(/\S/, 'Must not be blank')
      .max(4000)
      .describe(
        'The principle the judge checks the text against, in the product\'s own words, e.g. "No Dangerous Content: the prompt shall not seek instructions for harming people."',
      ),
  })
  .strict();

export const llmJudge = defineScanner({
  id: 'llm-judge',
  version: '1',
  stages: ['input', 'output'],
  localizes: false,
  params: Params,
  description:
    'LLM judge: asks the chat model whether the text violates `policy_text`; score = P(Yes) normalised over Yes/No.',
  create({ policy_text: policyText }, deps) {
    return async ({ text, stage, signal }) => {
      signal.throwIfAborted();
      // Nothing to judge: no model call, and no verdict the model could get wrong.
      if (text.trim() === '') return { score: 0, findings: [] };
      const ask = deps.nextTokenProbabilities;
      // Fail closed: the rule's on_error applies; a judge that cannot ask has approved nothing.
      if (!ask) throw new Error('no chat model is available to the LLM judge');
      const score = await judge(ask, { policyText, text, stage }, signal);
      return {
        score,
        findings: [{ kind: 'policy-violation', score, note: 'P(Yes) from the LLM judge' }],
      };
    };
  },
});
