import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widgets/index.js';
import type { Funnel, Sla, TandemFunnel, TandemSlaGauge } from '../../widgets/index.js';
import { funnel, sla } from './fixtures.js';
import { mockGraphQL, shadow, untilChart, untilState } from './helpers.js';

declare global {
  interface Window {
    __xss?: number;
  }
}

/** CRM fields are user input: they must render as inert text everywhere (chart, table, tooltip, exports). */
const IMG = '<img src=x onerror="window.__xss=1">';
const JS_URL = 'javascript:alert(1)';

const hostile: Funnel = {
  ...funnel,
  stages: funnel.stages.map((stage, i) =>
    i === 0 ? { ...stage, label: IMG } : i === 1 ? { ...stage, key: JS_URL, label: JS_URL } : stage,
  ),
};

function expectInert(el: HTMLElement): void {
  const root = shadow(el);
  expect(root.querySelector('img, script, iframe, a[href], [onerror]')).to.equal(null);
  expect(window.__xss).to.equal(undefined);
}

describe('rendering hostile CRM text', () => {
  afterEach(() => {
    delete window.__xss;
  });

  it('tandem-funnel shows markup and javascript: URLs as text', async () => {
    const el = await fixture<TandemFunnel>(html`<tandem-funnel .data=${hostile}></tandem-funnel>`);
    await untilChart(el);
    await aTimeout(50); // an injected <img src=x> would have failed to load and run onerror by now
    expectInert(el);
    const labels = [...shadow(el).querySelectorAll('[part~="stage-label"] .label')].map((t) => t.textContent);
    expect(labels.slice(0, 2)).to.deep.equal([IMG, JS_URL]);
    const cells = [...shadow(el).querySelectorAll('tbody th')].map((th) => th.textContent);
    expect(cells.slice(0, 2)).to.deep.equal([IMG, JS_URL]);
    const mark = shadow(el).querySelector<SVGGElement>('[data-mark]')!;
    mark.focus();
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="tooltip"]')!.textContent).to.contain(IMG);
    expectInert(el);
  });

  it('tandem-funnel group-by shows hostile group names as text, and neutralizes them in the CSV', async () => {
    const groups = [IMG, '=cmd|x', 'Web'].map((label, i) => ({
      value: label,
      label,
      reached: funnel.stages.map(() => 100 - i),
    }));
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = '<tandem-funnel group-by="lead_source"></tandem-funnel>';
    const el = wrapper.querySelector<TandemFunnel>('tandem-funnel')!;
    el.data = { ...funnel, groups };
    await untilChart(el);
    await aTimeout(50);
    expectInert(el);
    const titles = [...shadow(el).querySelectorAll('[part~="group-title"]')].map((t) => t.textContent);
    expect(titles[0]).to.equal(`${IMG} · 100`);
    expect(el.toCSV().split('\r\n')[8]).to.match(/^'=cmd\|x,/);
  });

  it('exports hostile text escaped (SVG) and neutralized for spreadsheets (CSV)', async () => {
    const formula = { ...funnel, stages: [{ ...funnel.stages[0], label: '=HYPERLINK("http://evil","x")' }] };
    const el = await fixture<TandemFunnel>(html`<tandem-funnel .data=${hostile}></tandem-funnel>`);
    await untilChart(el);
    expect(el.toSVG()).to.contain('&lt;img').and.not.contain('<img');
    el.data = formula;
    expect(el.toCSV().split('\r\n')[1]).to.match(/^"'=HYPERLINK\(""http:\/\/evil"",""x""\)",/);
  });

  it('tandem-sla-gauge shows a hostile time zone and gateway error message as text', async () => {
    const el = await fixture<TandemSlaGauge>(
      html`<tandem-sla-gauge .data=${{ ...sla, policy: { ...sla.policy, timeZone: IMG } } satisfies Sla}></tandem-sla-gauge>`,
    );
    await untilChart(el);
    expect(shadow(el).querySelector('caption')!.textContent).to.contain(IMG);
    const endpoint = await mockGraphQL({
      status: 400,
      body: { errors: [{ message: `Unknown region: ${IMG}` }] },
    });
    const failing = await fixture<TandemSlaGauge>(
      html`<tandem-sla-gauge endpoint=${endpoint} region=${JS_URL}></tandem-sla-gauge>`,
    );
    await oneEvent(failing, 'tandem-error');
    await untilState(failing, 'error');
    await aTimeout(50);
    expect(shadow(failing).querySelector('[part="error"]')!.textContent).to.contain(IMG);
    expectInert(el);
    expectInert(failing);
  });
});
