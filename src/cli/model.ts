import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import { pullModel } from '../backends/model-pull.js';

export async function runModelPull(which: string, config: Config): Promise<void> {
  if (which !== 'gemma') {
    throw new GatewayError('usage_invalid', {
      detail: `unknown model "${which}"; this build can pull: gemma`,
    });
  }
  const path = await pullModel('gemma', { directory: config.model_dir });
  process.stdout.write(`${path}\n`);
}
