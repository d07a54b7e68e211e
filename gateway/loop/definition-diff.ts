/**
 * A definition as named fields with values as text, so two versions compare field by field:
 * "points.form_submit: 50 → 40", "targetHours: 24 → 8", "stage.sal.label: SAL → Accepted".
 */
import type { ScoringModel, SlaPolicy } from '../store/definitions.js';
import type { DefinitionKind } from './definition-changes.js';
import type { StageLadder } from './stage-ladder.js';

export interface FieldChange {
  field: string;
  /** Null: the field did not exist (a behaviour given points, a stage added). */
  before: string | null;
  /** Null: the field is gone (a behaviour's points dropped, a stage removed). */
  after: string | null;
}

interface Definition {
  scoringModel: ScoringModel | null;
  slaPolicy: SlaPolicy | null;
  stageLadder: StageLadder | null;
}

export function fieldsOf(kind: DefinitionKind, definition: Definition): Record<string, string> {
  if (kind === 'scoring_model') return scoringFields(definition.scoringModel!);
  if (kind === 'sla_policy') return slaFields(definition.slaPolicy!);
  return ladderFields(definition.stageLadder!);
}

function scoringFields(model: ScoringModel): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [type, points] of Object.entries(model.rules.points).sort(([a], [b]) => a.localeCompare(b))) {
    // A behaviour at 0 earns what one left out earns: not listed, so 0 ↔ absent is no change.
    if (points) fields[`points.${type}`] = String(points);
  }
  fields.firstEmailOpenOnly = String(model.rules.firstEmailOpenOnly);
  fields.halfLifeDays = model.rules.halfLifeDays === null ? 'no decay' : String(model.rules.halfLifeDays);
  fields.bandThresholds = model.bandThresholds.join(', ');
  fields.mqlMinGrade = model.mqlThreshold.minGrade;
  fields.mqlMaxBand = String(model.mqlThreshold.maxBand);
  fields.fitCriteria = JSON.stringify(model.fitCriteria);
  return fields;
}

function slaFields(policy: SlaPolicy): Record<string, string> {
  return {
    targetHours: String(policy.targetHours),
    timeZone: policy.calendar.timeZone,
    businessDays: policy.calendar.days.join(', '),
    startHour: String(policy.calendar.startHour),
    endHour: String(policy.calendar.endHour),
    holidays: policy.calendar.holidays.join(', '),
    monthlyLeadGoal: String(policy.monthlyLeadGoal),
    monthlyMqlGoal: String(policy.monthlyMqlGoal),
    redBelow: String(policy.redBelow),
    amberBelow: String(policy.amberBelow),
  };
}

function ladderFields(ladder: StageLadder): Record<string, string> {
  const fields: Record<string, string> = { order: ladder.stages.map((s) => s.key).join(', ') };
  for (const stage of ladder.stages) {
    fields[`stage.${stage.key}.label`] = stage.label;
    fields[`stage.${stage.key}.ownerTeam`] = stage.ownerTeam;
    fields[`stage.${stage.key}.entryCriteria`] = stage.entryCriteria;
  }
  return fields;
}
