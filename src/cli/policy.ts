import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import { loadPolicySet } from '../policy/store.js';
import { allScanners } from '../scanners/registry.js';

/** `parapet policy lint`: every problem as file:line:col path: message; exit 1 if any. */
export function runPolicyLint(dir: string | undefined, config: Config): void {
  const countTokens = () => Promise.reject(new GatewayError('backend_unavailable'));
  const policies = loadPolicySet(dir ?? config.policies, {
    scanners: allScanners,
    deps: { countTokens },
    ...(config.secret === undefined ? {} : { secret: config.secret }),
  });
  for (const p of policies.list()) {
    process.stdout.write(
      `ok  ${p.product} v${p.version} (${p.mode}; ${p.input.length} input, ${p.output.length} output rules)\n`,
    );
  }
}
