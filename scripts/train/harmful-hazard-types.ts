/** A hazard of harmful-hazards.ts's vocabulary, and the categories never generated. */
import type { HARM_CATEGORIES } from '../../src/classifiers/harm-heuristics.js';

type HarmCategory = (typeof HARM_CATEGORIES)[number];

/** A hazard: objects, what a harmful request does with one, and what a benign one does. */
export interface Hazard {
  /** The taxonomy's name, for the model card. */
  readonly name: string;
  /** The scanner category the harmful rows train; none: the `harmful` head only. */
  readonly category?: HarmCategory;
  readonly objects: readonly string[];
  /** Harmful actions on an object (infinitive, "synthesize sarin at home"). */
  readonly harmful: readonly ((o: string) => string)[];
  /** Benign actions on the same objects (infinitive, "recognise the symptoms of sarin"). */
  readonly benign: readonly ((o: string) => string)[];
  /** The objects are things ("sarin", "ransomware"), so benign questions about them read well. */
  readonly things?: boolean;
}

/**
 * Named so the taxonomy is complete, never generated: harmful-hazards.ts writes no text of this
 * kind, harmful or benign.
 */
export const NAMED_ONLY: readonly string[] = ['child sexual exploitation and abuse material'];
