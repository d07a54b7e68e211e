/**
 * Never lose, never double: `tandem sync hubspot` runs as a child process against a fake HubSpot
 * that answers slowly, is killed with SIGKILL in the middle of its contacts and again in the
 * middle of its email events, and is run a third time to the end. Every record is then stored
 * exactly once, and the last run resumed from the cursors rather than starting over.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCursor } from '../../gateway/sources/cursor.js';
import { dialects } from '../support/databases.js';
import { fillPortal } from './fakes/hubspot-data.js';
import { FakeHubSpot } from './fakes/hubspot-server.js';
import { rowCounts, sourceTestDatabase } from './support.js';

const bin = fileURLToPath(new URL('../../bin/tandem.mjs', import.meta.url));
const contacts = 3_000;
const events = 3_000;

function sync(
  database: string,
  hubspot: FakeHubSpot,
): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; out: string }> } {
  const child = spawn(
    process.execPath,
    [bin, 'sync', 'hubspot', '--tenant', 'acme', '--database', database],
    {
      env: {
        ...process.env,
        DATABASE_URL: undefined,
        TANDEM_ACME_HUBSPOT_TOKEN: hubspot.token,
        TANDEM_ACME_HUBSPOT_BASE_URL: hubspot.url,
        TANDEM_ACME_HUBSPOT_SEARCH_LAG_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (out += chunk));
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the sync to make progress');
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`tandem sync killed and rerun on ${dialect.name}`, () => {
    let hubspot: FakeHubSpot;
    beforeAll(async () => {
      hubspot = await new FakeHubSpot().start();
      fillPortal(hubspot, { contacts });
      const now = Date.now();
      hubspot.emailEvents = Array.from({ length: events }, (_, i) => ({
        id: `bulk-${i}`,
        created: now - 86_400_000 * 5 + i * 100,
        recipient: `person${(i % contacts) + 1}@example-${((i % contacts) + 1) % 2 === 0 ? 'a' : 'b'}.com`,
        type: 'OPEN' as const,
      }));
      // Slow enough that a kill lands mid-stream, fast enough for a test.
      hubspot.server.slowMs = 60;
    });
    afterAll(() => hubspot.close());

    it('ends with every record exactly once after two SIGKILLs and a rerun', async () => {
      const test = await sourceTestDatabase(dialect.name);
      try {
        const first = sync(test.url, hubspot);
        await until(async () => (await rowCounts(test.acme)).people >= 600, 45_000);
        first.child.kill('SIGKILL');
        const killed = await first.done;
        expect(killed.signal).toBe('SIGKILL');
        const afterFirst = await rowCounts(test.acme);
        expect(afterFirst.people).toBeLessThan(contacts);
        expect(await readCursor(test.acme, 'hubspot', 'contacts')).not.toBeNull();

        const second = sync(test.url, hubspot);
        await until(async () => (await rowCounts(test.acme)).touches >= 1_000, 45_000);
        second.child.kill('SIGKILL');
        expect((await second.done).signal).toBe('SIGKILL');
        expect((await rowCounts(test.acme)).touches).toBeLessThan(events + 2);

        const searchesBefore = hubspot.server.count(/contacts\/search/);
        const third = await sync(test.url, hubspot).done;
        expect(third.code, third.out).toBe(0);
        expect(third.out).toMatch(/^hubspot → acme: [\d,]+ records in [\d.]+ s/);
        // Resumed: the contacts were not read again from the start.
        expect(hubspot.server.count(/contacts\/search/) - searchesBefore).toBeLessThan(5);

        const counts = await rowCounts(test.acme);
        expect(counts).toMatchObject({
          people: contacts,
          person_identities: contacts,
          // and contact 1's won deal making them a customer and open deal 9003 making its contact
          // an opportunity, each once however often the sync reran
          stage_transitions: contacts + contacts / 10 + 2,
          opportunities: 3,
          opportunity_stages: 6,
          activities: 14,
          // the opens, and the portal's 2 form submissions
          touches: events + 2,
        });
        const distinct = await test.acme.db.selectFrom('touches').select('source_id').distinct().execute();
        expect(distinct).toHaveLength(events + 2);
      } finally {
        await test.drop();
      }
    }, 150_000);
  });
}
