/** Hyper-parameters of the neural injection model shared by the exporter and the card. */
export const NEURAL_INJECTION = {
  tokens: { buckets: 1 << 16, maxTokens: 256 },
  /** Training texts are cut to this many characters (the linear model's `trainChars`). */
  trainChars: 1000,
} as const;
