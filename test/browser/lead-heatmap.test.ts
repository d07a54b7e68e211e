import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/lead-heatmap/lead-heatmap.js';
import type {
  Lead,
  LeadConnection,
  LeadScoreCell,
  LeadScoreMatrix,
  TandemLeadHeatmap,
} from '../../widgets/lead-heatmap/lead-heatmap.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

const counts: Record<string, [number, number, number, number]> = {
  A: [120, 310, 420, 380],
  B: [210, 540, 880, 950],
  C: [160, 610, 1300, 1500],
  D: [0, 400, 900, 1030],
};
/** Conversion to SQL falls with fit and with engagement, as in the demand-waterfall benchmarks. */
const sqlShare = (grade: number, band: number) => Math.max(0.01, 0.45 - grade * 0.1 - band * 0.06);

function matrixCell(fitGrade: string, engagementBand: number, count: number): LeadScoreCell {
  const g = 'ABCD'.indexOf(fitGrade);
  const reachedSql = Math.round(count * sqlShare(g, engagementBand - 1));
  const won = Math.round(reachedSql * 0.25);
  return {
    fitGrade,
    engagementBand,
    count,
    reachedSql,
    won,
    sqlRate: count ? reachedSql / count : null,
    winRate: count ? won / count : null,
    isMarketingQualified: g <= 1 && engagementBand <= 2,
  };
}

const matrix: LeadScoreMatrix = {
  total: 9710,
  bandThresholds: [10, 40, 100],
  mqlThreshold: { minGrade: 'B', maxBand: 2 },
  cells: Object.entries(counts).flatMap(([grade, row]) => row.map((n, i) => matrixCell(grade, i + 1, n))),
};

const emptyMatrix: LeadScoreMatrix = {
  ...matrix,
  total: 0,
  cells: matrix.cells.map((c) => ({ ...c, count: 0, reachedSql: 0, won: 0, sqlRate: null, winRate: null })),
};

function lead(i: number, overrides: Partial<Lead> = {}): Lead {
  return {
    id: `p-${i}`,
    name: `Person ${i}`,
    email: `person${i}@example.com`,
    title: 'Head of Marketing',
    fitGrade: 'B',
    engagementScore: 200 - i,
    engagementBand: 2,
    account: { name: 'Acme GmbH' },
    ...overrides,
  };
}

function page(
  from: number,
  size: number,
  totalCount: number,
  hasNextPage: boolean,
): { leads: LeadConnection } {
  const edges = Array.from({ length: size }, (_, k) => ({ cursor: `c${from + k}`, node: lead(from + k) }));
  return { leads: { totalCount, edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } } };
}

const marks = (el: HTMLElement) => [...shadow(el).querySelectorAll<SVGGElement>('[data-mark]')];
const part = (el: HTMLElement, name: string) => shadow(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const focusedIndex = (el: HTMLElement) => marks(el).indexOf(shadow(el).activeElement as SVGGElement);
const text = (node: Element | null) => node?.textContent?.replace(/[ \t\n]+/g, ' ').trim();

async function renderHeatmap(
  data: LeadScoreMatrix = matrix,
  options: { locale?: string; endpoint?: string } = {},
): Promise<TandemLeadHeatmap> {
  const el = await fixture<TandemLeadHeatmap>(
    html`<tandem-lead-heatmap locale=${options.locale ?? 'en-US'} endpoint=${options.endpoint ?? ''} from="2024-01-01"
      region="emea" .data=${data}></tandem-lead-heatmap>`,
  );
  await untilChart(el);
  return el;
}

describe('tandem-lead-heatmap rendering', () => {
  it('draws a 4 × 4 grid from `data`: color steps by count, MQL cells outlined, count and SQL % per cell', async () => {
    const endpoint = await mockGraphQL({ body: { data: { leadScoreMatrix: matrix } } });
    const el = await renderHeatmap(matrix, { endpoint });
    expect(el.state).to.equal('ready');
    expect(marks(el)).to.have.length(16);
    const classes = marks(el).map((m) => m.getAttribute('class')!);
    expect(classes[12]).to.contain('level-0'); // D1 is empty
    expect([10, 11, 15].map((i) => classes[i])).to.deep.equal([
      'cell level-5',
      'cell level-5',
      'cell level-5',
    ]);
    expect(classes[0]).to.contain('level-1'); // A1: 120
    const mql = marks(el).filter((m) => m.getAttribute('part') === 'cell cell-mql');
    expect(mql.map((m) => marks(el).indexOf(m))).to.deep.equal([0, 1, 4, 5]);
    const rect = (i: number) => getComputedStyle(marks(el)[i].querySelector('rect')!);
    expect(rect(0).stroke).not.to.equal(rect(2).stroke);
    expect([rect(0).strokeWidth, rect(2).strokeWidth]).to.deep.equal(['3px', '1px']);
    expect(rect(0).fill).not.to.equal(rect(15).fill);
    expect(text(marks(el)[0])).to.equal('120 45% SQL');
    expect(marks(el)[0].getAttribute('aria-label')).to.equal(
      '120 45% SQL, fit A, band 1, 11.7% won, marketing-qualified',
    );
    expect(text(marks(el)[12])).to.equal('0 —');
    expect(text(part(el, 'legend'))).to.contain('MQL: fit B+, band 2 or hotter');
    expect(await recordedRequests(endpoint)).to.have.length(0);
  });

  it('formats for locale="de-DE" and writes the hidden table as the grid', async () => {
    const el = await renderHeatmap(matrix, { locale: 'de-DE' });
    expect(text(marks(el)[10])).to.equal('1.300 13\u00a0% SQL');
    const table = shadow(el).querySelector('table')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal([
      'Fit grade',
      'Band 1',
      'Band 2',
      'Band 3',
      'Band 4',
    ]);
    expect(table.querySelectorAll('tbody tr')).to.have.length(4);
    const b2 = table.querySelector('tbody tr:nth-of-type(2) td:nth-of-type(2)')!;
    expect(b2.textContent).to.equal('540 leads, 29,1\u00a0% SQL, 7,2\u00a0% won, marketing-qualified');
    const summary = shadow(el).querySelector('figure')!.getAttribute('aria-label')!;
    expect(summary).to.contain(
      '9.710 leads, 1.180 (12,2\u00a0%) in marketing-qualified cells (fit B or better',
    );
    expect(summary).to.contain('Most leads: fit C, band 4 (1.500).');
    expect(summary).to.contain('Best conversion to SQL: fit A, band 1 (45\u00a0%).');
  });

  it('passes axe-core in light and dark themes, with the drill-down open', async () => {
    const endpoint = await mockGraphQL({ body: { data: page(0, 3, 3, false) } });
    const el = await renderHeatmap(matrix, { endpoint });
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    marks(el)[5].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await waitUntil(() => shadow(el).querySelectorAll('[part~="lead"]').length === 3);
    await expect(el).to.be.accessible();
  });
});

describe('tandem-lead-heatmap layout', () => {
  for (const width of [280, 1600]) {
    it(`lays out at ${width}px without overflow`, async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width:${width}px"><tandem-lead-heatmap .data=${matrix}></tandem-lead-heatmap></div>`,
      );
      const el = wrapper.querySelector('tandem-lead-heatmap')!;
      const svg = await untilChart(el);
      expect(Number(svg.getAttribute('width'))).to.equal(width);
      const box = svg.getBBox();
      expect(box.x).to.be.at.least(0);
      expect(box.x + box.width).to.be.at.most(width + 0.5);
      expect(box.y + box.height).to.be.at.most(Number(svg.getAttribute('height')) + 0.5);
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      expect(wrapper.scrollWidth).to.equal(width);
      // Every cell's text stays inside its cell.
      for (const mark of marks(el)) {
        const rect = mark.querySelector('rect')!.getBBox();
        for (const t of mark.querySelectorAll('text')) {
          const b = t.getBBox();
          expect(b.x, t.textContent!).to.be.at.least(rect.x);
          expect(b.x + b.width, t.textContent!).to.be.at.most(rect.x + rect.width);
        }
      }
    });
  }
});

/** A synthetic 100 × 100 matrix: grades G1…G100, bands 1…100 (the layout takes its axes from the data). */
function largeMatrix(size = 100): LeadScoreMatrix {
  const grades = Array.from({ length: size }, (_, i) => `G${i + 1}`);
  const cells = grades.flatMap((g, r) =>
    Array.from({ length: size }, (_, c) => ({
      ...matrixCell('A', 1, (r * 37 + c * 11) % 500),
      fitGrade: g,
      engagementBand: c + 1,
      isMarketingQualified: r < 10 && c < 10,
    })),
  );
  const total = cells.reduce((sum, c) => sum + c.count, 0);
  return { ...matrix, total, mqlThreshold: { minGrade: 'G10', maxBand: 10 }, cells };
}

describe('tandem-lead-heatmap with a large matrix', () => {
  const big = largeMatrix();
  const label = (el: HTMLElement) => marks(el)[0].getAttribute('aria-label');
  const press = async (el: TandemLeadHeatmap, key: string) => {
    await sendKeys({ press: key });
    await el.updateComplete;
  };
  /** Client coordinates of the centre of cell (row, column), from the hit area's box. */
  const pointAt = (el: HTMLElement, row: number, column: number) => {
    const box = shadow(el).querySelector('.hit')!.getBoundingClientRect();
    return {
      clientX: box.left + ((column + 0.5) / 100) * box.width,
      clientY: box.top + ((row + 0.5) / 100) * box.height,
    };
  };

  it('draws 100 × 100 cells as one path per color step, with the count on the grid', async () => {
    const el = await renderHeatmap(big);
    expect(el.state).to.equal('ready');
    const grid = shadow(el).querySelector('.cells')!;
    expect(grid.getAttribute('data-cells')).to.equal('10000');
    const paths = [...grid.querySelectorAll('path')];
    const steps = paths.filter((p) => /level-\d/.test(p.getAttribute('class')!));
    expect(steps.map((p) => p.getAttribute('class'))).to.deep.equal([
      'level-0',
      'level-1',
      'level-2',
      'level-3',
      'level-4',
      'level-5',
    ]);
    const squares = steps.reduce((sum, p) => sum + p.getAttribute('d')!.split('M').length - 1, 0);
    expect(squares).to.equal(10_000);
    const mql = grid.querySelector('.mql-outline')!.getAttribute('d')!;
    expect(mql.split('M').length - 1).to.equal(100);
    expect(getComputedStyle(steps[1]).fill).not.to.equal(getComputedStyle(steps[5]).fill);
    // One focusable mark for the whole grid, named after the active cell.
    expect(marks(el)).to.have.length(1);
    expect(marks(el)[0].getAttribute('tabindex')).to.equal('0');
    expect(label(el)).to.match(/^fit G1, band 1: 0 leads/);
    expect(shadow(el).querySelectorAll('.row-label').length).to.be.within(2, 100);
    await expect(el).to.be.accessible();
  });

  it('sums the hidden table up per fit grade; the CSV keeps every cell', async () => {
    const el = await renderHeatmap(big);
    const table = shadow(el).querySelector('table')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal([
      'Fit grade',
      'Leads',
      'Conversion to SQL',
      'Conversion to won',
      'In marketing-qualified cells',
    ]);
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).to.have.length(100);
    const g1 = big.cells.filter((c) => c.fitGrade === 'G1').reduce((sum, c) => sum + c.count, 0);
    expect([0, 1].map((i) => text(rows[0].children[i]))).to.deep.equal([
      'Fit G1',
      g1.toLocaleString('en-US'),
    ]);
    expect(text(rows[0].children[4])).to.equal(
      big.cells
        .slice(0, 10)
        .reduce((n, c) => n + c.count, 0)
        .toLocaleString('en-US'),
    );
    expect(text(table.querySelector('caption'))).to.contain('One row per fit grade');
    const csv = el.toCSV().split('\r\n');
    expect(csv).to.have.length(10_002); // header, 10,000 cells, trailing newline
    expect(csv[10_000]).to.match(/^G100,100,/);
  });

  it('walks the grid with the arrow keys (one Tab stop), selects with Enter and gives focus back on Escape', async () => {
    const endpoint = await mockGraphQL({ body: { data: page(0, 2, 2, false) } });
    const el = await renderHeatmap(big, { endpoint });
    marks(el)[0].focus();
    await el.updateComplete;
    expect(part(el, 'tooltip')!.textContent).to.match(/^fit G1, band 1: /);
    await press(el, 'ArrowRight');
    expect(label(el)).to.match(/^fit G1, band 2: /);
    await press(el, 'ArrowDown');
    expect(label(el)).to.match(/^fit G2, band 2: /);
    expect(part(el, 'tooltip')!.textContent).to.match(/^fit G2, band 2: /);
    expect(marks(el)[0].getAttribute('data-index')).to.equal('101');
    await press(el, 'ArrowUp');
    await press(el, 'ArrowUp'); // stays in the grid
    expect(label(el)).to.match(/^fit G1, band 2: /);
    await press(el, 'End');
    expect(label(el)).to.match(/^fit G100, band 100: /);
    await press(el, 'ArrowRight'); // the last cell
    expect(label(el)).to.match(/^fit G100, band 100: /);
    await press(el, 'Home');
    await press(el, 'ArrowDown');
    expect(shadow(el).activeElement).to.equal(marks(el)[0]);
    const selected = oneEvent(el, 'tandem-cell-select');
    await sendKeys({ press: 'Enter' });
    const g2 = big.cells[100];
    expect((await selected).detail).to.deep.equal({ fitGrade: 'G2', engagementBand: 1, count: g2.count });
    await waitUntil(() => shadow(el).querySelectorAll('[part~="lead"]').length === 2, 'leads not listed');
    expect(text(part(el, 'drilldown')!.querySelector('h3'))).to.equal('Leads in fit G2, band 1');
    expect(marks(el)[0].getAttribute('aria-expanded')).to.equal('true');
    expect(shadow(el).querySelector('.expanded')).to.exist;
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.equal(null);
    await waitUntil(() => shadow(el).activeElement === marks(el)[0], 'focus not given back to the grid');
    expect(marks(el)[0].getAttribute('data-index')).to.equal('100');
  });

  it('finds the cell under the pointer: tooltip and outline on hover, a click selects it', async () => {
    const el = await renderHeatmap(big);
    const hit = shadow(el).querySelector('.hit')!;
    const path = shadow(el).querySelector('path.level-1')!;
    hit.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, ...pointAt(el, 50, 50) }));
    await el.updateComplete;
    expect(part(el, 'tooltip')!.textContent).to.match(/^fit G51, band 51: /);
    expect(shadow(el).querySelector('.hover')).to.exist;
    // Hover re-renders the tooltip and the outline only: the paths are kept.
    expect(shadow(el).querySelector('path.level-1')).to.equal(path);
    shadow(el).querySelector('.cells')!.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    expect(part(el, 'tooltip')).to.equal(null);
    expect(shadow(el).querySelector('.hover')).to.equal(null);
    el.addEventListener('tandem-cell-select', (event) => event.preventDefault(), { once: true });
    setTimeout(() => hit.dispatchEvent(new MouseEvent('click', { bubbles: true, ...pointAt(el, 99, 0) })));
    const { detail } = await oneEvent(el, 'tandem-cell-select');
    expect(detail).to.include({ fitGrade: 'G100', engagementBand: 1 });
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.equal(null);
    expect(label(el)).to.match(/^fit G100, band 1: /); // Tab resumes from the clicked cell
  });

  it('keeps an element per cell up to 400 cells', async () => {
    const el = await renderHeatmap(largeMatrix(20));
    expect(marks(el)).to.have.length(400);
    expect(shadow(el).querySelector('.grid')).to.equal(null);
    expect(shadow(el).querySelectorAll('table tbody tr')).to.have.length(20);
  });
});

describe('tandem-lead-heatmap states and requests', () => {
  it('shows loading, then ready; fires tandem-load; sends the filter variables', async () => {
    const endpoint = await mockGraphQL({ delay: 300, body: { data: { leadScoreMatrix: matrix } } });
    const el = await fixture<TandemLeadHeatmap>(
      html`<tandem-lead-heatmap endpoint=${endpoint} from="2024-01-01" to="2024-03-31" segment="SMB" channel="webinar"
        campaign="c-7"></tandem-lead-heatmap>`,
    );
    expect(el.state).to.equal('loading');
    expect(part(el, 'loading')).to.exist;
    const { detail } = await oneEvent(el, 'tandem-load');
    expect((detail.data as LeadScoreMatrix).cells).to.have.length(16);
    await untilChart(el);
    const [request] = await recordedRequests(endpoint);
    expect(request.body.operationName).to.equal('TandemLeadScoreMatrix');
    expect(request.body.query).to.contain('leadScoreMatrix(filter: $filter)');
    expect(request.body.variables).to.deep.equal({
      filter: { from: '2024-01-01', to: '2024-03-31', segment: 'SMB', channel: 'webinar', campaignId: 'c-7' },
    });
  });

  it('shows the empty state', async () => {
    const endpoint = await mockGraphQL({ body: { data: { leadScoreMatrix: emptyMatrix } } });
    const el = await fixture<TandemLeadHeatmap>(
      html`<tandem-lead-heatmap endpoint=${endpoint}></tandem-lead-heatmap>`,
    );
    await untilState(el, 'empty');
    expect(part(el, 'empty')!.textContent).to.contain('No data');
    expect(shadow(el).querySelector('svg')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an error with Retry that recovers, and keeps the grid while refreshing', async () => {
    const error = { message: 'Unknown segment: XL', extensions: { code: 'BAD_USER_INPUT' } };
    const endpoint = await mockGraphQL(
      { status: 400, body: { errors: [error] } },
      { body: { data: { leadScoreMatrix: matrix } } },
      { delay: 400, body: { data: { leadScoreMatrix: emptyMatrix } } },
    );
    const el = await fixture<TandemLeadHeatmap>(
      html`<tandem-lead-heatmap endpoint=${endpoint} segment="XL"></tandem-lead-heatmap>`,
    );
    const { detail } = await oneEvent(el, 'tandem-error');
    expect(detail).to.include({ message: 'Unknown segment: XL', code: 'BAD_USER_INPUT', status: 400 });
    await untilState(el, 'error');
    await expect(el).to.be.accessible();
    part(el, 'retry')!.click();
    await untilState(el, 'ready');
    await untilChart(el);
    el.segment = 'SMB';
    await untilState(el, 'refreshing');
    expect(marks(el)).to.have.length(16);
    expect(part(el, 'refreshing')).to.exist;
    await untilState(el, 'empty');
  });
});

describe('tandem-lead-heatmap interaction', () => {
  it('moves by row with ↑/↓ and through the rows with ←/→ (one Tab stop), tooltip on the focused cell', async () => {
    const el = await renderHeatmap();
    expect(marks(el).filter((m) => m.getAttribute('tabindex') === '0')).to.have.length(1);
    marks(el)[0].focus();
    const press = async (key: string) => {
      await sendKeys({ press: key });
      await el.updateComplete;
    };
    await press('ArrowRight');
    expect(focusedIndex(el)).to.equal(1);
    await press('ArrowDown');
    expect(focusedIndex(el)).to.equal(5);
    expect(part(el, 'tooltip')!.textContent).to.contain('fit B, band 2: 540 leads, 29.1% SQL');
    await press('ArrowDown');
    await press('ArrowDown');
    await press('ArrowDown'); // stays in the grid
    expect(focusedIndex(el)).to.equal(13);
    await press('ArrowRight');
    await press('ArrowRight');
    await press('ArrowRight'); // the last cell
    await press('ArrowRight');
    expect(focusedIndex(el)).to.equal(15);
    await press('Home');
    expect(focusedIndex(el)).to.equal(0);
    await press('ArrowUp');
    expect(focusedIndex(el)).to.equal(0);
    await press('End');
    expect(focusedIndex(el)).to.equal(15);
    expect(marks(el)[15].getAttribute('tabindex')).to.equal('0');
    expect(marks(el).filter((m) => m.getAttribute('tabindex') === '0')).to.have.length(1);
  });

  it('Enter fires tandem-cell-select and lists the cell’s leads (20 at a time, Load more); Escape closes', async () => {
    const endpoint = await mockGraphQL(
      { body: { data: page(0, 20, 25, true) } },
      { body: { data: page(20, 5, 25, false) } },
    );
    const el = await renderHeatmap(matrix, { endpoint });
    marks(el)[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowRight' });
    const selected = oneEvent(el, 'tandem-cell-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ fitGrade: 'B', engagementBand: 2, count: 540 });
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.exist;
    expect(marks(el)[5].getAttribute('aria-expanded')).to.equal('true');
    await waitUntil(
      () => shadow(el).querySelectorAll('[part~="lead"]').length === 20,
      'first page not listed',
    );
    expect(shadow(el).activeElement?.getAttribute('part')).to.equal('drilldown');
    expect(text(part(el, 'drilldown')!.querySelector('h3'))).to.equal('Leads in fit B, band 2');
    expect(text(part(el, 'lead'))).to.equal('Person 0 200 pts Head of Marketing · Acme GmbH');
    expect(text(part(el, 'drilldown'))).to.contain('Showing 20 of 25 leads');

    part(el, 'load-more')!.click();
    await waitUntil(
      () => shadow(el).querySelectorAll('[part~="lead"]').length === 25,
      'second page not appended',
    );
    expect(part(el, 'load-more')).to.equal(null);
    const requests = await recordedRequests(endpoint);
    expect(requests.map((r) => r.body.operationName)).to.deep.equal(['TandemLeads', 'TandemLeads']);
    expect(requests[0].body.variables).to.deep.equal({
      filter: { from: '2024-01-01', region: 'emea', fitGrade: 'B', engagementBand: 2 },
      first: 20,
    });
    expect(requests[1].body.variables).to.deep.equal({ ...requests[0].body.variables, after: 'c19' });

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.equal(null);
    await el.updateComplete;
    expect(focusedIndex(el)).to.equal(5);
  });

  it('a click selects too; preventDefault() keeps the drill-down closed', async () => {
    const el = await renderHeatmap();
    el.addEventListener('tandem-cell-select', (event) => event.preventDefault(), { once: true });
    setTimeout(() => marks(el)[12].dispatchEvent(new MouseEvent('click', { bubbles: true })));
    const { detail } = await oneEvent(el, 'tandem-cell-select');
    expect(detail).to.deep.equal({ fitGrade: 'D', engagementBand: 1, count: 0 });
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.equal(null);
  });

  it('shows the drill-down loading and error states, retries, and closes on new data', async () => {
    const endpoint = await mockGraphQL(
      { delay: 200, status: 400, body: { errors: [{ message: 'Leads are unavailable' }] } },
      { body: { data: page(0, 2, 2, false) } },
    );
    const el = await renderHeatmap(matrix, { endpoint });
    marks(el)[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await el.updateComplete;
    expect(text(part(el, 'drilldown'))).to.contain('Loading leads…');
    expect(part(el, 'drilldown')!.getAttribute('aria-busy')).to.equal('true');
    await waitUntil(() => part(el, 'drilldown-error'), 'no error shown');
    expect(text(part(el, 'drilldown-error'))).to.contain('Leads are unavailable');
    part(el, 'drilldown-retry')!.click();
    await waitUntil(() => shadow(el).querySelectorAll('[part~="lead"]').length === 2, 'retry did not list');
    expect((await recordedRequests(endpoint))[1].body.variables).to.deep.include({ first: 20 });
    part(el, 'drilldown-close')!.click();
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.equal(null);
    marks(el)[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.exist;
    el.data = { ...matrix };
    await el.updateComplete;
    expect(part(el, 'drilldown')).to.equal(null);
  });

  it('exports tidy CSV (one row per cell), SVG and PNG', async () => {
    const el = await renderHeatmap();
    const csv = el.toCSV().split('\r\n');
    expect(csv[0]).to.equal(
      'Fit grade,Engagement band,Leads,Reached SQL,Won,SQL rate,Win rate,Marketing-qualified',
    );
    expect(csv[1]).to.equal('A,1,120,54,14,0.45,0.11666666666666667,yes');
    expect(csv[13]).to.equal('D,1,0,0,0,,,no');
    expect(csv).to.have.length(18);
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

describe('tandem-lead-heatmap with hostile CRM text', () => {
  const IMG = '<img src=x onerror="window.__xss=1">';
  const JS_URL = 'javascript:alert(1)';
  afterEach(() => {
    delete window.__xss;
  });
  const expectInert = (el: HTMLElement) => {
    expect(shadow(el).querySelector('img, script, iframe, a[href], [onerror]')).to.equal(null);
    expect(window.__xss).to.equal(undefined);
  };

  it('shows markup in grades, lead names, titles, accounts and errors as text', async () => {
    const hostile: LeadScoreMatrix = {
      ...matrix,
      mqlThreshold: { minGrade: IMG, maxBand: 2 },
      cells: matrix.cells.map((c) => (c.fitGrade === 'A' ? { ...c, fitGrade: IMG } : c)),
    };
    const leads: LeadConnection = {
      totalCount: 1,
      edges: [{ cursor: JS_URL, node: lead(1, { name: IMG, title: JS_URL, account: { name: IMG } }) }],
      pageInfo: { hasNextPage: true, endCursor: JS_URL },
    };
    const endpoint = await mockGraphQL(
      { body: { data: { leads } } },
      { status: 400, body: { errors: [{ message: `Bad cursor: ${IMG}` }] } },
    );
    const el = await renderHeatmap(hostile, { endpoint });
    expect(text(shadow(el).querySelector('.row-label'))).to.equal(IMG);
    expect(text(part(el, 'legend'))).to.contain(IMG);
    expect(shadow(el).querySelector('tbody th')!.textContent).to.equal(`Fit ${IMG}`);
    marks(el)[0].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await waitUntil(() => part(el, 'lead'), 'no lead listed');
    expect(text(part(el, 'lead')))
      .to.contain(IMG)
      .and.contain(JS_URL);
    expect(text(part(el, 'drilldown')!.querySelector('h3'))).to.equal(`Leads in fit ${IMG}, band 1`);
    part(el, 'load-more')!.click();
    await waitUntil(() => part(el, 'drilldown-error'), 'no error shown');
    expect(text(part(el, 'drilldown-error'))).to.contain(`Bad cursor: ${IMG}`);
    marks(el)[1].focus();
    await el.updateComplete;
    expect(part(el, 'tooltip')!.textContent).to.contain(IMG);
    await aTimeout(50); // an injected <img src=x> would have failed to load and run onerror by now
    expectInert(el);
    expect(el.toSVG()).to.contain('&lt;img').and.not.contain('<img');
  });

  it('neutralizes spreadsheet formulas in the CSV', async () => {
    const el = await renderHeatmap({
      ...matrix,
      cells: [{ ...matrix.cells[0], fitGrade: '=HYPERLINK("http://evil","x")' }],
    });
    expect(el.toCSV().split('\r\n')[1]).to.match(/^"'=HYPERLINK\(""http:\/\/evil"",""x""\)",1,/);
  });
});
