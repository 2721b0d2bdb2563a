/**
 * Experiment helper: trains harmful-request-v2 with HARMFUL_REQUEST_OPTIONS overridden by the
 * JSON in argv[2] into .cache/harm/<argv[3]>/ (trainer settings such as `epochs` overridden by
 * the JSON in argv[4]) and prints the validation table with the threshold the policy's rule picks.
 */
import { fileURLToPath } from 'node:url';
import { trainLinearTask } from './linear/linear-trainer.js';
import {
  HARMFUL_REQUEST_OPTIONS,
  harmfulRequestConfig,
  reportValidation,
} from './train-harmful-request-v2.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const options = { ...HARMFUL_REQUEST_OPTIONS, ...(JSON.parse(process.argv[2] ?? '{}') as object) };
const config = {
  ...harmfulRequestConfig(options, `${root}.cache/harm/${process.argv[3] ?? 'x'}`),
  ...(JSON.parse(process.argv[4] ?? '{}') as object),
};
await trainLinearTask(config);
console.error(await reportValidation(config, options));
