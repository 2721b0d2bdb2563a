/**
 * How harmful-request-v2's sources become training rows: the shipped choice and the knobs the
 * ablations turn (scripts/train/harmful-variant.ts overrides them from JSON).
 */
import type { LinearTrainConfig } from './linear/linear-trainer.js';

export const HARMFUL_SEED = 20261217;

/** How a source's rows become training rows; `HARMFUL_REQUEST_OPTIONS` is the shipped choice. */
export interface HarmfulRequestOptions {
  /** New request forms written per question (harmful-phrasings.ts), on both labels. */
  readonly rephrasings: number;
  /** Multiplier on the everyday benign_chat sources' mass. */
  readonly benignChatWeight: number;
  /** Also train on every sentence window of long benign texts, as the scanner scores them. */
  readonly benignSentences: boolean;
  /** Harmful requests and as many benign look-alikes written by harmful-lookalikes.ts (0: none). */
  readonly lookalikes: number;
  /** Orders for harmful content and as many benign orders of the same forms (harmful-content-requests.ts). */
  readonly contentRequests: number;
  /** Harmful requests over the hazard vocabulary and as many benign look-alikes (harmful-hazards.ts). */
  readonly hazards?: number;
  /** Benign hazard look-alikes per harmful hazard request (default 1). */
  readonly hazardBenign?: number;
  readonly hardNegatives?: LinearTrainConfig['hardNegatives'];
}

export const HARMFUL_REQUEST_OPTIONS: HarmfulRequestOptions = {
  rephrasings: 2,
  benignChatWeight: 1,
  benignSentences: true,
  lookalikes: 1500,
  // Tried at 400 (docs/models.md#harmful-request-v2): more recall, more benign prompts blocked.
  contentRequests: 0,
  // After a first fit, the 5 % of benign training rows scored highest weigh 3× and the model is
  // fitted again: long role prompts and look-alikes were what held the threshold up.
  hardNegatives: { share: 0.05, boost: 3 },
};
