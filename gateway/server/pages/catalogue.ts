/**
 * What can be embedded: the six widgets, the attributes each one reads and the events it fires.
 * The configurator renders its form from this, and the iframe route accepts exactly these
 * attributes from its query string (anything else is dropped, never echoed).
 */

import { dimensions, measureDefinitions, measures } from '../../metrics/breakdown/catalog.js';

/** Measures of what is open now (open deals, their amounts): a trend over past periods has none. */
const nowOnly = new Set<string>(['PIPELINE', 'OPEN_DEALS']);

/** Where a select's choices come from: a fixed list, or the tenant's data (options.ts). */
export type ChoiceSource =
  | { fixed: readonly string[] }
  | { data: 'segments' | 'regions' | 'channels' | 'campaigns' | 'teams' | 'owners' | 'records' };

export interface AttributeSpec {
  name: string;
  label: string;
  kind: 'date' | 'select' | 'text';
  choices?: ChoiceSource;
  help: string;
}

export interface WidgetSpec {
  /** The bundle name: /widgets/<name>.js and /embed/<name>. */
  name: string;
  tag: string;
  title: string;
  summary: string;
  attributes: readonly AttributeSpec[];
  /** Widget-specific events; every widget also fires tandem-load, tandem-error, tandem-token-expiring. */
  events: readonly string[];
  /** A starting height for the iframe snippet, before the widget reports its own. */
  frameHeight: number;
}

export const commonEvents = ['tandem-load', 'tandem-error', 'tandem-token-expiring'] as const;

const filters: AttributeSpec[] = [
  { name: 'from', label: 'From', kind: 'date', help: 'First day (YYYY-MM-DD), in the tenant’s time zone.' },
  { name: 'to', label: 'To', kind: 'date', help: 'Last day (YYYY-MM-DD).' },
  {
    name: 'segment',
    label: 'Segment',
    kind: 'select',
    choices: { data: 'segments' },
    help: 'Account segment.',
  },
  {
    name: 'region',
    label: 'Region',
    kind: 'select',
    choices: { data: 'regions' },
    help: 'Person or account region.',
  },
  {
    name: 'channel',
    label: 'Channel',
    kind: 'select',
    choices: { data: 'channels' },
    help: 'People with a touch in this channel.',
  },
  {
    name: 'campaign',
    label: 'Campaign',
    kind: 'select',
    choices: { data: 'campaigns' },
    help: 'People with a touch in this campaign (its id).',
  },
  {
    name: 'team',
    label: 'Team',
    kind: 'select',
    choices: { data: 'teams' },
    help: 'People owned by this team (its id).',
  },
  {
    name: 'owner',
    label: 'Owner',
    kind: 'select',
    choices: { data: 'owners' },
    help: 'People owned by this user (their id).',
  },
];

const display: AttributeSpec[] = [
  {
    name: 'theme',
    label: 'Theme',
    kind: 'select',
    choices: { fixed: ['light', 'dark'] },
    help: 'Unset follows the viewer’s system setting.',
  },
  {
    name: 'locale',
    label: 'Locale',
    kind: 'select',
    choices: { fixed: ['en-US', 'en-GB', 'de-DE', 'fr-FR'] },
    help: 'Numbers and dates; unset: the viewer’s browser.',
  },
  {
    name: 'currency',
    label: 'Currency',
    kind: 'select',
    choices: { fixed: ['USD', 'EUR', 'GBP'] },
    help: 'Money (ISO 4217); use the tenant’s.',
  },
];

export const catalogue: readonly WidgetSpec[] = [
  {
    name: 'funnel',
    tag: 'tandem-funnel',
    title: 'Funnel',
    summary:
      'How many people reached each lifecycle stage, conversion and days to the next, and how many sales sent back.',
    attributes: [
      ...filters,
      {
        name: 'orientation',
        label: 'Orientation',
        kind: 'select',
        choices: { fixed: ['horizontal', 'vertical'] },
        help: 'Rows or columns.',
      },
      {
        name: 'group-by',
        label: 'Group by',
        kind: 'select',
        // The dimensions the funnel's counts (the metrics query's REACHED) can be split by.
        choices: { fixed: measureDefinitions.REACHED.dimensions },
        help: 'One funnel per value, side by side (lead source, segment, region…); unset: one funnel.',
      },
      {
        name: 'top',
        label: 'Top',
        kind: 'text',
        help: 'With group by: how many funnels, most people first (5 by default); the rest is "Other".',
      },
      ...display,
    ],
    events: ['tandem-stage-select'],
    frameHeight: 420,
  },
  {
    name: 'sla-gauge',
    tag: 'tandem-sla-gauge',
    title: 'SLA gauge',
    summary:
      'Both sides of the handoff agreement: sales follow-up within target hours, marketing’s goal attainment.',
    attributes: [...filters, ...display],
    events: [],
    frameHeight: 360,
  },
  {
    name: 'lead-heatmap',
    tag: 'tandem-lead-heatmap',
    title: 'Lead scoring matrix',
    summary: 'Fit grade against engagement band, with each cell’s conversion to SQL; a cell lists its leads.',
    attributes: [...filters, ...display],
    events: ['tandem-cell-select'],
    frameHeight: 420,
  },
  {
    name: 'campaign-roi',
    tag: 'tandem-campaign-roi',
    title: 'Campaign ROI',
    summary: 'Spend against attributed revenue per campaign, under the attribution model you pick.',
    attributes: [
      ...filters,
      {
        name: 'model',
        label: 'Attribution model',
        kind: 'select',
        choices: {
          fixed: [
            'FIRST_TOUCH',
            'LEAD_CREATION',
            'U_SHAPED',
            'W_SHAPED',
            'FULL_PATH',
            'LINEAR',
            'TIME_DECAY',
          ],
        },
        help: 'How a won deal’s revenue is split over its touches (W-shaped by default).',
      },
      {
        name: 'group-by',
        label: 'Group by',
        kind: 'select',
        choices: { fixed: ['CAMPAIGN', 'CHANNEL'] },
        help: 'One row per campaign (default) or per channel, its campaigns added up.',
      },
      {
        name: 'sort',
        label: 'Sort',
        kind: 'select',
        choices: { fixed: ['revenue', 'spend', 'roi'] },
        help: 'Largest first: attributed revenue (default), spend or ROI.',
      },
      {
        name: 'top',
        label: 'Top',
        kind: 'text',
        help: 'How many rows (1–20); the rest is one "Other" row. Unset: all.',
      },
      ...display,
    ],
    events: ['tandem-campaign-select', 'tandem-model-change'],
    frameHeight: 480,
  },
  {
    name: 'customer-360',
    tag: 'tandem-customer-360',
    title: 'Customer 360',
    summary: 'One customer as both teams see it, for a CRM record page: people, score, SLA, deals, timeline.',
    attributes: [
      {
        name: 'record-id',
        label: 'Record id',
        kind: 'text',
        choices: { data: 'records' },
        help: 'The CRM record’s id (a Salesforce lead, contact or account id such as {!Lead.Id}), or a Tandem id.',
      },
      {
        name: 'email',
        label: 'Email',
        kind: 'text',
        help: 'Any address of the person; used when there is no record id.',
      },
      ...display,
    ],
    events: ['tandem-person-select'],
    frameHeight: 640,
  },
  {
    name: 'trend',
    tag: 'tandem-trend',
    title: 'Trend',
    summary:
      'Any measure over time (leads, MQLs, win rate, revenue, ROI…), as a line or bars, optionally split by one dimension.',
    attributes: [
      ...filters,
      {
        name: 'measure',
        label: 'Measure',
        kind: 'select',
        // The metrics query's measures (metrics/breakdown/catalog.ts) but what is open now: no trend.
        choices: { fixed: measures.filter((m) => !nowOnly.has(m)) },
        help: 'What to show over time (docs/analysts.md describes each measure).',
      },
      {
        name: 'grain',
        label: 'Grain',
        kind: 'select',
        choices: { fixed: ['day', 'week', 'month', 'quarter', 'year'] },
        help: 'One point per period; month by default (quarters and years are fiscal).',
      },
      {
        name: 'split-by',
        label: 'Split by',
        kind: 'select',
        choices: { fixed: dimensions },
        help: 'One series per value of a dimension; unset: one series.',
      },
      {
        name: 'top',
        label: 'Top',
        kind: 'text',
        help: 'With split by: how many series (5 by default); the rest is "Other".',
      },
      {
        name: 'chart',
        label: 'Chart',
        kind: 'select',
        choices: { fixed: ['line', 'bars'] },
        help: 'A line or bars.',
      },
      {
        name: 'from-stage',
        label: 'From stage',
        kind: 'text',
        help: 'CONVERSION only: the stage key converted from (lead).',
      },
      {
        name: 'to-stage',
        label: 'To stage',
        kind: 'text',
        help: 'CONVERSION: the stage key converted to (sql); REACHED: the stage key counted (mql).',
      },
      {
        name: 'model',
        label: 'Attribution model',
        kind: 'select',
        choices: {
          fixed: [
            'FIRST_TOUCH',
            'LEAD_CREATION',
            'U_SHAPED',
            'W_SHAPED',
            'FULL_PATH',
            'LINEAR',
            'TIME_DECAY',
          ],
        },
        help: 'ATTRIBUTED_REVENUE and ROI: how a won deal’s revenue is split over its touches (W-shaped by default).',
      },
      ...display,
    ],
    events: ['tandem-point-select'],
    frameHeight: 400,
  },
];

export function widgetNamed(name: string): WidgetSpec | undefined {
  return catalogue.find((widget) => widget.name === name || widget.tag === name);
}

/** The attributes of `widget` found in `params`, in catalogue order, plus the tenant; the rest is dropped. */
export function attributesFrom(widget: WidgetSpec, params: URLSearchParams): [string, string][] {
  const names = ['tenant', ...widget.attributes.map((a) => a.name)];
  return names.flatMap((name) => {
    const value = params.get(name)?.trim();
    return value ? [[name, value.slice(0, 200)] as [string, string]] : [];
  });
}
