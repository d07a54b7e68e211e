/**
 * A person's marketing touches. Some are fixed by the journey (the subscription form, the visits
 * and the form fill that make a lead, the burst before each MQL); the rest, the background, are
 * spread over the time the person pays attention, in the mix of the stage they are in then.
 */
import type { DemoContext } from './context.js';
import type { Journey } from './journey.js';
import type { Person } from './people.js';
import type { Story } from './story.js';
import { DAY, HOUR, MINUTE } from './timeline.js';
import { burstMix, coldMix, hotMix, visitMix, warmMix } from './touch-mix.js';
import type { TouchWriter } from './touches.js';

/** Touches the journey itself needs, whatever the budget. */
export function journeyTouchCount(journey: Journey): number {
  let count =
    (journey.entry === 'subscriber' ? 1 : 0) + journey.visitsBeforeLead + (journey.leadAt === null ? 0 : 1);
  for (const handoff of journey.handoffs) count += handoff.burst;
  if (journey.handoffs.at(-1)?.stalled) count++;
  return count;
}

/**
 * How much of the touch budget a person draws: heavy-tailed (most people touch a few times,
 * some hundreds), and more the further they go, because buyers read, click and visit more.
 */
export function engagementWeight(context: DemoContext, journey: Journey): number {
  let depth = 0.5;
  if (journey.leadAt !== null) depth = 1;
  if (journey.handoffs.length > 0 || journey.sqlAt !== null) depth = 2.5;
  if (journey.opportunityAt !== null) depth = 4;
  return depth * context.rng.logNormal(1, 1.2);
}

export function writeJourneyTouches(
  context: DemoContext,
  writer: TouchWriter,
  person: Person,
  journey: Journey,
  story: Story,
): void {
  const { rng } = context;
  const { firstAt, leadAt } = journey;
  if (journey.entry === 'subscriber') {
    story.add(
      firstAt,
      writer.write(person, 'form_submit', firstAt, { channel: 'content', url: writer.newsletterUrl() }),
    );
  }
  if (leadAt === null) return;
  const visits = journey.visitsBeforeLead;
  for (let visit = 0; visit < visits; visit++) {
    const at = visit === 0 ? firstAt : rng.between(firstAt, leadAt - 10 * MINUTE);
    story.add(at, writer.write(person, rng.weighted(visitMix), at));
  }
  const directEntry = journey.entry === 'lead' && visits === 0;
  const convertedAt = directEntry ? firstAt : leadAt - rng.between(1, 5) * MINUTE;
  story.add(
    convertedAt,
    writer.write(person, rng.chance(0.55) ? 'form_submit' : 'content_download', convertedAt),
  );

  let floor = leadAt;
  for (const handoff of journey.handoffs) {
    const last = handoff.mqlAt - rng.between(1, 15) * MINUTE;
    const from = Math.max(handoff.mqlAt - rng.logNormal(3 * DAY, 0.6), floor + MINUTE);
    for (let touch = 1; touch < handoff.burst; touch++) {
      const at = from < last ? rng.between(from, last) : last;
      story.add(at, writer.write(person, rng.weighted(burstMix), at));
    }
    // What tips the score over the threshold: a demo request or another look at pricing.
    story.add(last, writer.write(person, rng.chance(0.5) ? 'form_submit' : 'pricing_page_view', last));
    floor = handoff.recycledAt ?? handoff.mqlAt;
  }
  // A stalled MQL still reads the nurture emails: a click in the last weeks keeps a score that
  // says so, where an MQL with no score and no prospect flags would be a contradiction.
  const last = journey.handoffs.at(-1);
  if (last?.stalled) {
    const now = context.timeline.now;
    const at = Math.max(last.mqlAt + HOUR, now - rng.between(1, 45) * DAY);
    story.add(at, writer.write(person, 'email_click', at, { channel: 'email' }));
  }
}

export function writeBackgroundTouches(
  context: DemoContext,
  writer: TouchWriter,
  person: Person,
  journey: Journey,
  count: number,
  until: number,
  story: Story,
): void {
  if (count <= 0) return;
  const { rng } = context;
  const times = new Float64Array(count);
  for (let index = 0; index < count; index++) times[index] = rng.between(journey.firstAt, until);
  times.sort();
  const leadAt = journey.leadAt ?? Number.POSITIVE_INFINITY;
  const hotFrom = journey.handoffs[0]?.mqlAt ?? journey.sqlAt ?? Number.POSITIVE_INFINITY;
  const stalled = journey.handoffs.at(-1)?.stalled === true;
  for (let index = 0; index < count; index++) {
    // The form fill that makes the lead stays the touch right before the lead stage (attribution's lead-creation touch).
    if (times[index] > leadAt - 6 * MINUTE && times[index] <= leadAt) times[index] = leadAt + 1_000;
  }
  for (let index = 0; index < count; index++) {
    const at = times[index];
    const drawn = rng.weighted(at < leadAt ? coldMix : at < hotFrom ? warmMix : hotMix);
    // A stalled MQL is a buyer marketing still nurtures, not a job seeker: the careers pages'
    // negative points would leave an MQL with a score below zero and no prospect flags.
    const type = stalled && drawn === 'careers_page_view' ? 'page_view' : drawn;
    const next = times[index + 1];
    if (type === 'webinar_registration' && next !== undefined && next - at < 21 * DAY && rng.chance(0.45)) {
      // Registrants who attend: the attendance counts against the same webinar.
      const webinar = writer.campaignFor('webinar', at);
      if (webinar) {
        story.add(at, writer.write(person, type, at, { campaign: webinar }));
        story.add(
          next,
          writer.write(person, 'webinar_attendance', next, { channel: 'webinar', campaign: webinar }),
        );
        index++;
        continue;
      }
    }
    story.add(at, writer.write(person, type, at));
  }
}
