/**
 * The server's schedule: every configured source of every tenant is synced, runs never overlap,
 * a failing source is logged and the others still run, and nothing runs when none is configured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketoConnector } from '../../gateway/sources/marketo/connector.js';
import { scheduleSyncs } from '../../gateway/sources/scheduler.js';
import { Secret } from '../../gateway/sources/secret.js';
import { fillInstance } from './fakes/marketo-data.js';
import { FakeMarketo } from './fakes/marketo-server.js';
import { quickRetries, rowCounts, type SourceTestDatabase, sourceTestDatabase } from './support.js';

describe('scheduled syncs', () => {
  let marketo: FakeMarketo;
  let test: SourceTestDatabase;
  beforeAll(async () => {
    marketo = await new FakeMarketo().start();
    fillInstance(marketo, { leads: 10 });
    test = await sourceTestDatabase('sqlite');
  });
  afterAll(async () => {
    await marketo.close();
    await test.drop();
  });

  it('syncs each configured tenant, logs failures, and never overlaps runs', async () => {
    const env = {
      TANDEM_ACME_MARKETO_BASE_URL: marketo.url,
      TANDEM_ACME_MARKETO_CLIENT_ID: marketo.clientId,
      TANDEM_ACME_MARKETO_CLIENT_SECRET: marketo.clientSecret,
      // globex is configured with a secret Marketo refuses.
      TANDEM_GLOBEX_MARKETO_BASE_URL: marketo.url,
      TANDEM_GLOBEX_MARKETO_CLIENT_ID: marketo.clientId,
      TANDEM_GLOBEX_MARKETO_CLIENT_SECRET: 'wrong',
    };
    const log: string[] = [];
    const schedule = scheduleSyncs(test.database, {
      intervalMs: 60_000,
      firstDelayMs: 60_000,
      env,
      log: (line) => log.push(line),
      connectorFor: (_source, tenant) =>
        new MarketoConnector({
          baseUrl: marketo.url,
          clientId: marketo.clientId,
          clientSecret: new Secret(
            env[`TANDEM_${tenant.toUpperCase()}_MARKETO_CLIENT_SECRET` as keyof typeof env],
          ),
          retry: quickRetries,
          historyDays: 90,
        }),
    });
    try {
      const [first, overlapping] = [schedule.runNow(), schedule.runNow()];
      expect(overlapping).toBe(first);
      const runs = await first;
      expect(runs.map((run) => [run.tenant, run.source, run.error === undefined])).toEqual([
        ['acme', 'marketo', true],
        ['globex', 'marketo', false],
      ]);
      expect(log[0]).toMatch(/^sync marketo → acme: \d+ records in [\d.]+ s$/);
      expect(log[1]).toMatch(/^sync marketo → globex failed: .*HTTP 401.* \(retried at the next run\)$/);
      expect(log.join('\n')).not.toContain('wrong');
      expect((await rowCounts(test.acme)).people).toBe(11);
      const again = await schedule.runNow();
      expect(again[0]!.records).toBe(0);
    } finally {
      schedule.stop();
    }
  });

  it('does nothing for tenants with no source configured', async () => {
    const schedule = scheduleSyncs(test.database, { intervalMs: 60_000, firstDelayMs: 60_000, env: {} });
    try {
      expect(await schedule.runNow()).toEqual([]);
    } finally {
      schedule.stop();
    }
  });
});
