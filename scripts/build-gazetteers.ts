/**
 * Compiles the shared name and place lists (../shared/data/train/gazetteers/) into the compact
 * artifact the `pii` scanner loads (models/gazetteers/): lower-cased, NFC, deduplicated, sorted by
 * code unit, one entry a line, common English words dropped. Same input, same bytes: no dates,
 * no locale-dependent sorting. Usage: npm run build:gazetteers [-- <source dir> <output dir>]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_WORDS } from '../src/pii/common-words.js';

const SOURCE = process.argv[2] ?? '../shared/data/train/gazetteers';
const OUT = process.argv[3] ?? 'models/gazetteers';
// SSA lists every name given to 5 babies in a year; below ~500 babies in 144 years they are mostly
// spelling variants and typos that collide with ordinary words.
const MIN_SSA_TOTAL = 500;
// The 1990 Census surname list is rounded to 0.001 %; rarer entries add more words than names.
const MIN_SURNAME_PCT = 0.001;

type Row = Readonly<Record<string, string>>;

function readTsv(file: string): Row[] {
  const [header, ...lines] = readFileSync(join(SOURCE, file), 'utf8').split('\n');
  const names = (header ?? '').split('\t');
  return lines
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cells = l.split('\t');
      return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
    });
}

const readLines = (file: string) =>
  readFileSync(join(SOURCE, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

const normalize = (name: string) =>
  name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();

function compact(names: readonly string[]): string[] {
  const kept = new Set<string>();
  for (const raw of names) {
    const n = normalize(raw);
    // single letters and entries without a letter are noise, and common words need context
    if (n.length < 2 || !/\p{L}/u.test(n) || COMMON_WORDS.has(n)) continue;
    kept.add(n);
  }
  return [...kept].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const col = (rows: readonly Row[], name: string) => rows.map((r) => r[name] ?? '');

const ssa = readTsv('first_names_us_ssa.tsv').filter((r) => Number(r.total_count) >= MIN_SSA_TOTAL);
const forenames = readTsv('forenames_by_country.tsv');
const firstNames = compact([
  ...col(ssa, 'name'),
  ...col(readTsv('first_names_us_census1990.tsv'), 'name'),
  ...col(forenames, 'romanized_name'),
  ...col(forenames, 'localized_name'),
]);

const census90 = readTsv('surnames_us_census1990.tsv').filter(
  (r) => Number(r.freq_pct) >= MIN_SURNAME_PCT,
);
const byCountry = readTsv('surnames_by_country.tsv');
const surnames = compact([
  ...col(census90, 'name'),
  ...col(readTsv('surnames_us_census2010_top1000.tsv'), 'name'),
  ...col(byCountry, 'romanized_name'),
  ...col(byCountry, 'localized_name'),
]);

// Everyday short forms and continents the formal lists lack, written for this project.
const EVERYDAY_PLACES = [
  'United States',
  'USA',
  'UK',
  'Great Britain',
  'Britain',
  'England',
  'Scotland',
  'Wales',
  'Northern Ireland',
  'Holland',
  'Russia',
  'South Korea',
  'North Korea',
  'Iran',
  'Syria',
  'Vietnam',
  'Laos',
  'Bolivia',
  'Venezuela',
  'Tanzania',
  'Moldova',
  'Czech Republic',
  'Czechia',
  'Europe',
  'Asia',
  'Africa',
  'North America',
  'South America',
  'Latin America',
  'Antarctica',
  'Oceania',
  'Middle East',
  'Scandinavia',
  'Siberia',
  'Hong Kong',
  'Macau',
  'Taiwan',
];

const countries = readTsv('countries.tsv');
const regions = compact([
  ...col(countries, 'name'),
  ...col(countries, 'official_name_en'),
  ...col(countries, 'unterm_short'),
  ...col(countries, 'capital'),
  ...readLines('country_names.txt'),
  ...col(readTsv('us_states.tsv'), 'name'),
  ...col(readTsv('admin1_world_geonames.tsv'), 'name'),
  ...EVERYDAY_PLACES,
]);
const cities = compact(col(readTsv('cities_world_geonames15000.tsv'), 'name'));

const outputs: readonly (readonly [string, readonly string[], string])[] = [
  [
    'first_names.txt',
    firstNames,
    `SSA baby names (total ≥ ${MIN_SSA_TOTAL}), 1990 Census first names, forenames by country`,
  ],
  [
    'surnames.txt',
    surnames,
    `1990 Census surnames (≥ ${MIN_SURNAME_PCT} %), 2010 Census top 1,000, surnames by country`,
  ],
  [
    'regions.txt',
    regions,
    'countries (CLDR, official, UNTERM, capitals, everyday short forms), US states, admin-1',
  ],
  ['cities.txt', cities, 'GeoNames world cities (population ≥ 15,000)'],
];

mkdirSync(OUT, { recursive: true });
for (const [file, entries] of outputs) writeFileSync(join(OUT, file), `${entries.join('\n')}\n`);

const readme = `# Gazetteers (derived artifact)

Lower-cased, NFC-normalized, deduplicated and sorted name and place lists for the \`pii\` scanner's
PERSON and LOCATION recognizers (\`src/pii/gazetteer.ts\`). Entries that are common English words
(\`src/pii/common-words.ts\`, \`COMMON_WORDS\`) are left out; name-like words such as "will" or "rose"
stay and need context at run time.

Built by \`npm run build:gazetteers\` (\`scripts/build-gazetteers.ts\`) from
\`../shared/data/train/gazetteers/\`; the build is deterministic (same input, same bytes).

## Files

${outputs.map(([file, entries, from]) => `- \`${file}\`: ${entries.length} entries; ${from}`).join('\n')}

## Sources and licences

- SSA national baby-name files (\`aramshiva/babies\`): public domain (US government).
- US Census 1990 first names and surnames (\`nullstyle/name-database\`), Census 2010 top 1,000
  surnames (\`DinaAbrahim/MarriageInTexas\`): public domain.
- Forenames and surnames by country (\`sigpwned/popular-names-by-country-dataset\`): CC0-1.0.
- World cities and admin-1 regions (\`datasets/world-cities\`, from GeoNames): CC-BY-4.0; credit
  GeoNames (https://www.geonames.org/).
- Country names and capitals (\`datasets/country-codes\`): ODC-PDDL. US states: facts.

Commits and row counts of the inputs are in \`../shared/data/README.md\` (section D).
`;
writeFileSync(join(OUT, 'README.md'), readme);
for (const [file, entries] of outputs) console.log(`${file}: ${entries.length}`);
