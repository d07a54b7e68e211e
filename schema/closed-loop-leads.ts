/**
 * The closed loop's lead and deal moves: marketing qualifies and hands off leads, sales accepts
 * or sends them back, deals close. Each is a stage change through the ingest path
 * (gateway/loop/*), so handoffs and SLA clocks behave exactly as for synced CRM data.
 */
import { createGraphQLError } from 'graphql-yoga';
import { recycleReasons } from '../gateway/domain/stages.js';
import type { LoopContext } from '../gateway/loop/context.js';
import { recordDealOutcome } from '../gateway/loop/deals.js';
import { LoopError } from '../gateway/loop/errors.js';
import { acceptLead, handOffLead, qualifyLead, sendBackLead } from '../gateway/loop/leads.js';
import type { PersonTable } from '../gateway/store/tables.js';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import { PersonRef } from './entities.js';
import { OpportunityRef } from './opportunity.js';

export function loopContext(ctx: Context): LoopContext {
  return { actor: { name: ctx.viewer.name, team: ctx.viewer.team }, now: ctx.now };
}

/** Runs a loop write, turning its refusals into coded GraphQL errors. */
export async function loop<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LoopError)
      throw createGraphQLError(error.message, { extensions: { code: error.code } });
    throw error;
  }
}

/** Drops this request's cached views of a person a write changed. */
function forget(ctx: Context, personId: string): void {
  for (const loader of [
    ctx.loaders.person,
    ctx.loaders.latestHandoffOfPerson,
    ctx.loaders.transitionsOfPerson,
  ]) {
    loader.clear(personId);
  }
}

function fresh(ctx: Context, person: PersonTable): PersonTable {
  forget(ctx, person.id);
  ctx.loaders.person.prime(person.id, person);
  return person;
}

const RecycleReasonEnum = builder.enumType('RecycleReason', {
  description:
    'Why sales sent a lead back to marketing (docs/domain.md "Recycling"); counted in "% of leads sent back".',
  values: Object.fromEntries(
    recycleReasons.map((reason) => [
      reason.toUpperCase(),
      { value: reason, description: `Stored as \`${reason}\`.` },
    ]),
  ),
});

builder.mutationFields((t) => ({
  qualifyLead: t.field({
    type: PersonRef,
    description:
      'Marketing sets the four prospect flags (docs/domain.md: a prospect matches the ideal profile, has budget, has a timeframe and is willing to engage). Recorded in the person’s provenance with who and when; no stage change.',
    args: {
      personId: t.arg.id({ required: true, description: 'The person (per_…).' }),
      icpFit: t.arg.boolean({ required: true, description: 'Matches the ideal customer profile.' }),
      hasBudget: t.arg.boolean({ required: true, description: 'Has budget.' }),
      hasTimeframe: t.arg.boolean({ required: true, description: 'Has a timeframe.' }),
      willingToEngage: t.arg.boolean({ required: true, description: 'Is willing to engage with sales.' }),
    },
    resolve: (_root, { personId, ...flags }, ctx) =>
      loop(async () => fresh(ctx, await qualifyLead(ctx.store, String(personId), flags, loopContext(ctx)))),
  }),
  handOffLead: t.field({
    type: PersonRef,
    description:
      'Marketing hands a prospect to sales: the person enters the handoff stage (the last marketing stage, `mql` by default), which opens a handoff with its SLA deadline in business hours. Refused with NOT_QUALIFIED unless all four prospect flags are set, and with BAD_TRANSITION from the handoff stage or a sales stage.',
    args: {
      personId: t.arg.id({ required: true, description: 'The person (per_…).' }),
      note: t.arg.string({ description: 'Why now, for sales; stored as the stage change’s reason.' }),
    },
    resolve: (_root, { personId, note }, ctx) =>
      loop(async () =>
        fresh(ctx, await handOffLead(ctx.store, String(personId), note ?? null, loopContext(ctx))),
      ),
  }),
  acceptLead: t.field({
    type: PersonRef,
    description:
      'Sales accepts a handed-off lead: handoff stage → the first sales stage (`sal`). Only from the handoff stage, else BAD_TRANSITION.',
    args: { personId: t.arg.id({ required: true, description: 'The person (per_…).' }) },
    resolve: (_root, { personId }, ctx) =>
      loop(async () => fresh(ctx, await acceptLead(ctx.store, String(personId), loopContext(ctx)))),
  }),
  sendBackLead: t.field({
    type: PersonRef,
    description:
      'Sales sends an accepted lead back to marketing (a recycle, docs/domain.md "Recycling"): back to `lead`, with the reason on the handoff. Only from a sales stage before `customer`, else BAD_TRANSITION.',
    args: {
      personId: t.arg.id({ required: true, description: 'The person (per_…).' }),
      reason: t.arg({
        type: RecycleReasonEnum,
        required: true,
        description: 'Why, recorded on the handoff.',
      }),
      note: t.arg.string({ description: 'Free text for marketing; shown as the timeline entry’s detail.' }),
    },
    resolve: (_root, { personId, reason, note }, ctx) =>
      loop(async () =>
        fresh(ctx, await sendBackLead(ctx.store, String(personId), reason, note ?? null, loopContext(ctx))),
      ),
  }),
  recordDealOutcome: t.field({
    type: OpportunityRef,
    description:
      'Closes an open deal as won or lost, now. lossReason is required when lost (MISSING_LOSS_REASON). A won deal moves its primary person to `customer`; a lost one sends them back to nurture (`lead`) with the loss reason when sales was working them, unless the tenant keeps them (`tandem crm-stages --lost-deals stay`): the rule imported and synced deals follow. Win rate counts closed deals only.',
    args: {
      opportunityId: t.arg.id({ required: true, description: 'The open deal (opp_…).' }),
      won: t.arg.boolean({ required: true, description: 'true = closed won, false = closed lost.' }),
      lossReason: t.arg.string({
        description: 'Why it was lost; required when won is false, refused when true.',
      }),
      amount: t.arg.float({
        description:
          'Final amount in the tenant’s currency, 0 or more; the current amount when left out (which stays unknown if it was). Gross profit scales with it.',
      }),
    },
    resolve: (_root, { opportunityId, ...outcome }, ctx) =>
      loop(async () => {
        const deal = await recordDealOutcome(ctx.store, String(opportunityId), outcome, loopContext(ctx));
        if (deal.primary_person_id) forget(ctx, deal.primary_person_id);
        ctx.loaders.stagesOfOpportunity.clear(deal.id);
        return deal;
      }),
  }),
}));
