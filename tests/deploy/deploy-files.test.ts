/**
 * Docker cannot run on the development machines, so the Dockerfile and docker-compose.yml are
 * checked structurally: what they copy exists, the runtime is unprivileged and health-checked,
 * and every PARAPET_* variable they set is one the gateway knows and accepts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigSchema, loadConfig } from '../../src/config.js';

const root = new URL('../../', import.meta.url).pathname;
const read = (file: string) => readFileSync(`${root}${file}`, 'utf8');

interface Instruction {
  readonly op: string;
  readonly args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const Service = z
  .object({
    build: z.string().optional(),
    image: z.string().optional(),
    environment: z.record(z.string(), z.string()).optional(),
    depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
    healthcheck: z
      .object({ test: z.array(z.string()).min(2) })
      .loose()
      .optional(),
  })
  .loose()
  .refine((s) => (s.build === undefined) !== (s.image === undefined), 'build or image, not both');
const Compose = z
  .object({
    services: z.record(z.string(), Service),
    volumes: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

describe('Dockerfile', () => {
  const steps = instructions(read('Dockerfile'));
  const finalStage = steps.slice(steps.map((s) => s.op).lastIndexOf('FROM'));

  it('when built, then dependencies come from a separate stage and every copied path exists', () => {
    assert.ok(steps.filter((s) => s.op === 'FROM').length >= 2, 'multi-stage');
    // `npm ci` compiles dist/ through `prepare` (tsc is a dev dependency); then they are pruned.
    assert.ok(steps.some((s) => s.op === 'RUN' && /npm ci\b.*npm prune --omit=dev/.test(s.args)));
    for (const copy of steps.filter((s) => s.op === 'COPY' && !s.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources)
        assert.ok(existsSync(`${root}${source}`), `COPY ${source}: not in the repository`);
    }
  });

  it('when run, then the compiled CLI, the bundled models and the policies are in the image', () => {
    const copied = finalStage.filter((s) => s.op === 'COPY').map((s) => s.args);
    assert.ok(
      copied.some((args) => /^--from=\w+ \/app\/dist /.test(args)),
      'dist/ from the build',
    );
    for (const dir of ['bin', 'models', 'policies'])
      assert.ok(copied.includes(`${dir} ./${dir}`), `COPY ${dir}`);
  });

  it('when run, then it is unprivileged, health-checked and starts the gateway', () => {
    const user = finalStage.filter((s) => s.op === 'USER').at(-1)?.args;
    assert.ok(user && user !== 'root' && user !== '0', 'runs as a non-root user');
    assert.ok(finalStage.some((s) => s.op === 'HEALTHCHECK' && s.args.includes('/healthz')));
    assert.match(finalStage.find((s) => s.op === 'CMD')?.args ?? '', /bin\/parapet\.js", "serve"/);
  });

  it('when its ENV settings are loaded, then the gateway accepts them', () => {
    const env: Record<string, string> = {};
    for (const s of finalStage.filter((x) => x.op === 'ENV')) {
      for (const [, k = '', v = ''] of s.args.matchAll(/(\w+)=(\S+)/g)) env[k] = v;
    }
    assert.ok(Object.keys(env).some((k) => k.startsWith('PARAPET_')));
    assert.doesNotThrow(() =>
      loadConfig({ ...env, PARAPET_PULL_ON_START: 'false' }, {}, undefined),
    );
  });
});

describe('docker-compose.yml', () => {
  const compose = Compose.parse(parseYaml(read('docker-compose.yml')));
  const known = new Set(Object.keys(ConfigSchema.shape).map((k) => `PARAPET_${k.toUpperCase()}`));

  it('when parsed, then every dependency is a service and is health-checked', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {})) {
        assert.ok(dep in compose.services, `${name} depends on unknown service ${dep}`);
        assert.ok(compose.services[dep]?.healthcheck, `${dep} has no healthcheck to wait on`);
      }
    }
  });

  it('when the gateway service is configured, then every variable is known, valid and points at a service', () => {
    const gateway = Object.values(compose.services).find((s) => s.build !== undefined);
    const env = gateway?.environment ?? {};
    for (const key of Object.keys(env))
      assert.ok(known.has(key), `${key} is not a Parapet setting`);
    assert.doesNotThrow(() =>
      loadConfig({ ...env, PARAPET_PULL_ON_START: 'false' }, {}, undefined),
    );
    for (const value of Object.values(env)) {
      // Skips user:password@ (a Postgres URL), so the host is what gets checked.
      const host = /^\w+:\/\/(?:[^@/]*@)?([^:/]+)/.exec(value)?.[1];
      if (host) assert.ok(host in compose.services, `${value}: ${host} is not a service`);
    }
  });
});
