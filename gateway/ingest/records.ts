/**
 * Source records: what every way in (demo seed, CSV, connectors, webhooks, the events endpoint)
 * hands to the ingest path. They are shaped like the source systems' objects, already mapped to
 * our field names, and still carry the source's ids: identity resolution happens on write.
 *
 * Times are ISO-8601 strings or epoch milliseconds; each record names its system (`salesforce`,
 * `hubspot`, `marketo`, `csv`, `events`...) and its id there, which makes every write idempotent.
 */
import { z } from 'zod';
import { calendarDateProblem, type InstantKind, instantProblem } from '../domain/instants.js';
import { textProblem } from '../domain/text.js';

/**
 * Every string field refuses what would fail or corrupt the write (gateway/domain/text.ts: a NUL
 * fails a whole PostgreSQL transaction) and every date what would break the numbers
 * (gateway/domain/instants.ts): the one boundary the events endpoint, webhooks, connectors and
 * CSV import all pass through. A refused value rejects its record alone, the reason naming the
 * field (the issue's path) and the value.
 */
function storable<T extends z.ZodType<string>>(schema: T) {
  return schema.superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** ISO-8601 text or epoch ms, within the range its kind of date allows. */
function instantOf(kind: InstantKind) {
  return z.union([z.number(), z.string().max(100)]).superRefine((value, ctx) => {
    const problem = instantProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A `YYYY-MM-DD` day that exists, within the range its kind of date allows. */
function calendarDateOf(kind: InstantKind) {
  return z.string().superRefine((value, ctx) => {
    const problem = calendarDateProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const instant = instantOf('happened');
const plannedInstant = instantOf('planned');
const text = storable(z.string().trim().min(1).max(500));
const optionalText = text.nullish();
const system = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lower-case system name');
const sourceId = storable(z.string().min(1).max(200));
/** RFC 5321 caps an address at 254 characters; the format check admits no control characters. */
const email = z.string().max(254).email();

/** How a record points at a person: by an id in a source system, or by email. */
export const personRef = z.union([
  z.object({ system, objectType: z.enum(['lead', 'contact', 'ma_lead', 'record']), sourceId }),
  z.object({ email }),
]);

/** How a record points at an account: by an id in a source system, or by its web domain. */
export const accountRef = z.union([z.object({ system, sourceId }), z.object({ domain: text })]);

export const userRecord = z.object({
  kind: z.literal('user'),
  email,
  name: text,
  team: text,
  teamFunction: z.enum(['sales', 'marketing']),
});

export const accountRecord = z.object({
  kind: z.literal('account'),
  system,
  sourceId,
  name: text,
  domain: optionalText,
  industry: optionalText,
  employees: z.number().int().nonnegative().nullish(),
  region: optionalText,
  segment: optionalText,
  ownerEmail: email.nullish(),
  updatedAt: instant,
});

export const personRecord = z.object({
  kind: z.literal('person'),
  system,
  objectType: z.enum(['lead', 'contact', 'ma_lead', 'record']),
  sourceId,
  email: email.nullish(),
  firstName: optionalText,
  lastName: optionalText,
  title: optionalText,
  department: optionalText,
  region: optionalText,
  leadSource: optionalText,
  account: accountRef.nullish(),
  ownerEmail: email.nullish(),
  /** For a CRM contact converted from a lead: the lead it came from (Salesforce ConvertedContactId). */
  convertedFrom: z.object({ system, objectType: z.enum(['lead']), sourceId }).nullish(),
  /**
   * The four prospect flags marketing sets before a handoff (docs/domain.md "Prospects"), as the
   * source holds them; absent or null leaves the person's flag as it is.
   */
  icpFit: z.boolean().nullish(),
  hasBudget: z.boolean().nullish(),
  hasTimeframe: z.boolean().nullish(),
  willingToEngage: z.boolean().nullish(),
  createdAt: instant,
  updatedAt: instant,
});

/** The person record's prospect flags, in the order docs/domain.md lists them. */
export const prospectFlagFields = ['icpFit', 'hasBudget', 'hasTimeframe', 'willingToEngage'] as const;
export type ProspectFlagField = (typeof prospectFlagFields)[number];

export const touchTypes = [
  'email_open',
  'email_click',
  'form_submit',
  'content_download',
  'webinar_registration',
  'webinar_attendance',
  'page_view',
  'pricing_page_view',
  'careers_page_view',
  'ad_click',
  'event_attendance',
  'form_error',
] as const;

export const touchRecord = z.object({
  kind: z.literal('touch'),
  system,
  sourceId,
  person: personRef,
  campaign: z.object({ system, sourceId }).nullish(),
  channel: text,
  type: z.enum(touchTypes),
  url: storable(z.string().max(2000)).nullish(),
  occurredAt: instant,
});

export const activityRecord = z.object({
  kind: z.literal('activity'),
  system,
  sourceId,
  person: personRef,
  userEmail: email.nullish(),
  type: z.enum(['call', 'email', 'meeting', 'task']),
  subject: optionalText,
  occurredAt: instant,
});

export const stageChangeRecord = z.object({
  kind: z.literal('stageChange'),
  system,
  sourceId,
  person: personRef,
  to: text,
  byTeam: z.enum(['sales', 'marketing', 'system']),
  byUserEmail: email.nullish(),
  reason: optionalText,
  occurredAt: instant,
});

export const opportunityRecord = z.object({
  kind: z.literal('opportunity'),
  system,
  sourceId,
  name: text,
  account: accountRef.nullish(),
  primaryPerson: personRef.nullish(),
  campaign: z.object({ system, sourceId }).nullish(),
  ownerEmail: email.nullish(),
  amount: z.number().nonnegative(),
  grossProfit: z.number().nullish(),
  stage: text,
  probability: z.number().min(0).max(1),
  createdAt: instant,
  /** An open deal's expected close may lie years ahead. */
  closedAt: plannedInstant.nullish(),
  isClosed: z.boolean(),
  isWon: z.boolean(),
  lossReason: optionalText,
  history: z
    .array(z.object({ stage: text, amount: z.number().nonnegative(), occurredAt: instant }))
    .default([]),
});

export const campaignRecord = z.object({
  kind: z.literal('campaign'),
  system,
  sourceId,
  name: text,
  channel: text,
  parent: z.object({ system, sourceId }).nullish(),
  startsOn: calendarDateOf('planned').nullish(),
  endsOn: calendarDateOf('planned').nullish(),
});

export const campaignCostRecord = z.object({
  kind: z.literal('campaignCost'),
  campaign: z.object({ system, sourceId }),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
  amount: z.number().nonnegative(),
});

export const sourceRecord = z.discriminatedUnion('kind', [
  userRecord,
  accountRecord,
  personRecord,
  touchRecord,
  activityRecord,
  stageChangeRecord,
  opportunityRecord,
  campaignRecord,
  campaignCostRecord,
]);

export type PersonRef = z.infer<typeof personRef>;
export type AccountRef = z.infer<typeof accountRef>;
export type UserRecord = z.infer<typeof userRecord>;
export type AccountRecord = z.infer<typeof accountRecord>;
export type PersonRecord = z.infer<typeof personRecord>;
export type TouchRecord = z.infer<typeof touchRecord>;
export type ActivityRecord = z.infer<typeof activityRecord>;
export type StageChangeRecord = z.infer<typeof stageChangeRecord>;
export type OpportunityRecord = z.infer<typeof opportunityRecord>;
export type CampaignRecord = z.infer<typeof campaignRecord>;
export type CampaignCostRecord = z.infer<typeof campaignCostRecord>;
export type SourceRecord = z.infer<typeof sourceRecord>;
/** What producers write: optional fields may be left out, defaults are filled in on parse. */
export type SourceRecordInput = z.input<typeof sourceRecord>;
