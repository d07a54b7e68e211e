/**
 * `tandem rollups rebuild`: what an operator runs after restoring a backup or editing rows by
 * hand. It recomputes every family from the raw rows, says what it did, and refuses unknown
 * families and tenants in one line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('tandem rollups rebuild', () => {
  let folder: string;
  let file: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-rollups-'));
    file = join(folder, 'tandem.db');
    const seeded = await runCli([
      'seed',
      '--database',
      file,
      '--people',
      '60',
      '--touches',
      '600',
      '--tenants',
      '1',
      '--no-progress',
    ]);
    expect(seeded.code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('recomputes rows edited by hand from the raw rows', async () => {
    const db = new SQLite(file);
    const count = () => (db.prepare('select sum(entered) as n from rollup_cohort').get() as { n: number }).n;
    const people = (db.prepare('select count(*) as n from people').get() as { n: number }).n;
    expect(count()).toBe(people);
    db.prepare('delete from rollup_cohort').run(); // a restore that lost the rollups
    expect(count()).toBe(null);

    const result = await runCli(['rollups', 'rebuild', '--database', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^acme: rebuilt cohort \d+ days, matrix \d+ days, handoffs \d+ days, milestones \d+ days, campaigns \d+ days, slices \d+ days in [\d.]+ s$/m,
    );
    expect(count()).toBe(people);
    db.close();
  });

  it('rebuilds one family of one tenant', async () => {
    const result = await runCli([
      'rollups',
      'rebuild',
      '--database',
      file,
      '--tenant',
      'acme',
      '--family',
      'campaigns',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^acme: rebuilt campaigns \d+ days in/m);
  });

  it('names what it does not know in one line', async () => {
    const family = await runCli(['rollups', 'rebuild', '--database', file, '--family', 'funnels']);
    expect(family.code).toBe(2);
    expect(family.stderr.trim()).toBe(
      'tandem: unknown rollup family funnels (families: cohort, matrix, handoffs, milestones, campaigns, slices)',
    );
    const tenant = await runCli(['rollups', 'rebuild', '--database', file, '--tenant', 'initech']);
    expect(tenant.code).toBe(2);
    expect(tenant.stderr.trim()).toBe(`tandem: no tenant 'initech' in ${file}`);
  });
});
