import { html, nothing, type TemplateResult } from 'lit';

/** loading → ready | empty | error; refreshing keeps the previous chart visible while a new request runs. */
export type WidgetState = 'loading' | 'empty' | 'error' | 'refreshing' | 'ready';

export type ExportKind = 'csv' | 'svg' | 'png';

export function renderLoading(): TemplateResult {
  return html`<div part="loading" class="state" role="status">
    <span class="spinner" aria-hidden="true"></span><span>Loading…</span>
  </div>`;
}

export function renderEmpty(): TemplateResult {
  return html`<div part="empty" class="state" role="status">No data for these filters.</div>`;
}

/** The gateway's message goes through a text binding: it may echo user input. */
export function renderError(message: string, retry: () => void): TemplateResult {
  return html`<div part="error" class="state" role="alert">
    <span>${message}</span>
    <button part="retry" type="button" @click=${retry}>Retry</button>
  </div>`;
}

export function renderRefreshing(refreshing: boolean): TemplateResult | typeof nothing {
  return refreshing
    ? html`<div part="refreshing" class="refreshing" role="status"><span class="visually-hidden">Updating…</span></div>`
    : nothing;
}

export function renderExportMenu(exportAs: (kind: ExportKind) => void): TemplateResult {
  const pick = (kind: ExportKind) => (event: Event) => {
    (event.currentTarget as HTMLElement).closest('details')?.removeAttribute('open');
    exportAs(kind);
  };
  return html`<details part="export-menu" class="export-menu">
    <summary part="export-button">Export</summary>
    <div class="export-options">
      <button type="button" @click=${pick('csv')}>CSV</button>
      <button type="button" @click=${pick('svg')}>SVG</button>
      <button type="button" @click=${pick('png')}>PNG</button>
    </div>
  </details>`;
}
