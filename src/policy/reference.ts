/**
 * Renders docs/policy-reference.md from the policy schema and each scanner's params schema, so
 * the reference cannot drift from what the loader accepts (reference.test.ts compares the two).
 * Output is already in Prettier's Markdown form, so `prettier --check` leaves the file alone.
 */
import { z } from 'zod';
import type { Scanner } from '../contract/types.js';
import { RULE_DEFAULTS, RULE_FIELDS } from './rule-schema.js';
import { CROSS_FIELD_CHECKS, POLICY_DEFAULTS, STAGES, createPolicySchema } from './schema.js';

type JsonSchema = z.core.JSONSchema.JSONSchema;

interface Row {
  readonly key: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue: unknown;
  readonly description: string;
}

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null ? (value as JsonSchema) : undefined;
}

function range(min: unknown, max: unknown, unit = ''): string {
  // z.int() adds the safe-integer bounds, which say nothing to a policy author.
  const lo = typeof min === 'number' && min > Number.MIN_SAFE_INTEGER ? min : undefined;
  const hi = typeof max === 'number' && max < Number.MAX_SAFE_INTEGER ? max : undefined;
  if (lo !== undefined && hi !== undefined) return ` ${lo} to ${hi}${unit}`;
  if (lo !== undefined) return ` >= ${lo}${unit}`;
  if (hi !== undefined) return ` <= ${hi}${unit}`;
  return '';
}

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `\`${String(v)}\``).join(', ');
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  const variants = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(variants)) return variants.map(typeOf).join(' or ');
  if (schema.type === 'integer' || schema.type === 'number') {
    return `${schema.type}${range(schema.minimum, schema.maximum)}`;
  }
  if (schema.type === 'string') {
    const pattern = typeof schema.pattern === 'string' ? `, matching \`${schema.pattern}\`` : '';
    const length = range(schema.minLength, schema.maxLength, ' chars');
    return `string${length ? `,${length}` : ''}${pattern}`;
  }
  if (schema.type === 'array' && Array.isArray(schema.prefixItems)) {
    // A tuple, e.g. a `[low, high]` band.
    const parts = (schema.prefixItems as unknown[]).map((p) => asSchema(p));
    return `[${parts.map((p) => (p ? typeOf(p) : 'any')).join(', ')}]`;
  }
  if (schema.type === 'array') {
    const items = asSchema(schema.items);
    const count = range(schema.minItems, schema.maxItems, ' items');
    return `list of ${items ? typeOf(items) : 'values'}${count ? `;${count}` : ''}`;
  }
  const values = asSchema(schema.additionalProperties);
  if (schema.type === 'object' && !schema.properties && values) {
    return `map of finding kind to ${typeOf(values)}`;
  }
  return typeof schema.type === 'string' ? schema.type : 'any';
}

/** One row per key; nested objects (also inside lists) get `parent.child` / `list[].child` rows. */
function rowsOf(schema: JsonSchema, defaults: Readonly<Record<string, unknown>> = {}, prefix = '') {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const rows: Row[] = [];
  for (const [name, value] of Object.entries(schema.properties ?? {})) {
    const property = value as JsonSchema;
    const key = `${prefix}${name}`;
    rows.push({
      key,
      type: typeOf(property),
      required: required.has(name),
      defaultValue: defaults[name] ?? property.default,
      description: property.description ?? '',
    });
    const items = asSchema(property.items);
    if (property.properties) rows.push(...rowsOf(property, {}, `${key}.`));
    else if (items?.properties) rows.push(...rowsOf(items, {}, `${key}[].`));
  }
  return rows;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A table padded the way Prettier pads one (ASCII content), so the file stays Prettier-clean. */
function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const rows = [header, ...body].map((r) => r.map(cell));
  const widths = header.map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    `| ${widths.map((w, i) => (r[i] ?? '').padEnd(w)).join(' | ')} |`;
  const [head, ...rest] = rows;
  return [
    line(head ?? []),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rest.map(line),
  ].join('\n');
}

function rowsTable(rows: readonly Row[]): string {
  return table(
    ['Key', 'Type', 'Required', 'Default', 'Description'],
    rows.map((r) => [
      `\`${r.key}\``,
      r.type,
      r.required ? 'yes' : 'no',
      r.defaultValue === undefined ? '' : `\`${JSON.stringify(r.defaultValue)}\``,
      r.description,
    ]),
  );
}

function policySection(scanners: readonly Scanner[]): string {
  const schema = jsonSchemaOf(createPolicySchema(scanners));
  const rows = rowsOf(schema, POLICY_DEFAULTS).map((r) =>
    (STAGES as readonly string[]).includes(r.key) ? { ...r, type: 'list of rules' } : r,
  );
  return ['## Policy keys', rowsTable(rows)].join('\n\n');
}

function ruleSection(scanners: readonly Scanner[]): string {
  const common = rowsOf(jsonSchemaOf(z.object(RULE_FIELDS)), RULE_DEFAULTS);
  const scannerRow: Row = {
    key: 'scanner',
    type: scanners.map((s) => `\`${s.id}\``).join(', '),
    required: true,
    defaultValue: undefined,
    description: 'The scanner this rule runs; it must support the stage.',
  };
  const paramsRow: Row = {
    key: 'params',
    type: 'object',
    required: false,
    defaultValue: undefined,
    description:
      "The scanner's parameters, checked by its own schema (below). Required unless every parameter has a default.",
  };
  return [
    '## Rule keys',
    'Each entry of `input` and `output` is a rule. All rules of a stage run in parallel on the same text; the strongest action of the rules that fire wins (`block` > `redact` > `flag` > `allow`).',
    rowsTable([scannerRow, ...common, paramsRow]),
    'Checks across keys:',
    CROSS_FIELD_CHECKS.map((c) => `- ${c}`).join('\n'),
  ].join('\n\n');
}

const EXTENDS_SECTION = [
  '## `extends`',
  [
    "- `extends: <product>` starts from that product's resolved policy (another file in the same directory). Chains are allowed; cycles and unknown products are errors.",
    "- Keys the child writes replace the parent's values; keys it leaves out are inherited. `product`, `version`, `extends` and `description` always belong to the file itself.",
    "- Rules merge by id, per stage: the parent's rules first, in order; a child rule with the same id replaces the parent's rule in place; new child rules are appended.",
    '- To switch an inherited rule off, give a rule with the same id and `action: allow`: it still runs and its scores are recorded, but it never changes the decision, and a failure of its scanner is recorded without applying `on_error`.',
    "- Defaults apply only to a policy without `extends`; a child inherits its parent's values instead.",
    "- The policy's `sha256` (recorded in every audit event with `version`) covers the bytes of the file and of every file it extends, in that order.",
  ].join('\n'),
].join('\n\n');

function scannerSection(scanner: Scanner): string {
  const facts = [
    `Version \`${scanner.version}\`.`,
    `Stages: ${scanner.stages.map((s) => `\`${s}\``).join(', ')}.`,
    scanner.localizes
      ? 'Findings carry spans: `action: redact` is allowed.'
      : 'Findings carry no spans: `action: redact` is not allowed.',
  ].join(' ');
  const rows = rowsOf(jsonSchemaOf(scanner.params));
  const params = rows.length > 0 ? rowsTable(rows) : 'No parameters.';
  return [`### \`${scanner.id}\``, scanner.description, facts, params].join('\n\n');
}

/** The whole reference as Markdown, ending with a newline. */
export function renderPolicyReference(scanners: readonly Scanner[]): string {
  const sorted = [...scanners].sort((a, b) => (a.id < b.id ? -1 : 1));
  const intro = [
    '# Policy reference',
    '<!-- Generated from src/policy/schema.ts and the scanners by scripts/gen-policy-reference.ts. Do not edit by hand. -->',
    'One file per product: `policies/<product>.yaml`. Keys are strict (an unknown key is an error), values are taken literally (no environment interpolation), and every problem in the directory is reported at once as `policies/<file>:<line>:<col> <yaml.path>: <message>`. The gateway refuses to start with an invalid directory; a broken change while it runs is rejected and the last good policies stay in service.',
  ];
  const scannerSections = ['## Scanners', ...sorted.map(scannerSection)];
  return `${[...intro, policySection(sorted), ruleSection(sorted), EXTENDS_SECTION, ...scannerSections].join('\n\n')}\n`;
}
