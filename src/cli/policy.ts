import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import { loadPolicySet } from '../policy/store.js';
import { describeDrift, digestsFileFor, findDrift, readDigests } from '../policy/version-drift.js';
import { allScanners } from '../scanners/registry.js';

/**
 * `parapet policy lint`: every problem as file:line:col path: message; exit 1 if any. A policy
 * whose content changed since the gateway last loaded it, under the same version, gets a `warn`
 * line (exit 0: the file is valid).
 */
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
  const now = policies.list().map(({ product, version, sha256 }) => ({ product, version, sha256 }));
  for (const drift of findDrift(readDigests(digestsFileFor(config.keys)), now)) {
    process.stdout.write(`warn ${describeDrift(drift)}\n`);
  }
}
