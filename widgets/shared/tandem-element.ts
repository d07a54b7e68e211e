import { isServer, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ChartElement } from './chart-element.js';
import { FILTER_FIELDS, type MetricsFilter, toMetricsFilter } from './filters.js';
import { type GraphQLRequestError, openStream, request } from './graphql-client.js';
import { liveOperation } from './live.query.js';
import { LiveController, type LiveState, renderLiveBadge } from './live-controller.js';
import { type TokenProvider, TokenRefreshController } from './token-controller.js';

export type { WidgetState } from './states.js';

/** The GraphQL operation a widget runs: its document and operation name. */
export interface Operation {
  query: string;
  operationName: string;
}

/** Attributes whose change means new data: they abort the in-flight request and fetch again. */
const REQUEST_KEYS = ['endpoint', 'tenant', ...Object.keys(FILTER_FIELDS)];

/** The origin that served this script, resolved on first use: SSR imports never touch `location`. */
export const scriptOrigin = (): string => new URL(import.meta.url).origin;

/**
 * Base class of Tandem data widgets: attributes → GraphQL request → states → chart. A widget supplies
 * `operation` and `select` here, and `isEmpty`, `summarize`, `tabulate`, `renderChart` (ChartElement).
 *
 * @fires tandem-load - Data arrived from the gateway. detail: {data}
 * @fires tandem-error - The request failed. detail: {message, status?, code?}
 * @fires tandem-token-expiring - The JWT expires within 60 s and there is no tokenProvider. detail: {expiresAt}
 * @csspart live - The badge of a `live` widget: "Live", or "Reconnecting…" while its stream reopens.
 */
export abstract class TandemElement<TData, TResult = unknown> extends ChartElement<TData> {
  static override properties: PropertyDeclarations = {
    endpoint: {},
    token: {},
    tenant: {},
    from: {},
    to: {},
    segment: {},
    region: {},
    channel: {},
    campaign: {},
    owner: {},
    team: {},
    live: { type: Boolean, reflect: true },
    liveDebounce: { type: Number, attribute: 'live-debounce' },
    liveState: { state: true, attribute: false },
    data: { attribute: false, noAccessor: true },
    tokenProvider: { attribute: false },
  };

  /** Gateway origin; defaults to the origin that served the script. */
  declare endpoint?: string;
  /** Bearer token (a JWT, so its `exp` can be read); never reflected back into the DOM. */
  declare token?: string;
  /** Tenant key, sent as `X-Tandem-Tenant` (the demo's `acme` / `nordlicht`); unset: the gateway decides. */
  declare tenant?: string;
  /** First day, YYYY-MM-DD (MetricsFilter.from). */
  declare from?: string;
  /** Last day, YYYY-MM-DD (MetricsFilter.to). */
  declare to?: string;
  /** The person's account segment: Enterprise, Mid-market or SMB (MetricsFilter.segment). */
  declare segment?: string;
  /** The person's region, else their account's (MetricsFilter.region). */
  declare region?: string;
  /** People with a touch in this channel: email, paid_search, webinar… (MetricsFilter.channel). */
  declare channel?: string;
  /** Campaign id (MetricsFilter.campaignId). */
  declare campaign?: string;
  /** Owner (user) id (MetricsFilter.ownerId). */
  declare owner?: string;
  /** Team id (MetricsFilter.teamId). */
  declare team?: string;
  /** Called for a fresh token before the JWT expires and after a 401. */
  declare tokenProvider?: TokenProvider;
  /** Refetch whenever the gateway's data changes (a subscription over server-sent events), with a "Live" badge. */
  declare live?: boolean;
  /** Milliseconds to wait after a change before refetching, so a burst of changes costs one request. @default 500 */
  declare liveDebounce?: number;
  /** The live stream's state, shown by the badge. */
  declare protected liveState: LiveState;

  protected abstract readonly operation: Operation;
  /** Picks the widget's data out of the GraphQL `data`. */
  protected abstract select(result: TResult): TData | null;

  private readonly tokens = new TokenRefreshController(this);
  /** Registered with the element: opens and closes itself (hostConnected, hostUpdate). */
  protected readonly liveStream = new LiveController(this, {
    key: () => (this.live && !this.fromProperty ? `${this.endpoint}|${this.tenant}` : null),
    open: (signal) =>
      this.tokens.authorized((token) =>
        openStream({
          ...liveOperation,
          endpoint: this.endpoint || scriptOrigin(),
          token,
          tenant: this.tenant,
          signal,
        }),
      ),
    changed: () => void this.refresh(),
    debounce: () => this.liveDebounce ?? 500,
    state: (state) => {
      this.liveState = state;
    },
  });
  private fromProperty = false;
  private inFlight?: AbortController;

  /** The rendered data. Setting it renders it as-is and stops all requests; `undefined` fetches again. */
  get data(): TData | undefined {
    return this.current;
  }
  set data(value: TData | undefined) {
    const old = this.current;
    this.current = value ?? undefined;
    this.fromProperty = value != null;
    if (value != null) {
      this.inFlight?.abort();
      this.state = this.isEmpty(value) ? 'empty' : 'ready';
    } else if (this.hasUpdated) void this.refresh();
    this.requestUpdate('data', old);
  }

  protected override renderBadge() {
    return renderLiveBadge(this.liveState);
  }

  /** GraphQL variables; override to add widget-specific ones. */
  protected variables(): { filter: MetricsFilter } & Record<string, unknown> {
    return { filter: toMetricsFilter(this) };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.fromProperty && (this.state === 'loading' || this.state === 'refreshing')) {
      void this.refresh(); // the request was aborted when the element left the page
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.inFlight?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('token') || changed.has('tokenProvider')) this.tokens.schedule();
    if (this.fromProperty || isServer) return; // server rendering shows the loading state; the browser fetches
    const retryWithNewToken = changed.has('token') && this.state === 'error';
    if (!this.hasUpdated || retryWithNewToken || REQUEST_KEYS.some((key) => changed.has(key)))
      void this.refresh();
  }

  /** Fetches again. The current chart stays visible (state `refreshing`) until the answer arrives. */
  async refresh(): Promise<void> {
    if (this.fromProperty) return;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.state = this.state === 'ready' || this.state === 'refreshing' ? 'refreshing' : 'loading';
    try {
      const { query, operationName } = this.operation;
      const variables = this.variables();
      const { tenant } = this;
      const endpoint = this.endpoint || scriptOrigin();
      const result = await this.tokens.authorized((token) =>
        request<TResult>({
          endpoint,
          token,
          tenant,
          query,
          operationName,
          variables,
          signal: controller.signal,
        }),
      );
      if (controller.signal.aborted) return;
      const data = this.select(result);
      const old = this.current;
      this.current = data ?? undefined;
      this.state = data == null || this.isEmpty(data) ? 'empty' : 'ready';
      this.requestUpdate('data', old);
      this.emit('tandem-load', { data });
    } catch (error) {
      if (controller.signal.aborted) return;
      const { message, status, code } = error as GraphQLRequestError;
      this.errorMessage = message;
      this.state = 'error';
      this.emit('tandem-error', { message, status, code });
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
  }
}
