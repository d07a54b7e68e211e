/**
 * The closed loop: the writes that make Tandem the shared record rather than a report. Lead and
 * deal moves are in closed-loop-leads.ts; here are the Mutation type, the role check, and new
 * versions of the shared definitions (stage ladder, scoring model, SLA policy). Every write
 * records who (the viewer) and when (the request's now); the writes are gateway/loop/*.
 */
import { createGraphQLError } from 'graphql-yoga';
import { ApprovalError } from '../gateway/loop/definition-changes.js';
import { updateScoringModel } from '../gateway/loop/scoring-model.js';
import { updateSlaPolicy } from '../gateway/loop/sla-policy.js';
import { updateLifecycleStages } from '../gateway/loop/stage-ladder.js';
import type { Context, Viewer } from './builder.js';
import { builder } from './builder.js';
import { loop, loopContext } from './closed-loop-leads.js';
import { FitGradeEnum, TeamFunctionEnum } from './entities.js';

builder.mutationType({
  description:
    'The closed loop: lead handoffs both ways, deal outcomes, and new versions of the shared definitions.',
});

/**
 * Refuses (FORBIDDEN) a viewer whose role is not among `roles`: the one place roles are checked in
 * resolvers. The role comes from the request's verified token (gateway/auth). Beside this, every
 * mutation needs an analyst or an admin (useOperationRoles), so a viewer token never writes.
 */
export function requireRole(ctx: Context, ...roles: Viewer['role'][]): void {
  if (!roles.includes(ctx.viewer.role)) {
    throw createGraphQLError(
      `this needs the role ${roles.join(' or ')}; ${ctx.viewer.name} is ${ctx.viewer.role}`,
      {
        extensions: { code: 'FORBIDDEN', http: { status: 403 } },
      },
    );
  }
}

/**
 * Runs a change to a shared definition (an update, an approval, a rejection), turning its
 * refusals into coded GraphQL errors; a sign-off refused to the wrong team answers 403.
 */
export async function definitionChange<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await loop(work);
  } catch (error) {
    if (!(error instanceof ApprovalError)) throw error;
    const http = error.code === 'FORBIDDEN' ? { http: { status: 403 } } : {};
    throw createGraphQLError(error.message, { extensions: { code: error.code, ...http } });
  }
}

/** Who may change the shared definitions (stage ladder, scoring model, SLA policy): admins only. */
export const editorRoles: Viewer['role'][] = ['admin'];

const ScoringRuleInput = builder.inputType('ScoringRuleInput', {
  description: 'Points one behaviour earns.',
  fields: (t) => ({
    touchType: t.string({
      required: true,
      description:
        'email_open, email_click, form_submit, content_download, webinar_registration, webinar_attendance, page_view, pricing_page_view, careers_page_view, ad_click, event_attendance or form_error.',
    }),
    points: t.float({
      required: true,
      description: 'Points per occurrence when fresh; negative lowers the score.',
    }),
  }),
});

const ScoringModelInput = builder.inputType('ScoringModelInput', {
  description:
    'A new scoring model version (docs/domain.md "Lead scoring"). Fields left out keep the current version’s values; fit criteria are kept.',
  fields: (t) => ({
    rules: t.field({
      type: [ScoringRuleInput],
      description: 'The whole points table: behaviours left out earn 0.',
    }),
    firstEmailOpenOnly: t.boolean({ description: 'Whether only a person’s first email open earns points.' }),
    halfLifeDays: t.float({
      description:
        'Days after which a touch keeps half its points; more than 0. Give null explicitly for no decay.',
    }),
    bandThresholds: t.floatList({
      description:
        'Three ascending engagement thresholds in points [band 3 from, band 2 from, band 1 from], else BAD_THRESHOLDS.',
    }),
    mqlMinGrade: t.field({
      type: FitGradeEnum,
      description: 'MQL threshold: worst fit grade that still qualifies.',
    }),
    mqlMaxBand: t.int({ description: 'MQL threshold: coldest engagement band (1–4) that still qualifies.' }),
  }),
});

const SlaPolicyInput = builder.inputType('SlaPolicyInput', {
  description:
    'A new SLA policy version (docs/domain.md "The service level agreement"); it applies to handoffs made after it. Fields left out keep the current values.',
  fields: (t) => ({
    targetHours: t.float({
      description:
        'Business hours sales has from handoff to first touch: more than 0 and at most 2,000 (50 working weeks; else BAD_TARGET_HOURS).',
    }),
    timeZone: t.string({
      description: 'IANA time zone of the business hours, e.g. America/New_York (else BAD_TIME_ZONE).',
    }),
    businessDays: t.intList({ description: 'ISO weekdays with business hours, 1 = Monday … 7 = Sunday.' }),
    startHour: t.int({ description: 'Local opening hour, 0–23.' }),
    endHour: t.int({ description: 'Local closing hour, after startHour, at most 24.' }),
    holidays: t.field({
      type: ['Date'],
      description: 'Local dates without business hours (the whole list).',
    }),
    monthlyLeadGoal: t.int({ description: 'Marketing’s goal: leads per month.' }),
    monthlyMqlGoal: t.int({ description: 'Marketing’s goal: MQLs handed off per month.' }),
    redBelow: t.float({
      description: 'Gauge is red below this share (0–1) of handoffs followed up within target.',
    }),
    amberBelow: t.float({
      description: 'Gauge is amber below this share (0–1), at least redBelow; green from here.',
    }),
  }),
});

const LifecycleStageInput = builder.inputType('LifecycleStageInput', {
  description: 'One stage of a new ladder; its position is its place in the list.',
  fields: (t) => ({
    key: t.string({
      required: true,
      description: 'Lower-case key: a letter, then letters, digits or _. Keep the keys people hold.',
    }),
    label: t.string({ required: true, description: 'Name to show.' }),
    ownerTeam: t.field({
      type: TeamFunctionEnum,
      required: true,
      description: 'Marketing stages come first, then sales stages.',
    }),
    entryCriteria: t.string({
      required: true,
      description: 'When a person enters this stage, as both teams agreed.',
    }),
  }),
});

builder.mutationFields((t) => ({
  updateScoringModel: t.int({
    description:
      'Saves a new scoring model version and rescores everyone from their touches as of now (docs/domain.md: changing rules rescores everyone). Returns the new version. Needs an admin. When the tenant needs sign-off (definitionsNeedApproval), proposes the version instead (it takes effect when an admin of the other team approves it) and returns the number it will take.',
    args: {
      input: t.arg({
        type: ScoringModelInput,
        required: true,
        description: 'What changes; the rest is kept.',
      }),
    },
    resolve: (_root, { input }, ctx) => {
      requireRole(ctx, ...editorRoles);
      return definitionChange(() => updateScoringModel(ctx.store, input, loopContext(ctx)));
    },
  }),
  updateSlaPolicy: t.int({
    description:
      'Saves a new SLA policy version, applied to handoffs made from now on. Returns the new version. Needs an admin. When the tenant needs sign-off (definitionsNeedApproval), proposes the version instead (it takes effect when an admin of the other team approves it) and returns the number it will take.',
    args: {
      input: t.arg({ type: SlaPolicyInput, required: true, description: 'What changes; the rest is kept.' }),
    },
    resolve: (_root, { input }, ctx) => {
      requireRole(ctx, ...editorRoles);
      return definitionChange(() => updateSlaPolicy(ctx.store, input, loopContext(ctx)));
    },
  }),
  updateLifecycleStages: t.int({
    description:
      'Saves a new version of the stage ladder, in the given order. Every key people currently hold must stay (else STAGE_IN_USE with the key and count). Returns the new version. Needs an admin. When the tenant needs sign-off (definitionsNeedApproval), proposes the version instead (it takes effect when an admin of the other team approves it) and returns the number it will take.',
    args: {
      stages: t.arg({
        type: [LifecycleStageInput],
        required: true,
        description: 'The whole ladder, first stage to last.',
      }),
    },
    resolve: (_root, { stages }, ctx) => {
      requireRole(ctx, ...editorRoles);
      return definitionChange(() => updateLifecycleStages(ctx.store, stages, loopContext(ctx)));
    },
  }),
}));
