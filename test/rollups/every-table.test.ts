/**
 * Every rollup table, daily and monthly, as kept by writes equals the same table rebuilt from the
 * raw rows. The dashboard comparison (equivalence.test.ts) only sees what a dashboard asks, so a
 * wrong row in a table or month it does not read would pass there; this compares the rows
 * themselves, table by table, for every table the family registry (gateway/metrics/families.ts)
 * names, so a new table is covered as soon as it is registered. Random writes land on demo data
 * first: late history, stage moves, touches, new people and deals.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { familyTablesOf } from '../../gateway/metrics/families.js';
import { refreshRollups } from '../../gateway/metrics/refresh.js';
import { familyNames } from '../../gateway/rollups/marks.js';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import type { Database } from '../../gateway/store/tables.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { testTenants } from '../support/gateway.js';

const now = Date.now();
const dayMs = 86_400_000;

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return { next, int: (below: number) => Math.floor(next() * below) };
}

/** Sums in another order may differ in the last digits; packed histograms compare as numbers. */
function value(v: unknown): unknown {
  if (typeof v === 'number') return Number(v.toPrecision(10)) || 0;
  if (v instanceof Uint8Array) {
    const copy = Uint8Array.from(v);
    return Array.from(new Float64Array(copy.buffer), (n) => Number(n.toPrecision(10)));
  }
  return v;
}

/** A table's rows of the tenant, without the tenant column, in one order. */
async function rowsOf(store: TenantStore, table: keyof Database): Promise<string[]> {
  const rows = await store.db.selectFrom(table).selectAll().execute();
  return rows
    .map((row) => {
      const { tenant_id: _, ...rest } = row as Record<string, unknown>;
      return JSON.stringify(
        Object.keys(rest)
          .sort()
          .map((k) => [k, value(rest[k])]),
      );
    })
    .sort();
}

function randomWrites(rng: ReturnType<typeof random>, round: number, people: SourceRecordInput[]) {
  const stages = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer', 'subscriber'];
  const someone = () => {
    const p = people[rng.int(people.length)] as SourceRecordInput & { kind: 'person' };
    return { system: p.system, objectType: p.objectType, sourceId: p.sourceId };
  };
  const past = () => now - (1 + rng.int(600)) * dayMs - rng.int(dayMs);
  const records: SourceRecordInput[] = [];
  for (let i = 0; i < 30; i++) {
    const id = `w${round}-${i}`;
    const kind = rng.int(4);
    if (kind === 0) {
      const to = stages[rng.int(stages.length)]!;
      const byTeam = rng.next() < 0.5 ? 'sales' : 'marketing';
      records.push({
        kind: 'stageChange',
        system: 'test',
        sourceId: id,
        person: someone(),
        to,
        byTeam,
        occurredAt: past(),
      });
    } else if (kind === 1) {
      records.push({
        kind: 'touch',
        system: 'test',
        sourceId: id,
        person: someone(),
        channel: 'email',
        type: rng.next() < 0.5 ? 'email_click' : 'form_submit',
        occurredAt: past(),
      });
    } else if (kind === 2) {
      records.push({
        kind: 'person',
        system: 'test',
        objectType: 'record',
        sourceId: id,
        email: `${id}@random.example`,
        createdAt: past(),
        updatedAt: now,
      });
    } else {
      const createdAt = past();
      const won = rng.next() < 0.5;
      records.push({
        kind: 'opportunity',
        system: 'test',
        sourceId: id,
        name: `Deal ${id}`,
        primaryPerson: someone(),
        amount: 1_000 + rng.int(50_000),
        stage: won ? 'Closed Won' : 'Closed Lost',
        probability: won ? 1 : 0,
        createdAt,
        closedAt: createdAt + rng.int(60) * dayMs,
        isClosed: true,
        isWon: won,
      });
    }
  }
  return records;
}

/** The tables the live schema holds that look like rollups (their bookkeeping aside). */
async function liveRollupTables(test: TestDatabase): Promise<string[]> {
  const db = test.database.db;
  const names =
    test.database.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema()`.execute(db);
  return names.rows
    .map((r) => r.name)
    .filter((name) => /^rollup_/.test(name) && !/^rollup_(dirty|state)/.test(name))
    .sort();
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`every rollup table equals its rebuild, on ${dialect.name}`, () => {
    let test: TestDatabase;
    let store: TenantStore;
    const kept = new Map<string, string[]>();

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await ensureTenant(test.database, testTenants[0]!, Date.parse('2023-01-01T00:00:00Z'));
      store = new TenantStore(test.database, 'acme');
      const rng = random(20261207);
      const demo = [
        ...generateDemoRecords({
          tenantId: 'acme',
          seed: 7,
          people: 80,
          touches: 900,
          now: new Date(now),
          years: 2,
        }),
      ];
      // In chunks of random size, each ingest refreshing the days it marked.
      for (let at = 0; at < demo.length; ) {
        const size = 1 + rng.int(demo.length / 3);
        expect((await ingestRecords(store, demo.slice(at, at + size))).rejectedCount).toBe(0);
        at += size;
      }
      const people = demo.filter((r) => r.kind === 'person');
      for (let round = 0; round < 3; round++) {
        const report = await ingestRecords(store, randomWrites(rng, round, people));
        expect(report.rejected).toEqual([]);
      }
      await refreshRollups(store, { now });
      for (const family of familyNames) {
        for (const table of familyTablesOf(family)) kept.set(table, await rowsOf(store, table));
      }
      await refreshRollups(store, { now, rebuild: true });
    }, 120_000);
    afterAll(() => test?.drop());

    it('registers every rollup table of the live schema in one family', async () => {
      const registered = familyNames.flatMap(familyTablesOf).filter((t) => t.startsWith('rollup_'));
      expect([...registered].sort()).toEqual(await liveRollupTables(test));
      expect(new Set(registered).size).toBe(registered.length);
    });

    for (const family of familyNames) {
      for (const table of familyTablesOf(family)) {
        it(`${family}: ${table} as kept by writes equals its rebuild from raw rows`, async () => {
          const rebuilt = await rowsOf(store, table);
          expect(kept.get(table), table).toEqual(rebuilt);
          // A table left empty compares nothing: the data reaches every one.
          expect(rebuilt.length, `${table} has rows`).toBeGreaterThan(0);
        });
      }
    }
  });
}
