/**
 * What the customer view adds to a Person: lifecycle stage and its history, the four prospect
 * flags, the person's ids in every source system, and the SLA of their latest handoff.
 */
import { type HandoffSlaStatus, handoffSlaStatus } from '../gateway/domain/sla-breach.js';
import type { StageDefinition } from '../gateway/domain/stages.js';
import { tandemActorName } from '../gateway/loop/stage-change.js';
import type { HandoffTable, PersonTable, StageTransitionTable } from '../gateway/store/tables.js';
import { builder } from './builder.js';
import { LifecycleStageRef } from './definitions.js';
import { PersonRef, UserRef } from './entities.js';

/** The current definition of a stage key; a key no longer on the ladder shows as itself. */
export function stageDefinition(stages: StageDefinition[], key: string): StageDefinition {
  return (
    stages.find((s) => s.key === key) ?? {
      key,
      label: key,
      position: 0,
      ownerTeam: 'marketing',
      entryCriteria: '',
    }
  );
}

const QualificationRef = builder.objectRef<PersonTable>('Qualification').implement({
  description:
    'The four flags marketing sets before handoff (docs/domain.md: a prospect, versus a mere lead, has all four).',
  fields: (t) => ({
    icpFit: t.boolean({
      description: 'Matches the ideal customer profile.',
      resolve: (p) => p.icp_fit === 1,
    }),
    hasBudget: t.boolean({ description: 'Has budget.', resolve: (p) => p.has_budget === 1 }),
    hasTimeframe: t.boolean({ description: 'Has a timeframe.', resolve: (p) => p.has_timeframe === 1 }),
    willingToEngage: t.boolean({
      description: 'Is willing to engage with sales.',
      resolve: (p) => p.willing_to_engage === 1,
    }),
    isProspect: t.boolean({
      description:
        'All four flags are set: a prospect, who may be handed off (handOffLead refuses anyone else).',
      resolve: (p) =>
        p.icp_fit === 1 && p.has_budget === 1 && p.has_timeframe === 1 && p.willing_to_engage === 1,
    }),
  }),
});

const SourceIdentityRef = builder
  .objectRef<{ system: string; object_type: string; source_id: string }>('SourceIdentity')
  .implement({
    description:
      'An id this person has in a source system; one human may be a marketing-automation lead, a CRM lead and a CRM contact.',
    fields: (t) => ({
      system: t.exposeString('system', {
        description: 'The source system: salesforce, hubspot, marketo, csv, events…',
      }),
      objectType: t.exposeString('object_type', {
        description: 'lead or contact (CRM), ma_lead (marketing automation), record (others).',
      }),
      sourceId: t.exposeString('source_id', { description: 'The id in that system.' }),
    }),
  });

export const HandoffSlaStatusEnum = builder.enumType('HandoffSlaStatus', {
  description:
    'Where a handoff stands against the SLA, by the breach rule (docs/domain.md "The breach rule"): the clock stops at sales’ first answer, a first touch or sending the lead back, whichever comes first; accepting the lead does not stop it. Deadlines are in business hours of the policy the handoff was made under. The SLA dashboard counts the same statuses.',
  values: {
    WITHIN_TARGET: { description: 'First sales touch at or before the deadline (met).' },
    LATE: {
      description:
        'Not answered by the deadline, then touched or sent back after it: a closed breach (it was late before it was answered).',
    },
    OPEN: { description: 'Neither touched nor sent back, deadline not passed: the clock runs.' },
    BREACHED: {
      description: 'Neither touched nor sent back, and the deadline has passed: an open, live breach.',
    },
    SENT_BACK: {
      description:
        'Sent back to marketing at or before the deadline, not touched by then: answered in time (met), not a breach.',
    },
  } as const satisfies Record<HandoffSlaStatus, unknown>,
});

/** The breach rule on a stored handoff, at `now`. */
export function handoffStatus(h: HandoffTable, now: number): HandoffSlaStatus {
  return handoffSlaStatus(
    { deadlineAt: h.deadline_at, firstTouchAt: h.first_touch_at, sentBackAt: h.sent_back_at },
    now,
  );
}

const PersonSlaRef = builder.objectRef<HandoffTable>('PersonSla').implement({
  description:
    'The SLA clock of a person’s latest handoff to sales: handoff → first sales touch, in business hours.',
  fields: (t) => ({
    status: t.field({
      type: HandoffSlaStatusEnum,
      description:
        'Within target, sent back in time, late, breached or open (the breach rule); BREACHED and OPEN are judged at the moment of the request.',
      resolve: (h, _a, ctx) => handoffStatus(h, ctx.now),
    }),
    handedOffAt: t.field({
      type: 'DateTime',
      description: 'When the person entered the handoff stage (the SLA clock starts).',
      resolve: (h) => h.handed_off_at,
    }),
    deadlineAt: t.field({
      type: 'DateTime',
      description: 'handedOffAt + the policy’s target, counted in business hours of the tenant’s calendar.',
      resolve: (h) => h.deadline_at,
    }),
    firstTouchAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'First sales activity (call, email, meeting, task) after the handoff; null while untouched.',
      resolve: (h) => h.first_touch_at,
    }),
    responseHours: t.exposeFloat('response_hours', {
      nullable: true,
      description: 'Business hours from handoff to first touch (the SLA response); null while untouched.',
    }),
    acceptedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When sales accepted (entered a sales stage); null if not (yet).',
      resolve: (h) => h.accepted_at,
    }),
    sentBackAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When sales sent the lead back to marketing; null if not.',
      resolve: (h) => h.sent_back_at,
    }),
    sentBackReason: t.exposeString('sent_back_reason', {
      nullable: true,
      description: 'The recycle reason, e.g. bad_timing.',
    }),
    policyVersion: t.exposeInt('policy_version', {
      description: 'The SLA policy version the deadline was computed with.',
    }),
  }),
});

const StageTransitionRef = builder.objectRef<StageTransitionTable>('StageTransition').implement({
  description:
    'One stage change: who, when, from, to, why (docs/domain.md: every stage change is a StageTransition row).',
  fields: (t) => ({
    from: t.exposeString('from_stage', {
      nullable: true,
      description: 'Stage key before; null for the first stage a person entered.',
    }),
    to: t.exposeString('to_stage', { description: 'Stage key after.' }),
    occurredAt: t.field({
      type: 'DateTime',
      description: 'When the stage changed.',
      resolve: (s) => s.occurred_at,
    }),
    byTeam: t.exposeString('by_team', { description: 'sales, marketing or system.' }),
    byUser: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who made the change, when known.',
      resolve: (s, _a, ctx) => (s.by_user_id ? ctx.loaders.user.load(s.by_user_id) : null),
    }),
    byName: t.string({
      nullable: true,
      description:
        'Who made the change: the user’s name, or for a change made in Tandem by a viewer who is not a user, the viewer’s name.',
      resolve: async (s, _a, ctx) =>
        (s.by_user_id ? (await ctx.loaders.user.load(s.by_user_id))?.name : null) ??
        (s.source_system === 'tandem' ? tandemActorName(s.source_id) : null),
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why: for a recycle, the reason key (and `: note` when sales wrote one).',
    }),
    isRecycle: t.boolean({
      description: 'Sales sent the person back to marketing (docs/domain.md "Recycling").',
      resolve: (s) => s.is_recycle === 1,
    }),
  }),
});

builder.objectFields(PersonRef, (t) => ({
  stage: t.field({
    type: LifecycleStageRef,
    description: 'Current lifecycle stage, as the current stage definitions describe it.',
    resolve: async (p, _a, ctx) => stageDefinition((await ctx.definitions()).stages, p.stage),
  }),
  stageEnteredAt: t.field({
    type: 'DateTime',
    description: 'When the person entered the current stage (time in stage = now − this).',
    resolve: (p) => p.stage_entered_at,
  }),
  qualification: t.field({
    type: QualificationRef,
    description: 'The four prospect flags marketing sets before handoff.',
    resolve: (p) => p,
  }),
  identities: t.field({
    type: [SourceIdentityRef],
    description: 'Every id this person has in the source systems, by system then object type.',
    resolve: (p, _a, ctx) => ctx.loaders.identitiesOfPerson.load(p.id),
  }),
  emails: t.stringList({
    description: 'Every address known for this person, normalised to lower case, alphabetically.',
    resolve: (p, _a, ctx) => ctx.loaders.emailsOfPerson.load(p.id),
  }),
  sla: t.field({
    type: PersonSlaRef,
    nullable: true,
    description: 'The SLA of the person’s latest handoff to sales; null if never handed off.',
    resolve: (p, _a, ctx) => ctx.loaders.latestHandoffOfPerson.load(p.id),
  }),
  stageHistory: t.field({
    type: [StageTransitionRef],
    description: 'Every stage change of this person, oldest first.',
    resolve: (p, _a, ctx) => ctx.loaders.transitionsOfPerson.load(p.id),
  }),
}));
