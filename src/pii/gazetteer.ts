/**
 * Loads the compiled name and place lists (models/gazetteers/, built by
 * `npm run build:gazetteers`) into Sets. About 80k entries: read once per process on first use,
 * since every `pii` scanner instance would otherwise hold its own copy.
 */
import { readFileSync } from 'node:fs';

export interface Gazetteer {
  readonly firstNames: ReadonlySet<string>;
  readonly surnames: ReadonlySet<string>;
  /** Countries, capitals, US states and first-level regions: rarely anything but a place. */
  readonly regions: ReadonlySet<string>;
  readonly cities: ReadonlySet<string>;
  /** Most words in a place entry, so a lookup never tries longer runs. */
  readonly maxPlaceWords: number;
}

export const GAZETTEER_DIR = new URL('../../models/gazetteers/', import.meta.url);

const readSet = (dir: URL, file: string): Set<string> =>
  new Set(
    readFileSync(new URL(file, dir), 'utf8')
      .split('\n')
      .filter((line) => line !== ''),
  );

const wordsIn = (entry: string) => entry.split(/[ -]/u).length;

export function loadGazetteer(dir: URL = GAZETTEER_DIR): Gazetteer {
  const regions = readSet(dir, 'regions.txt');
  const cities = readSet(dir, 'cities.txt');
  let maxPlaceWords = 1;
  for (const set of [regions, cities]) {
    for (const entry of set) maxPlaceWords = Math.max(maxPlaceWords, wordsIn(entry));
  }
  return {
    firstNames: readSet(dir, 'first_names.txt'),
    surnames: readSet(dir, 'surnames.txt'),
    regions,
    cities,
    // long official names ("the Plurinational State of ...") are never written that way in chat
    maxPlaceWords: Math.min(maxPlaceWords, 5),
  };
}

let memo: Gazetteer | undefined;

/** The default artifact, loaded on first call and shared by every scanner in the process. */
export function defaultGazetteer(): Gazetteer {
  memo ??= loadGazetteer();
  return memo;
}
