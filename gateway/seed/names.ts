/**
 * Names of people and companies. Faker draws pools once, seeded from the tenant's stream;
 * people then pick from the pools with the cheap generator (a few hundred first and last names
 * make over a hundred thousand distinct people, which is what a demo needs).
 */
import { base, de, en, Faker } from '@faker-js/faker';
import type { Random } from './random.js';
import type { TenantProfile } from './tenants.js';

export interface NamePools {
  firstNames: string[];
  lastNames: string[];
  /** Draws a company name; called once per account, before any person exists. */
  companyName: () => string;
}

export function drawNamePools(rng: Random, tenant: TenantProfile): NamePools {
  const faker = new Faker({ locale: tenant.locale === 'de' ? [de, en, base] : [en, base] });
  faker.seed(rng.int(2_147_483_647));
  const distinct = (draw: () => string, size: number) => {
    const names = new Set<string>();
    for (let attempt = 0; names.size < size && attempt < size * 20; attempt++) names.add(draw());
    return [...names];
  };
  return {
    firstNames: distinct(() => faker.person.firstName(), 400),
    lastNames: distinct(() => faker.person.lastName(), 700),
    companyName: () => faker.company.name(),
  };
}

const transliterations: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  å: 'a',
};

// Names come from small pools, so each is transliterated once.
const asciiWords = new Map<string, string>();

/** A name as mail servers want it: lower-case ASCII letters and digits ('Jürgen' → 'juergen'). */
export function asciiWord(name: string): string {
  let word = asciiWords.get(name);
  if (word === undefined) {
    word = transliterate(name);
    asciiWords.set(name, word);
  }
  return word;
}

function transliterate(name: string): string {
  return name
    .toLowerCase()
    .replace(/[äöüßæøå]/g, (letter) => transliterations[letter])
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

/** Company-type words that never make it into a domain ('Müller GmbH' → 'mueller'). */
const legalWords = new Set(
  [
    ['and', 'inc', 'llc', 'ltd', 'plc', 'group', 'sons', 'co'],
    ['und', 'gmbh', 'ag', 'kg', 'kgaa', 'ug', 'ohg', 'eg', 'se', 'gruppe', 'e', 'v'],
  ].flat(),
);

/** The web domain a company would register: its leading name words, before a top-level domain. */
export function domainStem(companyName: string): string {
  const words = companyName
    .split(/[\s,&.\-–]+/)
    .map(asciiWord)
    .filter((word) => word.length > 0 && !legalWords.has(word));
  return words.slice(0, 2).join('-') || 'company';
}
