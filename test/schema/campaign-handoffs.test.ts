/**
 * Handoffs by campaign (docs/domain.md "Handoffs by campaign"): a handoff counts for its person's
 * LEAD-CREATION campaign only, so two campaigns touching the same people never count a handoff
 * twice and the campaigns' handoffs add up to the handoffs with a lead-creation campaign; from the
 * rollups as from raw rows, on SQLite and PostgreSQL. Tenant acme (America/New_York, EST).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createTandemYoga, type TandemYoga } from '../../gateway/server/yoga.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';
import { est } from './funnel-fixture.js';

const email = (name: string) => `${name.toLowerCase()}@people.example`;
let sequence = 0;

const person = (name: string): SourceRecordInput => ({
  kind: 'person',
  system: 'hubspot',
  objectType: 'contact',
  sourceId: name,
  email: email(name),
  firstName: name,
  createdAt: est('2026-02-01 09:00'),
  updatedAt: est('2026-02-01 09:00'),
});
const touch = (name: string, campaign: 'C1' | 'C2', at: string): SourceRecordInput => ({
  kind: 'touch',
  system: 'marketo',
  sourceId: `t${++sequence}`,
  person: { email: email(name) },
  campaign: { system: 'marketo', sourceId: campaign },
  channel: campaign === 'C1' ? 'webinar' : 'paid_search',
  type: campaign === 'C1' ? 'webinar_attendance' : 'ad_click',
  occurredAt: est(at),
});
const move = (
  name: string,
  to: string,
  at: string,
  byTeam: 'sales' | 'marketing' = 'marketing',
): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'hubspot',
  sourceId: `s${++sequence}`,
  person: { email: email(name) },
  to,
  byTeam,
  reason: byTeam === 'sales' ? 'bad_timing' : undefined,
  occurredAt: est(at),
});

/**
 * Both campaigns touch Xena, Yuri and Zoe; C1 touches Wes too.
 *   Xena  C1 then lead, C2, MQL                      → C1's handoff
 *   Yuri  C2 then lead, C1, MQL, SAL, sent back       → C2's handoff, sent back
 *   Zoe   lead with no touch before it, C1, C2, MQL   → no lead-creation campaign: no campaign's
 *   Wes   C1 then lead, MQL, SAL, sent back, MQL again → two handoffs of C1, one sent back
 */
function records(): SourceRecordInput[] {
  sequence = 0;
  return [
    { kind: 'campaign', system: 'marketo', sourceId: 'C1', name: 'Webinar', channel: 'webinar' },
    { kind: 'campaign', system: 'marketo', sourceId: 'C2', name: 'Search ads', channel: 'paid_search' },
    ...['Xena', 'Yuri', 'Zoe', 'Wes'].map(person),
    touch('Xena', 'C1', '2026-02-02 09:00'),
    move('Xena', 'lead', '2026-02-02 10:00'),
    touch('Xena', 'C2', '2026-02-03 09:00'),
    move('Xena', 'mql', '2026-02-03 10:00'),
    touch('Yuri', 'C2', '2026-02-02 09:00'),
    move('Yuri', 'lead', '2026-02-02 10:00'),
    touch('Yuri', 'C1', '2026-02-03 09:00'),
    move('Yuri', 'mql', '2026-02-03 10:00'),
    move('Yuri', 'sal', '2026-02-03 12:00', 'sales'),
    move('Yuri', 'lead', '2026-02-04 10:00', 'sales'),
    move('Zoe', 'lead', '2026-02-02 10:00'),
    touch('Zoe', 'C1', '2026-02-03 08:00'),
    touch('Zoe', 'C2', '2026-02-03 09:00'),
    move('Zoe', 'mql', '2026-02-03 10:00'),
    touch('Wes', 'C1', '2026-02-02 09:00'),
    move('Wes', 'lead', '2026-02-02 10:00'),
    move('Wes', 'mql', '2026-02-04 10:00'),
    move('Wes', 'sal', '2026-02-04 12:00', 'sales'),
    move('Wes', 'lead', '2026-02-05 10:00', 'sales'),
    move('Wes', 'mql', '2026-02-06 10:00'),
  ];
}

const query = /* GraphQL */ `
  query ($filter: MetricsFilter) {
    campaignRoi(filter: $filter) {
      campaigns { campaign { name } handoffs sentBack sentBackRate }
      totals { handoffs sentBack sentBackRate }
    }
    sla(filter: $filter) { marketing { handoffs } }
  }`;
interface Answer {
  campaignRoi: {
    campaigns: {
      campaign: { name: string };
      handoffs: number;
      sentBack: number;
      sentBackRate: number | null;
    }[];
    totals: { handoffs: number; sentBack: number; sentBackRate: number | null };
  };
  sla: { marketing: { handoffs: number } };
}
const february = { from: '2026-02-01', to: '2026-02-28' };

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`handoffs by lead-creation campaign on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let raw: TandemYoga;
    /** The answer from the rollups, checked equal to the raw rows' answer. */
    async function ask(filter: object): Promise<Answer> {
      const fromRollups = await askAsAdmin(gateway.yoga, query, { filter });
      expect(fromRollups).toEqual(await askAsAdmin(raw, query, { filter }));
      return fromRollups as Answer;
    }
    const byName = (answer: Answer) =>
      Object.fromEntries(
        answer.campaignRoi.campaigns.map(({ campaign, ...figures }) => [campaign.name, figures]),
      );

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      raw = createTandemYoga(gateway.database, {
        keys: testKeys,
        security: gateway.security,
        rollups: false,
      });
      const report = await gateway.ingest('acme', records());
      expect(report.rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    it('counts each handoff once, for the lead-creation campaign', async () => {
      const answer = await ask(february);
      expect(byName(answer)).toEqual({
        Webinar: { handoffs: 3, sentBack: 1, sentBackRate: 1 / 3 },
        'Search ads': { handoffs: 1, sentBack: 1, sentBackRate: 1 },
      });
    });

    it('adds up to the handoffs with a lead-creation campaign', async () => {
      for (const filter of [february, {}, { from: '2026-02-04', to: '2026-02-06' }]) {
        const answer = await ask(filter);
        const sum = answer.campaignRoi.campaigns.reduce((total, row) => total + row.handoffs, 0);
        expect(answer.campaignRoi.totals.handoffs).toBe(sum);
        // Every handoff but Zoe's (no touch before she became a lead) has a lead-creation campaign.
        const zoes = filter === february || Object.keys(filter).length === 0 ? 1 : 0;
        expect(sum).toBe(answer.sla.marketing.handoffs - zoes);
      }
      expect((await ask(february)).campaignRoi.totals).toEqual({
        handoffs: 4,
        sentBack: 2,
        sentBackRate: 0.5,
      });
    });

    it('lists the campaign a channel picks with the same figures', async () => {
      expect(byName(await ask({ ...february, channel: 'webinar' }))).toEqual({
        Webinar: { handoffs: 3, sentBack: 1, sentBackRate: 1 / 3 },
      });
    });
  });
}
