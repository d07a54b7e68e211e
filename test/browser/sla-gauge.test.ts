import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/sla-gauge/sla-gauge.js';
import type { Sla, TandemSlaGauge } from '../../widgets/sla-gauge/sla-gauge.js';
import { sla } from './fixtures.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

const part = (el: HTMLElement, name: string) => shadow(el).querySelector(`[part~="${name}"]`);

async function renderGauge(data: Sla = sla, locale = 'en-US'): Promise<TandemSlaGauge> {
  const el = await fixture<TandemSlaGauge>(
    html`<tandem-sla-gauge locale=${locale} .data=${data}></tandem-sla-gauge>`,
  );
  await untilChart(el);
  return el;
}

describe('tandem-sla-gauge', () => {
  it('draws the within-target rate in its policy zone, goal attainment and open breaches', async () => {
    const el = await renderGauge(sla, 'de-DE');
    expect(shadow(el).querySelectorAll('[part~="zone"]')).to.have.length(3);
    expect(part(el, 'value')!.getAttribute('class')).to.equal('warn'); // 0.834: amber between 0.7 and 0.9
    expect(part(el, 'rate')!.textContent).to.equal('83,4\u00a0%');
    expect(part(el, 'breaches')!.textContent).to.equal('7 open breaches');
    expect(part(el, 'breaches')!.classList.contains('open')).to.equal(true);
    const gauge = part(el, 'gauge')!;
    expect(gauge.getAttribute('role')).to.equal('meter');
    expect(gauge.getAttribute('aria-valuenow')).to.equal('83.4');
    expect(part(el, 'goal')!.getAttribute('aria-valuenow')).to.equal('122');
    expect(part(el, 'goal')!.textContent).to.contain('12.197 / 10.000 leads · 122\u00a0%');
    expect(part(el, 'stats')!.textContent).to.match(/Median response2,5\sStd\./);
  });

  it('colors by the policy thresholds (red below redBelow, green at amberBelow)', async () => {
    const red = await renderGauge({ ...sla, sales: { ...sla.sales, withinTargetRate: 0.69 } });
    expect(part(red, 'value')!.getAttribute('class')).to.equal('bad');
    const green = await renderGauge({ ...sla, sales: { ...sla.sales, withinTargetRate: 0.9 } });
    expect(part(green, 'value')!.getAttribute('class')).to.equal('good');
  });

  it('shows "—" and no value arc when there were no handoffs', async () => {
    const el = await renderGauge({ ...sla, sales: { ...sla.sales, handoffs: 0, withinTargetRate: null } });
    expect(part(el, 'value')).to.equal(null);
    expect(part(el, 'rate')!.textContent).to.equal('—');
    await expect(el).to.be.accessible();
  });

  it('passes axe-core in light and dark themes', async () => {
    const el = await renderGauge();
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'dark');
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('is keyboard-focusable after the export menu, with a tooltip per meter', async () => {
    const el = await renderGauge();
    const focused = () => shadow(el).activeElement?.getAttribute('part');
    shadow(el).querySelector<HTMLElement>('summary')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(focused()).to.equal('gauge');
    await el.updateComplete;
    expect(part(el, 'tooltip')!.textContent).to.contain('Sales followed up 83.4% of 1,141 handoffs');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(focused()).to.equal('goal');
    expect(part(el, 'tooltip')!.textContent).to.contain('Marketing reached 122% of its lead goal');
  });

  it('fires tandem-load with the data and sends the filter variables', async () => {
    const endpoint = await mockGraphQL({ body: { data: { sla } } });
    const el = await fixture<TandemSlaGauge>(
      html`<tandem-sla-gauge endpoint=${endpoint} from="2024-01-01" to="2024-03-31" team="t-emea"></tandem-sla-gauge>`,
    );
    const { detail } = await oneEvent(el, 'tandem-load');
    expect(detail.data).to.deep.equal(sla);
    const [request] = await recordedRequests(endpoint);
    expect(request.body.operationName).to.equal('TandemSla');
    expect(request.body.variables).to.deep.equal({
      filter: { from: '2024-01-01', to: '2024-03-31', teamId: 't-emea' },
    });
    await untilChart(el);
  });

  it('goes loading → error → (Retry) ready, and refreshing keeps the gauge', async () => {
    const endpoint = await mockGraphQL(
      {
        delay: 200,
        status: 400,
        body: { errors: [{ message: 'Unknown team: t-x', extensions: { code: 'BAD_USER_INPUT' } }] },
      },
      { body: { data: { sla } } },
      { delay: 300, body: { data: { sla } } },
    );
    const el = await fixture<TandemSlaGauge>(
      html`<tandem-sla-gauge endpoint=${endpoint}></tandem-sla-gauge>`,
    );
    expect(el.state).to.equal('loading');
    await untilState(el, 'error');
    expect(part(el, 'error')!.textContent).to.contain('Unknown team: t-x');
    part(el, 'retry')!.dispatchEvent(new MouseEvent('click'));
    await untilState(el, 'ready');
    await untilChart(el);
    el.region = 'emea';
    await untilState(el, 'refreshing');
    expect(part(el, 'gauge')).to.exist;
    await untilState(el, 'ready');
  });

  for (const width of [280, 1600]) {
    it(`lays out at ${width}px without overflow`, async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width:${width}px"><tandem-sla-gauge .data=${sla}></tandem-sla-gauge></div>`,
      );
      const el = wrapper.querySelector('tandem-sla-gauge')!;
      const svg = await untilChart(el);
      const box = svg.getBBox();
      expect(box.x).to.be.at.least(0);
      expect(box.x + box.width).to.be.at.most(width + 0.5);
      expect(box.y + box.height).to.be.at.most(Number(svg.getAttribute('height')) + 0.5);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    });
  }
});
