/**
 * What a seeded demo tenant says, read through the product's own metrics functions (funnel, SLA,
 * campaign ROI, lead scoring matrix) as of the seed's end instant, plus the per-person checks the
 * metrics do not make (prospects against unqualified handoffs, flags against stages).
 */

import { campaignRoi } from '../../../gateway/metrics/campaigns/roi.js';
import { type Range, rangeOf } from '../../../gateway/metrics/filter.js';
import { funnelMetrics } from '../../../gateway/metrics/funnel/raw.js';
import { leadScoreMatrix } from '../../../gateway/metrics/lead-matrix/raw.js';
import { scoreAsOf } from '../../../gateway/metrics/lead-matrix/score.js';
import { marketingCommitment } from '../../../gateway/metrics/sla/marketing.js';
import { salesFollowUp } from '../../../gateway/metrics/sla/sales.js';
import { loadDefinitions } from '../../../gateway/store/definitions.js';
import type { TenantStore } from '../../../gateway/store/tenant-store.js';

const DAY = 86_400_000;
const everything: Range = { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };

/** Two quarters (182 days) of handoffs: the first of the history (from its first handoff) or the last. */
const halfYear = 182 * DAY;

export async function measureEconomics(store: TenantStore, now: number, timeZone: string) {
  const definitions = await loadDefinitions(store);
  const { stages, scoring } = definitions;
  const funnel = await funnelMetrics(
    store,
    {},
    everything,
    {
      version: definitions.stagesVersion,
      stages,
    },
    timeZone,
  );
  const reached = (key: string) => funnel.stages.find((stage) => stage.key === key)?.reached ?? 0;
  const entered = funnel.stages[0]?.reached ?? 0;
  const waterfall = {
    inquiryToMql: reached('mql') / entered,
    mqlToSal: reached('sal') / reached('mql'),
    salToSql: reached('sql') / reached('sal'),
    sqlToWon: reached('customer') / reached('sql'),
  };

  const roi = await campaignRoi(store, { filter: {}, range: everything, stages, model: 'LINEAR' });
  const spending = roi.campaigns.filter((row) => row.spend > 0);
  const totals = roi.totals;

  const sla = async (range: Range) => (await salesFollowUp(store, {}, range, now)).withinTargetRate;
  const first = await store.db
    .selectFrom('handoffs')
    .select((eb) => eb.fn.min('handed_off_at').as('at'))
    .executeTakeFirst();
  const firstHandoff = Number(first?.at ?? now);

  const thisMonth = new Date(now).toISOString().slice(0, 7);
  const monthRange = rangeOf(
    { from: `${thisMonth}-01`, to: new Date(now).toISOString().slice(0, 10) },
    timeZone,
  );
  const calendar = { timeZone, now };
  const lastYear = await marketingCommitment(
    store,
    {},
    { fromMs: now - 365 * DAY, toMs: now },
    stages,
    calendar,
  );
  const month = await marketingCommitment(store, {}, monthRange, stages, calendar);
  const goals = definitions.sla;
  const attainment = (result: typeof lastYear) => ({
    leads: result.leads / (goals.monthlyLeadGoal * result.months),
    mqls: result.mqls / (goals.monthlyMqlGoal * result.months),
  });

  const matrix = await leadScoreMatrix(store, { filter: {}, range: everything, scoring, stages, asOf: now });

  // Handoffs by whether their person is a prospect (all four flags), and whether they reached sql.
  const sqlKeys = stages.filter((s) => s.position >= (stages.find((x) => x.key === 'sql')?.position ?? 0));
  const handed = await store.db
    .selectFrom('handoffs as h')
    .innerJoin('people as p', 'p.id', 'h.person_id')
    .select([
      'h.person_id',
      'p.fit_grade',
      'p.icp_fit',
      'p.has_budget',
      'p.has_timeframe',
      'p.willing_to_engage',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('stage_transitions as t')
            .select('t.person_id')
            .whereRef('t.person_id', '=', 'h.person_id')
            .where(
              't.to_stage',
              'in',
              sqlKeys.map((s) => s.key),
            ),
        )
        .as('qualified'),
    )
    .execute();
  const rateOf = (rows: typeof handed) => rows.filter((r) => Number(r.qualified) === 1).length / rows.length;
  const isProspect = (r: (typeof handed)[number]) =>
    r.icp_fit === 1 && r.has_budget === 1 && r.has_timeframe === 1 && r.willing_to_engage === 1;
  const prospects = handed.filter(isProspect);
  const unqualified = handed.filter((r) => !isProspect(r));
  // Fit grades never decay: a person's grade now is the grade they were handed off with.
  const highFit = handed.filter((r) => r.fit_grade === 'A' || r.fit_grade === 'B');
  const lowFit = handed.filter((r) => r.fit_grade === 'C' || r.fit_grade === 'D');

  const score = scoreAsOf(scoring.rules.halfLifeDays, now);
  const people = await store.db
    .selectFrom('people as p')
    .select([
      'p.id',
      'p.stage',
      'p.created_at',
      'p.icp_fit',
      'p.has_budget',
      'p.has_timeframe',
      'p.willing_to_engage',
    ])
    .select(score.as('score'))
    .select((eb) =>
      eb
        .exists(eb.selectFrom('handoffs as h').select('h.person_id').whereRef('h.person_id', '=', 'p.id'))
        .as('handed'),
    )
    .execute();
  const noFlags = (p: (typeof people)[number]) =>
    p.icp_fit === 0 && p.has_budget === 0 && p.has_timeframe === 0 && p.willing_to_engage === 0;
  const emptyMqls = people.filter((p) => p.stage === 'mql' && Number(p.score) < 0.01 && noFlags(p)).length;
  const toQualify = people.filter(
    (p) => ['lead', 'mql'].includes(p.stage) && Number(p.handed) === 0 && p.created_at >= now - 30 * DAY,
  ).length;
  const newestTouch = await store.db
    .selectFrom('touches')
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .executeTakeFirst();

  return {
    waterfall,
    funnel: funnel.stages.map((s) => [s.key, s.reached]),
    campaigns: spending.map((row) => ({
      name: row.campaign.name,
      spend: Math.round(row.spend),
      revenue: Math.round(row.attributedRevenue),
      roi: row.roi,
      costPerLead: row.costPerLead,
      leads: row.leads,
    })),
    totals: {
      spend: totals.spend,
      revenue: totals.attributedRevenue,
      roi: totals.roi,
      costPerLead: totals.costPerLead,
    },
    slaFirstHalfYear: await sla({ fromMs: firstHandoff, toMs: firstHandoff + halfYear }),
    slaLastHalfYear: await sla({ fromMs: now - halfYear, toMs: now }),
    slaOverall: await sla(everything),
    goals: { lead: goals.monthlyLeadGoal, mql: goals.monthlyMqlGoal },
    attainmentLastYear: attainment(lastYear),
    thisMonth: { leads: month.leads, mqls: month.mqls, handoffs: month.handoffs },
    matrix: matrix.cells.map((c) => ({ cell: `${c.fitGrade}${c.engagementBand}`, count: c.count, c })),
    prospects: { count: prospects.length, rate: rateOf(prospects) },
    unqualified: { count: unqualified.length, rate: rateOf(unqualified) },
    highFit: { count: highFit.length, rate: rateOf(highFit) },
    lowFit: { count: lowFit.length, rate: rateOf(lowFit) },
    emptyMqls,
    toQualify,
    newestTouch: Number(newestTouch?.at ?? 0),
  };
}
