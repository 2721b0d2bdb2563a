/**
 * The shared store cases (review queue, labels, stats, tamper evidence, retention, checkpoints) against the
 * Postgres store, each store in its own schema of the local test database. Skips with a message
 * when no Postgres answers.
 */
import { after } from 'node:test';
import { chainCases } from '../chain-cases.js';
import { checkpointCases } from '../checkpoint-cases.js';
import { postgresHarness, postgresSkipReason } from './postgres-test-helpers.js';
import { reviewCases } from '../review-cases.js';

const skip = await postgresSkipReason();
if (skip !== undefined) process.stdout.write(`${skip}\n`);
const harness = postgresHarness(skip);
after(harness.cleanupAll);

reviewCases(harness);
chainCases(harness);
checkpointCases(harness);
