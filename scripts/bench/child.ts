/** Starts a benchmark process and waits until its output matches `ready` (capture group 1). */
import { spawn, type ChildProcess } from 'node:child_process';

const root = new URL('../../', import.meta.url).pathname;

export async function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  cwd = root,
): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env } });
  let out: string | null = '';
  const match = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      if (out === null) return; // after start-up, output is drained unread
      out += d.toString();
      const m = ready.exec(out);
      if (m?.[1]) {
        out = null;
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`child exited ${code}: ${out ?? ''}`));
    });
  });
  return { child, match };
}
