/**
 * An optional second model for `llm-judge` rules (PARAPET_JUDGE_MODEL), such as a ShieldGemma
 * GGUF: judges then never wait for, or compete with, chat generations on the chat model, and a
 * model trained as a classifier answers the judge's question. Without it the chat backend judges.
 */
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import { createLlamaBackend } from './llama.js';
import type { ChatBackend } from './types.js';

export async function openJudgeModel(
  config: Pick<Config, 'judge_model' | 'llama_threads' | 'llama_context_size' | 'llama_max_queue'>,
  logger: Logger,
): Promise<ChatBackend | undefined> {
  const modelPath = config.judge_model;
  if (modelPath === undefined) return undefined;
  // Asked for explicitly: a missing or broken file stops the start, like PARAPET_MODEL does.
  if (!existsSync(modelPath)) {
    throw new GatewayError('config_invalid', {
      detail: `PARAPET_JUDGE_MODEL: ${modelPath} does not exist`,
    });
  }
  const judge = await createLlamaBackend({
    modelPath,
    contextSize: config.llama_context_size,
    sequences: 1,
    maxQueue: config.llama_max_queue,
    logger: (level, message) => logger.log(level, 'llama.cpp', { detail: message.trim() }),
    ...(config.llama_threads ? { threads: config.llama_threads } : {}),
  }).catch((cause: unknown) => {
    throw new GatewayError('config_invalid', {
      detail: 'PARAPET_JUDGE_MODEL: the model could not be loaded',
      cause,
    });
  });
  logger.info('judge model loaded', { model: judge.info().model });
  return judge;
}
