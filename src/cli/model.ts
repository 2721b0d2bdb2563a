import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import { pullModel } from '../backends/model-pull.js';
import { pullToxicityModel } from '../backends/model-pull-toxicity.js';

const PULLABLE = ['gemma', 'toxicity'] as const;

export async function runModelPull(which: string, config: Config): Promise<void> {
  if (which === 'toxicity') {
    const dir = await pullToxicityModel({ directory: config.model_dir });
    process.stdout.write(`${dir}\n`);
    return;
  }
  if (which !== 'gemma') {
    throw new GatewayError('usage_invalid', {
      detail: `unknown model "${which}"; this build can pull: ${PULLABLE.join(', ')}`,
    });
  }
  const path = await pullModel('gemma', { directory: config.model_dir });
  process.stdout.write(`${path}\n`);
}
