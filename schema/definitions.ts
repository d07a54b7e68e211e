/**
 * The shared definitions both teams agreed on, readable by everyone (docs/domain.md "Lifecycle
 * stages (shared definitions)" and "The service level agreement"): the stage ladder and every
 * version of the SLA policy. The scoring model is in scoring.ts; changes are in closed-loop.ts.
 */
import type { StageDefinition } from '../gateway/domain/stages.js';
import { listSlaPolicies } from '../gateway/loop/sla-policy.js';
import { currentLadder, type StageLadder } from '../gateway/loop/stage-ladder.js';
import { builder } from './builder.js';
import { TeamFunctionEnum } from './entities.js';
import { SlaPolicyRef } from './sla.js';

export const LifecycleStageRef = builder.objectRef<StageDefinition>('LifecycleStage').implement({
  description:
    'One stage of the shared lifecycle ladder (docs/domain.md "Lifecycle stages"), as the current definitions say.',
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'Stable lower-case key, e.g. `mql`; what filters and stage changes use.',
    }),
    label: t.exposeString('label', { description: 'Name to show, e.g. `MQL`.' }),
    position: t.exposeInt('position', { description: 'Order on the ladder, 1 = first.' }),
    ownerTeam: t.field({
      type: TeamFunctionEnum,
      description:
        'The team that owns people at this stage. The last marketing stage is the handoff stage (entering it opens a handoff and its SLA clock).',
      resolve: (s) => s.ownerTeam,
    }),
    entryCriteria: t.exposeString('entryCriteria', {
      description: 'The written definition both teams agreed on: when a person enters this stage.',
    }),
  }),
});

const LifecycleDefinitionsRef = builder.objectRef<StageLadder>('LifecycleDefinitions').implement({
  description:
    'The current version of the stage ladder and who agreed it. Changing it (updateLifecycleStages) inserts a new version.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'Version number, 1 upwards; this is the highest.' }),
    stages: t.field({
      type: [LifecycleStageRef],
      description: 'The stages, first to last.',
      resolve: (l) => l.stages,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When this version was saved.',
      resolve: (l) => l.createdAt,
    }),
    createdBy: t.exposeString('createdBy', {
      nullable: true,
      description: 'Who saved this version; null for the defaults a tenant starts with.',
    }),
  }),
});

builder.queryFields((t) => ({
  lifecycleDefinitions: t.field({
    type: LifecycleDefinitionsRef,
    description:
      'The shared lifecycle stage ladder (current version): keys, labels, owner teams and entry criteria.',
    resolve: (_root, _args, ctx) => currentLadder(ctx.store),
  }),
  slaPolicies: t.field({
    type: [SlaPolicyRef],
    description:
      'Every version of the SLA policy, newest first (the first is current). Each handoff keeps the version its deadline was computed with.',
    resolve: (_root, _args, ctx) => listSlaPolicies(ctx.store),
  }),
}));
