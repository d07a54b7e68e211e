/**
 * A tiny revenue team whose funnel, SLA and revenue numbers were worked out by hand (the
 * expected values are in funnel.test.ts, sla.test.ts and revenue.test.ts, with the arithmetic).
 * Tenant acme: America/New_York, SLA 4 business hours, Mon–Fri 09:00–17:00, no holidays.
 *
 * Journeys (times are New York local; February is EST, UTC−5):
 *   P1 Ann  A1 Enterprise, rep1  created 02-02 10:00, lead 02-03 10:00, mql 02-04 10:00 (H1, call 11:00: 1 h),
 *                                sal 02-05, sql 02-06, opportunity 02-09, customer 02-20; O1 won 10 000 (GP 6 000), O5 open 2 000 × 0.5
 *   P2 Bob  A1 Enterprise, rep1  created 02-02 10:00 and lead at once, mql 02-05 10:00 (H2, call 13:00: 3 h),
 *                                sal 02-09, recycled to lead 02-10 (no_budget)
 *   P3 Cat  A2 SMB, rep2         created 02-03 10:00, lead 02-03 12:00, mql Fri 02-06 15:00 (H3: deadline Mon 11:00,
 *                                call Mon 02-09 12:00: 5 business hours over a weekend, a breach), sql 02-10 (skips sal),
 *                                opportunity 02-11; O2 open 5 000 × 0.4
 *   P4 Dan  A2 SMB, rep2         created 02-04 10:00 and lead at once, mql Tue 02-10 10:00 (H4, never touched: open breach)
 *   P5 Eve  no account, rep1     created 02-05 10:00, lead 02-06 10:00, sql 02-09 10:00 (hand-raiser: skips mql and sal,
 *                                no handoff), opportunity 02-10; O3 lost 8 000 (02-16), which sends her back to lead
 *   P6 Fay  no account, no owner created 02-06 10:00, subscriber only
 *   P7 Gus  A2 SMB, rep2         created 01-20 10:00 (outside February), lead 01-21, mql Mon 02-02 10:00 (H5, call 11:30: 1.5 h),
 *                                sal 02-03, sql 02-04; O4 won 4 000 (GP 1 000) created 02-12, closed 03-10 10:00 EDT,
 *                                which makes him a customer then
 *   P8 Hal  no account, rep3     created Sat 02-28 22:00, lead 23:00, mql 23:30 (H6 — 04:30 UTC on 03-01; deadline Mon 03-02
 *                                13:00, call Mon 10:00: 1 h)
 * "No account" means no account record: ingest files them under an account of their email's domain, with no segment.
 * rep1 and rep2 are in team "Sales East", rep3 in "Sales West". P1 has a webinar touch (campaign C1), P3 a paid_search one.
 */
import type { SourceRecordInput } from '../../gateway/ingest/records.js';

/** New York local time in February 2026 (EST). */
export const est = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00-05:00`);
/** New York local time after 2026-03-08 (EDT). */
export const edt = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00-04:00`);

const email = (name: string) => `${name.toLowerCase()}@people.example`;

function person(
  name: string,
  created: number,
  extra: { account?: string; owner?: string } = {},
): SourceRecordInput {
  return {
    kind: 'person',
    system: 'hubspot',
    objectType: 'contact',
    sourceId: name,
    email: email(name),
    firstName: name,
    account: extra.account ? { system: 'salesforce', sourceId: extra.account } : null,
    ownerEmail: extra.owner ? `${extra.owner}@acme.example` : null,
    createdAt: created,
    updatedAt: created,
  };
}

let sequence = 0;
function move(
  name: string,
  to: string,
  at: number,
  byTeam: 'sales' | 'marketing' = 'marketing',
  reason?: string,
): SourceRecordInput {
  return {
    kind: 'stageChange',
    system: 'hubspot',
    sourceId: `s${++sequence}`,
    person: { email: email(name) },
    to,
    byTeam,
    reason,
    occurredAt: at,
  };
}

function call(name: string, rep: string, at: number): SourceRecordInput {
  return {
    kind: 'activity',
    system: 'salesforce',
    sourceId: `a${++sequence}`,
    person: { email: email(name) },
    userEmail: `${rep}@acme.example`,
    type: 'call',
    occurredAt: at,
  };
}

function deal(
  id: string,
  name: string,
  account: string | null,
  amount: number,
  state: {
    won?: boolean;
    lost?: boolean;
    gp?: number;
    probability: number;
    created: number;
    closed?: number;
  },
): SourceRecordInput {
  return {
    kind: 'opportunity',
    system: 'salesforce',
    sourceId: id,
    name: `Deal ${id}`,
    account: account ? { system: 'salesforce', sourceId: account } : null,
    primaryPerson: { email: email(name) },
    amount,
    grossProfit: state.gp ?? null,
    stage: state.won ? 'Closed Won' : state.lost ? 'Closed Lost' : 'Proposal',
    probability: state.probability,
    createdAt: state.created,
    closedAt: state.closed ?? null,
    isClosed: !!(state.won || state.lost),
    isWon: !!state.won,
  };
}

export function fixtureRecords(): SourceRecordInput[] {
  sequence = 0;
  const at = est;
  return [
    { kind: 'user', email: 'rep1@acme.example', name: 'Rita One', team: 'Sales East', teamFunction: 'sales' },
    { kind: 'user', email: 'rep2@acme.example', name: 'Rob Two', team: 'Sales East', teamFunction: 'sales' },
    {
      kind: 'user',
      email: 'rep3@acme.example',
      name: 'Ray Three',
      team: 'Sales West',
      teamFunction: 'sales',
    },
    {
      kind: 'account',
      system: 'salesforce',
      sourceId: 'A1',
      name: 'Alpha',
      domain: 'alpha.example',
      segment: 'Enterprise',
      region: 'North America',
      updatedAt: at('2026-01-01 09:00'),
    },
    {
      kind: 'account',
      system: 'salesforce',
      sourceId: 'A2',
      name: 'Beta',
      domain: 'beta.example',
      segment: 'SMB',
      region: 'North America',
      updatedAt: at('2026-01-01 09:00'),
    },
    { kind: 'campaign', system: 'marketo', sourceId: 'C1', name: 'Spring webinar', channel: 'webinar' },
    person('Ann', at('2026-02-02 10:00'), { account: 'A1', owner: 'rep1' }),
    person('Bob', at('2026-02-02 10:00'), { account: 'A1', owner: 'rep1' }),
    person('Cat', at('2026-02-03 10:00'), { account: 'A2', owner: 'rep2' }),
    person('Dan', at('2026-02-04 10:00'), { account: 'A2', owner: 'rep2' }),
    person('Eve', at('2026-02-05 10:00'), { owner: 'rep1' }),
    person('Fay', at('2026-02-06 10:00')),
    person('Gus', at('2026-01-20 10:00'), { account: 'A2', owner: 'rep2' }),
    person('Hal', at('2026-02-28 22:00'), { owner: 'rep3' }),
    {
      kind: 'touch',
      system: 'marketo',
      sourceId: 't1',
      person: { email: email('Ann') },
      campaign: { system: 'marketo', sourceId: 'C1' },
      channel: 'webinar',
      type: 'webinar_attendance',
      occurredAt: at('2026-02-03 09:00'),
    },
    {
      kind: 'touch',
      system: 'marketo',
      sourceId: 't2',
      person: { email: email('Cat') },
      channel: 'paid_search',
      type: 'ad_click',
      occurredAt: at('2026-02-03 11:00'),
    },
    // Ann: the whole ladder.
    move('Ann', 'lead', at('2026-02-03 10:00')),
    move('Ann', 'mql', at('2026-02-04 10:00')),
    call('Ann', 'rep1', at('2026-02-04 11:00')),
    move('Ann', 'sal', at('2026-02-05 10:00'), 'sales'),
    move('Ann', 'sql', at('2026-02-06 10:00'), 'sales'),
    move('Ann', 'opportunity', at('2026-02-09 10:00'), 'sales'),
    move('Ann', 'customer', at('2026-02-20 10:00'), 'sales'),
    // Bob: accepted, then sent back.
    move('Bob', 'lead', at('2026-02-02 10:00')),
    move('Bob', 'mql', at('2026-02-05 10:00')),
    call('Bob', 'rep1', at('2026-02-05 13:00')),
    move('Bob', 'sal', at('2026-02-09 10:00'), 'sales'),
    move('Bob', 'lead', at('2026-02-10 10:00'), 'sales', 'no_budget'),
    // Cat: breach across a weekend, then straight to sql.
    move('Cat', 'lead', at('2026-02-03 12:00')),
    move('Cat', 'mql', at('2026-02-06 15:00')),
    call('Cat', 'rep2', at('2026-02-09 12:00')),
    move('Cat', 'sql', at('2026-02-10 10:00'), 'sales'),
    move('Cat', 'opportunity', at('2026-02-11 10:00'), 'sales'),
    // Dan: never touched.
    move('Dan', 'lead', at('2026-02-04 10:00')),
    move('Dan', 'mql', at('2026-02-10 10:00')),
    // Eve: hand-raiser.
    move('Eve', 'lead', at('2026-02-06 10:00')),
    move('Eve', 'sql', at('2026-02-09 10:00'), 'sales'),
    move('Eve', 'opportunity', at('2026-02-10 10:00'), 'sales'),
    // Gus: an older lead handed off in February.
    move('Gus', 'lead', at('2026-01-21 10:00')),
    move('Gus', 'mql', at('2026-02-02 10:00')),
    call('Gus', 'rep2', at('2026-02-02 11:30')),
    move('Gus', 'sal', at('2026-02-03 10:00'), 'sales'),
    move('Gus', 'sql', at('2026-02-04 10:00'), 'sales'),
    // Hal: handed off at 23:30 on the last day of February.
    move('Hal', 'lead', at('2026-02-28 23:00')),
    move('Hal', 'mql', at('2026-02-28 23:30')),
    call('Hal', 'rep3', at('2026-03-02 10:00')), // still EST: DST starts 03-08
    deal('O1', 'Ann', 'A1', 10_000, {
      won: true,
      gp: 6_000,
      probability: 1,
      created: at('2026-02-09 10:00'),
      closed: at('2026-02-20 10:00'),
    }),
    deal('O2', 'Cat', 'A2', 5_000, { probability: 0.4, created: at('2026-02-11 10:00') }),
    deal('O3', 'Eve', null, 8_000, {
      lost: true,
      probability: 0,
      created: at('2026-02-09 10:00'),
      closed: at('2026-02-16 10:00'),
    }),
    deal('O4', 'Gus', 'A2', 4_000, {
      won: true,
      gp: 1_000,
      probability: 1,
      created: at('2026-02-12 10:00'),
      closed: edt('2026-03-10 10:00'),
    }),
    deal('O5', 'Ann', 'A1', 2_000, { probability: 0.5, created: at('2026-01-15 10:00') }),
  ];
}
