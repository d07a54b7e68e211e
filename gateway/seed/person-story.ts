/**
 * One human's records: the Marketo lead first, then in the order they happened their touches,
 * stage changes, CRM records and the sales work on them; last their deal, as a snapshot of its
 * state at the end of history.
 */
import type { SourceRecordInput } from '../ingest/records.js';
import type { AccountBook } from './accounts.js';
import type { Channel } from './campaigns.js';
import type { DemoContext } from './context.js';
import { type Deal, opportunityRecord, planDeal } from './deals.js';
import {
  engagementWeight,
  journeyTouchCount,
  writeBackgroundTouches,
  writeJourneyTouches,
} from './engagement.js';
import { type Journey, planJourney, planShowcaseJourney } from './journey.js';
import {
  crmLeadRecord,
  marketingLeadRecord,
  meetPerson,
  type Person,
  personFit,
  prospectFlags,
} from './people.js';
import type { SourceRefInput, StageChangeRecordInput } from './record-types.js';
import { SalesDesk } from './sales-work.js';
import { Story } from './story.js';
import { unplannedCrossings } from './threshold.js';
import { DAY, iso, MINUTE } from './timeline.js';
import type { TouchBudget } from './touch-budget.js';
import { leadSourceOfChannel } from './touch-mix.js';
import { TouchWriter } from './touches.js';

/** Deals credited to the campaign of the person's last campaign touch before the deal opened. */
const dealsWithCampaign = 0.85;

export class StoryTeller {
  private readonly writer: TouchWriter;
  private readonly desk: SalesDesk;
  private told = 0;

  constructor(
    private readonly context: DemoContext,
    private readonly accounts: AccountBook,
    private readonly budget: TouchBudget,
  ) {
    this.writer = new TouchWriter(context);
    this.desk = new SalesDesk(context);
  }

  tell(): SourceRecordInput[] {
    const { rng, ids, names, timeline } = this.context;
    const person = meetPerson(rng, ids, names, this.accounts.pick(rng));
    const journey =
      this.told++ === 0 ? planShowcaseJourney(this.context) : planJourney(this.context, personFit(person));
    const deal =
      journey.opportunityAt === null
        ? null
        : planDeal(this.context, person.account.segment, journey.opportunityAt);
    const story = new Story(timeline.now);

    writeJourneyTouches(this.context, this.writer, person, journey, story);
    const journeyTouches = journeyTouchCount(journey);
    const background = this.budget.allot(rng, engagementWeight(this.context, journey), journeyTouches);
    writeBackgroundTouches(
      this.context,
      this.writer,
      person,
      journey,
      background,
      this.attentionEnd(journey, deal),
      story,
    );

    const leadSource = this.leadSource(story);
    story.open(marketingLeadRecord(person, journey.firstAt, leadSource));
    if (journey.entry === 'subscriber')
      this.marketingStage(person, 'subscriber', journey.firstAt + 30_000, story);
    if (journey.leadAt !== null) this.marketingStage(person, 'lead', journey.leadAt, story);
    if (journey.crmAt !== null)
      story.add(journey.crmAt, crmLeadRecord(ids, person, journey.crmAt, leadSource));
    for (const handoff of journey.handoffs) {
      const manual = handoff.manual ? rng.pick(this.context.team.marketers) : null;
      // Marketing sets the four flags just before it hands a prospect off, so the handoff records
      // it was a prospect's; a prospect sales sent back (no budget, bad timing...) is one no
      // longer, and marketing qualifies them again before another handoff.
      if (handoff.prospect)
        story.add(handoff.mqlAt - MINUTE, prospectFlags(person, handoff.mqlAt - MINUTE, true));
      this.marketingStage(person, 'mql', handoff.mqlAt, story, manual);
      this.desk.workHandoff(person, handoff, story);
      if (handoff.prospect && handoff.recycledAt !== null && handoff.recycledAt < timeline.now)
        story.add(handoff.recycledAt + MINUTE, prospectFlags(person, handoff.recycledAt + MINUTE, false));
    }
    if (journey.handRaiseCallAt !== null) this.desk.callHandRaiser(person, journey.handRaiseCallAt, story);
    if (journey.sqlAt !== null) this.desk.qualify(person, journey.sqlAt, leadSource, story);
    if (deal) this.desk.workOpportunity(person, deal.openedAt, deal.closesAt, deal.won, story);
    // Tandem's MQL threshold hands a lead off the moment a touch lifts them into the MQL cell:
    // crossings happen where the journey plans a handoff, and nowhere else.
    const grade = personFit(person);
    // The touches left out go back to the budget, so the run still lands on its touch target.
    const unspent = story.leaveOut((events) =>
      unplannedCrossings(events, grade, journey.handoffs, timeline.now),
    );
    this.budget.giveBack(unspent);

    const records = story.records();
    if (deal) records.push(opportunityRecord(this.context, person, deal, this.dealCampaign(story, deal)));
    return records;
  }

  /** Until when a person keeps reading, clicking and visiting: a while, and past their last milestone. */
  private attentionEnd(journey: Journey, deal: Deal | null): number {
    const { rng, timeline } = this.context;
    let last = journey.firstAt;
    for (const at of [journey.leadAt, journey.sqlAt, journey.opportunityAt, deal?.closesAt ?? null]) {
      if (at !== null && at < timeline.now && at > last) last = at;
    }
    for (const handoff of journey.handoffs) last = Math.max(last, handoff.recycledAt ?? handoff.mqlAt);
    const span = rng.logNormal(200 * DAY, 0.8);
    return Math.min(timeline.now, Math.max(journey.firstAt + span, last + 30 * DAY));
  }

  /** Salesforce's LeadSource: the channel of the person's first touch. */
  private leadSource(story: Story): string {
    let firstAt = Number.POSITIVE_INFINITY;
    let channel: Channel = 'direct';
    for (const event of story.written) {
      if (event.record.kind === 'touch' && event.at < firstAt) {
        firstAt = event.at;
        channel = event.record.channel as Channel;
      }
    }
    return leadSourceOfChannel[channel];
  }

  private dealCampaign(story: Story, deal: Deal): SourceRefInput | null {
    if (!this.context.rng.chance(dealsWithCampaign)) return null;
    let latest = Number.NEGATIVE_INFINITY;
    let campaign: SourceRefInput | null = null;
    for (const event of story.written) {
      const record = event.record;
      if (record.kind === 'touch' && record.campaign && event.at <= deal.openedAt && event.at > latest) {
        latest = event.at;
        campaign = record.campaign;
      }
    }
    return campaign;
  }

  /** Marketing's stage moves happen in Marketo: by the scoring engine, or by a marketer's hand. */
  private marketingStage(
    person: Person,
    to: string,
    at: number,
    story: Story,
    byUser: string | null = null,
  ): void {
    const record: StageChangeRecordInput = {
      kind: 'stageChange',
      system: 'marketo',
      sourceId: this.context.ids.marketoActivityId(),
      person: person.maRef,
      to,
      byTeam: 'marketing',
      byUserEmail: byUser,
      reason: to === 'mql' ? (byUser ? 'qualified by hand' : 'score threshold reached') : null,
      occurredAt: iso(at),
    };
    story.add(at, record);
  }
}
