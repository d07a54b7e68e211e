/**
 * The tenant's CRM stage map: how its CRM's stage names read as open, won or lost, and where a
 * lost deal leaves its primary person. Read by analysts and admins (`crmStageMap`), changed by an admin
 * (`updateCrmStages`) with the rules and messages of `tandem crm-stages` (gateway/loop/crm-stages.ts).
 */
import { createGraphQLError } from 'graphql-yoga';
import {
  type CrmStage,
  crmStageKey,
  defaultCrmStages,
  type LostDealPolicy,
} from '../gateway/domain/crm-stages.js';
import { CrmStagesError, checkCrmStages, updateCrmStages } from '../gateway/loop/crm-stages.js';
import { type CrmSettings, loadCrmSettings } from '../gateway/store/crm-stages.js';
import { builder } from './builder.js';
import { editorRoles, requireRole } from './closed-loop.js';

const CrmStageStatusEnum = builder.enumType('CrmStageStatus', {
  description: 'What a CRM stage says about its deals.',
  values: {
    OPEN: { value: 'open', description: 'Still being worked; counted in the pipeline at its probability.' },
    WON: { value: 'won', description: 'Closed won.' },
    LOST: { value: 'lost', description: 'Closed lost.' },
  } as const,
});

const LostDealPolicyEnum = builder.enumType('LostDealPolicy', {
  description: 'Where a lost deal leaves its primary person.',
  values: {
    NURTURE: {
      value: 'nurture',
      description:
        'Back to nurture (`lead`) with the loss reason, when sales was working them (the default).',
    },
    STAY: { value: 'stay', description: 'Where they are.' },
  } as const,
});

const CrmStageRef = builder.objectRef<CrmStage>('CrmStage').implement({
  description: 'One CRM stage name and what it means.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'As written in the map; deals match it whatever their case, spaces and punctuation.',
    }),
    status: t.field({
      type: CrmStageStatusEnum,
      description: 'Open, won or lost.',
      resolve: (stage) => stage.status,
    }),
    probability: t.exposeFloat('probability', { description: 'Chance to win, 0 to 1.' }),
  }),
});

const CrmStageMapRef = builder.objectRef<CrmSettings>('CrmStageMap').implement({
  description:
    'How the tenant’s CRM stage names read (docs/onboarding.md "Users, products and deals"): its own stages over the built-in ones.',
  fields: (t) => ({
    stages: t.field({
      type: [CrmStageRef],
      description: 'The tenant’s own stages, by name.',
      resolve: (settings) => settings.stages,
    }),
    builtInStages: t.field({
      type: [CrmStageRef],
      description:
        'Salesforce’s and HubSpot’s default stages the tenant’s own leave as they are (a tenant stage of the same name replaces one).',
      resolve: (settings) => {
        const own = new Set(settings.stages.map((stage) => crmStageKey(stage.name)));
        return defaultCrmStages.filter((stage) => !own.has(crmStageKey(stage.name)));
      },
    }),
    lostDeals: t.field({
      type: LostDealPolicyEnum,
      description: 'Where a lost deal leaves its primary person.',
      resolve: (settings) => settings.lostDealMovesTo,
    }),
  }),
});

const CrmStageInput = builder.inputType('CrmStageInput', {
  description: 'One stage of the map.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'The name as the CRM writes it, 1–200 characters.' }),
    status: t.field({ type: CrmStageStatusEnum, required: true, description: 'Open, won or lost.' }),
    probability: t.float({
      description: 'Chance to win, 0 to 1: required for an open stage; won is 1 and lost 0 unless given.',
    }),
  }),
});

const CrmStagesInput = builder.inputType('CrmStagesInput', {
  description:
    'The tenant’s stage map and lost-deal policy; a field left out stays as it is. Mistakes are refused with BAD_CRM_STAGES and the message `tandem crm-stages` gives.',
  fields: (t) => ({
    stages: t.field({
      type: [CrmStageInput],
      description:
        'Replaces the tenant’s own stages whole ([] removes them: the built-in ones remain). Two names alike but for case, spaces and punctuation are one stage, refused.',
    }),
    lostDeals: t.field({
      type: LostDealPolicyEnum,
      description: 'Where a lost deal leaves its primary person.',
    }),
  }),
});

builder.queryFields((t) => ({
  crmStageMap: t.field({
    type: CrmStageMapRef,
    description:
      'How the tenant’s CRM stage names read as open, won or lost, and where a lost deal leaves its person.',
    resolve: (_root, _args, ctx) => loadCrmSettings(ctx.store),
  }),
}));

builder.mutationFields((t) => ({
  updateCrmStages: t.field({
    type: CrmStageMapRef,
    description:
      'Sets the tenant’s CRM stage map and lost-deal policy, as `tandem crm-stages` does. Needs an admin of the tenant. Deals already stored keep their state until imported or synced again.',
    args: {
      input: t.arg({ type: CrmStagesInput, required: true, description: 'What to change.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      requireRole(ctx, ...editorRoles);
      try {
        const stages = input.stages?.map((stage): [string, unknown] => [
          stage.name,
          { status: stage.status, ...(stage.probability == null ? {} : { probability: stage.probability }) },
        ]);
        return await updateCrmStages(
          ctx.store,
          {
            stages: stages ? checkCrmStages(stages) : undefined,
            lostDeals: (input.lostDeals ?? undefined) as LostDealPolicy | undefined,
          },
          ctx.now,
        );
      } catch (error) {
        if (!(error instanceof CrmStagesError)) throw error;
        throw createGraphQLError(error.message, { extensions: { code: error.code, field: 'stages' } });
      }
    },
  }),
}));
