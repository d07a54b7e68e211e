/**
 * Lead scoring and grading (docs/domain.md "Lead scoring"): the scoring matrix, the people in each of
 * its cells, and the scoring model both teams agreed on. SQL lives in gateway/metrics/lead-*.ts.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { FitCriterion } from '../gateway/domain/scoring.js';
import { readLeadScoreMatrix } from '../gateway/metrics/lead-matrix/index.js';
import {
  decodeLeadCursor,
  encodeLeadCursor,
  leadCount,
  leadPage,
} from '../gateway/metrics/lead-matrix/leads.js';
import type { EngagementBand, LeadScoreCell, LeadScoreMatrix } from '../gateway/metrics/lead-matrix/raw.js';
import { matrixInstant } from '../gateway/metrics/refresh.js';
import type { ScoringModel } from '../gateway/store/definitions.js';
import { builder } from './builder.js';
import { FitGradeEnum, PersonRef } from './entities.js';
import { MetricsFilterInput, resolveFilter } from './filter.js';

const bandText =
  'band 1 = decayed score ≥ bandThresholds[2], 2 = ≥ bandThresholds[1], 3 = ≥ bandThresholds[0], 4 = below';
const scoreText =
  'the engagement score decayed to the start of the tenant’s current local day with the model’s half-life (score × 0.5^(age ÷ half-life)), rounded to 2 decimals (Person.engagementScore shows the same score decayed to now)';

export const MqlThresholdRef = builder.objectRef<ScoringModel['mqlThreshold']>('MqlThreshold').implement({
  description:
    'When a person is marketing-qualified (docs/domain.md MQL threshold): fit at least minGrade and band at most maxBand. A write that moves a lead (past the first stage, before the handoff stage) into this cell from outside it makes them an MQL (a stage change with reason `score threshold`, made by `scoring model v<n>`) and opens their handoff; nobody is demoted when they leave it.',
  fields: (t) => ({
    minGrade: t.field({
      type: FitGradeEnum,
      description: 'Worst fit grade that still qualifies (B = A or B).',
      resolve: (m) => m.minGrade,
    }),
    maxBand: t.exposeInt('maxBand', {
      description: 'Coldest engagement band that still qualifies (2 = band 1 or 2).',
    }),
  }),
});

export const LeadScoreCellRef = builder.objectRef<LeadScoreCell>('LeadScoreCell').implement({
  description: 'One cell of the scoring matrix: the people of one fit grade in one engagement band.',
  fields: (t) => ({
    fitGrade: t.field({
      type: FitGradeEnum,
      description: 'Fit grade A (best) to D.',
      resolve: (c) => c.fitGrade,
    }),
    engagementBand: t.exposeInt('engagementBand', {
      description: `Engagement band 1 (hottest) to 4 (coldest): ${bandText}.`,
    }),
    count: t.exposeInt('count', {
      description: 'People in the cell now (their fit grade and today’s decayed score).',
    }),
    conversionBase: t.exposeInt('conversionBase', {
      description:
        'People whose conversion cell is this one: the cell they stood in when first handed off to sales (fit grade then, band of their score at that instant), or, never handed off, the cell they are in now (docs/domain.md "The scoring matrix"). The denominator of sqlRate and winRate.',
    }),
    reachedSql: t.exposeInt('reachedSql', {
      description:
        'People of conversionBase whose highest stage ever (any stage transition, or the current stage) is `sql` or beyond, even if recycled since.',
    }),
    won: t.exposeInt('won', {
      description:
        'People of conversionBase who are the primary person of a closed-won deal, or ever reached `customer`.',
    }),
    sqlRate: t.exposeFloat('sqlRate', {
      nullable: true,
      description:
        'reachedSql ÷ conversionBase, 0–1: how often people handed off from this cell reach SQL; null when conversionBase is 0.',
    }),
    winRate: t.exposeFloat('winRate', {
      nullable: true,
      description:
        'won ÷ conversionBase, 0–1: the cell’s conversion to customer (every person counts, not a bid-to-win rate); null when conversionBase is 0.',
    }),
    isMarketingQualified: t.exposeBoolean('isMarketingQualified', {
      description:
        'Whether the cell meets the scoring model’s MQL threshold (gateway/domain/scoring.ts isMarketingQualified): a lead who enters it becomes an MQL (docs/domain.md "MQL threshold").',
    }),
  }),
});

export const LeadScoreMatrixRef = builder.objectRef<LeadScoreMatrix>('LeadScoreMatrix').implement({
  description:
    'The lead scoring matrix (docs/domain.md): fit grade A–D crossed with engagement band 1–4, with each cell’s conversion to SQL and to won.',
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'People counted, the sum of every cell.' }),
    bandThresholds: t.exposeFloatList('bandThresholds', {
      description: `Engagement thresholds, ascending, in points: ${bandText}.`,
    }),
    mqlThreshold: t.field({
      type: MqlThresholdRef,
      description: 'Which cells are marketing-qualified.',
      resolve: (m) => m.mqlThreshold,
    }),
    cells: t.field({
      type: [LeadScoreCellRef],
      description: 'Always 16 cells, A1, A2, A3, A4, B1 … D4 (grade-major); empty cells have count 0.',
      resolve: (m) => m.cells,
    }),
  }),
});

const ScoringRuleRef = builder.objectRef<{ touchType: string; points: number }>('ScoringRule').implement({
  description: 'Points one behaviour earns (docs/domain.md engagement score).',
  fields: (t) => ({
    touchType: t.exposeString('touchType', {
      description:
        'email_open, email_click, form_submit, content_download, webinar_registration, webinar_attendance, page_view, pricing_page_view, careers_page_view, ad_click, event_attendance or form_error.',
    }),
    points: t.exposeFloat('points', {
      description: 'Points per occurrence, at the moment it happens (negative lowers the score).',
    }),
  }),
});

const FitCriterionRef = builder.objectRef<FitCriterion>('FitCriterion').implement({
  description:
    'One profile criterion of the fit grade (docs/domain.md grading): a match adds its weight to the profile’s net, a mismatch subtracts it, a missing value does neither; everyone starts at D and the grade is round(3 × net ÷ total weight) steps up (1 C, 2 B, 3 A).',
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        'industry, employees, region, title or department (account values for industry and employees).',
    }),
    matches: t.stringList({
      nullable: true,
      description:
        'Accepted values, case-insensitive (a substring of the title for `title`); null for a numeric range.',
      resolve: (c) => (Array.isArray(c.matches) ? c.matches : null),
    }),
    min: t.float({
      nullable: true,
      description: 'Lowest matching number, included; null for a value list or an open bound.',
      resolve: (c) => (Array.isArray(c.matches) ? null : (c.matches.min ?? null)),
    }),
    max: t.float({
      nullable: true,
      description: 'Highest matching number, included; null for a value list or an open bound.',
      resolve: (c) => (Array.isArray(c.matches) ? null : (c.matches.max ?? null)),
    }),
    weight: t.exposeFloat('weight', {
      description:
        'Added to the net on a match and taken away on a mismatch; the grade scales the net by the total weight.',
    }),
  }),
});

export const ScoringModelRef = builder.objectRef<ScoringModel>('ScoringModel').implement({
  description:
    'The engagement scoring and fit grading rules both teams agreed on, versioned; changing them inserts a version and rescores everyone.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Version number, 1 upwards; the highest is current.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When this version was agreed.',
      resolve: (m) => m.createdAt,
    }),
    halfLifeDays: t.float({
      nullable: true,
      description: 'Days after which a touch keeps half its points (docs/domain.md decay); null = no decay.',
      resolve: (m) => m.rules.halfLifeDays,
    }),
    firstEmailOpenOnly: t.boolean({
      description: 'Whether only a person’s first email open earns points (opens are noisy).',
      resolve: (m) => m.rules.firstEmailOpenOnly,
    }),
    rules: t.field({
      type: [ScoringRuleRef],
      description: 'Points per behaviour; unlisted behaviours earn 0.',
      resolve: (m) =>
        Object.entries(m.rules.points).map(([touchType, points]) => ({ touchType, points: points ?? 0 })),
    }),
    fitCriteria: t.field({
      type: [FitCriterionRef],
      description: 'The profile criteria of the fit grade.',
      resolve: (m) => m.fitCriteria,
    }),
    bandThresholds: t.exposeFloatList('bandThresholds', {
      description: `Engagement thresholds, ascending, in points: ${bandText}.`,
    }),
    mqlThreshold: t.field({
      type: MqlThresholdRef,
      description: 'Which matrix cells are marketing-qualified.',
      resolve: (m) => m.mqlThreshold,
    }),
  }),
});

const filterFields =
  'from, to, segment, region, channel, campaignId, ownerId, teamId, stage and leadSource as in MetricsFilter';

const LeadFilterInput = builder.inputType('LeadFilter', {
  description: `The people of a scoring-matrix cell: ${filterFields} (the range applies to when the person was created), plus the cell.`,
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'First local day of creation included (tenant time zone).' }),
    to: t.field({ type: 'Date', description: 'Last local day of creation included (tenant time zone).' }),
    segment: t.string({ description: 'As in MetricsFilter.' }),
    region: t.string({ description: 'As in MetricsFilter.' }),
    channel: t.string({ description: 'As in MetricsFilter.' }),
    campaignId: t.id({ description: 'As in MetricsFilter.' }),
    ownerId: t.id({ description: 'As in MetricsFilter.' }),
    teamId: t.id({ description: 'As in MetricsFilter.' }),
    stage: t.string({ description: 'As in MetricsFilter.' }),
    leadSource: t.string({ description: 'As in MetricsFilter.' }),
    fitGrade: t.field({ type: FitGradeEnum, description: 'Only this fit grade (the matrix row).' }),
    engagementBand: t.int({
      description: `Only this engagement band, 1 to 4 (the matrix column): ${bandText}.`,
    }),
  }),
});

type PersonPage = { totalCount: () => Promise<number> };

export const PersonConnectionRef = builder.connectionObject(
  {
    type: PersonRef,
    name: 'PersonConnection',
    description: 'A page of people (Relay connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'People in the whole list, not just this page.',
        resolve: (page) => (page as unknown as PersonPage).totalCount(),
      }),
    }),
  },
  { name: 'PersonEdge', description: 'A person and the cursor to continue after them.' },
);

const maxPage = 200;

builder.queryFields((t) => ({
  scoringModel: t.field({
    type: ScoringModelRef,
    description:
      'The current scoring model: engagement points, decay, fit criteria, band thresholds and MQL threshold.',
    resolve: async (_root, _args, ctx) => (await ctx.definitions()).scoring,
  }),
  leadScoreMatrix: t.field({
    type: LeadScoreMatrixRef,
    description: `The lead scoring matrix over the people the filter matches (created in the range when from/to are set): grade = the person’s fit grade, band from ${scoreText}.`,
    args: {
      filter: t.arg({ type: MetricsFilterInput, description: 'Range (on people’s creation) and slices.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { filter, range, definitions } = await resolveFilter(args.filter, ctx);
      return readLeadScoreMatrix(ctx, {
        filter,
        range,
        definitions,
        timeZone: ctx.tenant.time_zone,
        now: ctx.now,
      });
    },
  }),
  leads: t.field({
    type: PersonConnectionRef,
    description: `The people of the matrix (or of one cell: fitGrade + engagementBand), ordered by ${scoreText}, highest first, then by id. Scores and bands are taken as of the start of the tenant’s current local day, as in the matrix, and that instant is carried in the cursor, so paging never repeats or skips anyone.`,
    args: {
      filter: t.arg({ type: LeadFilterInput, description: 'Range, slices and matrix cell.' }),
      first: t.arg.int({ defaultValue: 50, description: `Page size, 0 to ${maxPage}.` }),
      after: t.arg.string({ description: 'endCursor of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { fitGrade, engagementBand, ...metrics } = args.filter ?? {};
      const { filter, range, definitions } = await resolveFilter(metrics, ctx);
      const first = args.first ?? 50;
      if (first > maxPage) throw badArg(`first must be at most ${maxPage}, got ${first}`, 'PAGE_TOO_LARGE');
      if (first < 0) throw badArg(`first must be at least 0, got ${first}`, 'BAD_PAGE_SIZE');
      if (engagementBand != null && ![1, 2, 3, 4].includes(engagementBand)) {
        throw badArg(`engagementBand must be 1, 2, 3 or 4, got ${engagementBand}`, 'BAD_BAND');
      }
      const after = args.after ? decodeLeadCursor(args.after) : null;
      if (after === undefined)
        throw badArg(`after is not a cursor of this list: '${args.after}'`, 'BAD_CURSOR');
      const options = {
        filter,
        range,
        scoring: definitions.scoring,
        stages: definitions.stages,
        asOf: after?.asOf ?? matrixInstant(ctx.now, ctx.tenant.time_zone),
        fitGrade,
        engagementBand: engagementBand as EngagementBand | null | undefined,
      };
      const { people, hasNextPage } = await leadPage(ctx.store, { ...options, first, after });
      const edges = people.map((node) => ({
        node,
        cursor: encodeLeadCursor({ asOf: options.asOf, score: node.score, id: node.id }),
      }));
      return {
        edges,
        pageInfo: {
          hasNextPage,
          hasPreviousPage: !!after,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: () => leadCount(ctx.store, options),
      };
    },
  }),
}));

function badArg(message: string, code: string) {
  return createGraphQLError(message, { extensions: { code } });
}
