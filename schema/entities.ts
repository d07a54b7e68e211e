/**
 * The things every module returns: people, accounts, campaigns, users and teams. Other modules
 * import these refs and add fields to them (`builder.objectFields(PersonRef, ...)`).
 */
import { channelLabel } from '../gateway/domain/channel-label.js';
import { knownName, personDisplayName } from '../gateway/domain/person-name.js';
import { decayFactor, engagementBand } from '../gateway/domain/scoring.js';
import type {
  AccountTable,
  CampaignTable,
  PersonTable,
  TeamTable,
  UserTable,
} from '../gateway/store/tables.js';
import { builder } from './builder.js';

const dayMs = 86_400_000;

export const FitGradeEnum = builder.enumType('FitGrade', {
  description:
    'Fit with the ideal customer profile, A (best) to D; everyone starts at D (docs/domain.md: grading).',
  values: {
    A: { description: 'Matches the ideal customer profile on most criteria.' },
    B: {},
    C: {},
    D: { description: 'Off-profile, or nothing known yet.' },
  } as const,
});

export const TeamFunctionEnum = builder.enumType('TeamFunction', {
  description: 'Which side of the revenue team.',
  values: { SALES: { value: 'sales' }, MARKETING: { value: 'marketing' } } as const,
});

export const TeamRef = builder.objectRef<TeamTable>('Team').implement({
  description: 'A sales or marketing team.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Team id (a slug of its name).' }),
    name: t.exposeString('name', { description: 'Team name, e.g. "Sales – Enterprise".' }),
    function: t.field({
      type: TeamFunctionEnum,
      description: 'Sales or marketing.',
      resolve: (team) => team.function as 'sales' | 'marketing',
    }),
  }),
});

export const UserRef = builder.objectRef<UserTable>('User').implement({
  description: 'A person on a sales or marketing team (a rep, an SDR, a marketer).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'User id.' }),
    name: t.exposeString('name', { description: 'Full name.' }),
    email: t.exposeString('email', { description: 'Work email (lower case).' }),
    team: t.field({
      type: TeamRef,
      description: 'The team the user belongs to.',
      nullable: true,
      resolve: (user, _args, ctx) => (user.team_id ? ctx.loaders.team.load(user.team_id) : null),
    }),
    role: t.string({
      nullable: true,
      description:
        'The job as the company names it, e.g. "SDR" or "Field Marketing Manager"; null when not imported.',
      resolve: (user) => user.role ?? null,
    }),
    region: t.string({
      nullable: true,
      description: 'The user’s region or office, as imported (the `users` CSV kind).',
      resolve: (user) => user.region ?? null,
    }),
  }),
});

builder.objectField(UserRef, 'manager', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'The user’s manager, another user; null when none was imported or the email named nobody.',
    resolve: (user, _args, ctx) => (user.manager_id ? ctx.loaders.user.load(user.manager_id) : null),
  }),
);

export const AccountRef = builder.objectRef<AccountTable>('Account').implement({
  description: 'A company: every system’s record of it merged into one, matched by web domain.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Account id (`acc_…`), usable as `customer(id:)`.' }),
    name: t.exposeString('name', {
      description: 'Company name, from the most recently updated source record.',
    }),
    domain: t.exposeString('domain', {
      nullable: true,
      description: 'Normalised web domain, e.g. `acme.com`.',
    }),
    industry: t.exposeString('industry', { nullable: true, description: 'Industry, as the CRM records it.' }),
    employees: t.exposeInt('employees', { nullable: true, description: 'Company size in employees.' }),
    region: t.exposeString('region', {
      nullable: true,
      description: 'Sales region: North America, Europe, APAC or LATAM in the demo data.',
    }),
    segment: t.exposeString('segment', { nullable: true, description: 'Enterprise, Mid-market or SMB.' }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: 'The account owner in the CRM.',
      resolve: (account, _args, ctx) => (account.owner_id ? ctx.loaders.user.load(account.owner_id) : null),
    }),
  }),
});

export const CampaignRef = builder.objectRef<CampaignTable>('Campaign');
CampaignRef.implement({
  description: 'A marketing campaign (a Marketo program, a Salesforce campaign).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Campaign id, usable as the `campaignId` filter.' }),
    name: t.exposeString('name', { description: 'Campaign (program) name.' }),
    channel: t.exposeString('channel', {
      description: 'email, paid_search, paid_social, webinar, event, content...',
    }),
    channelLabel: t.string({
      description:
        'The channel as people call it: "Paid social" for paid_social (the metrics query labels CHANNEL the same way).',
      resolve: (c) => channelLabel(c.channel),
    }),
    startsOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day.',
      resolve: (c) => c.starts_on,
    }),
    endsOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'Last day; null while running.',
      resolve: (c) => c.ends_on,
    }),
    parent: t.field({
      type: CampaignRef,
      nullable: true,
      description: 'The program this campaign belongs to, if any.',
      resolve: (c, _args, ctx) => (c.parent_id ? ctx.loaders.campaign.load(c.parent_id) : null),
    }),
  }),
});

export const PersonRef = builder.objectRef<PersonTable>('Person').implement({
  description:
    'One human, whatever systems they appear in (CRM lead and contact, marketing-automation lead).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Person id (`per_…`), usable as `customer(id:)`.' }),
    name: t.string({
      description:
        'First and last name, else the email; for someone with neither, "Unnamed lead (their company)" or the record they came from ("HubSpot contact 1234"), never an internal id.',
      resolve: async (p, _args, ctx) => {
        const parts = { firstName: p.first_name, lastName: p.last_name, email: p.email };
        const known = knownName(parts);
        if (known) return known;
        const account = p.account_id ? await ctx.loaders.account.load(p.account_id).catch(() => null) : null;
        const identity = account
          ? null
          : await ctx.store.db
              .selectFrom('person_identities')
              .select(['system', 'object_type as objectType', 'source_id as sourceId'])
              .where('person_id', '=', p.id)
              .orderBy('system')
              .orderBy('source_id')
              .executeTakeFirst();
        return personDisplayName({ ...parts, accountName: account?.name, identity });
      },
    }),
    email: t.exposeString('email', {
      nullable: true,
      description: 'Primary email (normalised to lower case).',
    }),
    title: t.exposeString('title', { nullable: true, description: 'Job title.' }),
    leadSource: t.exposeString('lead_source', {
      nullable: true,
      description:
        'Where the person first came from, as their source system records it (organic search, paid search, referral, list import...): the original source, not their touches’ channels. Stored as written (latest record wins); the `leadSource` filter matches it exactly.',
    }),
    department: t.exposeString('department', {
      nullable: true,
      description: 'Department (Marketing, Sales, IT...).',
    }),
    region: t.exposeString('region', {
      nullable: true,
      description:
        'The person’s own sales region, when a source records one; null if not (then `account.region` is theirs). The `region` filter matches this, else the account’s.',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When any system first knew this person: the start of their funnel cohort.',
      resolve: (p) => p.created_at,
    }),
    fitGrade: t.field({
      type: FitGradeEnum,
      description: 'Fit grade A–D.',
      resolve: (p) => p.fit_grade as 'A' | 'B' | 'C' | 'D',
    }),
    engagementScore: t.float({
      description:
        'Engagement points decayed to now with the scoring model’s half-life (docs/domain.md: lead scoring), never below 0.',
      resolve: async (p, _args, ctx) =>
        currentScore(p, (await ctx.definitions()).scoring.rules.halfLifeDays, ctx.now),
    }),
    engagementBand: t.int({
      description: 'Engagement band 1 (hottest) to 4 (coldest), by the scoring model’s thresholds.',
      resolve: async (p, _args, ctx) => {
        const { scoring } = await ctx.definitions();
        return engagementBand(currentScore(p, scoring.rules.halfLifeDays, ctx.now), scoring.bandThresholds);
      },
    }),
    account: t.field({
      type: AccountRef,
      nullable: true,
      description: 'The company they work for (matched by source id or email domain).',
      resolve: (p, _args, ctx) => (p.account_id ? ctx.loaders.account.load(p.account_id) : null),
    }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: 'The sales rep who owns the person in the CRM.',
      resolve: (p, _args, ctx) => (p.owner_id ? ctx.loaders.user.load(p.owner_id) : null),
    }),
  }),
});

/** The stored score decayed from `scored_at` to `now` (see gateway/ingest/apply-touch.ts). */
export function currentScore(person: PersonTable, halfLifeDays: number | null, now: number): number {
  const score =
    person.engagement_score * decayFactor(Math.max(0, now - person.scored_at) / dayMs, halfLifeDays);
  return Math.max(0, Math.round(score * 100) / 100);
}
