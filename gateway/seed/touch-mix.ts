/**
 * Which touches people make, and through which channel. Before converting, people only browse,
 * read emails and click ads; leads also download, register and fill forms; after a handoff the
 * mix leans to the high-value touches (pricing, webinars, demos) that scoring rewards.
 */
import type { touchTypes } from '../ingest/records.js';
import type { Channel } from './campaigns.js';
import { type WeightedTable, weightedTable } from './random.js';

export type TouchType = (typeof touchTypes)[number];

/** Anyone not yet a lead: nothing here would make them one. */
export const coldMix = weightedTable<TouchType>([
  ['email_open', 40],
  ['email_click', 10],
  ['page_view', 30],
  ['ad_click', 9],
  ['pricing_page_view', 3],
  ['careers_page_view', 5],
  ['form_error', 3],
]);

export const warmMix = weightedTable<TouchType>([
  ['email_open', 30],
  ['email_click', 12],
  ['page_view', 26],
  ['ad_click', 7],
  ['pricing_page_view', 5],
  ['content_download', 6],
  ['form_submit', 3],
  ['webinar_registration', 4],
  ['event_attendance', 1.5],
  ['careers_page_view', 2.5],
  ['form_error', 1],
]);

/** After a handoff: evaluating the product. */
export const hotMix = weightedTable<TouchType>([
  ['email_open', 22],
  ['email_click', 14],
  ['page_view', 24],
  ['ad_click', 5],
  ['pricing_page_view', 12],
  ['content_download', 8],
  ['form_submit', 5],
  ['webinar_registration', 6],
  ['event_attendance', 3],
  ['careers_page_view', 0.5],
  ['form_error', 0.5],
]);

/** The days before an MQL: the engagement that crosses the score threshold. */
export const burstMix = weightedTable<TouchType>([
  ['pricing_page_view', 30],
  ['content_download', 20],
  ['email_click', 18],
  ['webinar_registration', 10],
  ['page_view', 12],
  ['form_submit', 10],
]);

/** What an anonymous visitor does before the form fill that makes them a lead. */
export const visitMix = weightedTable<TouchType>([
  ['page_view', 45],
  ['ad_click', 40],
  ['pricing_page_view', 15],
]);

export const channelsOfType: Record<TouchType, WeightedTable<Channel>> = {
  email_open: weightedTable<Channel>([['email', 1]]),
  email_click: weightedTable<Channel>([['email', 1]]),
  form_submit: weightedTable<Channel>([
    ['content', 30],
    ['paid_search', 22],
    ['organic_search', 15],
    ['paid_social', 12],
    ['direct', 11],
    ['referral', 10],
  ]),
  content_download: weightedTable<Channel>([
    ['content', 60],
    ['paid_social', 20],
    ['email', 20],
  ]),
  webinar_registration: weightedTable<Channel>([['webinar', 1]]),
  webinar_attendance: weightedTable<Channel>([['webinar', 1]]),
  page_view: weightedTable<Channel>([
    ['organic_search', 40],
    ['direct', 30],
    ['paid_search', 10],
    ['referral', 8],
    ['email', 7],
    ['paid_social', 5],
  ]),
  pricing_page_view: weightedTable<Channel>([
    ['direct', 45],
    ['organic_search', 30],
    ['paid_search', 20],
    ['email', 5],
  ]),
  careers_page_view: weightedTable<Channel>([
    ['direct', 50],
    ['organic_search', 50],
  ]),
  ad_click: weightedTable<Channel>([
    ['paid_search', 60],
    ['paid_social', 40],
  ]),
  event_attendance: weightedTable<Channel>([['event', 1]]),
  form_error: weightedTable<Channel>([
    ['content', 40],
    ['paid_search', 30],
    ['direct', 30],
  ]),
};

/** Sources of a person's first touch, as Salesforce's LeadSource picklist names them. */
export const leadSourceOfChannel: Record<Channel, string> = {
  email: 'Email',
  paid_search: 'Paid Search',
  paid_social: 'Paid Social',
  organic_search: 'Organic Search',
  webinar: 'Webinar',
  event: 'Trade Show',
  content: 'Content Syndication',
  referral: 'Partner Referral',
  direct: 'Web',
};
