import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/funnel/funnel.js';
import type { Funnel, TandemFunnel } from '../../widgets/funnel/funnel.js';
import { emptyFunnel, funnel } from './fixtures.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

const marks = (el: HTMLElement) => [...shadow(el).querySelectorAll<SVGGElement>('[data-mark]')];

async function renderFunnel(data: Funnel = funnel, locale = 'en-US'): Promise<TandemFunnel> {
  const el = await fixture<TandemFunnel>(
    html`<tandem-funnel locale=${locale} .data=${data}></tandem-funnel>`,
  );
  await untilChart(el);
  return el;
}

describe('tandem-funnel rendering', () => {
  it('renders one mark per stage from `data`, colored by owner team, without any request', async () => {
    const endpoint = await mockGraphQL({ body: { data: { funnel } } });
    const el = await fixture<TandemFunnel>(
      html`<tandem-funnel endpoint=${endpoint} .data=${funnel}></tandem-funnel>`,
    );
    await untilChart(el);
    expect(el.state).to.equal('ready');
    expect(el.getAttribute('state')).to.equal('ready');
    expect(marks(el)).to.have.length(7);
    expect(marks(el).filter((m) => m.classList.contains('marketing'))).to.have.length(3);
    expect(marks(el).filter((m) => m.classList.contains('sales'))).to.have.length(4);
    const [first, last] = [marks(el)[0].querySelector('rect')!, marks(el)[6].querySelector('rect')!];
    expect(getComputedStyle(first).fill).not.to.equal(getComputedStyle(last).fill);
    expect(Number(first.getAttribute('width'))).to.be.greaterThan(Number(last.getAttribute('width')));
    expect(await recordedRequests(endpoint)).to.have.length(0);
  });

  it('formats counts, conversion and median days for locale="de-DE"', async () => {
    const el = await renderFunnel(funnel, 'de-DE');
    const labels = marks(el).map((m) =>
      m.querySelector('[part~="stage-label"]')!.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(labels[0]).to.equal('Subscriber 48.210');
    expect(labels[2]).to.equal('MQL 2.220 141 recycled');
    const steps = [...shadow(el).querySelectorAll('[part~="conversion"]')].map((t) => t.textContent!.trim());
    expect(steps).to.have.length(6);
    expect(steps[0]).to.contain('25,3\u00a0%');
    expect(steps[1]).to.contain('9,5');
    const table = shadow(el).querySelector('table')!;
    expect(table.querySelectorAll('tbody tr')).to.have.length(7);
    expect(table.querySelector('tbody tr td:nth-of-type(3)')!.textContent).to.equal('25,3\u00a0%');
    expect(shadow(el).querySelector('figure')!.getAttribute('aria-label')).to.contain('48.210 Subscriber');
  });

  it('passes axe-core in light and dark themes', async () => {
    const el = await renderFunnel();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    await expect(el).to.be.accessible();
  });

  for (const width of [280, 1600]) {
    for (const orientation of ['horizontal', 'vertical'] as const) {
      it(`lays out ${orientation} at ${width}px without overflow`, async () => {
        const wrapper = await fixture<HTMLDivElement>(
          html`<div style="width:${width}px"><tandem-funnel orientation=${orientation} .data=${funnel}></tandem-funnel></div>`,
        );
        const el = wrapper.querySelector('tandem-funnel')!;
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
});

describe('tandem-funnel states', () => {
  it('shows loading, then ready, and fires tandem-load with the data', async () => {
    const endpoint = await mockGraphQL({ delay: 300, body: { data: { funnel } } });
    const el = await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint}></tandem-funnel>`);
    expect(el.state).to.equal('loading');
    expect(shadow(el).querySelector('[part="loading"]')).to.exist;
    const { detail } = await oneEvent(el, 'tandem-load');
    expect((detail.data as Funnel).stages).to.have.length(7);
    await untilChart(el);
    expect(marks(el)).to.have.length(7);
  });

  it('shows the empty state', async () => {
    const endpoint = await mockGraphQL({ body: { data: { funnel: emptyFunnel } } });
    const el = await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint}></tandem-funnel>`);
    await untilState(el, 'empty');
    expect(shadow(el).querySelector('[part="empty"]')!.textContent).to.contain('No data');
    expect(shadow(el).querySelector('svg')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an error with Retry that recovers', async () => {
    const error = { message: 'CRM timed out', extensions: { code: 'UPSTREAM_TIMEOUT' } };
    const endpoint = await mockGraphQL({ body: { errors: [error] } }, { body: { data: { funnel } } });
    const el = await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint}></tandem-funnel>`);
    const { detail } = await oneEvent(el, 'tandem-error');
    expect(detail).to.include({ message: 'CRM timed out', code: 'UPSTREAM_TIMEOUT' });
    await untilState(el, 'error');
    expect(shadow(el).querySelector('[part="error"]')!.textContent).to.contain('CRM timed out');
    await expect(el).to.be.accessible();
    shadow(el).querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await untilState(el, 'ready');
    expect(marks(el)).to.have.length(7);
  });

  it('keeps the old chart visible while refreshing', async () => {
    const later: Funnel = { ...funnel, from: '2024-04-01', stages: funnel.stages.slice(0, 3) };
    const endpoint = await mockGraphQL(
      { body: { data: { funnel } } },
      { delay: 400, body: { data: { funnel: later } } },
    );
    const el = await fixture<TandemFunnel>(html`<tandem-funnel endpoint=${endpoint}></tandem-funnel>`);
    await untilState(el, 'ready');
    await untilChart(el);
    el.setAttribute('from', '2024-04-01');
    await untilState(el, 'refreshing');
    expect(marks(el)).to.have.length(7);
    expect(shadow(el).querySelector('[part="refreshing"]')).to.exist;
    expect(shadow(el).querySelector('figure')!.getAttribute('aria-busy')).to.equal('true');
    await untilState(el, 'ready');
    expect(marks(el)).to.have.length(3);
  });
});

describe('tandem-funnel interaction and exports', () => {
  it('fires tandem-stage-select on click', async () => {
    const el = await renderFunnel();
    setTimeout(() => marks(el)[3].dispatchEvent(new MouseEvent('click', { bubbles: true })));
    const { detail } = await oneEvent(el, 'tandem-stage-select');
    expect(detail).to.deep.equal({ key: 'sal', label: 'SAL', reached: 1141 });
  });

  it('moves with arrow keys (roving tabindex) and selects with Enter and Space', async () => {
    const el = await renderFunnel();
    expect(marks(el).map((m) => m.getAttribute('tabindex'))).to.deep.equal([
      '0',
      '-1',
      '-1',
      '-1',
      '-1',
      '-1',
      '-1',
    ]);
    marks(el)[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(marks(el).indexOf(shadow(el).activeElement as SVGGElement)).to.equal(2); // indices, not elements: chai would inspect the DOM on failure
    expect(marks(el)[2].getAttribute('tabindex')).to.equal('0');
    expect(shadow(el).querySelector('[part="tooltip"]')!.textContent).to.contain('MQL');
    let selected = oneEvent(el, 'tandem-stage-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.key).to.equal('mql');
    await sendKeys({ press: 'End' });
    selected = oneEvent(el, 'tandem-stage-select');
    await sendKeys({ press: 'Space' });
    expect((await selected).detail.key).to.equal('customer');
  });

  it('exports CSV, SVG and PNG', async () => {
    const el = await renderFunnel();
    const csv = el.toCSV().split('\r\n');
    expect(csv[0]).to.equal('Stage,Owner team,Reached,Conversion to next,Median days to next,Recycled back');
    expect(csv[1]).to.equal('Subscriber,marketing,48210,0.253,12,0');
    expect(csv[7]).to.equal('Customer,sales,87,,,0');
    const svgText = el.toSVG();
    expect(svgText).to.match(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).to.contain('fill="rgb(');
    const png = await el.toPNG();
    expect(png.type).to.equal('image/png');
    expect(png.size).to.be.greaterThan(1000);
  });
});
