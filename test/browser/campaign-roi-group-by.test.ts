import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widgets/campaign-roi/campaign-roi.js';
import type {
  CampaignRoi,
  CampaignRoiRow,
  TandemCampaignRoi,
} from '../../widgets/campaign-roi/campaign-roi.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

/** The channel as the gateway labels it (Campaign.channelLabel, gateway/domain/channel-label.ts). */
const labels: Record<string, string> = {
  paid_search: 'Paid search',
  webinar: 'Webinar',
  email: 'Email',
  event: 'Event',
};

const row = (id: string, channel: string, spend: number, revenue: number, leads: number): CampaignRoiRow => ({
  campaign: { id, name: id, channel, channelLabel: labels[channel] },
  spend,
  leads,
  mqls: 0,
  opportunities: 0,
  pipeline: 0,
  attributedRevenue: revenue,
  attributedGrossProfit: revenue / 2,
  roi: spend ? (revenue - spend) / spend : null,
  grossProfitRoi: spend ? (revenue / 2 - spend) / spend : null,
  costPerLead: leads ? spend / leads : null,
  cac: 100,
});

/** Six campaigns in four channels, as campaignRoi answers them. */
const roi: CampaignRoi = {
  model: 'W_SHAPED',
  currency: 'USD',
  unattributedRevenue: 0,
  campaigns: [
    row('Brand search', 'paid_search', 30000, 41000, 900),
    row('Generic search', 'paid_search', 10000, 4000, 300),
    row('Webinar Q1', 'webinar', 12000, 54000, 480),
    row('Webinar Q2', 'webinar', 8000, 6000, 120),
    row('Newsletter', 'email', 1000, 8000, 60),
    row('Trade show', 'event', 45000, 20000, 300),
  ],
};

const marks = (el: HTMLElement) => [...shadow(el).querySelectorAll<SVGGElement>('[data-mark]')];
const names = (el: HTMLElement) => marks(el).map((m) => m.querySelector('.name')!.textContent!.trim());

async function render(attributes: string, endpoint = ''): Promise<TandemCampaignRoi> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width:600px"></div>`);
  wrapper.innerHTML = `<tandem-campaign-roi locale="en-US" ${endpoint && `endpoint="${endpoint}"`} ${attributes}></tandem-campaign-roi>`;
  return wrapper.querySelector('tandem-campaign-roi')!;
}

describe('tandem-campaign-roi group-by, sort and top', () => {
  it('draws one row per channel from the one campaignRoi request, its campaigns added up', async () => {
    const endpoint = await mockGraphQL({ body: { data: { campaignRoi: roi } } });
    const el = await render('group-by="channel"', endpoint);
    await untilState(el, 'ready');
    await untilChart(el);
    expect(await recordedRequests(endpoint)).to.have.length(1);
    expect(names(el)).to.deep.equal(['Webinar', 'Paid search', 'Event', 'Email']);
    expect(marks(el).map((m) => m.querySelector('[part~="roi"]')!.textContent!.trim())).to.deep.equal([
      'ROI +200%', // (60,000 − 20,000) ÷ 20,000
      'ROI +13%', // (45,000 − 40,000) ÷ 40,000
      'ROI -56%',
      'ROI +700%',
    ]);
    const rows = [...shadow(el).querySelectorAll('table tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent!.trim()),
    );
    expect(shadow(el).querySelector('table thead th')!.textContent).to.equal('Channel');
    expect(rows[0]!.slice(0, 5)).to.deep.equal(['Webinar', 'Webinar', '$20,000.00', '$60,000.00', '+200%']);
    expect(rows[1]![11]).to.equal('$33.33'); // cost per lead: 40,000 ÷ 1,200
    expect(rows[1]![12]).to.equal('—'); // CAC needs new customers per channel: not in campaignRoi
    const csv = el.toCSV().split('\r\n');
    expect(csv[0]!.startsWith('Channel,Channel,Spend,Attributed revenue,ROI')).to.equal(true);
    expect(csv[2]).to.match(/^Paid search,Paid search,40000,45000,0\.125,/);
    // A channel's row is no campaign: selecting it fires nothing.
    let fired = 0;
    el.addEventListener('tandem-campaign-select', () => fired++);
    marks(el)[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(fired).to.equal(0);
  });

  it('sorts by ROI and keeps the top 2 campaigns, the rest as "Other (4)", without another request', async () => {
    const endpoint = await mockGraphQL({ body: { data: { campaignRoi: roi } } });
    const el = await render('sort="roi" top="2"', endpoint);
    await untilState(el, 'ready');
    await untilChart(el);
    expect(names(el)).to.deep.equal(['Newsletter', 'Webinar Q1', 'Other (4)']);
    const other = marks(el)[2]!;
    expect(other.getAttribute('aria-label')).to.match(/^Other \(4\) ROI -24%: spend \$93,000\.00/);
    el.top = 5;
    await el.updateComplete;
    // Five kept and one left: a single row keeps its own name.
    expect(names(el)).to.have.length(6);
    setTimeout(() => marks(el)[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    const { detail } = await oneEvent(el, 'tandem-campaign-select');
    expect(detail).to.deep.equal({ campaignId: 'Newsletter', name: 'Newsletter' });
    expect(await recordedRequests(endpoint)).to.have.length(1);
  });

  it('shows the error state naming the allowed values for a bad group-by or sort, without a request', async () => {
    const endpoint = await mockGraphQL({ body: { data: { campaignRoi: roi } } });
    const el = await render('group-by="region"', endpoint);
    await untilState(el, 'error');
    expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain(
      'Unknown group-by "region": use one of CAMPAIGN, CHANNEL.',
    );
    el.groupBy = 'CHANNEL';
    el.sort = 'profit';
    await untilState(el, 'error');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain(
      'Unknown sort "profit": use one of REVENUE, SPEND, ROI.',
    );
    expect(await recordedRequests(endpoint)).to.have.length(0);
    el.sort = 'Spend';
    await untilState(el, 'ready');
    await untilChart(el);
    expect(names(el)).to.deep.equal(['Event', 'Paid search', 'Webinar', 'Email']);
    await expect(el).to.be.accessible();
  });
});
