/**
 * Operational logs (JSON lines on stderr, winston) and the one-line decision log. Log fields
 * are ids, codes, counts, scores and durations: customer text never goes in here.
 */
import winston from 'winston';

export type Logger = winston.Logger;

export function createLogger(level: string, options: { silent?: boolean } = {}): Logger {
  return winston.createLogger({
    level,
    silent: options.silent ?? false,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'parapet' },
    transports: [
      // winston declares its transports as interfaces with constructors; this is a real instance.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] }),
    ],
  });
}
