/**
 * Which campaigns run in a channel at a time: a month-by-channel table built once, because a
 * million touches each ask. Month granularity is close enough for a demo and keeps look-ups O(1).
 */
import { type Campaign, type Channel, channels } from './campaigns.js';
import type { Random } from './random.js';
import { DAY, monthNumber, monthStart, type Timeline } from './timeline.js';

export class CampaignCalendar {
  private readonly firstMonth: number;
  /** running[month - firstMonth][channel index] → leaf campaigns in that channel that month. */
  private readonly running: Campaign[][][];
  private readonly channelIndex = new Map<Channel, number>(
    channels.map((channel, index) => [channel, index]),
  );

  constructor(campaigns: Campaign[], timeline: Timeline) {
    this.firstMonth = monthNumber(timeline.start);
    const lastMonth = monthNumber(timeline.now);
    this.running = [];
    for (let month = this.firstMonth; month <= lastMonth; month++) {
      const from = monthStart(month);
      const to = monthStart(month + 1);
      const byChannel: Campaign[][] = channels.map(() => []);
      for (const campaign of campaigns) {
        if (campaign.isProgram) continue;
        const ends = campaign.ends === null ? Number.POSITIVE_INFINITY : campaign.ends + DAY;
        if (campaign.starts < to && ends > from)
          byChannel[this.channelIndex.get(campaign.channel) ?? 0].push(campaign);
      }
      this.running.push(byChannel);
    }
  }

  /** A campaign of the channel running at that time, or null when the channel has none then. */
  runningAt(rng: Random, channel: Channel, at: number): Campaign | null {
    const month = this.running[monthNumber(at) - this.firstMonth];
    const candidates = month?.[this.channelIndex.get(channel) ?? 0];
    if (!candidates || candidates.length === 0) return null;
    return candidates.length === 1 ? candidates[0] : candidates[rng.int(candidates.length)];
  }
}
