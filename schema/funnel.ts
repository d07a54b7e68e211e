/**
 * The stage funnel both teams read (docs/domain.md "Lifecycle stages"): conversion by entry cohort
 * over the tenant's current ladder. The SQL is gateway/metrics/funnel/raw.ts.
 */

import type { MetricQuery } from '../gateway/metrics/choose.js';
import { readFunnel } from '../gateway/metrics/funnel/index.js';
import { cohortHandoffQuality } from '../gateway/metrics/funnel/prospects.js';
import type { FunnelResult, FunnelStageRow } from '../gateway/metrics/funnel/raw.js';
import { builder } from './builder.js';
import { MetricsFilterInput, resolveFilter } from './filter.js';
import { HandoffQualityRef } from './sla-prospects.js';

export interface FunnelShape extends FunnelResult {
  from: string | null;
  to: string | null;
  /** The question asked, for the fields computed only when selected. */
  query: MetricQuery;
}

const FunnelStageRef = builder.objectRef<FunnelStageRow>('FunnelStage').implement({
  description: 'One stage of the current ladder, and how the cohort moved through it.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stage key, e.g. `mql`.' }),
    label: t.exposeString('label', { description: 'Display name, e.g. `MQL`.' }),
    ownerTeam: t.exposeString('ownerTeam', {
      description: 'Which team owns the stage: `marketing` or `sales`.',
    }),
    position: t.exposeInt('position', { description: 'Order on the ladder, 1 = first.' }),
    reached: t.exposeInt('reached', {
      description:
        'Cohort members who reached this stage or any later one, ever (their highest stage so far, over all ' +
        'their transitions and their current stage): an entity that skipped a stage still counts as having passed it.',
    }),
    conversionToNext: t.exposeFloat('conversionToNext', {
      nullable: true,
      description:
        'reached(next stage) ÷ reached(this stage), 0..1 (docs/domain.md: conversion by entry cohort). Null on the last ' +
        'stage and when nobody reached this one.',
    }),
    medianDaysToNext: t.exposeFloat('medianDaysToNext', {
      nullable: true,
      description:
        "Median, in calendar days (local dates in the tenant's time zone, not business days: the date of first " +
        'reaching the next stage (or beyond) minus the date of first reaching this one (or beyond); 23:30 to ' +
        '00:30 the next day is 1 day), over cohort members who reached the next stage; a skip counts 0 days for ' +
        'the skipped step (docs/domain.md "Days"). Creation counts as entering the first stage. Null on the last ' +
        'stage and when nobody reached the next one.',
    }),
    meanDaysToNext: t.exposeFloat('meanDaysToNext', {
      nullable: true,
      description:
        'Mean of the same calendar days as medianDaysToNext, over the same cohort members. Null when it is null.',
    }),
    recycledBack: t.exposeInt('recycledBack', {
      description:
        'Recycle transitions out of this stage by cohort members (sales sent the person back to marketing, ' +
        'docs/domain.md: recycling): transitions, not people; a person recycled twice counts twice.',
    }),
  }),
});

export const FunnelRef = builder.objectRef<FunnelShape>('Funnel').implement({
  description:
    'The stage funnel by entry cohort: the cohort is the people created in the filter range (local days, the ' +
    "tenant's time zone) who match the filter's slices; every stage counts how many of them got that far, at " +
    'any time up to now.',
  fields: (t) => ({
    from: t.field({
      type: 'Date',
      nullable: true,
      description: "First day of creation counted (the filter's `from`).",
      resolve: (f) => f.from,
    }),
    to: t.field({
      type: 'Date',
      nullable: true,
      description: "Last day of creation counted (the filter's `to`).",
      resolve: (f) => f.to,
    }),
    entered: t.exposeInt('entered', {
      description: 'People in the cohort (created in the range, matching the filter).',
    }),
    stages: t.field({
      type: [FunnelStageRef],
      description: 'Every stage of the current ladder, in ladder order.',
      resolve: (f) => f.stages,
    }),
    prospects: t.field({
      type: HandoffQualityRef,
      description:
        "The cohort's handoffs whose person was a prospect when handed off (all four qualification flags set), " +
        'and their outcomes so far; beside nonProspects, whether prospects convert better (docs/domain.md). ' +
        'A person handed off twice counts twice. One SQL statement when selected, with nonProspects.',
      resolve: async (f, _args, ctx) => (await handoffQualityOf(f, ctx)).prospects,
    }),
    nonProspects: t.field({
      type: HandoffQualityRef,
      description:
        "The cohort's other handoffs: a flag missing when handed off (imported handoffs without the flags among them).",
      resolve: async (f, _args, ctx) => (await handoffQualityOf(f, ctx)).nonProspects,
    }),
  }),
});

/** Both halves from one statement, per funnel object in the request. */
const qualityOf = new WeakMap<FunnelShape, ReturnType<typeof cohortHandoffQuality>>();
function handoffQualityOf(f: FunnelShape, ctx: { store: Parameters<typeof cohortHandoffQuality>[0] }) {
  let quality = qualityOf.get(f);
  if (!quality) {
    const { filter, range, definitions } = f.query;
    quality = cohortHandoffQuality(ctx.store, filter, range, definitions.stages);
    qualityOf.set(f, quality);
  }
  return quality;
}

builder.queryField('funnel', (t) =>
  t.field({
    type: FunnelRef,
    description:
      'Conversion through the lifecycle stages for the people created in the range. One SQL statement per call.',
    args: {
      filter: t.arg({
        type: MetricsFilterInput,
        description: "Range = people's creation day; slices narrow the people.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { filter, range, definitions } = await resolveFilter(args.filter, ctx);
      const query = { filter, range, definitions, timeZone: ctx.tenant.time_zone, now: ctx.now };
      const result = await readFunnel(ctx, query);
      return { ...result, from: filter.from ?? null, to: filter.to ?? null, query };
    },
  }),
);
