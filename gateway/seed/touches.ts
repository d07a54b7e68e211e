/**
 * One marketing touch as Marketo reports it: an activity on the Marketo lead (or, from the
 * website's event stream, on an email address), with the channel it came through, the campaign
 * running in that channel and the page it happened on.
 */
import type { Campaign, Channel } from './campaigns.js';
import type { DemoContext } from './context.js';
import type { Person } from './people.js';
import type { TouchRecordInput } from './record-types.js';
import { iso } from './timeline.js';
import { channelsOfType, type TouchType } from './touch-mix.js';

/** Share of touches that name the person by email instead of by Marketo id. */
export const touchesByEmailShare = 0.15;

const pages = [
  '/',
  '/product',
  '/product/funnel',
  '/product/attribution',
  '/product/lead-scoring',
  '/solutions/marketing',
  '/solutions/sales',
  '/solutions/revops',
  '/customers',
  '/integrations/salesforce',
  '/integrations/hubspot',
  '/integrations/marketo',
  '/blog/mql-definitions-that-sales-accepts',
  '/blog/speed-to-lead',
  '/blog/w-shaped-attribution-explained',
  '/blog/pipeline-coverage',
  '/blog/recycling-leads',
  '/about',
];
const pricingPages = ['/pricing', '/pricing', '/pricing/enterprise', '/pricing/compare'];
const careerPages = [
  '/careers',
  '/careers/account-executive',
  '/careers/data-engineer',
  '/careers/product-marketing-manager',
];
const formPages = ['/demo', '/contact-sales', '/trial', '/resources/benchmark-report'];

export interface FixedTouchFields {
  channel?: Channel;
  campaign?: Campaign | null;
  url?: string;
}

export class TouchWriter {
  private readonly site: string;
  private readonly pageUrls: string[];
  private readonly pricingUrls: string[];
  private readonly careerUrls: string[];
  private readonly formUrls: string[];

  constructor(private readonly context: DemoContext) {
    this.site = `https://www.${context.tenant.website}`;
    this.pageUrls = pages.map((path) => this.site + path);
    this.pricingUrls = pricingPages.map((path) => this.site + path);
    this.careerUrls = careerPages.map((path) => this.site + path);
    this.formUrls = formPages.map((path) => this.site + path);
  }

  /**
   * A touch; the channel and campaign follow from the type and the time unless given (a webinar
   * attendance keeps its registration's campaign; a subscription form has its own page).
   */
  write(person: Person, type: TouchType, at: number, fixed?: FixedTouchFields): TouchRecordInput {
    const { rng } = this.context;
    let touchType = type;
    let via = fixed?.channel ?? rng.weighted(channelsOfType[type]);
    const campaign = fixed?.campaign !== undefined ? fixed.campaign : this.campaignFor(via, at);
    if (campaign === null && (via === 'webinar' || via === 'event')) {
      // No webinar or event running then: the person read about one on the site instead.
      touchType = 'page_view';
      via = 'direct';
    }
    return {
      kind: 'touch',
      system: 'marketo',
      sourceId: this.context.ids.marketoActivityId(),
      person: rng.chance(touchesByEmailShare) ? person.emailRef : person.maRef,
      campaign: campaign ? campaign.ref : null,
      channel: via,
      type: touchType,
      url: fixed?.url ?? this.urlFor(touchType, via, campaign),
      occurredAt: iso(at),
    };
  }

  /** Direct traffic has no campaign; organic search mostly none; the rest the one running then. */
  campaignFor(channel: Channel, at: number): Campaign | null {
    const { rng, campaignCalendar } = this.context;
    if (channel === 'direct') return null;
    if (channel === 'organic_search' && !rng.chance(0.35)) return null;
    if (channel === 'referral' && !rng.chance(0.8)) return null;
    return campaignCalendar.runningAt(rng, channel, at);
  }

  newsletterUrl(): string {
    return `${this.site}/newsletter`;
  }

  private urlFor(type: TouchType, channel: Channel, campaign: Campaign | null): string | null {
    const { rng } = this.context;
    const paid = channel === 'paid_search' || channel === 'paid_social';
    switch (type) {
      case 'email_open':
        return null;
      case 'pricing_page_view':
        return rng.pick(this.pricingUrls);
      case 'careers_page_view':
        return rng.pick(this.careerUrls);
      case 'form_submit':
      case 'form_error':
        return campaign && channel === 'content' ? campaign.landingUrl : rng.pick(this.formUrls);
      case 'page_view':
        return campaign && paid ? campaign.landingUrl : rng.pick(this.pageUrls);
      default:
        return campaign ? campaign.landingUrl : rng.pick(this.pageUrls);
    }
  }
}
