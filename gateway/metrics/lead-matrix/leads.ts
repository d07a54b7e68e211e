/**
 * The people behind a scoring-matrix cell, hottest first: a keyset-paged list (no OFFSET, so a
 * deep page costs what the first one does).
 *
 * Scores decay with time, so a page read a second later would rank and band people slightly
 * differently. The cursor therefore carries the instant the first page was scored at, and every
 * later page is scored as of that same instant: one walk through the list is one snapshot.
 */
import type { FitGrade } from '../../domain/scoring.js';
import type { PersonTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { EngagementBand } from './raw.js';
import { type ScoredPeopleOptions, scoredPeople } from './score.js';

export interface LeadCursor {
  /** The instant scores are decayed to (the first page's "now"). */
  asOf: number;
  score: number;
  id: string;
}

export interface LeadListOptions extends ScoredPeopleOptions {
  fitGrade?: FitGrade | null;
  engagementBand?: EngagementBand | null;
}

export type ScoredPerson = PersonTable & { score: number; band: number };

function cell(store: TenantStore, options: LeadListOptions) {
  return store.db
    .selectFrom(scoredPeople(store, options).as('s'))
    .$if(!!options.fitGrade, (q) => q.where('s.fit_grade', '=', options.fitGrade!))
    .$if(!!options.engagementBand, (q) => q.where('s.band', '=', options.engagementBand!));
}

/** Up to `first` people after the cursor, ordered by decayed score (highest first), then id. */
export async function leadPage(
  store: TenantStore,
  options: LeadListOptions & { first: number; after?: LeadCursor | null },
): Promise<{ people: ScoredPerson[]; hasNextPage: boolean }> {
  const { after, first } = options;
  const rows = await cell(store, options)
    .selectAll('s')
    .$if(!!after, (q) =>
      q.where((eb) =>
        eb.or([
          eb('s.score', '<', after!.score),
          eb.and([eb('s.score', '=', after!.score), eb('s.id', '>', after!.id)]),
        ]),
      ),
    )
    .orderBy('s.score', 'desc')
    .orderBy('s.id', 'asc')
    .limit(first + 1)
    .execute();
  const people = rows
    .slice(0, first)
    .map((row) => ({ ...row, score: Number(row.score), band: Number(row.band) }));
  return { people: people as ScoredPerson[], hasNextPage: rows.length > first };
}

/** How many people the cell holds in all (the connection's totalCount). */
export async function leadCount(store: TenantStore, options: LeadListOptions): Promise<number> {
  const row = await cell(store, options)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function encodeLeadCursor(cursor: LeadCursor): string {
  return Buffer.from(JSON.stringify([cursor.asOf, cursor.score, cursor.id])).toString('base64url');
}

/** The cursor, or undefined when the text is not one of ours. */
export function decodeLeadCursor(text: string): LeadCursor | undefined {
  try {
    const [asOf, score, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(asOf) && Number.isFinite(score) && typeof id === 'string')
      return { asOf, score, id };
  } catch {
    // Not base64 or not JSON: reported by the caller with the text itself.
  }
  return undefined;
}
