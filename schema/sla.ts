/**
 * The service level agreement both teams are measured on (docs/domain.md "The service level
 * agreement"): sales owes a timely answer on every MQL handoff, judged by the breach rule
 * (gateway/domain/sla-breach.ts), marketing owes lead and MQL volume and handoff quality. SQL:
 * gateway/metrics/sla/sales.ts (sales) and sla-marketing.ts.
 */
import type { MetricsFilter, Range } from '../gateway/metrics/filter.js';
import { readMarketingCommitment, readSalesFollowUp } from '../gateway/metrics/sla/index.js';
import {
  daysPerMonth,
  type MarketingCommitmentResult,
  nonProspects,
} from '../gateway/metrics/sla/marketing.js';
import type { FollowUp, SalesFollowUpResult } from '../gateway/metrics/sla/sales.js';
import type { Definitions, SlaPolicy } from '../gateway/store/definitions.js';
import { builder } from './builder.js';
import { TeamRef, UserRef } from './entities.js';
import { MetricsFilterInput, resolveFilter } from './filter.js';
import { HandoffQualityRef } from './sla-prospects.js';

/** The SLA policy type; the definitions module lists policy versions with it too. */
export const SlaPolicyRef = builder.objectRef<SlaPolicy>('SlaPolicy').implement({
  description: 'One version of the SLA policy both teams agreed on; the highest version is in force.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Policy version, from 1; each change saves a new one.' }),
    targetHours: t.exposeFloat('targetHours', {
      description: 'Sales must first touch a handed-off lead within this many business hours.',
    }),
    timeZone: t.string({
      description: 'IANA time zone of the business calendar.',
      resolve: (p) => p.calendar.timeZone,
    }),
    businessDays: t.intList({
      description: 'ISO weekdays that are business days: 1 = Monday … 7 = Sunday.',
      resolve: (p) => p.calendar.days,
    }),
    startHour: t.int({ description: 'Local opening hour (e.g. 9).', resolve: (p) => p.calendar.startHour }),
    endHour: t.int({ description: 'Local closing hour (e.g. 17).', resolve: (p) => p.calendar.endHour }),
    holidays: t.field({
      type: ['Date'],
      description: 'Local days with no business hours.',
      resolve: (p) => p.calendar.holidays,
    }),
    monthlyLeadGoal: t.exposeInt('monthlyLeadGoal', { description: 'Leads marketing commits to per month.' }),
    monthlyMqlGoal: t.exposeInt('monthlyMqlGoal', {
      description: 'MQLs (handoffs to sales) marketing commits to per month.',
    }),
    redBelow: t.exposeFloat('redBelow', {
      description: 'Gauge is red when a rate is below this (0..1), e.g. 0.7.',
    }),
    amberBelow: t.exposeFloat('amberBelow', {
      description: 'Gauge is amber when a rate is below this (0..1) and not red, e.g. 0.9.',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When this version was saved.',
      resolve: (p) => p.createdAt,
    }),
  }),
});

const FollowUpInterface = builder.interfaceRef<FollowUp>('SlaFollowUp').implement({
  description:
    'Sales follow-up on MQL handoffs made in the range: first sales touch (call, email, meeting) within the ' +
    "policy's target, counted in business hours of the tenant's calendar (holidays excluded). Each handoff has " +
    'one status by the breach rule (docs/domain.md; a person’s `sla.status` says the same): handoffs = ' +
    'followedUpWithinTarget + sentBackInTime + closedBreaches + openBreaches + pending.',
  fields: (t) => ({
    handoffs: t.exposeInt('handoffs', {
      description: 'MQL handoffs made in the range (to people matching the filter).',
    }),
    followedUpWithinTarget: t.exposeInt('followedUpWithinTarget', {
      description: 'Handoffs whose first sales touch came at or before the deadline (WITHIN_TARGET).',
    }),
    sentBackInTime: t.exposeInt('sentBackInTime', {
      description:
        'Handoffs sales sent back to marketing at or before the deadline, untouched by then (SENT_BACK): answered ' +
        'in time, not a breach.',
    }),
    withinTargetRate: t.exposeFloat('withinTargetRate', {
      nullable: true,
      description:
        '(followedUpWithinTarget + sentBackInTime) ÷ handoffs, 0..1 (the gauge): the share answered in time. ' +
        'Handoffs still inside their deadline count in the denominator (see `pending`). Null without handoffs.',
    }),
    medianResponseHours: t.exposeFloat('medianResponseHours', {
      nullable: true,
      description:
        'Median business hours from handoff to first touch, over touched handoffs (percentile_cont). Null when none.',
    }),
    p90ResponseHours: t.exposeFloat('p90ResponseHours', {
      nullable: true,
      description: '90th percentile of the same response hours (percentile_cont). Null when none.',
    }),
    openBreaches: t.exposeInt('openBreaches', {
      description:
        'Live breaches (BREACHED): neither touched nor sent back, and the deadline has passed (as of the request). ' +
        'History (a handoff Tandem learnt of after its deadline, e.g. an import of old MQL dates) is never live: see closedBreaches.',
    }),
    closedBreaches: t.exposeInt('closedBreaches', {
      description:
        'Breaches that are over: handoffs answered after the deadline (LATE: first touched after it, or sent back after it ' +
        'without a touch), and history never answered (BREACHED, recorded after its deadline: docs/domain.md "History is not an alarm").',
    }),
    pending: t.exposeInt('pending', {
      description: 'Handoffs neither touched nor sent back whose deadline is still ahead (OPEN).',
    }),
  }),
});

const SlaRepRowRef = builder.objectRef<FollowUp & { userId: string | null }>('SlaRepRow').implement({
  description: 'Follow-up of the handoffs owned by one rep (the handoff owner).',
  interfaces: [FollowUpInterface],
  fields: (t) => ({
    rep: t.field({
      type: UserRef,
      nullable: true,
      description: 'The owner; null for handoffs nobody owned.',
      resolve: (row, _args, ctx) => (row.userId ? ctx.loaders.user.load(row.userId) : null),
    }),
  }),
});

const SlaTeamRowRef = builder.objectRef<FollowUp & { teamId: string | null }>('SlaTeamRow').implement({
  description: "Follow-up of the handoffs owned by members of one team (the owner's team).",
  interfaces: [FollowUpInterface],
  fields: (t) => ({
    team: t.field({
      type: TeamRef,
      nullable: true,
      description: 'The team; null for handoffs with no owner or an owner in no team.',
      resolve: (row, _args, ctx) => (row.teamId ? ctx.loaders.team.load(row.teamId) : null),
    }),
  }),
});

const SalesFollowUpRef = builder.objectRef<SalesFollowUpResult>('SalesFollowUp').implement({
  description: 'What sales owes (docs/domain.md: SLA): all handoffs in the range, then by rep and by team.',
  interfaces: [FollowUpInterface],
  fields: (t) => ({
    byRep: t.field({
      type: [SlaRepRowRef],
      description: 'One row per owner rep, by rep id.',
      resolve: (s) => s.byRep,
    }),
    byTeam: t.field({
      type: [SlaTeamRowRef],
      description: 'One row per owner team, by team id.',
      resolve: (s) => s.byTeam,
    }),
  }),
});

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

const MarketingCommitmentRef = builder
  .objectRef<MarketingCommitmentResult & { policy: SlaPolicy }>('MarketingCommitment')
  .implement({
    description:
      'What marketing owes (docs/domain.md: SLA): volume against the monthly goals and the quality of handoffs. Goals for a ' +
      `range = monthly goal × months, months = local days in the range ÷ ${daysPerMonth} (2 decimals); an open start ` +
      'is the day of the first lead ever, an open end is today.',
    fields: (t) => ({
      months: t.exposeFloat('months', {
        description: 'Months the goals cover (local days ÷ 30.44, 2 decimals).',
      }),
      leadGoal: t.int({
        description: 'monthlyLeadGoal × months, rounded.',
        resolve: (m) => Math.round(m.policy.monthlyLeadGoal * m.months),
      }),
      leads: t.exposeInt('leads', {
        description:
          'People (matching the filter) who first reached the lead stage or beyond in the range: a skip counts.',
      }),
      leadGoalAttainment: t.float({
        nullable: true,
        description: 'leads ÷ leadGoal; may exceed 1. Null when the goal is 0.',
        resolve: (m) => ratio(m.leads, Math.round(m.policy.monthlyLeadGoal * m.months)),
      }),
      mqlGoal: t.int({
        description: 'monthlyMqlGoal × months, rounded.',
        resolve: (m) => Math.round(m.policy.monthlyMqlGoal * m.months),
      }),
      mqls: t.exposeInt('mqls', {
        description:
          'People who first reached the handoff stage (the last marketing-owned one, MQL by default) or beyond in the range.',
      }),
      goalAttainment: t.float({
        nullable: true,
        description: 'mqls ÷ mqlGoal (the marketing gauge); may exceed 1. Null when the goal is 0.',
        resolve: (m) => ratio(m.mqls, Math.round(m.policy.monthlyMqlGoal * m.months)),
      }),
      handoffs: t.exposeInt('handoffs', {
        description: 'MQL handoffs made in the range: the denominator of the rates below.',
      }),
      acceptanceRate: t.float({
        nullable: true,
        description:
          'Handoffs sales accepted and did not send back ÷ handoffs whose outcome is known (accepted or sent back); ' +
          'handoffs still waiting are left out. Null when no outcome is known.',
        resolve: (m) => ratio(m.accepted, m.outcomeKnown),
      }),
      sentBackRate: t.float({
        nullable: true,
        description:
          'Handoffs sent back to marketing (recycled, docs/domain.md: "% of leads sent back") ÷ handoffs. Null without handoffs.',
        resolve: (m) => ratio(m.sentBack, m.handoffs),
      }),
      qualifiedToSqlRate: t.float({
        nullable: true,
        description:
          'Handoffs whose person reached SQL or beyond at or after the handoff ÷ handoffs. Null without handoffs.',
        resolve: (m) => ratio(m.qualified, m.handoffs),
      }),
      prospects: t.field({
        type: HandoffQualityRef,
        description:
          "The range's handoffs of prospects: people with all four qualification flags (icpFit, hasBudget, " +
          'hasTimeframe, willingToEngage) set at the moment of the handoff. Handoffs before migration 0007 ' +
          'take the flags the person had when it ran.',
        resolve: (m) => m.prospects,
      }),
      nonProspects: t.field({
        type: HandoffQualityRef,
        description:
          "The range's other handoffs: a flag missing at handoff time (imported handoffs are not refused for it, " +
          'only counted here). prospects + nonProspects = handoffs.',
        resolve: (m) => nonProspects(m),
      }),
    }),
  });

interface SlaShape {
  filter: MetricsFilter;
  range: Range;
  definitions: Definitions;
}

const SlaRef = builder.objectRef<SlaShape>('Sla').implement({
  description:
    "Both sides of the handoff agreement for the filter's range (local days, the tenant's time zone). Each side " +
    'runs one SQL statement, only when asked for.',
  fields: (t) => ({
    from: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day counted.',
      resolve: (s) => s.filter.from ?? null,
    }),
    to: t.field({
      type: 'Date',
      nullable: true,
      description: 'Last day counted.',
      resolve: (s) => s.filter.to ?? null,
    }),
    policy: t.field({
      type: SlaPolicyRef,
      description: 'The policy in force (highest version).',
      resolve: (s) => s.definitions.sla,
    }),
    sales: t.field({
      type: SalesFollowUpRef,
      description: 'Timeliness of first touches on handoffs made in the range.',
      resolve: async (s, _args, ctx) => {
        return readSalesFollowUp(ctx, { ...s, timeZone: ctx.tenant.time_zone, now: ctx.now });
      },
    }),
    marketing: t.field({
      type: MarketingCommitmentRef,
      description: `Lead and MQL volume against goals (months = range days ÷ ${daysPerMonth}) and handoff quality.`,
      resolve: async (s, _args, ctx) => {
        const query = { ...s, timeZone: ctx.tenant.time_zone, now: ctx.now };
        return { ...(await readMarketingCommitment(ctx, query)), policy: s.definitions.sla };
      },
    }),
  }),
});

builder.queryField('sla', (t) =>
  t.field({
    type: SlaRef,
    description:
      'The SLA gauge: sales follow-up on MQL handoffs and marketing lead/MQL commitment, for one range.',
    args: {
      filter: t.arg({
        type: MetricsFilterInput,
        description:
          'Range = handoff time (sales), first lead / MQL time (marketing); slices narrow the people.',
      }),
    },
    resolve: (_root, args, ctx) => resolveFilter(args.filter, ctx),
  }),
);
