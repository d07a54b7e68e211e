/**
 * How a CRM's stage names read as open, won or lost (docs/onboarding.md "Users, products and
 * deals"). An export often carries only the stage ("Closed Won", "closedwon", "Negotiation"): the
 * tenant's own map says what each name means, and the built-in names of Salesforce's and
 * HubSpot's default pipelines fill in the rest. Names match whatever their case and spacing.
 */
import { foldName } from './text.js';

export type CrmStageStatus = 'open' | 'won' | 'lost';

export interface CrmStage {
  /** The name as written in the map. */
  name: string;
  status: CrmStageStatus;
  /** Chance to win, 0–1. */
  probability: number;
}

/** Where a lost deal leaves its primary person: back to nurture (the default), or where they are. */
export type LostDealPolicy = 'nurture' | 'stay';
export const lostDealPolicies: readonly LostDealPolicy[] = ['nurture', 'stay'];

/** "Closed Won", "closed won" and "closedwon" are one stage: lower-case letters and digits only. */
export const crmStageKey = foldName;

const stage = (name: string, status: CrmStageStatus, probability: number): CrmStage => ({
  name,
  status,
  probability,
});

/** Salesforce's default opportunity stages, HubSpot's default deal pipeline, and plain words. */
export const defaultCrmStages: readonly CrmStage[] = [
  stage('Prospecting', 'open', 0.1),
  stage('Qualification', 'open', 0.1),
  stage('Needs Analysis', 'open', 0.2),
  stage('Value Proposition', 'open', 0.5),
  stage('Id. Decision Makers', 'open', 0.6),
  stage('Perception Analysis', 'open', 0.7),
  stage('Proposal/Price Quote', 'open', 0.75),
  stage('Negotiation/Review', 'open', 0.9),
  stage('Closed Won', 'won', 1),
  stage('Closed Lost', 'lost', 0),
  stage('appointmentscheduled', 'open', 0.2),
  stage('qualifiedtobuy', 'open', 0.4),
  stage('presentationscheduled', 'open', 0.6),
  stage('decisionmakerboughtin', 'open', 0.8),
  stage('contractsent', 'open', 0.9),
  stage('Won', 'won', 1),
  stage('Lost', 'lost', 0),
];

/** A stage map: the tenant's entries first, then the defaults, by crmStageKey. */
export class CrmStageMap {
  private readonly byKey = new Map<string, CrmStage>();

  constructor(tenantStages: readonly CrmStage[] = []) {
    for (const entry of defaultCrmStages) this.byKey.set(crmStageKey(entry.name), entry);
    for (const entry of tenantStages) this.byKey.set(crmStageKey(entry.name), entry);
  }

  get(name: string): CrmStage | undefined {
    return this.byKey.get(crmStageKey(name));
  }
}

/** What a deal's record says about its state; null where the source said nothing. */
export interface DealStateInput {
  stage: string;
  isClosed?: boolean | null;
  isWon?: boolean | null;
  probability?: number | null;
}

export interface DealState {
  isClosed: boolean;
  isWon: boolean;
  probability: number;
  /** True when nothing said what the stage means: read as open at probability 0. */
  unknownStage: boolean;
}

/**
 * A deal's state. What the record says outright wins (a connector's IsClosed/IsWon are the CRM's
 * own truth); the stage map fills what it leaves out; a stage the map does not know is open, at
 * probability 0, and said so. A close date alone does not close a deal: CRMs export the expected
 * close of open deals in the same column.
 */
export function dealState(input: DealStateInput, map: CrmStageMap): DealState {
  const known = map.get(input.stage);
  const isWon = input.isWon ?? known?.status === 'won';
  const isClosed = input.isClosed ?? (isWon || (known !== undefined && known.status !== 'open'));
  const probability = input.probability ?? (isClosed ? (isWon ? 1 : 0) : (known?.probability ?? 0));
  const unknownStage = !known && input.isClosed == null && input.isWon == null && input.probability == null;
  return { isClosed, isWon: isClosed && isWon, probability, unknownStage };
}
