/**
 * History is not an emergency (issue #15), on SQLite and PostgreSQL: two years of MQL dates
 * imported from a CSV lead list open handoffs whose deadlines passed long before the import.
 * They are history (domain/sla-breach.ts `isHistory`): the SLA counts them from the calls imported
 * with them (within target, late, or a closed breach when nobody called), never as open breaches,
 * and the breach watcher, even
 * looking over the whole two years, publishes no breach. A handoff made now still alarms when its
 * deadline passes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHistory } from '../../gateway/domain/sla-breach.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createLivePubSub, type LivePubSub } from '../../gateway/live/pubsub.js';
import { createSlaWatcher } from '../../gateway/live/sla-watcher.js';
import { createTandemYoga } from '../../gateway/server/yoga.js';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';

const day = 24 * 60 * 60 * 1000;
const leads = 60;
const rep = {
  kind: 'user',
  email: 'rita@acme.example',
  name: 'Rita Rep',
  team: 'Sales',
  teamFunction: 'sales',
} as const;

const mapping = checkMapping({
  system: 'leadlist',
  kinds: {
    people: { columns: { sourceId: 'Lead ID', email: 'Email', ownerEmail: 'Owner', createdAt: 'Created' } },
    stages: {
      columns: { personId: 'Lead ID', occurredAt: 'MQL date' },
      values: { to: 'mql', byTeam: 'marketing' },
    },
  },
});

describe('the history rule', () => {
  it('calls a handoff recorded after its deadline history, and one recorded before 0011 not', () => {
    expect(isHistory({ deadlineAt: 1_000, recordedAt: 1_001 })).toBe(true);
    expect(isHistory({ deadlineAt: 1_000, recordedAt: 1_000 })).toBe(false);
    expect(isHistory({ deadlineAt: 1_000, recordedAt: null })).toBe(false);
  });
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`importing two years of MQL dates on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let pubsub: LivePubSub;
    let folder: string;
    const heard: string[] = [];
    let listening: Promise<void>;
    const start = Date.now() - 730 * day;
    const mqlAt = (i: number) => start + i * 12 * day;

    /** Every breach published until now: a marker published last comes after all of them. */
    const published = async (marker: string) => {
      pubsub.publish('breaches', 'acme', {
        tenantId: 'acme',
        handoffId: marker,
        personId: marker,
        ownerId: null,
        handedOffAt: 0,
        deadlineAt: 0,
        detectedAt: 0,
      });
      while (!heard.includes(marker)) await new Promise((resolve) => setTimeout(resolve, 5));
      return heard.filter((id) => !id.startsWith('marker'));
    };

    beforeAll(async () => {
      pubsub = createLivePubSub();
      gateway = await createTestGateway(dialect.name, { pubsub });
      folder = mkdtempSync(join(tmpdir(), 'tandem-history-'));
      listening = (async () => {
        for await (const event of pubsub.subscribe('breaches', 'acme')) {
          heard.push(event.handoffId);
          if (event.handoffId === 'marker end') return;
        }
      })();
      await gateway.ingest('acme', [rep]);
    });
    afterAll(async () => {
      await gateway?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('imports the lead list and its calls: every handoff is history, counted by the calls', async () => {
      const file = join(folder, 'leads.csv');
      const rows = Array.from({ length: leads }, (_, i) => {
        const iso = (at: number) => new Date(at).toISOString();
        return `L-${i},lead${i}@history.example,${rep.email},${iso(mqlAt(i) - 30 * day)},${iso(mqlAt(i))}`;
      });
      writeFileSync(file, ['Lead ID,Email,Owner,Created,MQL date', ...rows].join('\n'));
      const report = await importCsv(gateway.store('acme'), { file, mapping });
      expect(report).toMatchObject({
        rows: leads,
        rejectedCount: 0,
        madeByKind: { people: leads, stages: leads },
      });

      const handoffs = await gateway
        .store('acme')
        .db.selectFrom('handoffs as h')
        .innerJoin('person_identities as i', 'i.person_id', 'h.person_id')
        .select(['i.source_id', 'h.handed_off_at', 'h.deadline_at', 'h.recorded_at'])
        .where('i.system', '=', 'leadlist')
        .execute();
      expect(handoffs).toHaveLength(leads);
      expect(
        handoffs.every((h) =>
          isHistory({ deadlineAt: Number(h.deadline_at), recordedAt: Number(h.recorded_at) }),
        ),
      ).toBe(true);
      // The CRM's call history: a third called a minute after the handoff, a third a day late.
      const calls: SourceRecordInput[] = handoffs.flatMap((h) => {
        const i = Number(h.source_id.slice(2));
        if (i % 3 === 2) return [];
        const at = i % 3 === 0 ? Number(h.handed_off_at) + 60_000 : Number(h.deadline_at) + day;
        return [
          {
            kind: 'activity',
            system: 'crm',
            sourceId: `call-${i}`,
            person: { email: `lead${i}@history.example` },
            userEmail: rep.email,
            type: 'call',
            occurredAt: at,
          },
        ];
      });
      expect((await gateway.ingest('acme', calls)).rejected).toEqual([]);

      const query = `query ($filter: MetricsFilter) {
        sla(filter: $filter) { sales { handoffs followedUpWithinTarget closedBreaches openBreaches pending } }
        never: customer(email: "lead2@history.example") { focus { sla { status } } }
        late: customer(email: "lead1@history.example") { focus { sla { status } } }
        met: customer(email: "lead0@history.example") { focus { sla { status } } }
      }`;
      const filter = {
        from: new Date(start - day).toISOString().slice(0, 10),
        to: new Date().toISOString().slice(0, 10),
      };
      const raw = createTandemYoga(gateway.database, {
        keys: testKeys,
        security: gateway.security,
        rollups: false,
      });
      const [fromRollups, fromRaw] = [
        await askAsAdmin(gateway.yoga, query, { filter }),
        await askAsAdmin(raw, query, { filter }),
      ];
      expect(fromRollups).toEqual(fromRaw);
      // Judged by the breach rule from the calls imported: a third met, a third late, a third never
      // called: breaches too, but closed ones, since nobody could answer them once they were known.
      // None is an open breach on the gauge, and none is ever announced.
      expect(fromRaw).toEqual({
        sla: {
          sales: {
            handoffs: leads,
            followedUpWithinTarget: leads / 3,
            closedBreaches: (2 * leads) / 3,
            openBreaches: 0,
            pending: 0,
          },
        },
        never: { focus: { sla: { status: 'BREACHED' } } },
        late: { focus: { sla: { status: 'LATE' } } },
        met: { focus: { sla: { status: 'WITHIN_TARGET' } } },
      });
    });

    it('publishes no breach for them, even to a watcher looking over the whole two years', async () => {
      const watcher = createSlaWatcher(gateway.database, pubsub);
      expect(await watcher.tick(start - day)).toEqual([]);
      expect(await watcher.tick(Date.now())).toEqual([]);
      expect(await published('marker history')).toEqual([]);
    });

    it('still alarms for a handoff made now, when its deadline passes', async () => {
      const now = Date.now();
      await gateway.ingest('acme', [
        {
          kind: 'person',
          system: 'leadlist',
          objectType: 'record',
          sourceId: 'L-fresh',
          email: 'fresh@history.example',
          ownerEmail: rep.email,
          createdAt: now - day,
          updatedAt: now - day,
        },
        {
          kind: 'stageChange',
          system: 'leadlist',
          sourceId: 'S-fresh',
          person: { email: 'fresh@history.example' },
          to: 'mql',
          byTeam: 'marketing',
          occurredAt: now - 1_000,
        },
      ]);
      const fresh = await gateway
        .store('acme')
        .db.selectFrom('handoffs as h')
        .innerJoin('person_emails as e', 'e.person_id', 'h.person_id')
        .select(['h.id', 'h.deadline_at'])
        .where('e.email', '=', 'fresh@history.example')
        .executeTakeFirstOrThrow();
      const watcher = createSlaWatcher(gateway.database, pubsub);
      expect(await watcher.tick(Date.now())).toEqual([]);
      const announced = await watcher.tick(Number(fresh.deadline_at) + 1);
      expect(announced.map((b) => b.handoffId)).toEqual([fresh.id]);
      expect(await published('marker end')).toEqual([fresh.id]);
      await listening;
    });
  });
}
