/**
 * A small customer, hand-written so every expected value can be read off it: the account Acme
 * with Jane (a Marketo lead, a Salesforce lead and the contact it converted to) and John; a
 * person without email or account (Sam); one deal. Hours are after t0, a Monday 09:00 in New
 * York (tenant acme): Jane is handed off at 14:00 and called at 15:00, 1 business hour later.
 */
import type { SourceRecordInput } from '../../gateway/ingest/records.js';

export const t0 = Date.parse('2026-03-02T14:00:00Z');
export const hour = 3_600_000;
export const at = (hours: number) => t0 + hours * hour;

export const rep = {
  kind: 'user',
  email: 'rita@acme.example',
  name: 'Rita Rep',
  team: 'Sales – Enterprise',
  teamFunction: 'sales',
} as const;
export const marketer = {
  kind: 'user',
  email: 'mark@acme.example',
  name: 'Mark Marketer',
  team: 'Demand Gen',
  teamFunction: 'marketing',
} as const;

const jane = { system: 'marketo', objectType: 'ma_lead', sourceId: 'M1' } as const;
const john = { email: 'john.roe@acme.com' } as const;

export function customerRecords(): SourceRecordInput[] {
  return [
    rep,
    marketer,
    { kind: 'campaign', system: 'marketo', sourceId: 'C1', name: 'Spring webinar', channel: 'webinar' },
    {
      kind: 'account',
      system: 'salesforce',
      sourceId: 'A1',
      name: 'Acme',
      domain: 'acme.com',
      industry: 'Software',
      employees: 800,
      region: 'North America',
      segment: 'Mid-market',
      updatedAt: t0,
    },
    {
      kind: 'person',
      system: 'marketo',
      objectType: 'ma_lead',
      sourceId: 'M1',
      email: 'jane.doe@acme.com',
      firstName: 'Jane',
      createdAt: t0,
      updatedAt: t0,
    },
    {
      kind: 'person',
      system: 'salesforce',
      objectType: 'lead',
      sourceId: 'L1',
      email: 'Jane.Doe@ACME.com',
      lastName: 'Doe',
      title: 'VP Marketing',
      ownerEmail: rep.email,
      createdAt: t0 + 1000,
      updatedAt: t0 + 1000,
    },
    {
      kind: 'person',
      system: 'salesforce',
      objectType: 'contact',
      sourceId: 'C1',
      email: 'jane@acme.com',
      convertedFrom: { system: 'salesforce', objectType: 'lead', sourceId: 'L1' },
      createdAt: t0 + 2000,
      updatedAt: t0 + 2000,
    },
    {
      kind: 'person',
      system: 'marketo',
      objectType: 'ma_lead',
      sourceId: 'M2',
      email: 'john.roe@acme.com',
      firstName: 'John',
      lastName: 'Roe',
      createdAt: t0,
      updatedAt: t0,
    },
    {
      kind: 'person',
      system: 'salesforce',
      objectType: 'lead',
      sourceId: 'L9',
      firstName: 'Sam',
      lastName: 'Solo',
      createdAt: t0,
      updatedAt: t0,
    },
    {
      kind: 'touch',
      system: 'marketo',
      sourceId: 'T1',
      person: jane,
      campaign: { system: 'marketo', sourceId: 'C1' },
      channel: 'webinar',
      type: 'form_submit',
      url: 'https://acme.example/webinar',
      occurredAt: at(1),
    },
    {
      kind: 'touch',
      system: 'marketo',
      sourceId: 'T2',
      person: jane,
      channel: 'email',
      type: 'email_click',
      occurredAt: at(2),
    },
    {
      kind: 'touch',
      system: 'marketo',
      sourceId: 'T3',
      person: john,
      channel: 'organic_search',
      type: 'page_view',
      occurredAt: at(3),
    },
    {
      kind: 'stageChange',
      system: 'marketo',
      sourceId: 'S1',
      person: jane,
      to: 'lead',
      byTeam: 'marketing',
      occurredAt: at(4),
    },
    {
      kind: 'stageChange',
      system: 'marketo',
      sourceId: 'S2',
      person: jane,
      to: 'mql',
      byTeam: 'marketing',
      occurredAt: at(5),
    },
    {
      kind: 'activity',
      system: 'salesforce',
      sourceId: 'A1',
      person: { email: 'jane@acme.com' },
      userEmail: rep.email,
      type: 'call',
      subject: 'Intro call',
      occurredAt: at(6),
    },
    {
      kind: 'stageChange',
      system: 'salesforce',
      sourceId: 'S3',
      person: jane,
      to: 'sal',
      byTeam: 'sales',
      byUserEmail: rep.email,
      occurredAt: at(7),
    },
    {
      kind: 'opportunity',
      system: 'salesforce',
      sourceId: 'O1',
      name: 'Acme expansion',
      account: { system: 'salesforce', sourceId: 'A1' },
      primaryPerson: jane,
      campaign: { system: 'marketo', sourceId: 'C1' },
      ownerEmail: rep.email,
      amount: 50_000,
      grossProfit: 30_000,
      stage: 'Proposal',
      probability: 0.4,
      createdAt: at(8),
      isClosed: false,
      isWon: false,
      history: [
        { stage: 'Prospecting', amount: 40_000, occurredAt: at(8) },
        { stage: 'Proposal', amount: 50_000, occurredAt: at(9) },
      ],
    },
    {
      kind: 'activity',
      system: 'salesforce',
      sourceId: 'A2',
      person: john,
      userEmail: rep.email,
      type: 'meeting',
      subject: 'Discovery',
      occurredAt: at(10),
    },
  ];
}

/** The titles of the fixture's timeline, newest first. */
export const expectedTitles = [
  'Meeting by Rita Rep',
  // The open deal moves Jane up to opportunity when it is created (domain/deal-outcome.ts).
  'Stage SAL → Opportunity',
  'Deal created: Acme expansion',
  'Stage MQL → SAL',
  'Call by Rita Rep',
  'Stage Lead (inquiry) → MQL',
  'Stage Subscriber → Lead (inquiry)',
  'Page view',
  'Email click',
  'Form submit',
];

/**
 * An account of `people` people with `touchesPerPerson` touches each over 5 campaigns, every
 * person owned by the rep and handed off, and 3 deals: the shape of the statement-count test.
 */
export function accountRecords(
  domain: string,
  people: number,
  touchesPerPerson: number,
): SourceRecordInput[] {
  const records: SourceRecordInput[] = [rep];
  for (let c = 0; c < 5; c++) {
    records.push({
      kind: 'campaign',
      system: 'marketo',
      sourceId: `${domain}-C${c}`,
      name: `Campaign ${c}`,
      channel: 'email',
    });
  }
  records.push({
    kind: 'account',
    system: 'salesforce',
    sourceId: `${domain}-A`,
    name: domain,
    domain,
    updatedAt: t0,
  });
  for (let p = 0; p < people; p++) {
    const email = `p${p}@${domain}`;
    records.push({
      kind: 'person',
      system: 'marketo',
      objectType: 'ma_lead',
      sourceId: `${domain}-P${p}`,
      email,
      lastName: `Person ${p}`,
      ownerEmail: rep.email,
      createdAt: t0,
      updatedAt: t0,
    });
    for (let i = 0; i < touchesPerPerson; i++) {
      records.push({
        kind: 'touch',
        system: 'marketo',
        sourceId: `${domain}-P${p}-T${i}`,
        person: { email },
        campaign: { system: 'marketo', sourceId: `${domain}-C${i % 5}` },
        channel: 'email',
        type: i % 2 ? 'email_click' : 'page_view',
        occurredAt: t0 + p * 1000 + i * 60_000,
      });
    }
    records.push({
      kind: 'stageChange',
      system: 'marketo',
      sourceId: `${domain}-P${p}-S`,
      person: { email },
      to: 'mql',
      byTeam: 'marketing',
      occurredAt: at(200),
    });
  }
  for (let d = 0; d < 3; d++) {
    records.push({
      kind: 'opportunity',
      system: 'salesforce',
      sourceId: `${domain}-O${d}`,
      name: `Deal ${d}`,
      account: { system: 'salesforce', sourceId: `${domain}-A` },
      primaryPerson: { email: `p${d}@${domain}` },
      campaign: { system: 'marketo', sourceId: `${domain}-C${d}` },
      ownerEmail: rep.email,
      amount: 10_000 * (d + 1),
      stage: 'Proposal',
      probability: 0.3,
      createdAt: at(300 + d),
      isClosed: false,
      isWon: false,
    });
  }
  return records;
}
