/**
 * The channel vocabulary every source maps into (the one the demo data and the attribution
 * widgets use). Vendors name channels freely (Salesforce campaign types, Marketo program
 * channels); anything unrecognised keeps its own name, lower-cased, rather than being guessed.
 */
const rules: [RegExp, string][] = [
  [/webinar|virtual event/, 'webinar'],
  [/trade ?show|conference|event|seminar|field/, 'event'],
  [/paid search|ppc|cpc|sem\b|google ads|adwords|search ad/, 'paid_search'],
  [/social|linkedin|facebook|twitter|banner|display|advertis/, 'paid_social'],
  [/seo|organic/, 'organic_search'],
  [/referr|partner/, 'referral'],
  [/content|whitepaper|e-?book|syndication|blog/, 'content'],
  [/e-?mail|newsletter|nurture/, 'email'],
  [/direct|website|web ?site/, 'direct'],
];

export function channelOf(name: string | null | undefined): string {
  const value = name?.trim().toLowerCase();
  if (!value) return 'other';
  for (const [pattern, channel] of rules) if (pattern.test(value)) return channel;
  return value.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'other';
}

/** Page-view touches by what the page is (docs/domain.md scoring: pricing +5, careers −10, any page +1). */
export function pageViewType(
  url: string | null | undefined,
): 'pricing_page_view' | 'careers_page_view' | 'page_view' {
  const path = url?.toLowerCase() ?? '';
  if (/\/pricing\b|\/plans\b/.test(path)) return 'pricing_page_view';
  if (/\/careers?\b|\/jobs\b/.test(path)) return 'careers_page_view';
  return 'page_view';
}
