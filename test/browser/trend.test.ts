import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/trend/trend.js';
import type { TandemTrend, TrendRow, TrendTable } from '../../widgets/trend/trend.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

const marks = (el: HTMLElement) => [...shadow(el).querySelectorAll<SVGGElement>('[data-mark]')];
const months = ['2026-01', '2026-02', '2026-03', '2026-04'];
const period = (label: string) => ({ label, start: `${label}-01`, end: `${label}-28` });

function table(
  measure: string,
  rows: TrendRow[],
  dimensions: string[] = [],
  total: number | null = null,
): TrendTable {
  return {
    measures: [{ name: measure, measure, from: null, to: null, model: null }],
    dimensions,
    timeGrain: 'MONTH',
    rows,
    totals: [total],
    currency: 'EUR',
  };
}

/** MQLs by month: one series of four points. */
const mqls = table(
  'MQLS',
  months.map((m, i) => ({ period: period(m), dimensions: [], values: [1200 + i * 150] })),
  [],
  5700,
);

/** Revenue by lead source: seven sources, so top 5 + Other. */
const sources = ['Web', 'Referral', 'Event', 'Partner', 'Webinar', 'Ads', 'Social'];
const revenue = table(
  'REVENUE',
  months.flatMap((m, i) =>
    sources.map((name, s) => ({
      period: period(m),
      dimensions: [{ dimension: 'LEAD_SOURCE', value: name.toLowerCase(), label: name }],
      values: [(7 - s) * 10000 + i * 1000],
    })),
  ),
  ['LEAD_SOURCE'],
  1_234_567.5,
);

/** Win rate by quarter: a rate, with a quarter without closed deals. */
const winRate: TrendTable = {
  ...table('WIN_RATE', [
    {
      period: { label: 'FY2026 Q1', start: '2026-01-01', end: '2026-03-31' },
      dimensions: [],
      values: [0.253],
    },
    {
      period: { label: 'FY2026 Q2', start: '2026-04-01', end: '2026-06-30' },
      dimensions: [],
      values: [null],
    },
    {
      period: { label: 'FY2026 Q3', start: '2026-07-01', end: '2026-09-30' },
      dimensions: [],
      values: [0.31],
    },
  ]),
  timeGrain: 'QUARTER',
  totals: [0.28],
};

async function renderTrend(data: TrendTable, attributes = '', locale = 'en-US'): Promise<TandemTrend> {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = `<tandem-trend locale="${locale}" ${attributes}></tandem-trend>`;
  const el = wrapper.querySelector('tandem-trend')!;
  el.data = data;
  await untilChart(el);
  return el;
}

describe('tandem-trend rendering', () => {
  it('draws one point per month from `data`, without any request', async () => {
    const endpoint = await mockGraphQL({ body: { data: { metrics: mqls } } });
    const el = await fixture<TandemTrend>(
      html`<tandem-trend endpoint=${endpoint} measure="MQLS" .data=${mqls}></tandem-trend>`,
    );
    await untilChart(el);
    expect(el.state).to.equal('ready');
    expect(marks(el)).to.have.length(4);
    expect(shadow(el).querySelectorAll('[part~="line"]')).to.have.length(1);
    expect(marks(el)[0]!.getAttribute('aria-label')).to.equal('MQLs, 2026-01: 1,200');
    expect(shadow(el).querySelector('figure')!.getAttribute('aria-label')).to.equal(
      'MQLs by month, 2026-01 to 2026-04: 5,700 in all.',
    );
    expect(await recordedRequests(endpoint)).to.have.length(0);
  });

  it('splits by a dimension into the top 5 and Other, colors from the series, money in the currency', async () => {
    const el = await renderTrend(revenue, 'chart="bars"', 'de-DE');
    expect(marks(el)).to.have.length(6 * 4);
    const legend = shadow(el).querySelector('[part="legend"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(legend).to.equal('Web Referral Event Partner Webinar Other Other: 2 more');
    const fills = new Set(marks(el).map((m) => getComputedStyle(m.querySelector('rect')!).fill));
    expect(fills.size).to.equal(6);
    expect(marks(el)[0]!.getAttribute('aria-label')).to.equal('Web, 2026-01: 70.000,00\u00a0€');
    // Other = Ads + Social: 20,000 + 10,000 in January.
    expect(marks(el)[20]!.getAttribute('aria-label')).to.equal('Other, 2026-01: 30.000,00\u00a0€');
    el.top = 2;
    await el.updateComplete;
    expect(marks(el)).to.have.length(3 * 4);
    const table = shadow(el).querySelector('table')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal([
      'Period',
      'Web',
      'Referral',
      'Other',
    ]);
    expect(table.querySelector('tbody tr td:nth-of-type(3)')!.textContent).to.equal('150.000,00\u00a0€');
  });

  it('formats a rate as percent and leaves a gap where a quarter has no value', async () => {
    const el = await renderTrend(winRate);
    expect(marks(el)).to.have.length(2);
    expect(marks(el).map((m) => m.getAttribute('aria-label'))).to.deep.equal([
      'Win rate, FY2026 Q1: 25.3%',
      'Win rate, FY2026 Q3: 31%',
    ]);
    expect(shadow(el).querySelector('[part~="line"]')!.getAttribute('d')).to.match(/^M[\d.,]+M[\d.,]+$/);
    expect(shadow(el).querySelector('tbody')!.textContent).to.contain('—');
    expect(shadow(el).querySelector('figure')!.getAttribute('aria-label')).to.contain('by quarter');
  });

  it('passes axe-core in light and dark themes, lines and bars', async () => {
    const el = await renderTrend(revenue);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    el.chart = 'bars';
    await el.updateComplete;
    expect(el.getAttribute('chart')).to.equal('bars');
    await expect(el).to.be.accessible();
  });

  for (const width of [280, 1600]) {
    for (const chart of ['line', 'bars'] as const) {
      it(`lays out ${chart} at ${width}px without overflow`, async () => {
        const wrapper = await fixture<HTMLDivElement>(
          html`<div style="width:${width}px"><tandem-trend chart=${chart} .data=${revenue}></tandem-trend></div>`,
        );
        const el = wrapper.querySelector('tandem-trend')!;
        const svg = await untilChart(el);
        expect(Number(svg.getAttribute('width'))).to.equal(width);
        const box = svg.getBBox();
        expect(box.x).to.be.at.least(0);
        expect(box.x + box.width).to.be.at.most(width + 0.5);
        expect(el.scrollWidth).to.be.at.most(el.clientWidth);
        expect(wrapper.scrollWidth).to.equal(width);
      });
    }
  }

  it('shows a hostile slice name as text', async () => {
    const IMG = '<img src=x onerror="window.__pwned=1">';
    const hostile = table(
      'LEADS',
      [
        {
          period: period('2026-01'),
          dimensions: [{ dimension: 'CAMPAIGN', value: 'c1', label: IMG }],
          values: [3],
        },
      ],
      ['CAMPAIGN'],
    );
    const el = await renderTrend(hostile);
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(shadow(el).querySelector('[part="legend"]')!.textContent).to.contain(IMG);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});

describe('tandem-trend requests and states', () => {
  it('asks the metrics query for its measure, split and grain, then shows loading, then ready', async () => {
    const endpoint = await mockGraphQL({ delay: 300, body: { data: { metrics: revenue } } });
    const el = await fixture<TandemTrend>(
      html`<tandem-trend endpoint=${endpoint} measure="revenue" split-by="lead-source" grain="quarter" from="2026-01-01" region="EMEA"></tandem-trend>`,
    );
    expect(el.state).to.equal('loading');
    expect(shadow(el).querySelector('[part="loading"]')).to.exist;
    const { detail } = await oneEvent(el, 'tandem-load');
    expect((detail.data as TrendTable).rows).to.have.length(28);
    const [request] = await recordedRequests(endpoint);
    expect(request!.body.operationName).to.equal('TandemTrend');
    expect(request!.body.variables).to.deep.equal({
      filter: { from: '2026-01-01', region: 'EMEA' },
      measures: [{ measure: 'REVENUE' }],
      dimensions: ['LEAD_SOURCE'],
      timeGrain: 'QUARTER',
    });
    await untilChart(el);
    expect(marks(el)).to.have.length(24);
  });

  it('asks CONVERSION with its stages and ROI with its model, and asks again when one changes', async () => {
    const endpoint = await mockGraphQL(
      { body: { data: { metrics: winRate } } },
      { delay: 400, body: { data: { metrics: winRate } } },
    );
    const el = await fixture<TandemTrend>(
      html`<tandem-trend endpoint=${endpoint} measure="CONVERSION" from-stage="lead" to-stage="sql"></tandem-trend>`,
    );
    await untilState(el, 'ready');
    el.setAttribute('measure', 'ROI');
    el.setAttribute('model', 'linear');
    await untilState(el, 'refreshing');
    await untilState(el, 'ready');
    const requests = await recordedRequests(endpoint);
    expect(requests.map((r) => r.body.variables.measures)).to.deep.equal([
      [{ measure: 'CONVERSION', from: 'lead', to: 'sql' }],
      [{ measure: 'ROI', model: 'LINEAR' }],
    ]);
    // A campaign measure without `from` asks for the last 36 months (the gateway answers at most 36 periods).
    expect(requests[0]!.body.variables.filter).to.deep.equal({});
    const { from, to } = requests[1]!.body.variables.filter as { from: string; to: string };
    expect(from).to.match(/^\d{4}-\d{2}-01$/);
    expect(to).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      Number(to.slice(0, 4)) * 12 +
        Number(to.slice(5, 7)) -
        (Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7))),
    ).to.equal(35);
    el.top = 3;
    el.chart = 'bars';
    await el.updateComplete;
    expect(await recordedRequests(endpoint)).to.have.length(2); // top and chart redraw, they do not ask
  });

  it('refuses a bad attribute in plain words without a request, and recovers when it is fixed', async () => {
    const endpoint = await mockGraphQL({ body: { data: { metrics: mqls } } });
    const el = await fixture<TandemTrend>(
      html`<tandem-trend endpoint=${endpoint} measure="MQL"></tandem-trend>`,
    );
    await untilState(el, 'error');
    const text = shadow(el).querySelector('[part="error"]')!.textContent!;
    expect(text).to.contain('Unknown measure "MQL": use one of LEADS, MQLS,');
    expect(await recordedRequests(endpoint)).to.have.length(0);
    await expect(el).to.be.accessible();
    el.setAttribute('measure', 'MQLS');
    await untilState(el, 'ready');
    expect(await recordedRequests(endpoint)).to.have.length(1);
  });

  it('shows the empty state', async () => {
    const endpoint = await mockGraphQL({ body: { data: { metrics: table('MQLS', []) } } });
    const el = await fixture<TandemTrend>(
      html`<tandem-trend endpoint=${endpoint} measure="MQLS"></tandem-trend>`,
    );
    await untilState(el, 'empty');
    expect(shadow(el).querySelector('[part="empty"]')!.textContent).to.contain('No data');
    expect(shadow(el).querySelector('svg')).to.equal(null);
  });

  it("shows the gateway's error with Retry that recovers", async () => {
    const error = {
      message: 'SPEND cannot be split by REGION; it can be split by CAMPAIGN, CHANNEL',
      extensions: { code: 'INVALID_DIMENSION' },
    };
    const endpoint = await mockGraphQL({ body: { errors: [error] } }, { body: { data: { metrics: mqls } } });
    const el = await fixture<TandemTrend>(
      html`<tandem-trend endpoint=${endpoint} measure="SPEND" split-by="REGION"></tandem-trend>`,
    );
    const { detail } = await oneEvent(el, 'tandem-error');
    expect(detail).to.include({ code: 'INVALID_DIMENSION' });
    await untilState(el, 'error');
    expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain(
      'SPEND cannot be split by REGION',
    );
    await expect(el).to.be.accessible();
    shadow(el).querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await untilState(el, 'ready');
    expect(marks(el)).to.have.length(4);
  });
});

describe('tandem-trend keyboard, events and exports', () => {
  it('moves with arrow keys (roving tabindex), shows the tooltip and selects with Enter', async () => {
    const el = await renderTrend(revenue);
    expect(marks(el).filter((m) => m.getAttribute('tabindex') === '0')).to.have.length(1);
    marks(el)[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(marks(el).indexOf(shadow(el).activeElement as SVGGElement)).to.equal(1);
    expect(shadow(el).querySelector('[part="tooltip"]')!.textContent).to.equal('Web, 2026-02: €71,000.00');
    const selected = oneEvent(el, 'tandem-point-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({
      period: '2026-02',
      start: '2026-02-01',
      end: '2026-02-28',
      series: 'Web',
      dimensionValue: 'web',
      value: 71000,
    });
    await sendKeys({ press: 'End' });
    const last = oneEvent(el, 'tandem-point-select');
    await sendKeys({ press: ' ' });
    expect((await last).detail).to.include({ series: 'Other', dimensionValue: null, value: 36000 });
  });

  it('exports CSV, SVG and PNG', async () => {
    const el = await renderTrend(revenue);
    const csv = el.toCSV().split('\r\n');
    expect(csv[0]).to.equal('Period,Web,Referral,Event,Partner,Webinar,Other');
    expect(csv[1]).to.equal('2026-01,70000,60000,50000,40000,30000,30000');
    expect(csv).to.have.length(6);
    const svgText = el.toSVG();
    expect(svgText).to.match(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await el.toPNG();
    expect(png.type).to.equal('image/png');
    expect(png.size).to.be.greaterThan(1000);
  });
});
