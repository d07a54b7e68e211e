/**
 * Deals as a CRM exports them (issue #15), on SQLite and PostgreSQL: a Salesforce opportunity
 * report with blanks. Open deals without an amount (unknown, not 0) and without a created date (the
 * row's earliest date, else the time of the import, said in the summary); the deal's own owner and
 * product, warned about per row when they name nothing; the stage as the CRM wrote it, read through
 * the tenant's stage map ("Closed Won" is won, a stage it does not know is open and said so, until
 * the tenant maps it); the expected close of an open deal; the loss reason. A won deal makes its
 * contact a customer and a lost one sends them back to nurture, once however often it is imported.
 * Revenue leaves unknown amounts out of sums and averages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { rangeOf } from '../../gateway/metrics/filter.js';
import { revenueMetrics } from '../../gateway/metrics/revenue.js';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { csvWarningText, warningSummary } from '../../gateway/sources/csv/warnings.js';
import { saveCrmSettings } from '../../gateway/store/crm-stages.js';
import { dialects } from '../support/databases.js';
import { type SourceTestDatabase, sourceTestDatabase } from './support.js';

const report = [
  '"Opportunity ID","Opportunity Name","Account Name","Primary Contact","Amount","Stage","Close Date","Created Date","Owner Email","Product Name","Loss Reason"',
  '"006-1","Initech renewal","initech.example","ann@initech.example","24,000.00","Closed Won","3/15/2026","2/1/2026","ana.rep@acme.example","Nova Pro",""',
  '"006-2","Initech upsell","initech.example","bob@initech.example","","Negotiation/Review","6/30/2026","","ana.rep@acme.example","",""',
  '"006-3","Globex pilot","globex.example","cat@globex.example","8,000.00","Closed Lost","4/2/2026","3/1/2026","ghost@acme.example","NovaPro","Went with a competitor"',
  '"006-4","Globex expansion","globex.example","","","Prospecting","","","ana.rep@acme.example","",""',
  '"006-5","Hooli trial","hooli.example","","5,000.00","Verbal Commit","5/1/2026","2/15/2026","ana.rep@acme.example","",""',
  '"006-6","Hooli services","hooli.example","","","Closed Won","3/20/2026","3/1/2026","ana.rep@acme.example","",""',
].join('\n');

const mapping = {
  kind: 'opportunities',
  system: 'sfreport',
  dates: { format: 'M/D/YYYY', timeZone: 'America/New_York' },
  columns: {
    sourceId: 'Opportunity ID',
    name: 'Opportunity Name',
    accountDomain: 'Account Name',
    email: 'Primary Contact',
    amount: 'Amount',
    stage: 'Stage',
    closedAt: 'Close Date',
    createdAt: 'Created Date',
    ownerEmail: 'Owner Email',
    product: 'Product Name',
    lossReason: 'Loss Reason',
  },
};

/** A rep, a product, and three contacts sales is working. */
function setup(): SourceRecordInput[] {
  const person = (email: string, created: string): SourceRecordInput => ({
    kind: 'person',
    system: 'crm',
    objectType: 'contact',
    sourceId: email,
    email,
    createdAt: created,
    updatedAt: created,
  });
  const move = (email: string, to: string, at: string): SourceRecordInput => ({
    kind: 'stageChange',
    system: 'crm',
    sourceId: `${email}:${to}`,
    person: { email },
    to,
    byTeam: 'sales',
    occurredAt: at,
  });
  return [
    { kind: 'user', email: 'ana.rep@acme.example', name: 'Ana Rep', team: 'Sales', teamFunction: 'sales' },
    {
      kind: 'product',
      system: 'crm',
      sourceId: 'NP',
      name: 'Nova Pro',
      family: 'Analytics',
      listPrice: 12_000,
    },
    person('ann@initech.example', '2026-01-10T15:00:00Z'),
    person('bob@initech.example', '2026-01-10T15:00:00Z'),
    person('cat@globex.example', '2026-01-12T15:00:00Z'),
    move('ann@initech.example', 'opportunity', '2026-02-01T15:00:00Z'),
    move('bob@initech.example', 'sal', '2026-02-03T15:00:00Z'),
    move('cat@globex.example', 'sql', '2026-03-01T15:00:00Z'),
  ];
}

const ny = (local: string) => Date.parse(`${local}T00:00:00-05:00`);
const nyDst = (local: string) => Date.parse(`${local}T00:00:00-04:00`);

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`a CRM's opportunity export on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    let file: string;
    const stageOf = async (email: string) =>
      (
        await test.acme.db
          .selectFrom('people')
          .select('stage')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).stage;
    const deals = () =>
      test.acme.db
        .selectFrom('opportunities')
        .select([
          'source_id',
          'amount',
          'stage',
          'is_closed',
          'is_won',
          'probability',
          'created_at',
          'closed_at',
          'expected_close_at',
          'owner_id',
          'product_id',
          'loss_reason',
        ])
        .orderBy('source_id')
        .execute();

    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-sf-report-'));
      file = join(folder, 'opportunities.csv');
      writeFileSync(file, report);
      expect((await ingestRecords(test.acme, setup())).rejected).toEqual([]);
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('keeps every row, says what it assumed and what it could not use, line by line', async () => {
      const before = Date.now();
      const result = await importCsv(test.acme, { file, mapping: checkMapping(mapping) });
      expect(result).toMatchObject({ rows: 6, written: 6, rejectedCount: 0, warningCount: 5 });
      expect(result.warnings.map(csvWarningText)).toEqual([
        'line 3: no created date: used the earliest date of the deal, 2026-06-30',
        'line 4, column "Owner Email": "ghost@acme.example" is not a user: written without an owner',
        'line 4, column "Product Name": "NovaPro" is not a product: written without a product (did you mean \'Nova Pro\'? names must match exactly, case and spaces included)',
        'line 5: no created date and no other date: used the time of the import',
        'line 6, column "Stage": "Verbal Commit" is not in the stage map: counted as open at probability 0 (add it with tandem crm-stages)',
      ]);
      expect(warningSummary(result.warningsByCode)).toEqual([
        '1 deal had no created date: used the earliest date in the row',
        '1 row named an owner who is not a user: written without an owner',
        '1 deal named a product that is not imported: written without a product',
        '1 deal had no created date nor any other date: used the time of the import',
        '1 deal had a stage the stage map does not know: counted as open',
      ]);

      const stored = await deals();
      const imported = stored.find((deal) => deal.source_id === '006-4')!;
      expect(Number(imported.created_at)).toBeGreaterThanOrEqual(before);
      expect(
        stored.map((deal) => ({
          ...deal,
          created_at: deal.source_id === '006-4' ? 'now' : Number(deal.created_at),
        })),
      ).toEqual([
        {
          source_id: '006-1',
          amount: 24000,
          stage: 'Closed Won',
          is_closed: 1,
          is_won: 1,
          probability: 1,
          created_at: ny('2026-02-01'),
          closed_at: nyDst('2026-03-15'),
          expected_close_at: null,
          owner_id: 'usr_ana.rep@acme.example',
          product_id: 'prd_crm:NP',
          loss_reason: null,
        },
        {
          source_id: '006-2',
          // Unknown, not 0.
          amount: null,
          stage: 'Negotiation/Review',
          is_closed: 0,
          is_won: 0,
          probability: 0.9,
          // No created date: the row's only date, its close date.
          created_at: nyDst('2026-06-30'),
          closed_at: null,
          // The close date of an open deal is when it is expected to close.
          expected_close_at: nyDst('2026-06-30'),
          owner_id: 'usr_ana.rep@acme.example',
          product_id: null,
          loss_reason: null,
        },
        {
          source_id: '006-3',
          amount: 8000,
          stage: 'Closed Lost',
          is_closed: 1,
          is_won: 0,
          probability: 0,
          created_at: ny('2026-03-01'),
          closed_at: nyDst('2026-04-02'),
          expected_close_at: null,
          owner_id: null,
          product_id: null,
          loss_reason: 'Went with a competitor',
        },
        {
          source_id: '006-4',
          amount: null,
          stage: 'Prospecting',
          is_closed: 0,
          is_won: 0,
          probability: 0.1,
          created_at: 'now',
          closed_at: null,
          expected_close_at: null,
          owner_id: 'usr_ana.rep@acme.example',
          product_id: null,
          loss_reason: null,
        },
        {
          source_id: '006-5',
          amount: 5000,
          stage: 'Verbal Commit',
          is_closed: 0,
          is_won: 0,
          probability: 0,
          created_at: ny('2026-02-15'),
          closed_at: null,
          expected_close_at: nyDst('2026-05-01'),
          owner_id: 'usr_ana.rep@acme.example',
          product_id: null,
          loss_reason: null,
        },
        {
          source_id: '006-6',
          amount: null,
          stage: 'Closed Won',
          is_closed: 1,
          is_won: 1,
          probability: 1,
          created_at: ny('2026-03-01'),
          closed_at: nyDst('2026-03-20'),
          expected_close_at: null,
          owner_id: 'usr_ana.rep@acme.example',
          product_id: null,
          loss_reason: null,
        },
      ]);
    });

    it('makes the won deal’s contact a customer and sends the lost deal’s back to nurture, at the close', async () => {
      expect(await stageOf('ann@initech.example')).toBe('customer');
      expect(await stageOf('cat@globex.example')).toBe('lead');
      // An open deal moves its contact up to the opportunity stage, at its created date.
      expect(await stageOf('bob@initech.example')).toBe('opportunity');
      const moves = await test.acme.db
        .selectFrom('stage_transitions')
        .select(['from_stage', 'to_stage', 'occurred_at', 'reason', 'is_recycle', 'by_user_id', 'source_id'])
        .where('source_system', '=', 'sfreport')
        .orderBy('occurred_at')
        .execute();
      expect(moves.map((move) => ({ ...move, occurred_at: Number(move.occurred_at) }))).toEqual([
        {
          from_stage: 'opportunity',
          to_stage: 'customer',
          occurred_at: nyDst('2026-03-15'),
          reason: 'won deal "Initech renewal"',
          is_recycle: 0,
          by_user_id: 'usr_ana.rep@acme.example',
          source_id: 'deal:006-1:won',
        },
        {
          from_stage: 'sql',
          to_stage: 'lead',
          occurred_at: nyDst('2026-04-02'),
          reason: 'lost deal "Globex pilot": Went with a competitor',
          is_recycle: 1,
          by_user_id: null,
          source_id: 'deal:006-3:lost',
        },
        {
          from_stage: 'sal',
          to_stage: 'opportunity',
          // No created date: the row's close date stands in (the warning above says so).
          occurred_at: nyDst('2026-06-30'),
          reason: 'open deal "Initech upsell"',
          is_recycle: 0,
          by_user_id: 'usr_ana.rep@acme.example',
          source_id: 'deal:006-2:open',
        },
      ]);
    });

    it('moves nobody again when the export is imported again', async () => {
      const transitions = async () =>
        Number(
          (
            await test.acme.db
              .selectFrom('stage_transitions')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await transitions();
      const again = await importCsv(test.acme, { file, mapping: checkMapping(mapping) });
      expect(again).toMatchObject({ rows: 6, rejectedCount: 0 });
      expect(await transitions()).toBe(before);
      expect(await stageOf('cat@globex.example')).toBe('lead');
    });

    it('reads a stage the tenant maps: "Verbal Commit" open at 0.9 on the next import', async () => {
      await saveCrmSettings(
        test.acme,
        { stages: [{ name: 'Verbal Commit', status: 'open', probability: 0.9 }], lostDealMovesTo: 'nurture' },
        Date.now(),
      );
      const again = await importCsv(test.acme, { file, mapping: checkMapping(mapping) });
      expect(again.warningsByCode.unknownStage).toBeUndefined();
      const trial = (await deals()).find((deal) => deal.source_id === '006-5')!;
      expect(trial).toMatchObject({ is_closed: 0, probability: 0.9, stage: 'Verbal Commit' });
    });

    it('leaves unknown amounts out of revenue: sums skip them, the average deal is over known amounts', async () => {
      const timeZone = 'America/New_York';
      const metrics = await revenueMetrics(test.acme, {}, rangeOf({}, timeZone), timeZone);
      expect(metrics).toMatchObject({
        won: 2, // 006-1 and 006-6, whose amount is unknown
        lost: 1,
        winRate: 2 / 3,
        revenue: 24_000,
        averageDeal: 24_000, // not 12 000: 006-6's unknown amount is not a 0
        pipeline: 5_000, // 006-5; 006-2 and 006-4 have no amount
        weightedPipeline: 4_500,
      });
    });
  });
}
