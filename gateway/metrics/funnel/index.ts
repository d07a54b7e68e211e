/**
 * The funnel: conversion through the lifecycle stages for the people created in a range, with the
 * calendar days between stages (docs/domain.md "Funnel and velocity"). raw.ts counts it from the
 * people and their stage transitions; rollup.ts keeps it per creation day (the cohort family);
 * this chooses between them (../choose.ts).
 */
import { type MetricQuery, type MetricRequest, rollupsFor } from '../choose.js';
import { dayRangeOf } from '../filter.js';
import { type FunnelResult, funnelMetrics } from './raw.js';
import { funnelFromRollups } from './rollup.js';

export async function readFunnel(request: MetricRequest, query: MetricQuery): Promise<FunnelResult> {
  const { filter, range, definitions, timeZone } = query;
  if (await rollupsFor(request, filter))
    return funnelFromRollups(request.store, definitions.stages, dayRangeOf(filter));
  const ladder = { version: definitions.stagesVersion, stages: definitions.stages };
  return funnelMetrics(request.store, filter, range, ladder, timeZone);
}
