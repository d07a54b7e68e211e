/**
 * The history of the shared definitions and the two-team sign-off (docs/domain.md "Shared
 * definitions: versions and sign-off"): every version with who made it and what changed, the
 * proposals waiting for the other team, and the mutations that approve or reject them.
 */
import { createGraphQLError } from 'graphql-yoga';
import { approveDefinitionChange, rejectDefinitionChange } from '../gateway/loop/definition-approvals.js';
import {
  type DefinitionChangeRow,
  definitionKinds,
  needsApproval,
  setNeedsApproval,
} from '../gateway/loop/definition-changes.js';
import type { FieldChange } from '../gateway/loop/definition-diff.js';
import {
  type DefinitionHistoryPage,
  type DefinitionVersion,
  definitionHistory,
  definitionProposals,
  proposalsShown,
} from '../gateway/loop/definition-history.js';
import type { Context } from './builder.js';
import { builder } from './builder.js';
import { definitionChange, editorRoles, requireRole } from './closed-loop.js';
import { loopContext } from './closed-loop-leads.js';
import { TeamFunctionEnum } from './entities.js';
import { LifecycleDefinitionsRef } from './lifecycle-stages.js';
import { ScoringModelRef } from './scoring.js';
import { SlaPolicyRef } from './sla.js';

/** Who may read the history and the proposals: analysts and admins (viewers run widgets only). */
const historyRoles = ['analyst', 'admin'] as const;

const DefinitionKindEnum = builder.enumType('DefinitionKind', {
  description: 'Which shared definition.',
  values: Object.fromEntries(definitionKinds.map((kind) => [kind.toUpperCase(), { value: kind }])) as {
    SCORING_MODEL: { value: 'scoring_model' };
    STAGE_LADDER: { value: 'stage_ladder' };
    SLA_POLICY: { value: 'sla_policy' };
  },
});

const ChangeStatusEnum = builder.enumType('DefinitionChangeStatus', {
  description: 'Where a change to a shared definition stands.',
  values: {
    APPLIED: { value: 'applied', description: 'Saved at once (the tenant needed no sign-off then).' },
    PENDING: { value: 'pending', description: 'Proposed; waiting for an admin of the other team.' },
    APPROVED: {
      value: 'approved',
      description: 'Approved by the other team: it became the current version.',
    },
    REJECTED: {
      value: 'rejected',
      description: 'Rejected by the other team, with a reason; never in force.',
    },
    SUPERSEDED: {
      value: 'superseded',
      description: 'Replaced by a newer proposal of the same kind before a decision.',
    },
  } as const,
});

const FieldChangeRef = builder.objectRef<FieldChange>('DefinitionFieldChange').implement({
  description:
    'One field that differs from the previous version, e.g. `points.form_submit`: 50 → 40, or `targetHours`: 24 → 8.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        'The field: `points.<touch type>`, `halfLifeDays`, `bandThresholds`… (scoring model); `targetHours`, `businessDays`… (SLA policy); `order`, `stage.<key>.label|ownerTeam|entryCriteria` (stage ladder).',
    }),
    before: t.exposeString('before', {
      nullable: true,
      description: 'The value before, as text; null when the field is new.',
    }),
    after: t.exposeString('after', {
      nullable: true,
      description: 'The value after, as text; null when the field is gone.',
    }),
  }),
});

const PersonFunctionRef = builder
  .objectRef<{ name: string; function: string | null }>('DefinitionAuthor')
  .implement({
    description: 'Who did a step, with the team function their token named.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'The name in their token.' }),
      function: t.field({
        type: TeamFunctionEnum,
        nullable: true,
        description: 'Sales or marketing; null for versions saved before the history recorded it.',
        resolve: (p) => p.function as 'sales' | 'marketing' | null,
      }),
    }),
  });

const SignOffRef = builder.objectRef<DefinitionChangeRow>('DefinitionChange').implement({
  description: 'The record of one change: who proposed it and when, and who decided it, when and why.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'Change id (dch_…): what approveDefinitionChange and rejectDefinitionChange take.',
    }),
    kind: t.field({
      type: DefinitionKindEnum,
      description: 'Which definition it changes.',
      resolve: (c) => c.kind as 'scoring_model',
    }),
    status: t.field({
      type: ChangeStatusEnum,
      description: 'Applied at once, pending, approved, rejected or superseded.',
      resolve: (c) => c.status as 'applied',
    }),
    basedOnVersion: t.exposeInt('based_on_version', {
      description: 'The version that was current when it was proposed.',
    }),
    version: t.exposeInt('version', {
      nullable: true,
      description: 'The version it became; null unless applied or approved.',
    }),
    proposedBy: t.field({
      type: PersonFunctionRef,
      description: 'Who proposed it (or saved it, when applied at once), with their team function.',
      resolve: (c) => ({ name: c.proposed_by, function: c.proposed_function }),
    }),
    proposedAt: t.field({
      type: 'DateTime',
      description: 'When it was proposed (or saved).',
      resolve: (c) => Number(c.proposed_at),
    }),
    decidedBy: t.field({
      type: PersonFunctionRef,
      nullable: true,
      description: 'Who approved, rejected or superseded it; null while pending or when applied at once.',
      resolve: (c) => (c.decided_by ? { name: c.decided_by, function: c.decided_function } : null),
    }),
    decidedAt: t.field({
      type: 'DateTime',
      description:
        'When it was approved, rejected or superseded; null while pending or when applied at once.',
      nullable: true,
      resolve: (c) => (c.decided_at === null ? null : Number(c.decided_at)),
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why it was rejected (or which proposal superseded it).',
    }),
  }),
});

const DefinitionVersionRef = builder.objectRef<DefinitionVersion>('DefinitionVersion').implement({
  description:
    'One version of a shared definition (or a proposed one), the whole definition, and what changed against the version before.',
  fields: (t) => ({
    kind: t.field({ type: DefinitionKindEnum, description: 'Which definition.', resolve: (v) => v.kind }),
    version: t.exposeInt('version', {
      description: 'Version number; a proposal shows the number it takes if approved.',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it took effect (a proposal: when it was proposed).',
      resolve: (v) => v.createdAt,
    }),
    createdBy: t.field({
      type: PersonFunctionRef,
      nullable: true,
      description:
        'Who changed it (the proposer, for an approved proposal); null for the defaults a tenant starts with.',
      resolve: (v) => (v.createdBy ? { name: v.createdBy, function: v.createdByFunction } : null),
    }),
    scoringModel: t.field({
      type: ScoringModelRef,
      nullable: true,
      description: 'The whole model (kind SCORING_MODEL).',
      resolve: (v) => v.scoringModel,
    }),
    slaPolicy: t.field({
      type: SlaPolicyRef,
      nullable: true,
      description: 'The whole policy (kind SLA_POLICY).',
      resolve: (v) => v.slaPolicy,
    }),
    stageLadder: t.field({
      type: LifecycleDefinitionsRef,
      nullable: true,
      description: 'The whole ladder (kind STAGE_LADDER).',
      resolve: (v) => v.stageLadder,
    }),
    changes: t.field({
      type: [FieldChangeRef],
      description:
        'Fields that differ from the previous version (a proposal: from the version it was based on); empty for the first.',
      resolve: (v) => v.changes,
    }),
    signOff: t.field({
      type: SignOffRef,
      nullable: true,
      description:
        'The change record: applied at once, or proposed and approved (who, when); null for versions before the history.',
      resolve: (v) => v.signOff,
    }),
  }),
});

const HistoryPageRef = builder.objectRef<DefinitionHistoryPage>('DefinitionHistory').implement({
  description: 'A page of versions, newest first.',
  fields: (t) => ({
    versions: t.field({
      type: [DefinitionVersionRef],
      description: 'Versions, newest first.',
      resolve: (p) => p.versions,
    }),
    hasMore: t.exposeBoolean('hasMore', {
      description: 'Older versions follow: ask again with `after` = the last version here.',
    }),
  }),
});

function readHistory(ctx: Context): void {
  requireRole(ctx, ...historyRoles);
}

builder.queryFields((t) => ({
  definitionHistory: t.field({
    type: HistoryPageRef,
    description:
      'Every version of a shared definition, newest first, with who changed what and when. Needs an analyst or an admin.',
    args: {
      kind: t.arg({ type: DefinitionKindEnum, required: true, description: 'Which definition.' }),
      first: t.arg.int({ defaultValue: 20, description: 'How many versions, 1–100.' }),
      after: t.arg.int({
        description: 'Versions older than this one (the last version of the previous page).',
      }),
    },
    resolve: (_root, { kind, first, after }, ctx) => {
      readHistory(ctx);
      const count = first ?? 20;
      if (!Number.isInteger(count) || count < 1 || count > 100)
        throw createGraphQLError(`first must be 1–100, got ${count}`, {
          extensions: { code: 'BAD_ARGUMENTS' },
        });
      return definitionHistory(ctx.store, kind, count, after ?? null);
    },
  }),
  definitionProposals: t.field({
    type: [DefinitionVersionRef],
    description: `The ${proposalsShown} newest proposed changes of a kind (pending first, then decided ones, newest first), each with what it changes against the version it was based on. Needs an analyst or an admin.`,
    args: { kind: t.arg({ type: DefinitionKindEnum, required: true, description: 'Which definition.' }) },
    resolve: (_root, { kind }, ctx) => {
      readHistory(ctx);
      return definitionProposals(ctx.store, kind);
    },
  }),
  definitionsNeedApproval: t.boolean({
    description:
      'Whether a change to the shared definitions takes effect only when an admin of the other team approves it. Needs an analyst or an admin.',
    resolve: (_root, _args, ctx) => {
      readHistory(ctx);
      return needsApproval(ctx.store);
    },
  }),
}));

builder.mutationFields((t) => ({
  setDefinitionsNeedApproval: t.boolean({
    description:
      'Turns the two-team sign-off on or off for this tenant. On: updateScoringModel, updateSlaPolicy and updateLifecycleStages propose a version that takes effect when an admin of the other team approves it. Needs an admin.',
    args: {
      on: t.arg.boolean({
        required: true,
        description: 'true: changes need the other team; false: they apply at once.',
      }),
    },
    resolve: (_root, { on }, ctx) => {
      requireRole(ctx, ...editorRoles);
      return setNeedsApproval(ctx.store, on, loopContext(ctx));
    },
  }),
  approveDefinitionChange: t.field({
    type: SignOffRef,
    description:
      'Approves a pending proposal: it becomes the current version, with the effects of an update (a scoring model rescores everyone). Needs an admin of the other team than the proposer (else FORBIDDEN); NOT_FOUND for an unknown id, NOT_PENDING once decided, STALE_PROPOSAL when the current version moved since.',
    args: { id: t.arg.id({ required: true, description: 'The proposal (dch_…).' }) },
    resolve: (_root, { id }, ctx) => {
      requireRole(ctx, ...editorRoles);
      return definitionChange(() => approveDefinitionChange(ctx.store, String(id), loopContext(ctx)));
    },
  }),
  rejectDefinitionChange: t.field({
    type: SignOffRef,
    description:
      'Rejects a pending proposal with a reason; the current version stays. Needs an admin of the other team than the proposer (else FORBIDDEN).',
    args: {
      id: t.arg.id({ required: true, description: 'The proposal (dch_…).' }),
      reason: t.arg.string({ required: true, description: 'Why, for the proposer and the history.' }),
    },
    resolve: (_root, { id, reason }, ctx) => {
      requireRole(ctx, ...editorRoles);
      return definitionChange(() => rejectDefinitionChange(ctx.store, String(id), reason, loopContext(ctx)));
    },
  }),
}));
