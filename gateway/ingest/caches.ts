/**
 * What an ingest run has learned about identities, kept across its batches so that a million
 * touches for a hundred thousand people do not look the same person up a million times.
 * Entries only ever point at rows that exist; anything missing is asked of the database.
 */
import { CarriedRows } from './carried.js';

export class IngestCaches {
  readonly personByIdentity = new Map<string, string>();
  readonly personByEmail = new Map<string, string>();
  readonly accountByIdentity = new Map<string, string>();
  readonly accountByDomain = new Map<string, string>();
  readonly userByEmail = new Map<string, string>();
  /** Each known team's function (sales or marketing), by team id: users name teams without it. */
  readonly teamFunction = new Map<string, string>();
  /** Products are few: all of them, by id, with each exact name → id (apply-product.ts). */
  readonly productIds = new Set<string>();
  readonly productByName = new Map<string, string>();
  /** Rows one batch leaves for the next, while nobody else writes the tenant (carried.ts). */
  readonly carried = new CarriedRows();

  /** Bounds memory on very large imports: forgetting is always safe, the database remembers. */
  trim(limit = 500_000): void {
    for (const map of [
      this.personByIdentity,
      this.personByEmail,
      this.accountByIdentity,
      this.accountByDomain,
    ]) {
      if (map.size > limit) map.clear();
    }
  }
}
