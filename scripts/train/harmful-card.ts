/**
 * `node --import tsx scripts/train/harmful-card.ts`: rewrites models/harmful-request-v2/README.md
 * from the committed report.json, the ablation*.md files beside the model and the validation
 * scoring of the committed weights, exactly as `npm run train:harmful-request` writes it, without
 * the half hour of training. For an ablation that ships nothing: its table reaches the card
 * while the weights stay the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelCard } from './linear/model-card.js';
import type { TrainedReport } from './linear/linear-trainer.js';
import { HARMFUL_REQUEST_V2, reportValidation } from './train-harmful-request-v2.js';

const dir = join(HARMFUL_REQUEST_V2.outDir, HARMFUL_REQUEST_V2.name);
const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as TrainedReport;
writeFileSync(join(dir, 'README.md'), modelCard(HARMFUL_REQUEST_V2, report));
await reportValidation(HARMFUL_REQUEST_V2);
