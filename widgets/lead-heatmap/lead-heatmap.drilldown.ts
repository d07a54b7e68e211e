import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { MetricsFilter } from '../shared/filters.js';
import type { Formatters } from '../shared/format.js';
import type { Lead, LeadConnection, LeadScoreCell } from './lead-heatmap.query.js';

/** The drill-down list under the matrix: the people of the selected cell, 20 at a time. */

export const PAGE_SIZE = 20;

export interface DrillDown {
  /** The cell's index in the layout (row-major), to give focus back on close. */
  index: number;
  cell: LeadScoreCell;
  leads: Lead[];
  totalCount: number | null;
  endCursor: string | null;
  hasNextPage: boolean;
  status: 'loading' | 'ready' | 'error';
  error: string;
}

/** `leads` variables: the widget's filter narrowed to the cell (LeadFilter = MetricsFilter + the cell). */
export function leadVariables(
  filter: MetricsFilter,
  cell: Pick<LeadScoreCell, 'fitGrade' | 'engagementBand'>,
  after: string | null,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {
    filter: { ...filter, fitGrade: cell.fitGrade, engagementBand: cell.engagementBand },
    first: PAGE_SIZE,
  };
  if (after) variables.after = after;
  return variables;
}

export type FetchLeads = (
  variables: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<LeadConnection | null>;

/**
 * The open drill-down and its paging: one request at a time (a new cell or Close aborts the old one),
 * pages appended in order, errors kept beside the leads already listed so Retry resumes. A request
 * outlives a detach (moving the widget in the page must not leave the list loading forever), so this
 * needs no lifecycle hooks: it only asks the host to render.
 */
export class DrillDownController {
  value?: DrillDown;
  private inFlight?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly filter: () => MetricsFilter,
    private readonly fetch: FetchLeads,
  ) {}

  private set(change: Partial<DrillDown>): void {
    if (this.value) this.value = { ...this.value, ...change };
    this.host.requestUpdate();
  }

  open(index: number, cell: LeadScoreCell): void {
    if (this.value?.index === index) return;
    this.value = {
      index,
      cell,
      leads: [],
      totalCount: null,
      endCursor: null,
      hasNextPage: false,
      status: 'loading',
      error: '',
    };
    void this.more();
  }

  close(): void {
    this.inFlight?.abort();
    this.value = undefined;
    this.host.requestUpdate();
  }

  /** Fetches the next page (the first when nothing is listed yet); resolves true after the last page. */
  async more(): Promise<boolean> {
    const open = this.value;
    if (!open) return false;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.set({ status: 'loading', error: '' });
    try {
      const page = await this.fetch(
        leadVariables(this.filter(), open.cell, open.endCursor),
        controller.signal,
      );
      if (controller.signal.aborted) return false;
      this.set({
        leads: [...open.leads, ...(page?.edges ?? []).map((edge) => edge.node)],
        totalCount: page?.totalCount ?? 0,
        endCursor: page?.pageInfo.endCursor ?? null,
        hasNextPage: page?.pageInfo.hasNextPage ?? false,
        status: 'ready',
      });
      return !page?.pageInfo.hasNextPage;
    } catch (error) {
      if (!controller.signal.aborted) this.set({ status: 'error', error: (error as Error).message });
      return false;
    }
  }
}

export interface DrillDownActions {
  close(): void;
  more(): void;
  keydown(event: KeyboardEvent): void;
}

function renderLead(lead: Lead, f: Formatters): TemplateResult {
  const meta = [lead.title, lead.account?.name].filter(Boolean).join(' · ');
  return html`<li part="lead"><b>${lead.name}</b> <span>${f.number(lead.engagementScore)} pts</span>${
    meta ? html` <span class="muted">${meta}</span>` : nothing
  }</li>`;
}

/** Data text (names, titles, accounts, the gateway's message) only ever goes through text bindings. */
export function renderDrillDown(drill: DrillDown, f: Formatters, on: DrillDownActions): TemplateResult {
  const { cell, leads, status, totalCount } = drill;
  const loading = status === 'loading';
  const ready = status === 'ready';
  return html`<section part="drilldown" tabindex="-1" aria-labelledby="drill-title" aria-busy=${loading}
      @keydown=${on.keydown}>
    <div class="head">
      <h3 id="drill-title">Leads in fit ${cell.fitGrade}, band ${cell.engagementBand}</h3>
      <span class="muted">${f.number(cell.count)} in the matrix</span>
      <button part="drilldown-close" type="button" @click=${on.close}>Close</button>
    </div>
    ${leads.length ? html`<ul part="lead-list">${leads.map((lead) => renderLead(lead, f))}</ul>` : nothing}
    <div class="muted" role="status">${
      loading
        ? 'Loading leads…'
        : ready && totalCount
          ? `Showing ${f.number(leads.length)} of ${f.number(totalCount)} leads`
          : ready
            ? 'No leads in this cell for these filters.'
            : ''
    }</div>
    ${
      status === 'error'
        ? html`<div part="drilldown-error" role="alert">${drill.error}
            <button part="drilldown-retry" type="button" @click=${on.more}>Retry</button></div>`
        : drill.hasNextPage
          ? html`<button part="load-more" type="button" ?disabled=${loading} @click=${on.more}>Load more</button>`
          : nothing
    }
  </section>`;
}
