/**
 * Maps the finding kinds rules predict (their pattern names) to the entity types of the span
 * datasets. The default covers the kinds the shipped policies redact; `--type-map` adds to it or
 * overrides it, and `null` drops a kind from span scoring. Unmapped kinds keep their own name, so
 * a kind no dataset labels shows up as its own type with precision only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { evalInputError } from './dataset.js';

export type TypeMap = Readonly<Record<string, string | null>>;

/**
 * The shipped policies' regex kinds (policies/*.yaml) and the `pii` scanner's entities, where
 * their names differ from the types of ../shared/data/dev/pii. Equal names need no entry.
 */
export const DEFAULT_TYPE_MAP: TypeMap = Object.freeze({
  EMAIL_ADDRESS: 'EMAIL',
  US_SSN: 'SSN',
  PHONE_NUMBER: 'PHONE',
  PAYMENT_CARD: 'CREDIT_CARD',
  STREET_ADDRESS: 'ADDRESS',
  // presidio-research labels web addresses as DOMAIN_NAME and birth dates as DATE_TIME.
  URL: 'DOMAIN_NAME',
  DATE_OF_BIRTH: 'DATE_TIME',
  POSTCODE: 'ZIP_CODE',
});

const MapSchema = z.record(z.string().min(1), z.string().min(1).nullable());

/** `--type-map` is inline JSON (starting with `{`) or the path of a JSON file. */
export function parseTypeMap(arg: string | undefined): TypeMap {
  if (arg === undefined) return DEFAULT_TYPE_MAP;
  const inline = arg.trimStart().startsWith('{');
  if (!inline && !existsSync(arg)) {
    throw evalInputError(`--type-map: ${arg}: no such file (give a file or inline JSON)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(inline ? arg : readFileSync(arg, 'utf8'));
  } catch {
    throw evalInputError('--type-map: not valid JSON');
  }
  const parsed = MapSchema.safeParse(value);
  if (!parsed.success) {
    throw evalInputError('--type-map: must be an object of kind → type name (or null)');
  }
  return Object.freeze({ ...DEFAULT_TYPE_MAP, ...parsed.data });
}

/** The dataset type for a predicted kind, or undefined when the map drops it. */
export function mapKind(map: TypeMap, kind: string): string | undefined {
  const mapped = Object.hasOwn(map, kind) ? map[kind] : kind;
  return mapped ?? undefined;
}
