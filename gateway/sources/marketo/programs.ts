/**
 * Marketo programs → campaigns, and their period costs → campaign costs by month (several costs
 * starting in one month add up: Tandem keeps one amount per campaign and month). Programs page by
 * offset within a fixed update-time window, so an interrupted window resumes at its offset.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import { channelOf } from '../channels.js';
import type { SourcePage } from '../source.js';
import type { MarketoClient } from './client.js';

export interface Program {
  id: number;
  name: string;
  channel?: string;
  type?: string;
  costs?: { startDate: string; cost: number }[] | null;
}

interface WindowCursor {
  since?: number;
  until?: number;
  offset?: number;
}

const pageSize = 200;

export async function* programPages(
  client: MarketoClient,
  stored: string | null,
  now: number,
  learn: (program: Program) => void,
): AsyncGenerator<SourcePage> {
  const previous: WindowCursor = stored ? JSON.parse(stored) : {};
  const resuming = previous.offset !== undefined;
  const window = resuming
    ? { since: previous.since, until: previous.until ?? now }
    : { since: previous.since, until: now };
  let offset = resuming ? previous.offset! : 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  while (true) {
    const page = await client.get<Program>('/rest/asset/v1/programs.json', {
      maxReturn: pageSize,
      offset,
      ...(window.since === undefined
        ? {}
        : { earliestUpdatedAt: iso(window.since), latestUpdatedAt: iso(window.until) }),
    });
    const programs = page.result ?? [];
    programs.forEach(learn);
    const done = programs.length < pageSize;
    offset += pageSize;
    const cursor: WindowCursor = done ? { since: window.until } : { ...window, offset };
    yield { records: programs.flatMap(mapProgram), cursor: JSON.stringify(cursor) };
    if (done) return;
  }
}

export function mapProgram(program: Program): SourceRecordInput[] {
  const ref = { system: 'marketo', sourceId: String(program.id) };
  const byMonth = new Map<string, number>();
  for (const cost of program.costs ?? []) {
    const period = cost.startDate?.slice(0, 7);
    if (period && Number.isFinite(cost.cost)) byMonth.set(period, (byMonth.get(period) ?? 0) + cost.cost);
  }
  return [
    {
      kind: 'campaign',
      ...ref,
      name: program.name || `Marketo program ${program.id}`,
      channel: channelOf(program.channel),
    },
    ...[...byMonth].map(
      ([period, amount]): SourceRecordInput => ({ kind: 'campaignCost', campaign: ref, period, amount }),
    ),
  ];
}
