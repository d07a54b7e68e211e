import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/customer-360/customer-360.js';
import type {
  Customer,
  CustomerPerson,
  TandemCustomer360,
  TimelineEntry,
} from '../../widgets/customer-360/customer-360.js';
import { mockGraphQL, recordedRequests, shadow, untilChart, untilState } from './helpers.js';

declare global {
  interface Window {
    __xss?: number;
  }
}

const person = (id: string, name: string, patch: Partial<CustomerPerson> = {}): CustomerPerson => ({
  id,
  name,
  email: `${name.split(' ')[0].toLowerCase()}@acme.example`,
  title: 'Head of Operations',
  stage: { key: 'mql', label: 'MQL', ownerTeam: 'marketing' },
  stageEnteredAt: '2026-02-20T09:00:00.000Z',
  engagementScore: 31.2,
  engagementBand: 3,
  fitGrade: 'B',
  qualification: {
    icpFit: true,
    hasBudget: false,
    hasTimeframe: true,
    willingToEngage: true,
    isProspect: false,
  },
  owner: { name: 'Mara Marketer' },
  sla: null,
  ...patch,
});

const entry = (
  id: string,
  kind: TimelineEntry['kind'],
  occurredAt: string,
  title: string,
): TimelineEntry => ({
  id,
  kind,
  occurredAt,
  title,
  detail: null,
  channel: kind === 'TOUCH' ? 'webinar' : null,
  personName: 'Jane Doe',
  actorName: kind === 'ACTIVITY' ? 'Rita Rep' : null,
  campaign: kind === 'TOUCH' ? { name: 'Spring webinar' } : null,
});

const page1 = [
  entry('a1', 'ACTIVITY', '2026-03-04T15:00:00.000Z', 'Call by Rita Rep'),
  entry('s1', 'STAGE_CHANGE', '2026-03-04T09:00:00.000Z', 'Stage MQL → SAL'),
  {
    ...entry('t1', 'TOUCH', '2026-03-02T08:00:00.000Z', 'Form submit'),
    // one long unbroken string: it must wrap, not widen the widget
    detail: `https://acme.example/pricing?utm_source=${'x'.repeat(120)}`,
  },
];
const page2 = [
  entry('t0', 'TOUCH', '2026-02-27T10:00:00.000Z', 'Webinar attended'),
  entry('d0', 'DEAL', '2026-02-20T10:00:00.000Z', 'Deal created: Acme platform'),
];

const customer: Customer = {
  id: 'acc_acme',
  account: {
    id: 'acc_acme',
    name: 'Acme GmbH',
    domain: 'acme.example',
    industry: 'Manufacturing',
    employees: 1200,
    region: 'EMEA',
    segment: 'Enterprise',
    owner: { name: 'Sam Seller' },
  },
  focus: { id: 'per_jane' },
  // the gateway's order (by last name); the focus person is the second
  people: [
    person('per_ann', 'Ann Abel'),
    person('per_jane', 'Jane Doe', {
      stage: { key: 'sal', label: 'SAL', ownerTeam: 'sales' },
      engagementScore: 57.4,
      engagementBand: 2,
      fitGrade: 'A',
      qualification: {
        icpFit: true,
        hasBudget: true,
        hasTimeframe: true,
        willingToEngage: true,
        isProspect: true,
      },
      sla: {
        status: 'BREACHED',
        handedOffAt: '2026-03-02T08:00:00.000Z',
        deadlineAt: '2026-03-02T12:00:00.000Z',
        firstTouchAt: null,
        responseHours: null,
      },
    }),
    person('per_john', 'John Roe', {
      stage: { key: 'sql', label: 'SQL', ownerTeam: 'sales' },
      sla: {
        status: 'WITHIN_TARGET',
        handedOffAt: '2026-02-10T08:00:00.000Z',
        deadlineAt: '2026-02-10T12:00:00.000Z',
        firstTouchAt: '2026-02-10T10:30:00.000Z',
        responseHours: 2.5,
      },
    }),
  ],
  opportunities: [
    {
      id: 'o1',
      name: 'Acme platform',
      amount: 120000,
      stage: 'Proposal',
      isClosed: false,
      isWon: false,
      closedAt: null,
    },
    {
      id: 'o2',
      name: 'Acme pilot',
      amount: 50000,
      stage: 'Closed Won',
      isClosed: true,
      isWon: true,
      closedAt: '2025-11-03T10:00:00.000Z',
    },
    {
      id: 'o3',
      name: 'Acme add-on',
      amount: 10000,
      stage: 'Closed Lost',
      isClosed: true,
      isWon: false,
      closedAt: '2025-12-01T10:00:00.000Z',
    },
    // An open deal the CRM has no amount for yet: unknown, not 0.
    {
      id: 'o4',
      name: 'Acme renewal',
      amount: null,
      stage: 'Prospecting',
      isClosed: false,
      isWon: false,
      closedAt: null,
    },
  ],
  timeline: {
    edges: page1.map((node) => ({ cursor: `c-${node.id}`, node })),
    pageInfo: { hasNextPage: true, endCursor: 'c-t1' },
  },
};

const secondPage: Customer = {
  ...customer,
  timeline: {
    edges: page2.map((node) => ({ cursor: `c-${node.id}`, node })),
    pageInfo: { hasNextPage: false, endCursor: 'c-d0' },
  },
};

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const people = (el: HTMLElement) => [...shadow(el).querySelectorAll<HTMLElement>('[data-mark="person"]')];
const entries = (el: HTMLElement) => [...shadow(el).querySelectorAll<HTMLElement>('[data-mark="entry"]')];
const titles = (el: HTMLElement) => entries(el).map((e) => text(e.querySelector('.title')));
const loadMore = (el: HTMLElement) => shadow(el).querySelector<HTMLButtonElement>('[part~="load-more"]');
const focusedIndex = (list: HTMLElement[], el: HTMLElement) =>
  list.indexOf(shadow(el).activeElement as HTMLElement);

async function render(data: Customer = customer, locale = 'en-US'): Promise<TandemCustomer360> {
  const el = await fixture<TandemCustomer360>(
    html`<tandem-customer-360 locale=${locale} currency="EUR" .data=${data}></tandem-customer-360>`,
  );
  await untilChart(el);
  return el;
}

describe('tandem-customer-360 rendering', () => {
  it('renders account, people (focus first), deals and timeline from `data` without a request', async () => {
    const endpoint = await mockGraphQL({ body: { data: { customer } } });
    const el = await fixture<TandemCustomer360>(
      html`<tandem-customer-360 endpoint=${endpoint} record-id="per_jane" .data=${customer}></tandem-customer-360>`,
    );
    await untilChart(el);
    expect(el.state).to.equal('ready');
    const account = shadow(el).querySelector('[part~="account"]')!;
    expect(text(account.querySelector('h2'))).to.equal('Acme GmbH');
    expect(text(account))
      .to.contain('Domainacme.example')
      .and.contain('SegmentEnterprise')
      .and.contain('OwnerSam Seller');
    expect(people(el)).to.have.length(3);
    expect(people(el).map((p) => text(p.querySelector('.name')))).to.deep.equal([
      'Jane Doe',
      'Ann Abel',
      'John Roe',
    ]);
    expect(people(el)[0].classList.contains('focus')).to.equal(true);
    expect(people(el)[0].getAttribute('part')).to.equal('person focus-person');
    expect(text(people(el)[0]))
      .to.contain('This record')
      .and.contain('A2 · 57');
    // named by its content: the visible text is the accessible name (no aria-label to drift from it)
    expect(people(el)[0].hasAttribute('aria-label')).to.equal(false);
    expect(text(people(el)[0])).to.match(/^Jane Doe This record SAL, sales stage /);
    expect(titles(el)).to.deep.equal(['Call by Rita Rep', 'Stage MQL → SAL', 'Form submit']);
    expect(entries(el).map((e) => e.classList[1])).to.deep.equal(['activity', 'stage', 'touch']);
    expect(await recordedRequests(endpoint)).to.have.length(0);
    expect(loadMore(el)).to.equal(null); // `data` from the page: there is no gateway to page through
  });

  it('writes the SLA status in words with the clock in the locale, stage chips by owner team', async () => {
    const el = await render(customer, 'de-DE');
    const badges = people(el).map((p) => text(p.querySelector('.badge')));
    expect(badges).to.deep.equal(['SLA: ✕ Breached', 'SLA: – Not handed off', 'SLA: ✓ Within target']);
    const deadline = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' }).format(
      Date.parse('2026-03-02T12:00:00.000Z'),
    );
    expect(text(people(el)[0])).to.contain(`overdue since ${deadline}`);
    expect(text(people(el)[2])).to.contain('first touch after 2,5 Std.');
    const chips = people(el).map((p) => p.querySelector('.chip')!);
    expect(chips.map((c) => c.className)).to.deep.equal(['chip sales', 'chip marketing', 'chip sales']);
    expect(getComputedStyle(chips[0]).backgroundColor).not.to.equal(
      getComputedStyle(chips[1]).backgroundColor,
    );
    const flags = [...people(el)[1].querySelectorAll('.flags > span')];
    expect(flags.map((flag) => `${flag.className} ${text(flag)}`)).to.deep.equal([
      'on ✓has ICP fit', // "has"/"lacks" are visually hidden words for the glyphs
      'off ✗lacks Budget',
      'on ✓has Timeframe',
      'on ✓has Willing to engage',
    ]);
    const deals = shadow(el).querySelector('[part~="deals"]')!;
    expect(text(deals.querySelector('.totals'))).to.equal(
      'Open 2 · 120.000,00 € Won 1 · 50.000,00 € Lost 1 · 10.000,00 €',
    );
    expect([...deals.querySelectorAll('.status')].map((s) => text(s))).to.deep.equal([
      'Open',
      'Won',
      'Lost',
      'Open',
    ]);
    expect(text(deals.querySelectorAll('.deal')[3]!.querySelector('b'))).to.equal('amount unknown');
  });

  it('draws the timeline sparkline and exports the timeline', async () => {
    const el = await render();
    const svg = await untilChart(el);
    const [from, to] = ['2026-03-02T08:00:00.000Z', '2026-03-04T15:00:00.000Z'].map((iso) =>
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(Date.parse(iso)),
    );
    expect(svg.getAttribute('aria-label')).to.equal(`Timeline activity: 3 entries from ${from} to ${to}`);
    expect([...svg.querySelectorAll('rect')].map((r) => r.getAttribute('height'))).to.deep.equal([
      '15',
      '30',
    ]);
    expect([...svg.querySelectorAll('text')].map((t) => t.textContent)).to.deep.equal([from, to]);
    const csv = el.toCSV().split('\r\n');
    expect(csv[0]).to.equal('Occurred at,Kind,Title,Detail,Person,By,Campaign,Channel');
    expect(csv[1]).to.equal('2026-03-04T15:00:00.000Z,ACTIVITY,Call by Rita Rep,,Jane Doe,Rita Rep,,');
    expect(el.toSVG()).to.match(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('passes axe-core in light and dark themes', async () => {
    const el = await render();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  for (const width of [280, 1600]) {
    it(`lays out at ${width}px without horizontal overflow`, async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width:${width}px"><tandem-customer-360 .data=${customer}></tandem-customer-360></div>`,
      );
      const el = wrapper.querySelector('tandem-customer-360')!;
      const svg = await untilChart(el);
      const columns = shadow(el).querySelector('.columns')!;
      expect(columns.classList.contains('wide')).to.equal(width === 1600);
      expect(svg.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
      for (const node of [el, columns, ...people(el), ...entries(el)]) {
        expect(node.scrollWidth, node.className).to.be.at.most(node.clientWidth);
      }
      expect(wrapper.scrollWidth).to.equal(width);
    });
  }
});

describe('tandem-customer-360 requests and states', () => {
  const lookups: [string, Record<string, string>, Record<string, unknown>][] = [
    ['record-id per_…', { 'record-id': 'per_jane' }, { id: 'per_jane' }],
    ['record-id acc_…', { 'record-id': 'acc_acme' }, { id: 'acc_acme' }],
    ['a Salesforce id', { 'record-id': '00Q5e000001AbCdEAK' }, { sourceId: '00Q5e000001AbCdEAK' }],
    ['email', { email: 'jane@acme.example' }, { email: 'jane@acme.example' }],
  ];
  for (const [name, attributes, expected] of lookups) {
    it(`sends ${name} as ${Object.keys(expected)[0]}`, async () => {
      const endpoint = await mockGraphQL({ body: { data: { customer } } });
      const el = document.createElement('tandem-customer-360');
      el.setAttribute('endpoint', endpoint);
      el.setAttribute('tenant', 'acme');
      for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
      const loaded = oneEvent(el, 'tandem-load');
      await fixture(el);
      await loaded;
      const [request, ...more] = await recordedRequests(endpoint);
      expect(more).to.have.length(0);
      expect(request.tenant).to.equal('acme');
      expect(request.body.operationName).to.equal('TandemCustomer');
      expect(request.body.variables).to.deep.equal({ ...expected, first: 20 });
    });
  }

  it('fetches again when record-id changes', async () => {
    const endpoint = await mockGraphQL({ body: { data: { customer } } });
    const el = await fixture<TandemCustomer360>(
      html`<tandem-customer-360 endpoint=${endpoint} record-id="per_jane"></tandem-customer-360>`,
    );
    await untilState(el, 'ready');
    el.setAttribute('record-id', 'acc_acme');
    await oneEvent(el, 'tandem-load');
    const requests = await recordedRequests(endpoint);
    expect(requests.map((r) => r.body.variables.id)).to.deep.equal(['per_jane', 'acc_acme']);
  });

  it('shows "No customer found for …" when the gateway answers null, then the next record-id', async () => {
    const endpoint = await mockGraphQL(
      { body: { data: { customer: null } } },
      { body: { data: { customer } } },
    );
    const el = await fixture<TandemCustomer360>(
      html`<tandem-customer-360 endpoint=${endpoint} record-id="per_missing"></tandem-customer-360>`,
    );
    await untilState(el, 'empty');
    expect(text(shadow(el).querySelector('[part="empty"]'))).to.equal('No customer found for per_missing');
    expect(shadow(el).querySelector('svg')).to.equal(null);
    await expect(el).to.be.accessible();
    el.recordId = 'per_jane';
    await untilState(el, 'ready');
    await untilChart(el);
    expect(people(el)).to.have.length(3);
  });

  it('shows an error with Retry that recovers', async () => {
    const error = { message: 'CRM timed out', extensions: { code: 'UPSTREAM_TIMEOUT' } };
    const endpoint = await mockGraphQL({ body: { errors: [error] } }, { body: { data: { customer } } });
    const el = await fixture<TandemCustomer360>(
      html`<tandem-customer-360 endpoint=${endpoint} email="jane@acme.example"></tandem-customer-360>`,
    );
    const { detail } = await oneEvent(el, 'tandem-error');
    expect(detail).to.include({ message: 'CRM timed out', code: 'UPSTREAM_TIMEOUT' });
    await untilState(el, 'error');
    expect(text(shadow(el).querySelector('[part="error"]'))).to.contain('CRM timed out');
    await expect(el).to.be.accessible();
    shadow(el).querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await untilState(el, 'ready');
    await untilChart(el);
    expect(people(el)).to.have.length(3);
  });

  it('"Load more" asks for the page after endCursor, appends it and focuses its first entry', async () => {
    const endpoint = await mockGraphQL(
      { body: { data: { customer } } },
      { delay: 200, body: { data: { customer: secondPage } } },
    );
    const el = await fixture<TandemCustomer360>(
      html`<tandem-customer-360 endpoint=${endpoint} record-id="per_jane"></tandem-customer-360>`,
    );
    await untilState(el, 'ready');
    await untilChart(el);
    expect(titles(el)).to.have.length(3);
    const loaded = oneEvent(el, 'tandem-load');
    loadMore(el)!.click();
    await untilState(el, 'refreshing');
    expect(titles(el)).to.have.length(3); // what is shown stays while the page loads
    const { detail } = await loaded;
    expect((detail.data as Customer).timeline.edges).to.have.length(5);
    await untilState(el, 'ready');
    expect(titles(el)).to.deep.equal([
      'Call by Rita Rep',
      'Stage MQL → SAL',
      'Form submit',
      'Webinar attended',
      'Deal created: Acme platform',
    ]);
    const [, second] = await recordedRequests(endpoint);
    expect(second.body.variables).to.deep.equal({ id: 'per_jane', first: 20, after: 'c-t1' });
    expect(loadMore(el)).to.equal(null); // the last page
    await waitUntil(() => focusedIndex(entries(el), el) === 3, 'the first new entry was not focused');
    expect(entries(el)[3].getAttribute('tabindex')).to.equal('0');
  });
});

describe('tandem-customer-360 interaction', () => {
  it('fires tandem-person-select on click', async () => {
    const el = await render();
    setTimeout(() => people(el)[2].click());
    const { detail } = await oneEvent(el, 'tandem-person-select');
    expect(detail).to.deep.equal({ personId: 'per_john', name: 'John Roe' });
  });

  it('moves through people and timeline entries as two roving groups; Enter selects a person', async () => {
    const el = await render();
    expect(people(el).map((p) => p.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1']);
    expect(entries(el).map((e) => e.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1']);
    people(el)[0].focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(focusedIndex(people(el), el)).to.equal(1);
    const selected = oneEvent(el, 'tandem-person-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ personId: 'per_ann', name: 'Ann Abel' });
    await sendKeys({ press: 'Tab' }); // from the people group straight to the timeline group
    expect(focusedIndex(entries(el), el)).to.equal(0);
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(focusedIndex(entries(el), el)).to.equal(2);
    expect(entries(el)[2].getAttribute('tabindex')).to.equal('0');
  });
});

describe('tandem-customer-360 with hostile CRM text', () => {
  const IMG = '<img src=x onerror="window.__xss=1">';
  const JS_URL = 'javascript:alert(1)';
  const hostile: Customer = {
    ...customer,
    account: { ...customer.account!, name: IMG, domain: JS_URL, industry: IMG, owner: { name: IMG } },
    people: customer.people.map((p, i) => ({
      ...p,
      name: i === 1 ? IMG : p.name,
      title: i === 1 ? JS_URL : IMG,
      email: JS_URL,
      stage: { ...p.stage, label: IMG, ownerTeam: '"><img src=x>' as 'sales' },
    })),
    opportunities: customer.opportunities.map((o) => ({ ...o, name: IMG, stage: JS_URL })),
    timeline: {
      ...customer.timeline,
      edges: customer.timeline.edges.map(({ cursor, node }) => ({
        cursor,
        node: {
          ...node,
          kind: IMG as 'TOUCH',
          title: IMG,
          detail: JS_URL,
          personName: IMG,
          actorName: JS_URL,
          campaign: { name: IMG },
        },
      })),
    },
  };

  afterEach(() => {
    delete window.__xss;
  });

  function expectInert(el: HTMLElement): void {
    const root = shadow(el);
    expect(root.querySelector('img, script, iframe, a, [href], [src], [onerror]')).to.equal(null);
    for (const node of root.querySelectorAll('*')) {
      expect(`${node.getAttribute('class')} ${node.getAttribute('part')}`).not.to.match(/[<>"]|javascript/);
    }
    expect(window.__xss).to.equal(undefined);
  }

  it('shows markup and javascript: URLs as text in names, titles, domain, deals and the timeline', async () => {
    const el = await render(hostile);
    await aTimeout(50); // an injected <img src=x> would have failed to load and run onerror by now
    expectInert(el);
    expect(text(shadow(el).querySelector('h2'))).to.equal(IMG);
    expect(text(shadow(el).querySelector('[part~="account"]'))).to.contain(`Domain${JS_URL}`);
    expect(text(people(el)[0].querySelector('.name'))).to.equal(IMG);
    expect(text(people(el)[0])).to.match(/^<img src=x onerror=/);
    expect(text(people(el)[0])).to.contain(JS_URL);
    expect(people(el).map((p) => p.querySelector('.chip')!.className)).to.deep.equal([
      'chip marketing',
      'chip marketing',
      'chip marketing',
    ]);
    expect(titles(el)).to.deep.equal([IMG, IMG, IMG]);
    expect(entries(el).every((e) => e.className === 'entry other')).to.equal(true);
    expect(text(entries(el)[0])).to.contain(JS_URL);
    expect(text(shadow(el).querySelector('[part~="deals"] .deal'))).to.contain(IMG);
    const cells = [...shadow(el).querySelectorAll('tbody td')].map((td) => td.textContent);
    expect(cells).to.include(IMG).and.include(JS_URL);
    expect(el.toSVG()).not.to.contain('<img');
    expect(el.toCSV()).to.contain('"<img src=x onerror=""window.__xss=1"">"');
  });

  it('shows a hostile record-id in the not-found state as text', async () => {
    const endpoint = await mockGraphQL({ body: { data: { customer: null } } });
    const el = await fixture<TandemCustomer360>(
      html`<tandem-customer-360 endpoint=${endpoint} record-id=${IMG}></tandem-customer-360>`,
    );
    await untilState(el, 'empty');
    await aTimeout(50);
    expect(text(shadow(el).querySelector('[part="empty"]'))).to.equal(`No customer found for ${IMG}`);
    expectInert(el);
    const [request] = await recordedRequests(endpoint);
    expect(request.body.variables).to.deep.equal({ sourceId: IMG, first: 20 });
  });
});
