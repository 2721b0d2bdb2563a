/**
 * Reads a policy's adapter file, checks it against the resolved policy and attaches each rule's
 * correction. Every problem is the policy's problem (the whole set then fails to load, and a
 * running gateway keeps its last good set): an adapter naming a rule the policy does not have,
 * or one it cannot apply, must not load as if it did nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hashedNgrams, type HashedNgramConfig } from '../classifiers/linear/hashed-ngrams.js';
import { sha256Hex } from './digest.js';
import { adapterFileSchema, type AdapterFile, type AdapterRuleEntry } from './adapter-file.js';
import type { Policy, Rule, RuleAdapter } from './types.js';

/** The featurizer config of an adapter file, in the shipped featurizer's shape. */
export function adapterFeaturizer(file: Pick<AdapterFile, 'featurizer'>): HashedNgramConfig {
  const f = file.featurizer;
  return {
    kind: 'hashed-ngrams',
    buckets: f.buckets,
    wordNgrams: f.word_ngrams,
    charNgrams: f.char_ngrams,
  };
}

/** The linear term: the dot product of the sparse weights with the text's hashed n-grams. */
export function correctionOf(
  config: HashedNgramConfig,
  indices: readonly number[],
  weights: readonly number[],
): (text: string) => number {
  const byBucket = new Map<number, number>();
  indices.forEach((b, i) => byBucket.set(b, weights[i] ?? 0));
  return (text) => {
    const x = hashedNgrams(text, config);
    let dot = 0;
    for (let i = 0; i < x.indices.length; i++) {
      dot += (byBucket.get(x.indices[i] ?? 0) ?? 0) * (x.values[i] ?? 0);
    }
    return dot;
  };
}

/** Why a rule cannot take an adapter, or undefined when it can. */
export function unadaptable(rule: Rule): string | undefined {
  if (rule.when) return 'a cascade rule (`when`) cannot take an adapter';
  if (rule.action !== 'block' && rule.action !== 'flag') {
    // redact needs spans the adapter cannot supply; allow rules only measure.
    return `only block and flag rules take an adapter (this one is ${rule.action})`;
  }
  return undefined;
}

function attach(policy: Policy, file: AdapterFile): { policy?: Policy; problems: string[] } {
  const config = adapterFeaturizer(file);
  const byKey = new Map<string, AdapterRuleEntry>();
  const problems: string[] = [];
  file.rules.forEach((entry, i) => {
    const key = `${entry.stage}:${entry.rule}`;
    const rule = (entry.stage === 'input' ? policy.input : policy.output).find(
      (r) => r.id === entry.rule,
    );
    const why = rule ? unadaptable(rule) : `no ${entry.stage} rule "${entry.rule}" in the policy`;
    if (why) problems.push(`rules[${i}]: ${why}`);
    else if (byKey.has(key)) problems.push(`rules[${i}]: ${key} appears twice`);
    else byKey.set(key, entry);
  });
  if (problems.length > 0) return { problems };
  const adapt = (stage: 'input' | 'output') => (rule: Rule) => {
    const entry = byKey.get(`${stage}:${rule.id}`);
    if (!entry) return rule;
    const adapter: RuleAdapter = Object.freeze({
      a: entry.platt.a,
      c: entry.platt.c,
      mode: file.mode,
      ...(entry.correction
        ? { correction: correctionOf(config, entry.correction.indices, entry.correction.weights) }
        : {}),
    });
    return Object.freeze({ ...rule, adapter });
  };
  return {
    problems,
    policy: Object.freeze({
      ...policy,
      input: Object.freeze(policy.input.map(adapt('input'))),
      output: Object.freeze(policy.output.map(adapt('output'))),
    }),
  };
}

/**
 * `dir` is the policies directory; `name` a plain file name in it (the schema's pattern). The
 * returned policy carries the adapter's name, sha256 and mode for the audit events.
 */
export function withAdapter(
  policy: Policy,
  dir: string,
  name: string,
): { policy?: Policy; problems: string[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(dir, name));
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown error';
    return { problems: [`Cannot read adapter ${name} (${code})`] };
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { problems: [`Adapter ${name} is not valid JSON`] };
  }
  const parsed = adapterFileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map(
        (i) => `Adapter ${name}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
      ),
    };
  }
  if (parsed.data.product !== policy.product) {
    return { problems: [`Adapter ${name} was fitted for "${parsed.data.product}"`] };
  }
  const attached = attach(policy, parsed.data);
  if (!attached.policy) return { problems: attached.problems.map((p) => `Adapter ${name}: ${p}`) };
  const sha256 = sha256Hex([bytes]);
  return {
    problems: [],
    policy: Object.freeze({
      ...attached.policy,
      adapter: Object.freeze({ name, sha256, mode: parsed.data.mode }),
    }),
  };
}
