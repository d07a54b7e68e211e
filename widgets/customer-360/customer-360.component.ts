import {
  html,
  isServer,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  svg,
  type TemplateResult,
} from 'lit';
import { baseStyles } from '../shared/base.styles.js';
import { cell, type DataTable } from '../shared/data-table.js';
import type { MetricsFilter } from '../shared/filters.js';
import { type Formatters, MISSING } from '../shared/format.js';
import { RovingFocusController } from '../shared/roving.js';
import { TandemElement } from '../shared/tandem-element.js';
import { tokenStyles } from '../shared/tokens.styles.js';
import {
  type CustomerLayout,
  dealStatus,
  dealTotals,
  layoutCustomer,
  type SlaBadge,
  slaBadge,
} from './customer-360.layout.js';
import {
  type Customer,
  type CustomerPerson,
  customerLookup,
  customerOperation,
  type TandemCustomerResult,
  type TimelineEntry,
} from './customer-360.query.js';
import { customer360Styles } from './customer-360.styles.js';
import { DEALS, FLAGS, formatInstant, KINDS, OTHER_KIND, type When } from './customer-360.words.js';

export interface PersonSelectDetail {
  personId: string;
  name: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-person-select': CustomEvent<PersonSelectDetail>;
  }
}

/** Timeline entries per request (the first page and each "Load more"). */
export const TIMELINE_PAGE = 20;

/**
 * @tag tandem-customer-360
 * @summary One customer as both teams see it, for a CRM record page: the account, its people with
 * lifecycle stage, score and grade, prospect flags and handoff SLA, the deals, and one timeline of
 * touches, sales activities, stage changes and deal events with "Load more".
 *
 * @fires tandem-person-select - A person was clicked or chosen with Enter/Space. detail: {personId, name}
 * @fires tandem-load - Also after "Load more", with the merged timeline.
 *
 * @csspart account - The account header (or the person, without an account).
 * @csspart people - The people section.
 * @csspart person - One person (also `focus-person` for the record the widget was opened on).
 * @csspart deals - The deals section.
 * @csspart timeline - The timeline section.
 * @csspart entry - One timeline entry.
 * @csspart chart - The SVG sparkline: timeline entries per period, oldest left (also what SVG/PNG export).
 * @csspart load-more - The button that fetches the next timeline page.
 *
 * @cssprop [--c360-marketing-color=var(--tandem-color-marketing)] - Marketing stages and touches.
 * @cssprop [--c360-sales-color=var(--tandem-color-sales)] - Sales stages, activities and open deals.
 * @cssprop [--c360-good-color=var(--tandem-color-good)] - SLA within target, won deals.
 * @cssprop [--c360-warn-color=var(--tandem-color-warn)] - SLA late.
 * @cssprop [--c360-bad-color=var(--tandem-color-bad)] - SLA breached, lost deals.
 * @cssprop [--c360-line-color=var(--tandem-color-border)] - Card borders, deal rows, the sparkline axis.
 */
export class TandemCustomer360 extends TandemElement<Customer, TandemCustomerResult> {
  static override properties: PropertyDeclarations = {
    recordId: { attribute: 'record-id' },
    email: {},
  };
  static override styles = [tokenStyles, baseStyles, customer360Styles];

  /** A person id (`per_…`), an account id (`acc_…`) or any source-system id (sent as `sourceId`). */
  declare recordId?: string;
  /** Any email address of a person; used when `record-id` is not set. */
  declare email?: string;

  protected readonly operation = customerOperation;
  /** The cursor the current request continues after; unset for the first page. */
  private cursor?: string;
  /** After "Load more": the index of the first new entry, which gets focus once it is shown. */
  private revealFrom?: number;
  /** `data` came from the page: there is no gateway to load more from. */
  private fromPage = false;
  private layout?: { data: Customer; width: number; value: CustomerLayout };
  private readonly peopleFocus = new RovingFocusController(this, {
    selector: '[data-mark="person"]',
    onSelect: (index) => this.selectPerson(index),
  });
  private readonly entryFocus = new RovingFocusController(this, { selector: '[data-mark="entry"]' });

  override get data(): Customer | undefined {
    return super.data;
  }
  override set data(value: Customer | undefined) {
    this.fromPage = value != null;
    super.data = value;
  }

  /** Fetches the customer again; with `after`, the timeline page after that cursor is appended. */
  override refresh(after?: string): Promise<void> {
    this.cursor = after;
    if (!after) this.revealFrom = undefined;
    return super.refresh();
  }

  /** The base types variables as `{ filter }`; `customer` takes no MetricsFilter, so none is sent. */
  protected override variables(): { filter: MetricsFilter } & Record<string, unknown> {
    const variables: Record<string, unknown> = {
      ...customerLookup(this.recordId, this.email),
      first: TIMELINE_PAGE,
      after: this.cursor,
    };
    return variables as { filter: MetricsFilter } & Record<string, unknown>;
  }

  protected select({ customer }: TandemCustomerResult): Customer | null {
    const shown = this.current;
    if (!this.cursor || !customer || shown?.id !== customer.id) return customer;
    // Load more: the new page goes after what is shown; everything else is the fresh copy.
    const { edges, pageInfo } = customer.timeline;
    return { ...customer, timeline: { edges: [...shown.timeline.edges, ...edges], pageInfo } };
  }

  /** A found customer always has a person or an account; not found is `customer: null`. */
  protected isEmpty(): boolean {
    return false;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.hasUpdated && !isServer && (changed.has('recordId') || changed.has('email')))
      void this.refresh();
    const data = this.current;
    const shown = data?.timeline.edges.length ?? 0;
    if (this.revealFrom !== undefined && this.state === 'ready' && shown > this.revealFrom) {
      this.entryFocus.index = this.revealFrom; // its Tab stop now, so focusing it in updated() changes nothing
    }
    // A new customer may have fewer people or entries: keep one Tab stop per group.
    if (this.peopleFocus.index >= (data?.people.length ?? 0)) this.peopleFocus.index = 0;
    if (this.entryFocus.index >= shown) this.entryFocus.index = 0;
  }

  /** "No customer found for …" instead of the shared "No data for these filters." */
  protected override render(): TemplateResult {
    if (this.state !== 'empty') return super.render();
    const lookup = this.recordId?.trim() || this.email?.trim();
    return html`<div part="base"><div part="empty" class="state" role="status">
      ${lookup ? `No customer found for ${lookup}` : 'No customer found.'}
    </div></div>`;
  }

  /** Keeps what is shown and appends the next page; focus then moves to its first entry. */
  private readonly loadMore = (): void => {
    const timeline = this.current?.timeline;
    if (!timeline?.pageInfo.endCursor) return;
    this.revealFrom = timeline.edges.length;
    void this.refresh(timeline.pageInfo.endCursor);
  };

  /** The Load more button may be gone with the last page: keep keyboard users where the new entries start. */
  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const from = this.revealFrom;
    if (from === undefined || this.entryFocus.index !== from) return;
    this.revealFrom = undefined;
    this.renderRoot.querySelectorAll<HTMLElement>('[data-mark="entry"]')[from]?.focus();
  }

  private selectPerson(index: number): void {
    const person = this.layout?.value.people[index];
    if (person) this.emit('tandem-person-select', { personId: person.id, name: person.name });
  }

  private layoutFor(data: Customer, width: number): CustomerLayout {
    if (this.layout?.data !== data || this.layout.width !== width) {
      this.layout = { data, width, value: layoutCustomer(data, width) };
    }
    return this.layout.value;
  }

  private when(iso: string | null, style: When): string {
    return formatInstant(this.locale, iso, style);
  }

  private clockText({ clock }: SlaBadge, f: Formatters): string {
    if (!clock) return '';
    if (clock.kind === 'response') return `first touch after ${f.duration(clock.hours, 'hour')}`;
    return `${clock.kind === 'due' ? 'due' : 'overdue since'} ${this.when(clock.at, 'both')}`;
  }

  /** Without an account, the gateway's people are just the person looked up. */
  private customerName({ account, people }: Customer): string {
    return account?.name ?? people[0]?.name ?? MISSING;
  }

  protected summarize(data: Customer, f: Formatters): string {
    const { open, won } = dealTotals(data.opportunities);
    return `${this.customerName(data)}: ${f.number(data.people.length)} people, ${f.number(open.count)} open and ${f.number(won.count)} won deals, ${f.number(data.timeline.edges.length)} timeline entries.`;
  }

  protected tabulate(data: Customer): DataTable {
    const text = (value: string | null) => cell(value ?? null);
    return {
      caption: `Timeline of ${this.customerName(data)}`,
      columns: ['Occurred at', 'Kind', 'Title', 'Detail', 'Person', 'By', 'Campaign', 'Channel'],
      rows: data.timeline.edges.map(({ node: e }) => [
        cell(e.occurredAt, this.when(e.occurredAt, 'both')),
        cell(e.kind, (KINDS[e.kind] ?? OTHER_KIND)[2]),
        text(e.title),
        text(e.detail),
        text(e.personName),
        text(e.actorName),
        text(e.campaign?.name ?? null),
        text(e.channel),
      ]),
    };
  }

  private renderAccount(data: Customer): TemplateResult {
    const { account } = data;
    if (!account) {
      return html`<header part="account"><h2>${this.customerName(data)}</h2><p class="muted">No account</p></header>`;
    }
    const facts: [string, string | null][] = [
      ['Domain', account.domain],
      ['Industry', account.industry],
      ['Segment', account.segment],
      ['Owner', account.owner?.name ?? null],
    ];
    return html`<header part="account">
      <h2>${account.name}</h2>
      <dl class="facts">
        ${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value ?? MISSING}</dd></div>`)}
      </dl>
    </header>`;
  }

  /**
   * A person is one button named by its content (no aria-label): everything it shows is its name, in
   * the order shown, so the visible text is always in the accessible name. Glyphs are hidden from
   * assistive technology; words stand in for them (and for the owner team's color).
   */
  private renderPerson(person: CustomerPerson, index: number, focus: boolean, f: Formatters): TemplateResult {
    const { stage, qualification: q } = person;
    const team = stage.ownerTeam === 'sales' ? 'sales' : 'marketing';
    const badge = slaBadge(person.sla);
    const clock = this.clockText(badge, f);
    const meta = [person.title, person.email, person.owner && `Owner: ${person.owner.name}`].filter(Boolean);
    const r = this.peopleFocus;
    return html`<li><div data-mark="person" part=${focus ? 'person focus-person' : 'person'}
        class="person ${focus ? 'focus' : ''}" role="button" tabindex=${r.tabIndex(index)}
        @keydown=${r.onKeydown} @focus=${() => r.focused(index)} @click=${() => r.select(index)}>
      <div class="row">
        <span class="name">${person.name}</span>
        ${focus ? html`<span class="tag">This record</span>` : nothing}
        <span class="chip ${team}">${stage.label}<span class="visually-hidden">, ${team} stage</span></span>
      </div>
      ${meta.length ? html`<div class="muted">${meta.join(' · ')}</div>` : nothing}
      <div class="row">
        <span><span class="visually-hidden">Grade and score </span>${person.fitGrade}${person.engagementBand} · ${f.number(Math.round(person.engagementScore))}</span>
        <span class="badge ${badge.tone}">SLA: <span aria-hidden="true">${badge.icon}</span> ${badge.label}</span>
        ${clock ? html`<span class="muted">${clock}</span>` : nothing}
      </div>
      <div class="flags">
        ${FLAGS.map(([key, name]) => {
          const on = q?.[key] === true;
          return html`<span class=${on ? 'on' : 'off'}><span aria-hidden="true">${on ? '✓' : '✗'}</span><span
            class="visually-hidden">${on ? 'has' : 'lacks'}</span> ${name}</span> `;
        })}
      </div>
    </div></li>`;
  }

  private renderDeals(data: Customer, { totals }: CustomerLayout, f: Formatters): TemplateResult {
    const deals = data.opportunities;
    return html`<section part="deals">
      <h3>Deals</h3>
      ${
        deals.length === 0
          ? html`<p class="muted">No deals</p>`
          : html`<p class="totals">
            ${(['open', 'won', 'lost'] as const).map(
              (s) =>
                html`<span>${DEALS[s]} ${f.number(totals[s].count)} · <b>${f.currency(totals[s].amount)}</b></span> `,
            )}
          </p>
          <ul>
            ${deals.map((deal) => {
              const status = dealStatus(deal);
              const closed = deal.closedAt ? ` · ${this.when(deal.closedAt, 'day')}` : '';
              return html`<li class="deal">
                <span class="status ${status}">${DEALS[status]}</span> <span>${deal.name}</span>
                <b>${deal.amount === null ? 'amount unknown' : f.currency(deal.amount)}</b>
                <span class="muted">${deal.stage}${closed}</span>
              </li>`;
            })}
          </ul>`
      }
    </section>`;
  }

  private renderDensity({ density: d }: CustomerLayout, f: Formatters): TemplateResult {
    const from = this.when(d.from, 'day');
    const to = this.when(d.to, 'day');
    const count = f.number(d.bars.reduce((n, b) => n + b.count, 0));
    const label = d.from
      ? `Timeline activity: ${count} entries from ${from} to ${to}`
      : 'No timeline entries';
    return html`<svg part="chart" role="group" aria-label=${label} width=${d.width} height=${d.height}
        viewBox="0 0 ${d.width} ${d.height}">
        <line x1="0" x2=${d.width} y1=${d.plotHeight} y2=${d.plotHeight}></line>
        ${d.bars.map((b) => svg`<rect x=${b.x} y=${b.y} width=${b.width} height=${b.height}></rect>`)}
        ${d.from ? svg`<text x="0" y=${d.height - 3}>${from}</text>` : nothing}
        ${from !== to ? svg`<text x=${d.width} y=${d.height - 3} text-anchor="end">${to}</text>` : nothing}
      </svg>`;
  }

  private renderEntry(entry: TimelineEntry, index: number): TemplateResult {
    const [kind, marker, words] = KINDS[entry.kind] ?? OTHER_KIND;
    const actor = entry.actorName && !entry.title.includes(entry.actorName) ? `by ${entry.actorName}` : '';
    const meta = [entry.personName, actor, entry.campaign?.name, entry.channel].filter(Boolean).join(' · ');
    const r = this.entryFocus;
    return html`<li data-mark="entry" part="entry" class="entry ${kind}" tabindex=${r.tabIndex(index)}
        @keydown=${r.onKeydown} @focus=${() => r.focused(index)}>
      <span class="marker" aria-hidden="true">${marker}</span>
      <div>
        <time>${this.when(entry.occurredAt, 'time')}</time> <span class="muted">${words}</span>
        <div class="title">${entry.title}</div>
        ${entry.detail ? html`<div>${entry.detail}</div>` : nothing}
        ${meta ? html`<div class="muted">${meta}</div>` : nothing}
      </div>
    </li>`;
  }

  private renderTimeline(data: Customer, layout: CustomerLayout, f: Formatters): TemplateResult {
    const { edges, pageInfo } = data.timeline;
    const more = pageInfo.hasNextPage && pageInfo.endCursor && !this.fromPage;
    return html`<section part="timeline" class="timeline">
      <h3>Timeline</h3>
      ${this.renderDensity(layout, f)}
      ${layout.days.map(
        (day) => html`<h4>${this.when(day.at, 'day')}</h4>
          <ol>${day.entries.map((entry, i) => this.renderEntry(entry, day.start + i))}</ol>`,
      )}
      ${edges.length ? nothing : html`<p class="muted">No activity yet</p>`}
      ${more ? html`<button part="load-more" type="button" @click=${this.loadMore}>Load more</button>` : nothing}
      <span class="visually-hidden" role="status">${f.number(edges.length)} timeline entries shown</span>
    </section>`;
  }

  protected renderChart(data: Customer, width: number, f: Formatters): TemplateResult {
    const layout = this.layoutFor(data, width);
    return html`${this.renderAccount(data)}
      <div class="columns ${layout.wide ? 'wide' : ''}">
        <div>
          <section part="people" class="people">
            <h3>People (${f.number(data.people.length)})</h3>
            <ul>${layout.people.map((p, i) => this.renderPerson(p, i, p.id === layout.focusId, f))}</ul>
          </section>
          ${this.renderDeals(data, layout, f)}
        </div>
        ${this.renderTimeline(data, layout, f)}
      </div>`;
  }
}
