/** The memory soak of `npm run bench:load -- --soak-requests N`: RSS and V8 heap over N requests. */
import { readFileSync } from 'node:fs';

export interface MemorySample {
  readonly requests: number;
  readonly seconds: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function heapMb(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const used = /^parapet_process_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1];
  return Number(used) / 2 ** 20;
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/** Sends `total` requests in chunks through `send`, sampling memory after each chunk. */
export async function soak(
  gatewayUrl: string,
  pid: number,
  total: number,
  maxSeconds: number,
  send: (amount: number) => Promise<{ requests: number; bad: number }>,
) {
  const samples: MemorySample[] = [];
  const started = performance.now();
  let done = 0;
  let bad = 0;
  const sample = async () => {
    samples.push({
      requests: done,
      seconds: (performance.now() - started) / 1000,
      rssMb: rssMb(pid),
      heapMb: await heapMb(gatewayUrl),
    });
  };
  await sample();
  while (done < total && (performance.now() - started) / 1000 < maxSeconds) {
    const run = await send(Math.min(5000, total - done));
    done += run.requests;
    bad += run.bad;
    await sample();
  }
  return { samples, done, bad, seconds: (performance.now() - started) / 1000 };
}

export function printSoak({ samples, done, bad, seconds }: Awaited<ReturnType<typeof soak>>) {
  const f = (n: number, digits = 1) => n.toFixed(digits);
  console.log(
    `\nsoak: ${done} requests in ${f(seconds, 0)} s (${f(done / seconds, 0)} req/s), errors + non-2xx: ${bad}\n`,
  );
  console.log('| requests | seconds | RSS MB | heap used MB |\n| ---: | ---: | ---: | ---: |');
  const every = Math.max(1, Math.floor(samples.length / 10));
  for (const [i, s] of samples.entries()) {
    if (i % every === 0 || i === samples.length - 1)
      console.log(`| ${s.requests} | ${f(s.seconds, 0)} | ${f(s.rssMb)} | ${f(s.heapMb)} |`);
  }
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  const perTenK = (k: 'rssMb' | 'heapMb') =>
    10_000 * slope(secondHalf.map((s) => [s.requests, s[k]]));
  console.log(
    `\nsecond half of the soak: RSS ${f(perTenK('rssMb'), 2)} MB and heap ${f(perTenK('heapMb'), 2)} MB per 10k requests (least-squares slope)`,
  );
}
