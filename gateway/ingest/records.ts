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

/**
 * A rep, manager or marketer. The team's function (sales or marketing) is needed with a team the
 * store does not know yet; `managerEmail` names another user, in the same import or before it.
 */
export const userRecord = z.object({
  kind: z.literal('user'),
  email,
  name: text,
  team: optionalText,
  teamFunction: z.enum(['sales', 'marketing']).nullish(),
  /** The job as the company names it ("SDR", "Field Marketing Manager"). */
  role: optionalText,
  /** Region or office. */
  region: optionalText,
  managerEmail: email.nullish(),
});

/** What the company sells: deals name one by its id in the source or by its name. */
export const productRecord = z.object({
  kind: z.literal('product'),
  system,
  sourceId,
  name: text,
  family: optionalText,
  listPrice: z.number().nonnegative().nullish(),
});

/** How a deal names its product: by an id in a source system, or by its name. */
export const productRef = z.union([z.object({ system, sourceId }), z.object({ name: text })]);

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
  /** The deal's own owner (not its primary person's). */
  ownerEmail: email.nullish(),
  /** Unknown (an open deal not priced yet) is null, not 0: sums skip it, averages leave it out. */
  amount: z.number().nonnegative().nullish(),
  grossProfit: z.number().nullish(),
  /** The stage as the CRM names it; the tenant's stage map reads it (gateway/domain/crm-stages.ts). */
  stage: text,
  /** Left out: the stage map's probability for the stage. */
  probability: z.number().min(0).max(1).nullish(),
  /** Left out: the earliest date the record has, else the time of the import (apply-opportunity.ts). */
  createdAt: instant.nullish(),
  /** An open deal's expected close may lie years ahead; on an open deal it is its expected close. */
  closedAt: plannedInstant.nullish(),
  expectedCloseAt: plannedInstant.nullish(),
  /** Left out: what the stage map says of the stage. */
  isClosed: z.boolean().nullish(),
  isWon: z.boolean().nullish(),
  lossReason: optionalText,
  product: productRef.nullish(),
  history: z
    .array(z.object({ stage: text, amount: z.number().nonnegative().nullish(), occurredAt: instant }))
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
  productRecord,
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
export type ProductRecord = z.infer<typeof productRecord>;
export type ProductRef = z.infer<typeof productRef>;
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
