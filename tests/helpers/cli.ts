/** Runs the real `parapet` command (bin/parapet.js) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/parapet.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly logs: () => string;
  stop(): Promise<number | null>;
}

/** Starts `parapet serve` on port 0 and waits for its "listening" log line. */
export async function startServe(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let logs = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`serve did not start:\n${logs}`));
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => {
      logs += d.toString();
      const match =
        /"message":"listening"[^\n]*"url":"([^"]+)"/.exec(logs) ??
        /"url":"([^"]+)"[^\n]*"message":"listening"/.exec(logs);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${logs}`));
    });
  });
  return {
    child,
    url,
    logs: () => logs,
    async stop() {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
