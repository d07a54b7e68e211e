import { html, isServer, LitElement, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { type DataTable, renderDataTable, tableToCSV } from './data-table.js';
import type { EventDetail } from './events.js';
import { type Formatters, formatters } from './format.js';
import * as view from './states.js';
import { download, serializeSVG, svgToPNG } from './svg-export.js';

/**
 * The presentation half of a Tandem widget: states, the chart with its text equivalent (aria-label
 * summary, visually hidden table), tooltip, resize, theme and exports. TandemElement adds the data.
 *
 * @csspart base - Wrapper of every state.
 * @csspart loading - The loading state.
 * @csspart empty - The no-data state.
 * @csspart error - The error state.
 * @csspart retry - The error state's button.
 * @csspart refreshing - The indicator shown while old data stays visible.
 * @csspart figure - The chart and its aria-label summary.
 * @csspart tooltip - The tooltip of the hovered or focused mark.
 * @csspart export-menu - The CSV/SVG/PNG menu.
 * @csspart export-button - The menu's Export button.
 * @csspart data-table - The visually hidden table.
 * @cssprop [--tandem-color-text] - And the other --tandem-* tokens of tokens.styles.ts.
 */
export abstract class ChartElement<TData> extends LitElement {
  static override properties: PropertyDeclarations = {
    locale: {},
    currency: {},
    theme: { reflect: true },
    state: { reflect: true },
    // Internal state. `attribute: false` is implied by `state: true` for Lit, but the manifest analyzer
    // reads only `attribute: false`: without it, custom-elements.json lists these as attributes.
    errorMessage: { state: true, attribute: false },
    tip: { state: true, attribute: false },
  };

  /** BCP 47 locale for numbers and dates; defaults to the browser's. */
  declare locale?: string;
  /** ISO 4217 code for money. @default 'USD' */
  declare currency?: string;
  /** `light` or `dark`; unset follows prefers-color-scheme. */
  declare theme?: 'light' | 'dark';
  /** Reflected, so pages can style `[state=error]`; set by the widget, not by pages. */
  declare state: view.WidgetState;
  /** The error state's message. */
  declare protected errorMessage: string;
  /** The tooltip on screen, in figure coordinates. */
  declare protected tip?: { x: number; y: number; text: string };

  /** The data on screen (or, in the error state, the last data shown). */
  protected current?: TData;

  protected abstract isEmpty(data: TData): boolean;
  /** One sentence for the figure's aria-label. */
  protected abstract summarize(data: TData, format: Formatters): string;
  /** The chart as a table: the visually hidden text equivalent and the CSV export. */
  protected abstract tabulate(data: TData, format: Formatters): DataTable;
  /** The chart: one `<svg part="chart">` (exports read it) plus any HTML around it. */
  protected abstract renderChart(data: TData, width: number, format: Formatters): TemplateResult;
  /** Fetches the data again (the error state's Retry). */
  abstract refresh(): Promise<void>;
  /** A status badge at the start of the toolbar (TandemElement's "Live"). */
  protected renderBadge(): TemplateResult | typeof nothing {
    return nothing;
  }

  /**
   * Width comes from a zero-height sentinel, not the host: the host's height changes when the chart
   * renders, which would re-notify within the same frame ("ResizeObserver loop completed…"). It is
   * created here, not rendered by a directive, so observing it never requests an update mid-render.
   */
  private readonly sentinel = isServer
    ? null
    : Object.assign(document.createElement('div'), { className: 'measure' });
  private measured?: number;
  // A plain ResizeObserver rather than Lit's ResizeController, which brings the async directives
  // along (~0.7 KB gzip of the 40 KB budget) for a target this element creates and owns anyway.
  private readonly resize = isServer
    ? null
    : new ResizeObserver((entries) => {
        this.measured = entries[0]?.contentRect.width;
        this.requestUpdate();
      });

  constructor() {
    super();
    this.state = 'loading';
    this.errorMessage = '';
  }

  /** Chart width for layout: the measured content width, clamped to the supported 280–1600 px. */
  protected get chartWidth(): number | undefined {
    const width = this.measured;
    return width === undefined ? undefined : Math.round(Math.min(1600, Math.max(280, width)));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Observing reports the current size at once: the first width arrives without a resize.
    if (this.sentinel) this.resize?.observe(this.sentinel);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
  }

  protected get format(): Formatters {
    return formatters(this.locale, this.currency);
  }

  /** Sends a `tandem-*` event (bubbles, composed, cancelable); false when a listener cancelled it. */
  protected emit<K extends keyof GlobalEventHandlersEventMap>(name: K, detail: EventDetail<K>): boolean {
    /** @ignore Not an event of its own: each widget lists the events it sends with `@fires`. */
    return this.dispatchEvent(
      new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }),
    );
  }

  /** Shows the tooltip at chart coordinates (px inside the figure). */
  protected showTip(x: number, y: number, text: string): void {
    this.tip = { x, y, text };
  }

  protected hideTip(): void {
    this.tip = undefined;
  }

  /** The chart as CSV (raw values, one row per mark). */
  toCSV(): string {
    return this.current === undefined ? '' : tableToCSV(this.tabulate(this.current, this.format));
  }

  /** The chart as a standalone SVG document (colors and fonts inlined). */
  toSVG(): string {
    const svg = this.renderRoot.querySelector<SVGSVGElement>('svg[part~="chart"]');
    return svg ? serializeSVG(svg) : '';
  }

  /** The chart as a PNG at twice its size. */
  async toPNG(): Promise<Blob> {
    const svg = this.renderRoot.querySelector<SVGSVGElement>('svg[part~="chart"]');
    if (!svg) throw new Error(`${this.localName} has no chart to export (state: ${this.state})`);
    const { width, height } = svg.viewBox.baseVal;
    return svgToPNG(serializeSVG(svg), width, height);
  }

  private readonly exportAs = async (kind: view.ExportKind): Promise<void> => {
    const text = kind === 'csv' ? this.toCSV() : this.toSVG();
    const blob =
      kind === 'png'
        ? await this.toPNG()
        : new Blob([text], { type: kind === 'csv' ? 'text/csv' : 'image/svg+xml' });
    download(blob, `${this.localName}.${kind}`);
  };

  protected override render(): TemplateResult {
    const { state, current: data } = this;
    const shown = data !== undefined && (state === 'ready' || state === 'refreshing');
    const badge = this.renderBadge();
    return html`${this.sentinel}
      <div part="base">
        ${view.renderRefreshing(state === 'refreshing')}
        ${
          shown || badge !== nothing
            ? html`<div class="toolbar">${badge}${shown ? view.renderExportMenu(this.exportAs) : nothing}</div>`
            : nothing
        }
        ${state === 'loading' ? view.renderLoading() : nothing}
        ${state === 'empty' ? view.renderEmpty() : nothing}
        ${state === 'error' ? view.renderError(this.errorMessage, () => void this.refresh()) : nothing}
        ${shown ? this.renderFigure(data) : nothing}
      </div>`;
  }

  private renderFigure(data: TData): TemplateResult {
    const { chartWidth: width, format, tip } = this;
    // Keep the tooltip inside the widget: left-anchored near the left edge, right-anchored near the right.
    const shift =
      tip && width ? (tip.x < width / 3 ? '0' : tip.x > (width * 2) / 3 ? '-100%' : '-50%') : '-50%';
    const busy = this.state === 'refreshing' ? 'true' : 'false';
    return html`<figure part="figure" aria-label=${this.summarize(data, format)} aria-busy=${busy}>
        ${width === undefined ? nothing : this.renderChart(data, width, format)}
        ${
          tip
            ? html`<div part="tooltip" aria-hidden="true"
              style=${styleMap({ left: `${tip.x}px`, top: `${tip.y}px`, translate: `${shift} 0` })}>${tip.text}</div>`
            : nothing
        }
      </figure>
      ${renderDataTable(this.tabulate(data, format))}`;
  }
}
