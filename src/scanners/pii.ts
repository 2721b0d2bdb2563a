/**
 * Detects personal data (email, phone, cards, IBAN, US SSN, IP, URL, crypto wallets, UK NHS and
 * NINO, US bank/passport/driver's licence numbers, dates of birth) with recognizers as data:
 * weak patterns, context words, and validators (Luhn, mod-97, libphonenumber...) that confirm
 * or discard. Known false positives: Luhn-valid order numbers, dotted quads in version strings,
 * any URL. Names (PERSON) and places (LOCATION) come from gazetteers plus capitalization and
 * context; street addresses (ADDRESS) from street patterns grown over unit, town and postcode.
 * Organizations (ORGANIZATION) only where a company word ends the name ("Acme Holdings").
 */
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import { compileRecognizers, resolveOverlaps } from '../pii/analyze.js';
import { recognizerScan } from '../pii/scan.js';
import { CustomRecognizerSpec, denyListRecognizer, toRecognizer } from '../pii/custom.js';
import { defaultGazetteer } from '../pii/gazetteer.js';
import { gazetteerRecognizers } from '../pii/name-recognizers.js';
import { GAZETTEER_ENTITIES, PII_ENTITIES, PII_RECOGNIZERS } from '../pii/recognizers.js';
import type { Detection, Recognizer } from '../pii/types.js';
import { taggedNames } from '../pii/ner/tagged-names.js';
import { defaultNerModel } from '../pii/ner/tagger.js';
import { defaultWordClusters } from '../pii/ner/word-clusters.js';
import { placeOrName } from '../pii/place-or-name.js';
import { placesInLists } from '../pii/place-lists.js';

const Params = z
  .object({
    entities: z
      .array(z.enum(PII_ENTITIES))
      .min(1)
      .optional()
      .describe('Built-in entities to detect; all of them when omitted.'),
    min_score: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('Detections scoring below this are not reported.'),
    allow: z
      .array(z.string().min(1).max(200))
      .max(5000)
      .default([])
      .describe('Exact values never reported (e.g. the support desk address).'),
    deny: z
      .array(z.string().min(1).max(200))
      .max(5000)
      .default([])
      .describe('Values always reported as DENY_LIST (whole words, case-insensitive).'),
    recognizers: z
      .array(CustomRecognizerSpec)
      .max(100)
      .default([])
      .describe('Custom recognizers in the built-ins shape: patterns, context, validator.'),
    name_tagger: z
      .boolean()
      .default(true)
      .describe(
        'PERSON, LOCATION and ORGANIZATION also from the learned tagger ner-v1, combined with the rules; false: the rules alone (faster).',
      ),
  })
  .strict();

export const pii = defineScanner({
  id: 'pii',
  version: '8',
  stages: ['input', 'output'],
  localizes: true,
  offloadable: true,
  params: Params,
  description: 'Personal data: recognizers as data with context words and checksum validators.',
  create({ entities, min_score: minScore, allow, deny, recognizers, name_tagger: tagger }) {
    const wanted = new Set<string>(entities ?? PII_ENTITIES);
    const deniedList = denyListRecognizer(deny);
    const all: Recognizer[] = [
      ...PII_RECOGNIZERS.filter((r) => wanted.has(r.entity)),
      ...recognizers.map(toRecognizer),
      ...(deniedList === undefined ? [] : [deniedList]),
    ];
    const usesGazetteer = GAZETTEER_ENTITIES.some((e) => wanted.has(e));
    const compiled = [
      ...compileRecognizers(all),
      // the artifact is read only when a policy asks for names or places
      ...(usesGazetteer
        ? gazetteerRecognizers(
            defaultGazetteer(),
            wanted,
            placeOrName(defaultGazetteer(), defaultWordClusters()),
          )
        : []),
    ];
    const allowed = new Set(allow);
    const keep = (text: string, d: Detection) =>
      d.entity === 'DENY_LIST' || !allowed.has(text.slice(d.start, d.end));
    const resolve =
      tagger && usesGazetteer
        ? taggedNames({
            entities: wanted,
            minScore,
            keep,
            model: defaultNerModel(),
            gazetteer: defaultGazetteer(),
          })
        : (_text: string, c: readonly Detection[]) => resolveOverlaps(c);
    // "Rome, Florence and Venice": a listed person beside a place is a place (place-lists.ts)
    const listsToo =
      wanted.has('PERSON') && wanted.has('LOCATION')
        ? (text: string, c: readonly Detection[]) =>
            placesInLists(text, resolve(text, c), defaultGazetteer())
        : resolve;
    return recognizerScan(compiled, minScore, keep, listsToo);
  },
});
