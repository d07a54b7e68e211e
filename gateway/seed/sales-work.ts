/**
 * What sales does with a person, on the CRM record, in business hours: answers the handoff,
 * accepts or sends it back, qualifies it (converting the lead into a contact), then works the
 * opportunity. Sales moves stages in Salesforce, so its stage changes carry Salesforce ids.
 */
import { afterBusinessHours, type DemoContext } from './context.js';
import type { Handoff } from './journey.js';
import { contactRecord, crmRef, type Person } from './people.js';
import { type WeightedTable, weightedTable } from './random.js';
import type { ActivityRecordInput, StageChangeRecordInput } from './record-types.js';
import type { Story } from './story.js';
import { iso, MINUTE } from './timeline.js';

type ActivityType = ActivityRecordInput['type'];

const firstResponses = [
  'Re: your demo request',
  'Intro call',
  'Following up on your visit',
  'Quick question about your team',
];
const followUps = weightedTable<[ActivityType, string]>([
  [['call', 'Left voicemail'], 30],
  [['email', 'Checking in'], 30],
  [['call', 'Follow-up call'], 25],
  [['task', 'Research account'], 15],
]);
const dealWork = weightedTable<[ActivityType, string]>([
  [['meeting', 'Product demo'], 14],
  [['meeting', 'Stakeholder meeting'], 10],
  [['call', 'Pricing discussion'], 15],
  [['call', 'Champion check-in'], 15],
  [['email', 'Proposal sent'], 12],
  [['email', 'Security questionnaire'], 10],
  [['email', 'Contract redlines'], 10],
  [['task', 'Update forecast'], 14],
]);

export class SalesDesk {
  constructor(private readonly context: DemoContext) {}

  /**
   * The answer to one MQL handoff: the first touch (the SLA clock stops there), acceptance, the
   * follow-ups until the person is qualified or sent back, or a few attempts when nothing comes of it.
   */
  workHandoff(person: Person, handoff: Handoff, story: Story): void {
    const { rng } = this.context;
    const owner = person.account.owner;
    if (handoff.firstTouchAt === null) return;
    const subject = rng.pick(firstResponses);
    story.add(
      handoff.firstTouchAt,
      this.activity(person, rng.chance(0.6) ? 'call' : 'email', handoff.firstTouchAt, subject),
    );
    if (handoff.acceptedAt !== null) {
      story.add(handoff.acceptedAt, this.stageChange(person, 'sal', handoff.acceptedAt, owner, null));
    }
    const workedFrom = handoff.acceptedAt ?? handoff.firstTouchAt;
    const until = handoff.qualifiedAt ?? handoff.recycledAt;
    if (until !== null) {
      this.followUp(person, workedFrom, until, followUps, 10, story);
    } else {
      // Nothing came of it (yet): a few more attempts, then silence.
      this.followUp(person, workedFrom, Number.POSITIVE_INFINITY, followUps, 16, story, rng.intBetween(1, 3));
    }
    if (handoff.recycledAt !== null) {
      story.add(
        handoff.recycledAt,
        this.stageChange(person, 'lead', handoff.recycledAt, owner, handoff.reason),
      );
    }
  }

  /** A first call on a hand-raiser, before qualifying them without a handoff. */
  callHandRaiser(person: Person, at: number, story: Story): void {
    story.add(at, this.activity(person, 'call', at, 'Contact sales request'));
  }

  /** The discovery meeting that qualifies a person, and the lead's conversion into a contact. */
  qualify(person: Person, at: number, leadSource: string, story: Story): void {
    story.add(at, this.activity(person, 'meeting', at, 'Discovery meeting'));
    const convertedAt = at + 30 * MINUTE;
    story.add(convertedAt, contactRecord(this.context.ids, person, convertedAt, leadSource));
    story.add(convertedAt, this.stageChange(person, 'sql', convertedAt, person.account.owner, null));
  }

  /** The opportunity stage and the meetings, calls and emails of the deal until it closes. */
  workOpportunity(person: Person, openedAt: number, closesAt: number, won: boolean, story: Story): void {
    const owner = person.account.owner;
    story.add(openedAt, this.stageChange(person, 'opportunity', openedAt, owner, null));
    this.followUp(person, openedAt, closesAt, dealWork, 14, story);
    if (won) {
      const customerAt = closesAt + 5 * MINUTE;
      story.add(customerAt, this.stageChange(person, 'customer', customerAt, owner, null));
    }
  }

  /** Activities every so many business hours after `from`, until `until` or `limit` of them. */
  private followUp(
    person: Person,
    from: number,
    until: number,
    kinds: WeightedTable<[ActivityType, string]>,
    medianGapHours: number,
    story: Story,
    limit = 40,
  ): void {
    const { rng, timeline } = this.context;
    let at = from;
    for (let done = 0; done < limit; done++) {
      at = afterBusinessHours(this.context, at, rng.logNormal(medianGapHours, 0.7));
      if (at >= until - 30 * MINUTE || at >= timeline.now) return;
      const [type, subject] = rng.weighted(kinds);
      story.add(at, this.activity(person, type, at, subject));
    }
  }

  private activity(person: Person, type: ActivityType, at: number, subject: string): ActivityRecordInput {
    return {
      kind: 'activity',
      system: 'salesforce',
      sourceId: this.context.ids.salesforce(type === 'meeting' ? 'event' : 'task'),
      person: crmRef(person),
      userEmail: person.account.owner,
      type,
      subject,
      occurredAt: iso(at),
    };
  }

  private stageChange(
    person: Person,
    to: string,
    at: number,
    user: string,
    reason: string | null,
  ): StageChangeRecordInput {
    return {
      kind: 'stageChange',
      system: 'salesforce',
      sourceId: this.context.ids.salesforce('history'),
      person: crmRef(person),
      to,
      byTeam: 'sales',
      byUserEmail: user,
      reason,
      occurredAt: iso(at),
    };
  }
}
