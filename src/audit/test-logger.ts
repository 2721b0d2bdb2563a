/** A winston logger for tests that keeps every JSON line it writes, to assert on what was logged. */
import { Writable } from 'node:stream';
import winston from 'winston';

export function captureLogger(): { logger: winston.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const transport = new winston.transports.Stream({ stream: sink });
  return {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's typings
    logger: winston.createLogger({ format: winston.format.json(), transports: [transport] }),
    lines,
  };
}
