/**
 * Two `tandem import csv` processes importing the same rows for one person while the server
 * takes events for that person and answers dashboard reads (which refresh the rollups the imports
 * mark stale), on SQLite and PostgreSQL. On SQLite the processes share one file: every writer must
 * wait for the others rather than die with SQLITE_BUSY. Every row is written once and scored once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { dialects } from '../support/databases.js';
import { atOnce, countRows, type ServingGateway, startServingGateway, t0 } from './support.js';

const rows = 2_000;
const at = new Date(t0 + 3_600_000).toISOString();
const funnel = 'query { funnel { entered stages { key reached } } }';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`CSV imports in other processes beside the server on ${dialect.name}`, () => {
    let gateway: ServingGateway;
    let folder: string;

    beforeAll(async () => {
      gateway = await startServingGateway(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-concurrency-'));
      const lines = Array.from({ length: rows }, (_, i) => `T-${i},C-1,Filled form,${at}`);
      writeFileSync(join(folder, 'touches.csv'), ['Event ID,Contact ID,Activity,When', ...lines].join('\n'));
      writeFileSync(
        join(folder, 'mapping.json'),
        JSON.stringify({
          kind: 'touches',
          system: 'crm-export',
          dates: { format: 'iso' },
          columns: {
            sourceId: 'Event ID',
            personId: 'Contact ID',
            occurredAt: 'When',
            type: { column: 'Activity', map: { 'Filled form': 'form_submit' } },
            channel: { column: 'Activity', map: { 'Filled form': 'webinar' } },
          },
        }),
      );
      await gateway.ingest([
        {
          kind: 'person',
          system: 'crm-export',
          objectType: 'record',
          sourceId: 'C-1',
          email: 'c1@example.org',
          createdAt: t0,
          updatedAt: t0,
        },
      ]);
    });
    afterAll(async () => {
      await gateway?.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('every row once, every event once, every request answered', async () => {
      const importing = atOnce(2, () =>
        runCli(
          [
            'import',
            'csv',
            join(folder, 'touches.csv'),
            '--tenant',
            'acme',
            '--mapping',
            join(folder, 'mapping.json'),
          ],
          { DATABASE_URL: gateway.url },
          120_000,
        ),
      );
      let done = false;
      void importing.finally(() => {
        done = true;
      });
      const statuses: number[] = [];
      let batches = 0;
      // The server writes and reads the same person for as long as the imports run (at least once).
      do {
        const batch = batches++;
        const events = Array.from({ length: 50 }, (_, i) => ({
          idempotencyKey: `live-${batch}-${i}`,
          kind: 'touch',
          type: 'form_submit',
          email: 'c1@example.org',
          channel: 'content',
          occurredAt: at,
        }));
        const [posted, read] = await Promise.all([
          gateway.postEvents({ source: 'website', events }),
          gateway.graphql(funnel),
        ]);
        statuses.push(posted.status, read.status);
        expect(read.errors).toBeUndefined();
      } while (!done);
      const results = await importing;
      for (const result of results)
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      const written = results.map((r) =>
        Number(/([\d,]+) records written/.exec(r.stdout)?.[1]?.replaceAll(',', '')),
      );
      expect(written.reduce((a, b) => a + b, 0)).toBe(rows);
      expect(statuses.every((status) => status === 200)).toBe(true);

      const personId = 'per_crm-export:record:C-1';
      expect(await countRows(gateway.acme, 'touches', personId)).toBe(rows + 50 * batches);
      const score = await gateway.acme.db
        .selectFrom('score_events')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('delta').as('sum')])
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
      expect(Number(score.n)).toBe(rows + 50 * batches);
      const person = await gateway.acme.db
        .selectFrom('people')
        .select('engagement_score')
        .where('id', '=', personId)
        .executeTakeFirstOrThrow();
      expect(person.engagement_score).toBeCloseTo(Number(score.sum), 6);
    });
  });
}
