/**
 * Source records: what every way in (demo seed, CSV, connectors, webhooks, the events endpoint)
 * hands to the ingest path. They are shaped like the source systems' objects, already mapped to
 * our field names, and still carry the source's ids: identity resolution happens on write.
 *
 * Times are ISO-8601 strings or epoch milliseconds; each record names its system (`salesforce`,
 * `hubspot`, `marketo`, `csv`, `events`...) and its id there, which makes every write idempotent.
 */
import { z } from 'zod';

const instant = z.union([
  z.number().int().nonnegative(),
  z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: 'not a date-time' }),
]);
const text = z.string().trim().min(1).max(500);
const optionalText = text.nullish();
const system = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lower-case system name');
const sourceId = z.string().min(1).max(200);

/** How a record points at a person: by an id in a source system, or by email. */
export const personRef = z.union([
  z.object({ system, objectType: z.enum(['lead', 'contact', 'ma_lead', 'record']), sourceId }),
  z.object({ email: z.string().email() }),
]);

/** How a record points at an account: by an id in a source system, or by its web domain. */
export const accountRef = z.union([z.object({ system, sourceId }), z.object({ domain: text })]);

export const userRecord = z.object({
  kind: z.literal('user'),
  email: z.string().email(),
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
  ownerEmail: z.string().email().nullish(),
  updatedAt: instant,
});

export const personRecord = z.object({
  kind: z.literal('person'),
  system,
  objectType: z.enum(['lead', 'contact', 'ma_lead', 'record']),
  sourceId,
  email: z.string().email().nullish(),
  firstName: optionalText,
  lastName: optionalText,
  title: optionalText,
  department: optionalText,
  region: optionalText,
  leadSource: optionalText,
  account: accountRef.nullish(),
  ownerEmail: z.string().email().nullish(),
  /** For a CRM contact converted from a lead: the lead it came from (Salesforce ConvertedContactId). */
  convertedFrom: z.object({ system, objectType: z.enum(['lead']), sourceId }).nullish(),
  createdAt: instant,
  updatedAt: instant,
});

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
  url: z.string().max(2000).nullish(),
  occurredAt: instant,
});

export const activityRecord = z.object({
  kind: z.literal('activity'),
  system,
  sourceId,
  person: personRef,
  userEmail: z.string().email().nullish(),
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
  byUserEmail: z.string().email().nullish(),
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
  ownerEmail: z.string().email().nullish(),
  amount: z.number().nonnegative(),
  grossProfit: z.number().nullish(),
  stage: text,
  probability: z.number().min(0).max(1),
  createdAt: instant,
  closedAt: instant.nullish(),
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
  startsOn: z.iso.date().nullish(),
  endsOn: z.iso.date().nullish(),
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
