/**
 * The shared definitions both teams agreed on, readable by everyone (docs/domain.md "Lifecycle
 * stages (shared definitions)" and "The service level agreement"): the stage ladder and every
 * version of the SLA policy. The scoring model is in scoring.ts; changes are in closed-loop.ts;
 * every version of each, and the two-team sign-off, in definition-history.ts.
 */
import { listSlaPolicies } from '../gateway/loop/sla-policy.js';
import { currentLadder } from '../gateway/loop/stage-ladder.js';
import { builder } from './builder.js';
import './definition-history.js';
import { LifecycleDefinitionsRef } from './lifecycle-stages.js';
import { SlaPolicyRef } from './sla.js';

// The ladder's types moved to lifecycle-stages.ts; modules that import them from here keep working.
export { LifecycleDefinitionsRef, LifecycleStageRef } from './lifecycle-stages.js';

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
