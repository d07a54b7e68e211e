/**
 * An open deal moves its primary person up to the opportunity stage at the deal's created date,
 * as a won deal makes them a customer (ingest/apply-deal-outcome.ts): never down, once per deal,
 * and a later win takes them on to customer. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { type SourceTestDatabase, sourceTestDatabase } from './support.js';

const day = (date: string) => Date.parse(`${date}T12:00:00Z`);

const person = (email: string): SourceRecordInput => ({
  kind: 'person',
  system: 'crm',
  objectType: 'contact',
  sourceId: email,
  email,
  createdAt: day('2026-01-05'),
  updatedAt: day('2026-01-05'),
});
const move = (email: string, to: string, at: string): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'crm',
  sourceId: `${email}:${to}:${at}`,
  person: { email },
  to,
  byTeam: 'sales',
  occurredAt: day(at),
});
const deal = (id: string, email: string, state: 'open' | 'won', created: string): SourceRecordInput => ({
  kind: 'opportunity',
  system: 'crm',
  sourceId: id,
  name: `Deal ${id}`,
  primaryPerson: { email },
  ownerEmail: 'ana.rep@acme.example',
  amount: 1000,
  stage: state === 'won' ? 'Closed Won' : 'Negotiation/Review',
  createdAt: day(created),
  closedAt: state === 'won' ? day('2026-04-01') : null,
  expectedCloseAt: state === 'open' ? day('2026-06-30') : null,
  history: [],
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`open deals move their person on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    const stageOf = async (email: string) =>
      (
        await test.acme.db
          .selectFrom('people')
          .select(['stage', 'stage_entered_at'])
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).stage;
    const dealMoves = () =>
      test.acme.db
        .selectFrom('stage_transitions')
        .select(['source_id', 'from_stage', 'to_stage', 'occurred_at', 'reason', 'by_user_id'])
        .where('source_id', 'like', 'deal:%')
        .orderBy('source_id')
        .execute();

    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      const report = await ingestRecords(test.acme, [
        {
          kind: 'user',
          email: 'ana.rep@acme.example',
          name: 'Ana Rep',
          team: 'Sales',
          teamFunction: 'sales',
        },
        ...['sql@x.example', 'customer@x.example', 'opp@x.example', 'later@x.example'].map(person),
        move('sql@x.example', 'sql', '2026-02-01'),
        move('customer@x.example', 'customer', '2026-02-01'),
        move('opp@x.example', 'opportunity', '2026-02-01'),
        // Reached SQL after the deal was opened: moved no earlier than that.
        move('later@x.example', 'sql', '2026-03-10'),
        deal('D1', 'sql@x.example', 'open', '2026-03-01'),
        deal('D2', 'customer@x.example', 'open', '2026-03-01'),
        deal('D3', 'opp@x.example', 'open', '2026-03-01'),
        deal('D4', 'later@x.example', 'open', '2026-03-01'),
      ]);
      expect(report.rejectedCount).toBe(0);
    });
    afterAll(() => test?.drop());

    it('moves a person below opportunity up, at the created date, and nobody down', async () => {
      expect(await stageOf('sql@x.example')).toBe('opportunity');
      expect(await stageOf('customer@x.example')).toBe('customer');
      expect(await stageOf('opp@x.example')).toBe('opportunity');
      expect(await stageOf('later@x.example')).toBe('opportunity');
      const moves = await dealMoves();
      expect(moves.map((m) => ({ ...m, occurred_at: Number(m.occurred_at) }))).toEqual([
        {
          source_id: 'deal:D1:open',
          from_stage: 'sql',
          to_stage: 'opportunity',
          occurred_at: day('2026-03-01'),
          reason: 'open deal "Deal D1"',
          by_user_id: 'usr_ana.rep@acme.example',
        },
        {
          source_id: 'deal:D4:open',
          from_stage: 'sql',
          to_stage: 'opportunity',
          occurred_at: day('2026-03-10'),
          reason: 'open deal "Deal D4"',
          by_user_id: 'usr_ana.rep@acme.example',
        },
      ]);
    });

    it('moves a person once per deal: not again after they went back, and on to customer when it is won', async () => {
      await ingestRecords(test.acme, [move('sql@x.example', 'lead', '2026-03-15')]);
      await ingestRecords(test.acme, [deal('D1', 'sql@x.example', 'open', '2026-03-01')]);
      expect(await stageOf('sql@x.example')).toBe('lead');
      expect(await dealMoves()).toHaveLength(2);

      await ingestRecords(test.acme, [deal('D4', 'later@x.example', 'won', '2026-03-01')]);
      expect(await stageOf('later@x.example')).toBe('customer');
      expect((await dealMoves()).map((m) => `${m.source_id} ${m.from_stage}→${m.to_stage}`)).toEqual([
        'deal:D1:open sql→opportunity',
        'deal:D4:open sql→opportunity',
        'deal:D4:won opportunity→customer',
      ]);
    });
  });
}
