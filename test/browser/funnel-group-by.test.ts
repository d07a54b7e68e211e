import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/funnel/funnel.js';
import type { Funnel, FunnelGroup, TandemFunnel } from '../../widgets/funnel/funnel.js';
import { funnel } from './fixtures.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

const marks = (el: HTMLElement) => [...shadow(el).querySelectorAll<SVGGElement>('[data-mark]')];
const titles = (el: HTMLElement) =>
  [...shadow(el).querySelectorAll('[part~="group-title"]')].map((t) => t.textContent!.trim());

/** Seven lead sources, most people first, as the gateway sends Funnel.groups: top 5 + "Other". */
const sources = ['Web', 'Referral', 'Event', 'Partner', 'Webinar', 'Ads', '(none)'];
const groups: FunnelGroup[] = sources.map((label, i) => ({
  value: label === '(none)' ? null : label.toLowerCase(),
  label,
  reached: funnel.stages.map((_, s) => Math.round((7000 - i * 900) / 2 ** s)),
}));
const grouped: Funnel = { ...funnel, groups };

async function render(attributes: string, data?: Funnel, endpoint = ''): Promise<TandemFunnel> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width:1200px"></div>`);
  wrapper.innerHTML = `<tandem-funnel locale="en-US" ${endpoint && `endpoint="${endpoint}"`} ${attributes}></tandem-funnel>`;
  const el = wrapper.querySelector('tandem-funnel')!;
  if (data) el.data = data;
  return el;
}

describe('tandem-funnel group-by', () => {
  it('asks for the groups in the one funnel request and draws one funnel per group, top 5 + "Other"', async () => {
    const endpoint = await mockGraphQL({ body: { data: { funnel: grouped } } });
    const el = await render('group-by="lead-source"', undefined, endpoint);
    await untilState(el, 'ready');
    await untilChart(el);
    const requests = await recordedRequests(endpoint);
    expect(requests).to.have.length(1);
    expect(requests[0].body.operationName).to.equal('TandemFunnel');
    expect(requests[0].body.variables).to.deep.include({ by: 'LEAD_SOURCE', grouped: true });
    expect(shadow(el).querySelectorAll('[part~="group"]')).to.have.length(6);
    expect(titles(el)).to.deep.equal([
      'Web · 7,000',
      'Referral · 6,100',
      'Event · 5,200',
      'Partner · 4,300',
      'Webinar · 3,400',
      'Other · 4,100', // Ads 2,500 + (none) 1,600
    ]);
    expect(marks(el)).to.have.length(6 * 7);
    expect(shadow(el).querySelector('[part="legend"]')!.textContent).to.contain('Other: 2 more');
  });

  it('holds in its hidden table and CSV the numbers the gateway answered, per group and stage', async () => {
    const el = await render('group-by="LEAD_SOURCE" top="6"', grouped);
    await untilChart(el);
    const rows = [...shadow(el).querySelectorAll('table tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent!.trim()),
    );
    expect(rows).to.have.length(7 * 7); // six sources, and one left over keeps its own name
    expect(shadow(el).querySelector('table thead')!.textContent).to.contain('Lead source');
    for (const group of groups) {
      const own = rows.filter((r) => r[0] === group.label);
      expect(own.map((r) => Number(r[3]!.replace(/,/g, '')))).to.deep.equal(group.reached);
    }
    expect(rows[0]).to.deep.equal(['Web', 'Subscriber', 'marketing', '7,000', '50%']);
    const csv = el.toCSV().split('\r\n');
    expect(csv[0]).to.equal('Lead source,Stage,Owner team,Reached,Conversion to next');
    expect(csv[1]).to.equal('Web,Subscriber,marketing,7000,0.5');
    expect(csv).to.include('(none),Customer,sales,25,');
    expect(shadow(el).querySelector('figure')!.getAttribute('aria-label')).to.contain(
      'By lead source: Web 7,000, Referral 6,100',
    );
  });

  it('redraws for `top` without a request, and names the group in the stage event', async () => {
    const endpoint = await mockGraphQL({ body: { data: { funnel: grouped } } });
    const el = await render('group-by="lead source"', undefined, endpoint);
    await untilState(el, 'ready');
    await untilChart(el);
    el.top = 2;
    await el.updateComplete;
    expect(titles(el)).to.deep.equal(['Web · 7,000', 'Referral · 6,100', 'Other · 17,000']);
    expect(await recordedRequests(endpoint)).to.have.length(1);
    setTimeout(() => marks(el)[7 + 2].dispatchEvent(new MouseEvent('click', { bubbles: true })));
    const { detail } = await oneEvent(el, 'tandem-stage-select');
    expect(detail).to.deep.equal({
      key: 'mql',
      label: 'MQL',
      reached: 1525,
      group: { value: 'referral', label: 'Referral' },
    });
  });

  it('moves through every group’s stages with the arrow keys, one Tab stop', async () => {
    const el = await render('group-by="SEGMENT" top="2"', grouped);
    await untilChart(el);
    expect(marks(el).filter((m) => m.getAttribute('tabindex') === '0')).to.have.length(1);
    marks(el)[6].focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(marks(el).indexOf(shadow(el).activeElement as SVGGElement)).to.equal(7);
    expect(marks(el)[7].getAttribute('aria-label')).to.match(
      /^Subscriber 6,100, marketing stage, .*, Referral$/,
    );
    expect(shadow(el).querySelector('[part="tooltip"]')!.textContent).to.contain('Referral');
  });

  it('passes axe-core and fits 280 px, one funnel under another', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width:280px"></div>`);
    wrapper.innerHTML = '<tandem-funnel group-by="region" top="2"></tandem-funnel>';
    const el = wrapper.querySelector('tandem-funnel')!;
    el.data = grouped;
    const svg = await untilChart(el);
    expect(Number(svg.getAttribute('width'))).to.equal(280);
    const box = svg.getBBox();
    expect(box.x + box.width).to.be.at.most(280.5);
    const groupsDrawn = [...shadow(el).querySelectorAll('[part~="group"]')];
    expect(groupsDrawn.map((g) => g.getAttribute('transform'))).to.deep.equal([
      'translate(0 22)',
      `translate(0 ${22 + 7 * 64 - 22 + 24 + 22})`,
      `translate(0 ${2 * (22 + 7 * 64 - 22 + 24) + 22})`,
    ]);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    await expect(el).to.be.accessible();
  });

  it('shows the error state naming the allowed dimensions for a bad group-by, without a request', async () => {
    const endpoint = await mockGraphQL({ body: { data: { funnel: grouped } } });
    const errors: string[] = [];
    const heard = (event: CustomEvent<{ message: string }>) => errors.push(event.detail.message);
    document.addEventListener('tandem-error', heard); // fired before render() returns the element
    const el = await render('group-by="stage"', undefined, endpoint);
    await untilState(el, 'error');
    document.removeEventListener('tandem-error', heard);
    expect(errors).to.deep.equal([
      'Unknown group-by "stage": use one of LEAD_SOURCE, CHANNEL, CAMPAIGN, SEGMENT, REGION, INDUSTRY, OWNER, TEAM, FIT_GRADE, LIFECYCLE_STAGE.',
    ]);
    expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain('use one of LEAD_SOURCE');
    expect(await recordedRequests(endpoint)).to.have.length(0);
    el.groupBy = 'segment';
    await untilState(el, 'ready');
    expect((await recordedRequests(endpoint))[0]!.body.variables).to.deep.include({ by: 'SEGMENT' });
  });

  it('shows the gateway’s refusal as it comes', async () => {
    const message =
      'the funnel cannot be grouped by STAGE; group it by LEAD_SOURCE, CHANNEL, CAMPAIGN, SEGMENT, REGION';
    const endpoint = await mockGraphQL({
      body: { errors: [{ message, extensions: { code: 'INVALID_DIMENSION' } }] },
    });
    const el = await render('group-by="team"', undefined, endpoint);
    await untilState(el, 'error');
    expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain(message);
  });
});
