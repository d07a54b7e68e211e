/**
 * `tandem seed`: the same seed gives the same data, another seed other data, and the demo data
 * lands through the ingest path (identity resolution merges CRM and marketing-automation records).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../gateway/store/database.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { runCli } from './run-cli.js';

async function fingerprint(file: string) {
  const database = await openDatabase({ url: file });
  try {
    const store = new TenantStore(database, 'acme');
    const people = await store.db
      .selectFrom('people')
      .select(['id', 'email', 'stage', 'fit_grade', 'engagement_score', 'account_id'])
      .orderBy('id')
      .execute();
    const touches = await store.db
      .selectFrom('touches')
      .select(['id', 'occurred_at'])
      .orderBy('id')
      .execute();
    const handoffs = await store.db
      .selectFrom('handoffs')
      .select(['id', 'response_hours'])
      .orderBy('id')
      .execute();
    const identities = await store.db.selectFrom('person_identities').select('person_id').execute();
    return { people, touches, handoffs, identities: identities.length };
  } finally {
    await database.close();
  }
}

/** A fixed end of history: the same seed gives the same data only for the same end. */
const end = '2026-11-20T15:30:00Z';

describe('tandem seed', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-seed-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const seed = (file: string, value: string) =>
    runCli([
      'seed',
      '--people',
      '80',
      '--touches',
      '800',
      '--tenants',
      '1',
      '--seed',
      value,
      '--now',
      end,
      '--database',
      join(folder, file),
    ]);

  it('gives the same data for the same seed, and other data for another', async () => {
    const [first, second, other] = await Promise.all([
      seed('a.db', '7'),
      seed('b.db', '7'),
      seed('c.db', '8'),
    ]);
    for (const run of [first, second, other]) expect(run.code, run.stderr).toBe(0);
    expect(first.stdout).toMatch(/Acme Analytics \(acme\): [\d,]+ records, [\d,]+ touches in [\d.]+ s/);
    expect(first.stdout).not.toMatch(/rejected/);
    const [a, b, c] = await Promise.all(['a.db', 'b.db', 'c.db'].map((f) => fingerprint(join(folder, f))));
    expect(a!.people.length).toBe(80);
    expect(a!.touches.length).toBeGreaterThan(780);
    expect(b).toEqual(a);
    expect(c!.people).not.toEqual(a!.people);
  });

  it('merges each human’s CRM and marketing-automation records into one person', async () => {
    const data = await fingerprint(join(folder, 'a.db'));
    // Every human is a Marketo lead, most are also a Salesforce lead (and contact): more identities than people.
    expect(data.identities).toBeGreaterThan(data.people.length * 1.5);
  });

  // 800 touches over three years are about one a day: the economics test checks the last day at 20,000.
  it('ends the history at --now: the newest touch lies within the days just before it', async () => {
    const database = await openDatabase({ url: join(folder, 'a.db') });
    try {
      const newest = await new TenantStore(database, 'acme').db
        .selectFrom('touches')
        .select((eb) => eb.fn.max('occurred_at').as('at'))
        .executeTakeFirstOrThrow();
      expect(Number(newest.at)).toBeLessThan(Date.parse(end));
      expect(Number(newest.at)).toBeGreaterThan(Date.parse(end) - 3 * 86_400_000);
    } finally {
      await database.close();
    }
  });

  it('refuses a --now that is no instant or lies in the future, naming the value', async () => {
    for (const bad of ['2026-11-20', 'yesterday', '2999-01-01T00:00:00Z']) {
      const run = await runCli(['seed', '--now', bad, '--database', join(folder, 'bad.db')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--now`);
      expect(run.stderr).toContain(bad);
      expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });

  it('seeds again without doubling anything', async () => {
    const before = await fingerprint(join(folder, 'a.db'));
    const again = await seed('a.db', '7');
    expect(again.stdout).toMatch(/already there/);
    expect(await fingerprint(join(folder, 'a.db'))).toEqual(before);
  });
});
