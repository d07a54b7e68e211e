/** The contract's input shapes, one per kind, as the generator writes them. */
import type { SourceRecordInput } from '../ingest/records.js';

type InputOf<K extends SourceRecordInput['kind']> = Extract<SourceRecordInput, { kind: K }>;

export type UserRecordInput = InputOf<'user'>;
export type CampaignRecordInput = InputOf<'campaign'>;
export type CampaignCostRecordInput = InputOf<'campaignCost'>;
export type AccountRecordInput = InputOf<'account'>;
export type PersonRecordInput = InputOf<'person'>;
export type TouchRecordInput = InputOf<'touch'>;
export type ActivityRecordInput = InputOf<'activity'>;
export type StageChangeRecordInput = InputOf<'stageChange'>;
export type OpportunityRecordInput = InputOf<'opportunity'>;
export type PersonRefInput = TouchRecordInput['person'];
/** How a record points at a campaign or an account by its id in a source system. */
export type SourceRefInput = { system: string; sourceId: string };
