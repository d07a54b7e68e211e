import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/campaign-roi/campaign-roi.js';
import type {
  CampaignRoi,
  CampaignRoiRow,
  TandemCampaignRoi,
} from '../../widgets/campaign-roi/campaign-roi.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

function row(
  id: string,
  name: string,
  channel: string,
  spend: number,
  revenue: number,
  leads: number,
): CampaignRoiRow {
  return {
    campaign: { id, name, channel },
    spend,
    leads,
    mqls: Math.round(leads * 0.2),
    opportunities: Math.round(leads * 0.05),
    pipeline: revenue * 0.8,
    attributedRevenue: revenue,
    attributedGrossProfit: revenue * 0.7,
    roi: spend ? (revenue - spend) / spend : null,
    grossProfitRoi: spend ? (revenue * 0.7 - spend) / spend : null,
    costPerLead: leads ? spend / leads : null,
    cac: spend ? spend / 4 : null,
  };
}

/** Out of revenue order on purpose: the widget sorts. */
const roi: CampaignRoi = {
  model: 'W_SHAPED',
  currency: 'EUR',
  unattributedRevenue: 9500,
  totals: { spend: 102000, attributedRevenue: 123000, roi: 21000 / 102000 },
  campaigns: [
    row('c-show', 'Trade Show Berlin', 'event', 45000, 20000, 300),
    row('c-web', 'Q1 Webinar Series', 'webinar', 12000, 54000, 480),
    row('c-li', 'LinkedIn Ads', 'paid_social', 15000, 0, 150),
    row('c-sea', 'Paid Search Brand', 'paid_search', 30000, 41000, 900),
    row('c-news', 'Newsletter', 'email', 0, 8000, 60),
  ],
};

const emptyRoi: CampaignRoi = { ...roi, unattributedRevenue: 0, totals: null, campaigns: [] };

const marks = (el: HTMLElement) => [...shadow(el).querySelectorAll<SVGGElement>('[data-mark]')];
const part = (el: HTMLElement, name: string) => shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Element | null) => node?.textContent?.replace(/[ \t\n]+/g, ' ').trim();
const select = (el: HTMLElement) => part(el, 'model-select') as unknown as HTMLSelectElement;
const barWidth = (mark: Element, kind: string) =>
  Number(mark.querySelector(`[part~="${kind}-bar"]`)!.getAttribute('width'));

async function renderRoi(data: CampaignRoi = roi, attrs: { locale?: string; currency?: string } = {}) {
  const el = await fixture<TandemCampaignRoi>(
    html`<tandem-campaign-roi locale=${attrs.locale ?? 'en-US'} currency=${attrs.currency ?? ''} .data=${data}></tandem-campaign-roi>`,
  );
  await untilChart(el);
  return el;
}

describe('tandem-campaign-roi rendering', () => {
  it('pairs spend and revenue bars per campaign, highest revenue first, ROI signed and colored', async () => {
    const endpoint = await mockGraphQL({ body: { data: { campaignRoi: roi } } });
    const el = await fixture<TandemCampaignRoi>(
      html`<tandem-campaign-roi endpoint=${endpoint} locale="en-US" .data=${roi}></tandem-campaign-roi>`,
    );
    await untilChart(el);
    expect(el.state).to.equal('ready');
    const names = marks(el).map((m) => text(m.querySelector('.name')));
    expect(names).to.deep.equal([
      'Q1 Webinar Series',
      'Paid Search Brand',
      'Trade Show Berlin',
      'Newsletter',
      'LinkedIn Ads',
    ]);
    expect(marks(el).map((m) => text(m.querySelector('[part~="roi"]')))).to.deep.equal([
      'ROI +350%',
      'ROI +37%',
      'ROI -56%',
      'ROI —',
      'ROI -100%',
    ]);
    expect(marks(el).map((m) => m.getAttribute('part'))).to.deep.equal([
      'campaign campaign-gain',
      'campaign campaign-gain',
      'campaign campaign-loss',
      'campaign campaign-neutral',
      'campaign campaign-loss',
    ]);
    const roiFill = (i: number) => getComputedStyle(marks(el)[i].querySelector('[part~="roi"]')!).fill;
    expect(roiFill(0)).not.to.equal(roiFill(2));
    const [web, , show, news, li] = marks(el);
    expect(barWidth(web, 'revenue')).to.be.greaterThan(barWidth(web, 'spend'));
    expect(barWidth(show, 'spend')).to.be.greaterThan(barWidth(show, 'revenue'));
    expect(barWidth(news, 'spend')).to.equal(0);
    expect(barWidth(li, 'revenue')).to.equal(0);
    const spendFill = getComputedStyle(web.querySelector('[part~="spend-bar"]')!).fill;
    expect(spendFill).not.to.equal(getComputedStyle(web.querySelector('[part~="revenue-bar"]')!).fill);
    // Currency from the data (EUR) while the attribute is unset.
    const values = [...shadow(el).querySelectorAll('.values text')].map((t) => t.textContent);
    expect(values.slice(0, 2)).to.deep.equal(['€12K', '€54K']);
    expect(text(part(el, 'unattributed'))).to.equal('Unattributed revenue €9.5K');
    expect(text(part(el, 'totals'))).to.equal(
      'Total: spend €102,000.00 · attributed revenue €123,000.00 · ROI +21%',
    );
    expect(web.getAttribute('aria-label')).to.match(
      /^Q1 Webinar Series ROI \+350%, webinar: spend €12,000.00, attributed revenue €54,000.00, 480 leads/,
    );
    expect(await recordedRequests(endpoint)).to.have.length(0);
  });

  it('uses the currency attribute over the data’s, and formats for locale="de-DE"', async () => {
    const el = await renderRoi(roi, { locale: 'de-DE', currency: 'usd' });
    expect(text(marks(el)[0].querySelector('[part~="roi"]'))).to.equal('ROI +350\u00a0%');
    expect(text(part(el, 'totals'))).to.contain('102.000,00\u00a0$');
    const table = shadow(el).querySelector('table')!;
    expect(table.querySelectorAll('tbody tr')).to.have.length(7);
    expect(text(table.querySelector('caption'))).to.equal(
      'Campaign ROI, W-shaped attribution, amounts in USD',
    );
    const first = [...table.querySelectorAll('tbody tr:first-child > *')].map((c) => c.textContent);
    expect(first.slice(0, 5)).to.deep.equal([
      'Q1 Webinar Series',
      'webinar',
      '12.000,00\u00a0$',
      '54.000,00\u00a0$',
      '+350\u00a0%',
    ]);
    expect(text(table.querySelector('tbody tr:nth-last-child(2) th'))).to.equal('Unattributed revenue');
    const summary = shadow(el).querySelector('figure')!.getAttribute('aria-label')!;
    expect(summary).to.contain('Campaign ROI, W-shaped attribution: 5 campaigns, spend 102.000,00\u00a0$');
    expect(summary).to.contain(
      'Best ROI: Q1 Webinar Series (+350\u00a0%). 2 of them returned less than they cost.',
    );
  });

  it('passes axe-core in light and dark themes', async () => {
    const el = await renderRoi();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  for (const width of [280, 1600]) {
    it(`lays out at ${width}px without overflow`, async () => {
      const long = {
        ...roi,
        campaigns: [
          ...roi.campaigns,
          row(
            'c-long',
            'A campaign with a very long name that cannot fit in a narrow widget at all',
            'event',
            1,
            2,
            1,
          ),
        ],
      };
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width:${width}px"><tandem-campaign-roi locale="de-DE" .data=${long}></tandem-campaign-roi></div>`,
      );
      const el = wrapper.querySelector('tandem-campaign-roi')!;
      const svg = await untilChart(el);
      expect(Number(svg.getAttribute('width'))).to.equal(width);
      const box = svg.getBBox();
      expect(box.x).to.be.at.least(0);
      expect(box.x + box.width).to.be.at.most(width + 0.5);
      expect(box.y + box.height).to.be.at.most(Number(svg.getAttribute('height')) + 0.5);
      for (const mark of marks(el)) {
        const name = (mark.querySelector('.name') as SVGTextElement).getBBox();
        const roiText = (mark.querySelector('.roi') as SVGTextElement).getBBox();
        expect(name.x + name.width, text(mark.querySelector('.name'))).to.be.below(roiText.x);
      }
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      expect(wrapper.scrollWidth).to.equal(width);
    });
  }
});

describe('tandem-campaign-roi model and requests', () => {
  it('sends filter and model (reflected, default W_SHAPED); a new model refetches and keeps the bars while refreshing', async () => {
    const linear = { ...roi, model: 'LINEAR' as const, campaigns: roi.campaigns.slice(0, 2) };
    const endpoint = await mockGraphQL(
      { body: { data: { campaignRoi: roi } } },
      { delay: 400, body: { data: { campaignRoi: linear } } },
      { body: { data: { campaignRoi: { ...roi, model: 'TIME_DECAY' } } } },
    );
    const el = await fixture<TandemCampaignRoi>(
      html`<tandem-campaign-roi endpoint=${endpoint} from="2024-01-01" to="2024-06-30" channel="webinar" owner="u-9"
        region="dach"></tandem-campaign-roi>`,
    );
    expect(el.getAttribute('model')).to.equal('W_SHAPED');
    expect(el.state).to.equal('loading');
    const { detail } = await oneEvent(el, 'tandem-load');
    expect((detail.data as CampaignRoi).campaigns).to.have.length(5);
    await untilChart(el);
    expect(select(el).value).to.equal('W_SHAPED');

    el.setAttribute('model', 'LINEAR');
    await untilState(el, 'refreshing');
    expect(marks(el)).to.have.length(5);
    expect(part(el, 'refreshing')).to.exist;
    expect(select(el).value).to.equal('LINEAR');
    await untilState(el, 'ready');
    expect(marks(el)).to.have.length(2);

    const changed = oneEvent(el, 'tandem-model-change');
    select(el).value = 'TIME_DECAY';
    select(el).dispatchEvent(new Event('change'));
    expect((await changed).detail).to.deep.equal({ model: 'TIME_DECAY' });
    await el.updateComplete;
    expect(el.getAttribute('model')).to.equal('TIME_DECAY');
    await untilState(el, 'ready');
    await waitUntil(() => marks(el).length === 5);

    const requests = await recordedRequests(endpoint);
    expect(requests.map((r) => r.body.operationName)).to.deep.equal([
      'TandemCampaignRoi',
      'TandemCampaignRoi',
      'TandemCampaignRoi',
    ]);
    const filter = {
      from: '2024-01-01',
      to: '2024-06-30',
      region: 'dach',
      channel: 'webinar',
      ownerId: 'u-9',
    };
    expect(requests.map((r) => r.body.variables)).to.deep.equal([
      { filter, model: 'W_SHAPED' },
      { filter, model: 'LINEAR' },
      { filter, model: 'TIME_DECAY' },
    ]);
    expect(requests[0].body.query).to.contain('campaignRoi(filter: $filter, model: $model)');
  });

  it('normalizes the model attribute (case, dashes; unknown → W_SHAPED)', async () => {
    const endpoint = await mockGraphQL({ body: { data: { campaignRoi: roi } } });
    const a = await fixture<TandemCampaignRoi>(
      html`<tandem-campaign-roi endpoint=${endpoint} model="u-shaped"></tandem-campaign-roi>`,
    );
    await untilState(a, 'ready');
    const b = await fixture<TandemCampaignRoi>(
      html`<tandem-campaign-roi endpoint=${endpoint} model="MAGIC"></tandem-campaign-roi>`,
    );
    await untilState(b, 'ready');
    const models = (await recordedRequests(endpoint)).map((r) => r.body.variables.model);
    expect(models).to.deep.equal(['U_SHAPED', 'W_SHAPED']);
  });

  it('shows the model of data set as a property in the picker', async () => {
    const el = await renderRoi({ ...roi, model: 'FULL_PATH' });
    expect(el.model).to.equal('FULL_PATH');
    expect(select(el).value).to.equal('FULL_PATH');
    expect(shadow(el).querySelector('figure')!.getAttribute('aria-label')).to.contain(
      'Full path attribution',
    );
  });

  it('shows the empty state, and an error with Retry that recovers', async () => {
    const endpoint = await mockGraphQL({ body: { data: { campaignRoi: emptyRoi } } });
    const empty = await fixture<TandemCampaignRoi>(
      html`<tandem-campaign-roi endpoint=${endpoint}></tandem-campaign-roi>`,
    );
    await untilState(empty, 'empty');
    expect(part(empty, 'empty')!.textContent).to.contain('No data');
    await expect(empty).to.be.accessible();

    const failing = await mockGraphQL(
      {
        status: 400,
        body: { errors: [{ message: 'Unknown campaign: c-x', extensions: { code: 'BAD_USER_INPUT' } }] },
      },
      { body: { data: { campaignRoi: roi } } },
    );
    const el = await fixture<TandemCampaignRoi>(
      html`<tandem-campaign-roi endpoint=${failing} campaign="c-x"></tandem-campaign-roi>`,
    );
    const { detail } = await oneEvent(el, 'tandem-error');
    expect(detail).to.include({ message: 'Unknown campaign: c-x', code: 'BAD_USER_INPUT' });
    await untilState(el, 'error');
    await expect(el).to.be.accessible();
    part(el, 'retry')!.click();
    await untilState(el, 'ready');
    await untilChart(el);
    expect(marks(el)).to.have.length(5);
  });
});

describe('tandem-campaign-roi interaction and exports', () => {
  it('fires tandem-campaign-select on click, and moves with the arrow keys', async () => {
    const el = await renderRoi();
    setTimeout(() => marks(el)[2].dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect((await oneEvent(el, 'tandem-campaign-select')).detail).to.deep.equal({
      campaignId: 'c-show',
      name: 'Trade Show Berlin',
    });
    marks(el)[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(marks(el).indexOf(shadow(el).activeElement as SVGGElement)).to.equal(1);
    expect(part(el, 'tooltip')!.textContent).to.contain('Paid Search Brand ROI +37%');
    const selected = oneEvent(el, 'tandem-campaign-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ campaignId: 'c-sea', name: 'Paid Search Brand' });
  });

  it('exports CSV (raw values, unattributed and totals rows), SVG and PNG', async () => {
    const el = await renderRoi();
    const csv = el.toCSV().split('\r\n');
    expect(csv[0]).to.equal(
      'Campaign,Channel,Spend,Attributed revenue,ROI,Attributed gross profit,Gross-profit ROI,Leads,MQLs,Opportunities,Pipeline,Cost per lead,CAC',
    );
    expect(csv[1]).to.equal('Q1 Webinar Series,webinar,12000,54000,3.5,37800,2.15,480,96,24,43200,25,3000');
    expect(csv[4]).to.match(/^Newsletter,email,0,8000,,5600,,60,/);
    expect(csv[6]).to.equal('Unattributed revenue,,,9500,,,,,,,,,');
    expect(csv[7]).to.match(/^Total \(campaigns\),,102000,123000,0\.2058/);
    const svgText = el.toSVG();
    expect(svgText).to.match(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).to.contain('fill="rgb(');
    const png = await el.toPNG();
    expect(png.type).to.equal('image/png');
    expect(png.size).to.be.greaterThan(1000);
  });
});

declare global {
  interface Window {
    __xss?: number;
  }
}

describe('tandem-campaign-roi with hostile CRM text', () => {
  const IMG = '<img src=x onerror="window.__xss=1">';
  const JS_URL = 'javascript:alert(1)';
  afterEach(() => {
    delete window.__xss;
  });
  const expectInert = (el: HTMLElement) => {
    expect(shadow(el).querySelector('img, script, iframe, a[href], [onerror]')).to.equal(null);
    expect(window.__xss).to.equal(undefined);
  };

  it('shows markup in names, channels, ids, currency, model and errors as text', async () => {
    const hostile: CampaignRoi = {
      ...roi,
      currency: IMG,
      model: IMG as 'LINEAR',
      campaigns: [
        { ...roi.campaigns[1], campaign: { id: JS_URL, name: IMG, channel: JS_URL } },
        ...roi.campaigns.slice(2),
      ],
    };
    const el = await renderRoi(hostile);
    expect(text(marks(el)[0].querySelector('.name'))).to.equal(IMG);
    expect(marks(el)[0].getAttribute('aria-label')).to.contain(IMG).and.contain(JS_URL);
    expect(shadow(el).querySelector('tbody th')!.textContent).to.equal(IMG);
    expect(text(part(el, 'totals'))).to.contain('$'); // an invalid currency falls back to USD
    expect(select(el).value).to.equal('W_SHAPED');
    marks(el)[0].focus();
    await el.updateComplete;
    expect(part(el, 'tooltip')!.textContent).to.contain(IMG);
    setTimeout(() => marks(el)[0].dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect((await oneEvent(el, 'tandem-campaign-select')).detail).to.deep.equal({
      campaignId: JS_URL,
      name: IMG,
    });
    const endpoint = await mockGraphQL({
      status: 400,
      body: { errors: [{ message: `Unknown channel: ${IMG}` }] },
    });
    const failing = await fixture<TandemCampaignRoi>(
      html`<tandem-campaign-roi endpoint=${endpoint} channel=${JS_URL} model=${IMG}></tandem-campaign-roi>`,
    );
    await untilState(failing, 'error');
    expect(text(part(failing, 'error'))).to.contain(IMG);
    await aTimeout(50); // an injected <img src=x> would have failed to load and run onerror by now
    expectInert(el);
    expectInert(failing);
    expect(el.toSVG()).to.contain('&lt;img').and.not.contain('<img');
  });

  it('neutralizes spreadsheet formulas in the CSV', async () => {
    const formula = '=HYPERLINK("http://evil","x")';
    const el = await renderRoi({
      ...roi,
      campaigns: [{ ...roi.campaigns[0], campaign: { id: 'c', name: formula, channel: '@SUM(A1)' } }],
    });
    expect(el.toCSV().split('\r\n')[1]).to.match(
      /^"'=HYPERLINK\(""http:\/\/evil"",""x""\)",'@SUM\(A1\),45000,/,
    );
  });
});
