import { describe, expect, it } from 'vitest';
import { channelLabel } from '../../../gateway/domain/channel-label.js';
import { channelOf } from '../../../gateway/sources/channels.js';

describe('channelLabel', () => {
  it('names every channel of the vocabulary in words', () => {
    for (const [vendor, label] of [
      ['LinkedIn Ads', 'Paid social'],
      ['Google Ads', 'Paid search'],
      ['SEO', 'Organic search'],
      ['Newsletter', 'Email'],
      ['Whitepaper', 'Content'],
      ['Virtual Event', 'Webinar'],
      ['Trade Show', 'Event'],
      ['Partner', 'Referral'],
      ['Website', 'Direct'],
      ['', 'Other'],
    ])
      expect(channelLabel(channelOf(vendor))).toBe(label);
  });

  it('reads a key no rule knows as its own words', () => {
    expect(channelLabel(channelOf('Podcast Sponsorship'))).toBe('Podcast sponsorship');
    expect(channelLabel('direct_mail')).toBe('Direct mail');
  });
});
