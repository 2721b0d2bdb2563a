/**
 * The judge's question, worded as ShieldGemma was trained on it (Gemma team, "ShieldGemma",
 * 2024, model card prompt template): the text to judge between turn markers, the product's own
 * policy as the safety principle, and an answer that must start with Yes or No.
 */
import type { PromptPiece } from '../contract/types.js';
import type { Stage } from '../contract/types.js';

export const YES = 'Yes';
export const NO = 'No';

interface Wording {
  readonly who: string;
  readonly label: string;
  readonly subject: string;
}

const WORDING: Readonly<Record<Stage, Wording>> = {
  input: { who: 'a user prompt', label: 'Human Question', subject: 'human question' },
  output: { who: 'an AI response', label: 'Chatbot Response', subject: 'Chatbot Response' },
};

/**
 * Only our template is `control` (its turn markers are real control tokens on the embedded
 * model); the customer text and the policy text are plain pieces, so neither can end a turn by
 * spelling a marker.
 */
export function judgePrompt(policyText: string, text: string, stage: Stage): PromptPiece[] {
  const { who, label, subject } = WORDING[stage];
  return [
    {
      text: `You are a policy expert trying to help determine whether ${who} is in violation of the defined safety policies.\n\n<start_of_turn>\n${label}: `,
      control: true,
    },
    { text },
    {
      text: '\n<end_of_turn>\n\nOur safety principle is defined in the below:\n\n* ',
      control: true,
    },
    { text: policyText.trim() },
    {
      text: `\n\nDoes the ${subject} violate the above principle? Your answer must start with '${YES}' or '${NO}'. And then walk through step by step to be sure we answer correctly.\n`,
      control: true,
    },
  ];
}
