/**
 * Demo data for one tenant, as the source records the real connectors will produce, so the demo
 * runs through the same ingest path (and the same identity resolution) as production data.
 *
 * Order, which the ingest relies on: users, campaigns (programs before their children), campaign
 * costs, accounts, then person after person, each person's records in the order they happened
 * and their deal last. Streams person by person: memory stays flat at a million touches.
 */
import type { SourceRecordInput } from '../ingest/records.js';
import { accountRecord } from './accounts.js';
import { campaignCostRecords } from './campaign-costs.js';
import { campaignRecords } from './campaigns.js';
import { createContext, openAccounts } from './context.js';
import { StoryTeller } from './person-story.js';
import { TouchBudget } from './touch-budget.js';

export { demoTenants } from './tenants.js';

export interface DemoOptions {
  tenantId: string;
  /** Same seed and options give a byte-identical record sequence. */
  seed: number;
  /** Humans in the funnel. */
  people: number;
  /**
   * Marketing touches in total: met unless the journeys alone need more, less any the last
   * person's story leaves out at an unplanned MQL threshold crossing (threshold.ts).
   */
  touches: number;
  /** The end of history: nothing happens after it. */
  now: Date;
  /** Length of history in years. @default 3 */
  years?: number;
}

/** Checks the options at the call, not at the first record, then streams the records. */
export function generateDemoRecords(options: DemoOptions): Generator<SourceRecordInput> {
  const { people, touches, seed, years = 3 } = options;
  if (!Number.isInteger(people) || people < 0)
    throw new RangeError(`people must be a whole number >= 0, got ${people}`);
  if (!Number.isInteger(touches) || touches < 0) {
    throw new RangeError(`touches must be a whole number >= 0, got ${touches}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!(years > 0 && years <= 20))
    throw new RangeError(`years must be more than 0 and at most 20, got ${years}`);
  if (Number.isNaN(options.now.getTime())) throw new RangeError('now must be a valid date');
  return demoRecords(options, years);
}

function* demoRecords(options: DemoOptions, years: number): Generator<SourceRecordInput> {
  const { tenantId, seed, people, touches, now } = options;
  const context = createContext({ tenantId, seed, now, years });
  yield* context.team.users;
  yield* campaignRecords(context.campaigns);
  yield* campaignCostRecords(
    context.rng,
    context.campaigns,
    context.timeline,
    context.tenant.spendScale,
    people,
  );
  const accounts = openAccounts(context, people);
  for (const account of accounts.accounts) yield accountRecord(account);

  const teller = new StoryTeller(context, accounts, new TouchBudget(touches, people));
  for (let person = 0; person < people; person++) yield* teller.tell();
}
