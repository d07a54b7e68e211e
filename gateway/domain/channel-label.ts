/**
 * What people call a marketing channel. Channels are stored as keys (sources/channels.ts maps
 * every vendor's names onto them: `paid_social`); the metrics query's labels, campaigns and the
 * widgets show these words instead. A key a source brought that is not in the vocabulary (kept
 * lower-case with underscores) reads as its own words.
 */
const names: Record<string, string> = {
  paid_search: 'Paid search',
  paid_social: 'Paid social',
  organic_search: 'Organic search',
  email: 'Email',
  content: 'Content',
  webinar: 'Webinar',
  event: 'Event',
  referral: 'Referral',
  direct: 'Direct',
  other: 'Other',
};

/** `paid_social` → "Paid social"; `trade_show` → "Trade show". */
export function channelLabel(key: string): string {
  const known = names[key];
  if (known) return known;
  const words = key.replace(/_+/g, ' ').trim();
  return words ? `${words[0]!.toUpperCase()}${words.slice(1)}` : key;
}
