/**
 * The stage ladder's GraphQL types (docs/domain.md "Lifecycle stages"): the current ladder
 * (definitions.ts) and every version of it (definition-history.ts) share them.
 */
import type { StageDefinition } from '../gateway/domain/stages.js';
import type { StageLadder } from '../gateway/loop/stage-ladder.js';
import { builder } from './builder.js';
import { TeamFunctionEnum } from './entities.js';

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

export const LifecycleDefinitionsRef = builder.objectRef<StageLadder>('LifecycleDefinitions').implement({
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
