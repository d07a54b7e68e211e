/**
 * The lifecycle stage ladder both teams share, and recycling (docs/domain.md "Lifecycle stages").
 * Tenants rename, add and remove stages; these are the defaults a new tenant starts with.
 */

export interface StageDefinition {
  key: string;
  label: string;
  /** Order on the ladder, 1 = first. */
  position: number;
  ownerTeam: 'marketing' | 'sales';
  /** The written definition both teams agreed on: when an entity enters this stage. */
  entryCriteria: string;
}

export const defaultStages: StageDefinition[] = [
  {
    key: 'subscriber',
    label: 'Subscriber',
    position: 1,
    ownerTeam: 'marketing',
    entryCriteria: 'opted in to content only',
  },
  {
    key: 'lead',
    label: 'Lead (inquiry)',
    position: 2,
    ownerTeam: 'marketing',
    entryCriteria: 'converted on anything beyond a subscription',
  },
  {
    key: 'mql',
    label: 'MQL',
    position: 3,
    ownerTeam: 'marketing',
    entryCriteria: 'score threshold reached or marketing qualified it by hand',
  },
  {
    key: 'sal',
    label: 'SAL',
    position: 4,
    ownerTeam: 'sales',
    entryCriteria: 'sales accepted the handoff (the SLA clock stops at first sales touch)',
  },
  {
    key: 'sql',
    label: 'SQL',
    position: 5,
    ownerTeam: 'sales',
    entryCriteria: 'sales spoke with the person and judged fit, budget, timeframe, intent',
  },
  {
    key: 'opportunity',
    label: 'Opportunity',
    position: 6,
    ownerTeam: 'sales',
    entryCriteria: 'associated with an open deal',
  },
  {
    key: 'customer',
    label: 'Customer',
    position: 7,
    ownerTeam: 'sales',
    entryCriteria: 'a deal is closed-won',
  },
];

/** Why sales passed a lead back to marketing; counted in "% of leads sent back". */
export const recycleReasons: readonly string[] = [
  'not_ready',
  'no_budget',
  'bad_timing',
  'wrong_person',
  'no_response',
  'unqualified',
] as const;

/**
 * Whether a stage change is a recycle (docs/domain.md "Recycling"): a move from a sales-owned stage
 * back to a marketing-owned one. A first stage (from = null) or an unknown key is never one.
 */
export function isRecycle(from: string | null, to: string, stages: StageDefinition[]): boolean {
  if (from === null) return false;
  const ownerOf = (key: string) => stages.find((stage) => stage.key === key)?.ownerTeam;
  return ownerOf(from) === 'sales' && ownerOf(to) === 'marketing';
}

/** The stage a lead is handed to sales at: the last stage marketing owns (MQL in the default ladder). */
export function handoffStage(stages: StageDefinition[]): string | undefined {
  return stages.filter((s) => s.ownerTeam === 'marketing').at(-1)?.key;
}

/** The stage sales passes a lead back to (nurture): `lead`, or the ladder's first marketing stage. */
export function recycleStage(stages: StageDefinition[]): string {
  return stages.find((s) => s.key === 'lead')?.key ?? stages.find((s) => s.ownerTeam === 'marketing')!.key;
}

/** The stage an open deal moves its primary person up to, when the ladder has it. */
export const openDealStage = 'opportunity';

/** The stage a won deal moves its primary person to: `customer`, or the ladder's last stage. */
export function wonStage(stages: StageDefinition[]): string {
  return stages.find((s) => s.key === 'customer')?.key ?? stages.at(-1)!.key;
}
