import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { sharedClassifiers } from '../classifiers/classifier-cache.js';
import { GatewayError } from '../errors.js';
import { guardInput, guardOutput } from '../pipeline/chat-stages.js';
import { explainRule, thresholdFor } from '../pipeline/explain.js';
import { ScanCache } from '../pipeline/scan-cache.js';
import { Vault } from '../redaction/vault.js';
import { loadPolicySet } from '../policy/store.js';
import { allScanners } from '../scanners/registry.js';

/** `parapet check`: one text through one stage of a policy, printed as the JSON decision. */
export async function runCheck(
  textArg: string,
  options: { policy: string; stage: string; policies?: string },
  config: Config,
): Promise<void> {
  if (options.stage !== 'input' && options.stage !== 'output') {
    throw new GatewayError('usage_invalid', { detail: '--stage must be input or output' });
  }
  const text = textArg === '-' ? readFileSync(0, 'utf8') : textArg;
  const countTokens = () => Promise.reject(new GatewayError('backend_unavailable'));
  const policies = loadPolicySet(options.policies ?? config.policies, {
    scanners: allScanners,
    deps: { countTokens },
    ...(config.secret === undefined ? {} : { secret: config.secret }),
  });
  const policy = policies.get(options.policy);
  if (!policy) {
    const dir = options.policies ?? config.policies;
    const known = policies.list().map((p) => p.product);
    throw new GatewayError('usage_invalid', {
      detail: `--policy: no policy named "${options.policy}" in ${dir} (products there: ${known.join(', ') || 'none'})`,
    });
  }
  // The policy's rules started loading their models; scanning before they are in and warmed up
  // would race each load against the rule's timeout and could fail closed on a cold machine.
  await sharedClassifiers.settled();
  const ctx = { vault: new Vault(), cache: new ScanCache(16), signal: AbortSignal.timeout(60_000) };
  const result =
    options.stage === 'input'
      ? await guardInput(policy, [{ role: 'user', content: text }], ctx).then((o) => ({
          stage: o.stage,
          text: o.redacted[0]?.content ?? '',
          // What the user would be answered instead of the model (applied: false in shadow mode).
          ...(o.response
            ? { response: { rule: o.response.rule, text: o.response.text, applied: o.answered } }
            : {}),
        }))
      : await guardOutput(policy, text, ctx).then((o) => ({ stage: o.stage, text: o.redacted }));
  const decision = {
    product: policy.product,
    policy_version: policy.version,
    mode: policy.mode,
    enforced: policy.mode === 'enforce',
    stage: options.stage,
    action: result.stage.action,
    text: result.text,
    ...('response' in result ? { response: result.response } : {}),
    // Every rule, fired or not, each with the threshold its score was held against.
    rules: result.stage.rules.map((r) => ({
      ...explainRule(result.stage.stage, r),
      findings: r.findings.map((f) => ({
        kind: f.kind,
        score: f.score,
        threshold: thresholdFor(r.rule, f.kind),
        ...(f.span ? { start: f.span.start, end: f.span.end } : {}),
      })),
    })),
  };
  process.stdout.write(JSON.stringify(decision, null, 2) + '\n');
}
