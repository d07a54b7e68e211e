/**
 * `tandem sync` as a user runs it: what to set when a source is not configured, a summary per
 * stream, and one line with exit code 1 when the source refuses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../gateway/store/database.js';
import { migrateToLatest } from '../../gateway/store/migrate.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { runCli } from '../cli/run-cli.js';
import { fillInstance } from './fakes/marketo-data.js';
import { FakeMarketo } from './fakes/marketo-server.js';

describe('tandem sync', () => {
  let folder: string;
  let db: string;
  let marketo: FakeMarketo;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-sync-'));
    db = join(folder, 'tandem.db');
    const database = await openDatabase({ url: db });
    await migrateToLatest(database.db);
    await ensureTenant(database, { id: 'acme', name: 'Acme', timeZone: 'UTC', currency: 'USD' });
    await database.close();
    marketo = await new FakeMarketo().start();
    fillInstance(marketo, { leads: 20 });
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await marketo.close();
  });

  const env = (secret: string) => ({
    TANDEM_ACME_MARKETO_BASE_URL: marketo.url,
    TANDEM_ACME_MARKETO_CLIENT_ID: marketo.clientId,
    TANDEM_ACME_MARKETO_CLIENT_SECRET: secret,
  });

  it('names every variable to set for an unconfigured source, and rejects an unknown one', async () => {
    const result = await runCli(['sync', 'salesforce', '--tenant', 'acme', '--database', db]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "tandem: salesforce is not configured for tenant 'acme': set TANDEM_ACME_SALESFORCE_CLIENT_ID, TANDEM_ACME_SALESFORCE_CLIENT_SECRET, TANDEM_ACME_SALESFORCE_REFRESH_TOKEN",
    );
    const unknown = await runCli(['sync', 'pipedrive', '--tenant', 'acme', '--database', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      "tandem: unknown source 'pipedrive' (known: hubspot, salesforce, marketo)",
    );
  });

  it('syncs and reports per stream', async () => {
    const result = await runCli(
      ['sync', 'marketo', '--tenant', 'acme', '--database', db],
      env(marketo.clientSecret),
    );
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^marketo → acme: [\d,]+ records in [\d.]+ s \(\d+ requests, 0 retries\)$/);
    expect(lines[1]).toMatch(/^ {2}programs: 4 read, 4 written, 0 already there, 0 rejected$/);
    expect(lines[2]).toMatch(
      /^ {2}activities: \d+ read, \d+ written, 0 already there, 0 rejected, 1 people fetched on demand$/,
    );
  });

  it('stops in one line with exit code 1 when the source refuses, never printing the secret', async () => {
    const result = await runCli(
      ['sync', 'marketo', '--tenant', 'acme', '--database', db],
      env('sup3r-s3cret'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^tandem: marketo GET .*: HTTP 401 .*Bad client credentials.* \(stopped before the first page; what was read is saved, run again to resume\)/,
    );
    expect(result.stderr + result.stdout).not.toContain('sup3r-s3cret');
  });
});
