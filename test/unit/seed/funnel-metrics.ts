/**
 * Measures a generated record stream the way the product will: people joined by email (case
 * ignored) across systems, stages reached by entity (a skipped stage counts as passed), SLA in
 * business hours. Kept apart from the generator so the tests check it from the outside.
 */
import { type BusinessCalendar, businessHoursBetween } from '../../../gateway/domain/business-hours.js';
import type { PersonRef, SourceRecordInput } from '../../../gateway/ingest/records.js';

export const ladder = ['subscriber', 'lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'] as const;

export interface PersonTrail {
  maxStage: number;
  stages: Set<string>;
  /** When each MQL handoff happened. */
  handoffs: number[];
  /** First sales touch (call, email, meeting) after each handoff, in business hours; untouched ones left out. */
  responseHours: number[];
  recycles: number;
}

export interface FunnelMetrics {
  people: Map<string, PersonTrail>;
  reached: (stage: (typeof ladder)[number]) => number;
  rate: (from: (typeof ladder)[number], to: (typeof ladder)[number]) => number;
  handoffs: number;
  recycles: number;
  recycleReasons: Set<string>;
  touches: number;
  breachedShare: number;
  firstTouchMedianHours: number;
}

export function measureFunnel(
  records: SourceRecordInput[],
  calendar: BusinessCalendar,
  now: Date,
): FunnelMetrics {
  const personOf = new Map<string, string>();
  const people = new Map<string, PersonTrail>();
  const trail = (key: string) => {
    let found = people.get(key);
    if (!found) {
      found = { maxStage: -1, stages: new Set(), handoffs: [], responseHours: [], recycles: 0 };
      people.set(key, found);
    }
    return found;
  };
  const keyOf = (ref: PersonRef | { email: string }) =>
    'email' in ref ? ref.email.toLowerCase() : personOf.get(`${ref.system}|${ref.sourceId}`);
  let recycles = 0;
  let touches = 0;
  const recycleReasons = new Set<string>();
  const activities = new Map<string, number[]>();
  for (const record of records) {
    if (record.kind === 'person' && record.email) {
      personOf.set(`${record.system}|${record.sourceId}`, record.email.toLowerCase());
      trail(record.email.toLowerCase());
    } else if (record.kind === 'touch') {
      touches++;
    } else if (record.kind === 'stageChange') {
      const key = keyOf(record.person as PersonRef);
      if (!key) throw new Error(`stage change for an unknown person: ${JSON.stringify(record.person)}`);
      const person = trail(key);
      person.maxStage = Math.max(person.maxStage, ladder.indexOf(record.to as (typeof ladder)[number]));
      person.stages.add(record.to);
      if (record.to === 'mql') person.handoffs.push(Date.parse(String(record.occurredAt)));
      if (record.to === 'lead' && record.byTeam === 'sales') {
        recycles++;
        person.recycles++;
        if (record.reason) recycleReasons.add(record.reason);
      }
    } else if (record.kind === 'activity' && record.type !== 'task') {
      const key = keyOf(record.person as PersonRef);
      if (!key) throw new Error(`activity for an unknown person: ${JSON.stringify(record.person)}`);
      const list = activities.get(key) ?? [];
      list.push(Date.parse(String(record.occurredAt)));
      activities.set(key, list);
    }
  }

  let handoffs = 0;
  let measured = 0;
  let breached = 0;
  const delays: number[] = [];
  for (const [key, person] of people) {
    const times = activities.get(key) ?? [];
    for (const mqlAt of person.handoffs) {
      handoffs++;
      const first = times.filter((at) => at > mqlAt).sort((a, b) => a - b)[0];
      const hours = businessHoursBetween(
        new Date(mqlAt),
        first === undefined ? now : new Date(first),
        calendar,
      );
      if (first !== undefined) {
        delays.push(hours);
        person.responseHours.push(hours);
      }
      if (first === undefined && hours <= 4) continue; // deadline not yet passed: not a breach yet
      measured++;
      if (hours > 4) breached++;
    }
  }
  delays.sort((a, b) => a - b);
  const reached = (stage: (typeof ladder)[number]) => {
    const position = ladder.indexOf(stage);
    let count = 0;
    for (const person of people.values()) if (person.maxStage >= position) count++;
    return count;
  };
  return {
    people,
    reached,
    rate: (from, to) => reached(to) / reached(from),
    handoffs,
    recycles,
    recycleReasons,
    touches,
    breachedShare: breached / measured,
    firstTouchMedianHours: delays[Math.floor(delays.length / 2)] ?? Number.NaN,
  };
}
