/**
 * What every demo page shares: the token for a tenant, the setup every widget gets, and a small
 * GraphQL helper for the page's own requests (the tenant switcher, the closed-loop buttons).
 */

/**
 * The bearer token the demo sends for `tenant`: a `viewer` token for the widgets (they run only
 * their own queries), an `analyst` token for the pages' own requests (the tenant switcher, the
 * closed-loop buttons). The gateway mints them at GET /demo/token, a route that exists only in demo
 * mode (`tandem start`, docs/security.md); each lives 15 minutes and is shared by every caller
 * until two minutes before it expires, so a widget that asks a minute before expiry gets a fresh
 * one. Without the route (`tandem serve`) there is none, and the gateway answers 401.
 * @param {string | undefined} tenant
 * @param {'viewer' | 'analyst'} role
 * @returns {Promise<string | undefined>}
 */
export function demoToken(tenant, role = 'viewer') {
  // Kept on the function itself: every page imports this module once, and nothing else needs it.
  demoToken.minted ??= new Map();
  const minted = demoToken.minted;
  const key = `${role} ${tenant ?? ''}`;
  const current = minted.get(key);
  if (current && current.renewAt > Date.now()) return current.token;
  const params = new URLSearchParams(tenant ? { tenant, role } : { role });
  const token = fetch(`/demo/token?${params}`, { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : undefined))
    .then((body) => {
      if (!body?.token) throw new Error('no demo token');
      minted.set(key, { token: Promise.resolve(body.token), renewAt: Date.parse(body.expiresAt) - 120_000 });
      return body.token;
    })
    .catch(() => {
      minted.delete(key);
      return undefined;
    });
  // Callers while the request is in flight share it.
  minted.set(key, { token, renewAt: Date.now() + 10_000 });
  return token;
}

/** The tags of every Tandem widget, for `querySelectorAll`. */
export const widgetSelector =
  'tandem-funnel, tandem-sla-gauge, tandem-lead-heatmap, tandem-campaign-roi, tandem-customer-360, tandem-trend';

/**
 * Points one widget at `tenant`: the attribute, its token, and a provider the widget asks when the
 * token is about to expire. Every widget in the demo goes through here.
 * @param {HTMLElement & { token?: string, tokenProvider?: () => Promise<string> }} widget
 * @param {{ tenant: string, currency?: string }} settings
 */
export async function setUpWidget(widget, { tenant, currency }) {
  const token = await demoToken(tenant, 'viewer');
  if (token) {
    widget.token = token;
    widget.tokenProvider = async () => (await demoToken(tenant, 'viewer')) ?? '';
  } else {
    widget.removeAttribute('token');
    widget.token = undefined;
  }
  if (currency) widget.setAttribute('currency', currency);
  widget.setAttribute('tenant', tenant);
}

/** A GraphQL error with the gateway's code (NOT_QUALIFIED, BAD_TRANSITION…). */
export class DemoGraphQLError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/**
 * Runs an operation against this gateway as `tenant` and returns its `data`.
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @param {{ tenant?: string }} options
 */
export async function graphql(query, variables = {}, { tenant } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (tenant) headers['x-tandem-tenant'] = tenant;
  const token = await demoToken(tenant, 'analyst');
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({}));
  const error = body.errors?.[0];
  if (error) throw new DemoGraphQLError(error.message, error.extensions?.code);
  if (!response.ok) throw new DemoGraphQLError(`the gateway answered ${response.status}`);
  return body.data;
}

/** A one-line description of a widget event, for the pages' event logs. */
export function describeEvent(event) {
  const detail = event.detail ?? {};
  switch (event.type) {
    case 'tandem-stage-select':
      return `stage ${detail.label} (${detail.key}): ${detail.reached} reached`;
    case 'tandem-cell-select':
      return `cell ${detail.fitGrade}${detail.engagementBand}: ${detail.count} leads`;
    case 'tandem-campaign-select':
      return `campaign ${detail.name}`;
    case 'tandem-model-change':
      return `model ${detail.model}`;
    case 'tandem-person-select':
      return `person ${detail.name}`;
    case 'tandem-error':
      return `error: ${detail.message}`;
    case 'tandem-load':
      return 'data loaded';
    default:
      return '';
  }
}
