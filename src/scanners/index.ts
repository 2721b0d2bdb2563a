// The scanner registry: one line per scanner (registry.test.ts checks every file is listed).
export { bannedPhrases } from './banned-phrases.js';
export { harmfulRequest } from './harmful-request.js';
export { invisibleText } from './invisible-text.js';
export { language } from './language.js';
export { length } from './length.js';
export { llmJudge } from './llm-judge.js';
export { pii } from './pii.js';
export { promptInjection } from './prompt-injection.js';
export { regex } from './regex.js';
export { secrets } from './secrets.js';
export { selfHarm } from './self-harm.js';
export { toxicity } from './toxicity.js';
