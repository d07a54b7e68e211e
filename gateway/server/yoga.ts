/**
 * The GraphQL endpoint: one yoga instance over the Pothos schema, with a fresh context (tenant
 * store, DataLoaders, viewer) per request, built from the request's verified token. Before a
 * request reaches the schema, the plugins refuse, in order: bodies that are not JSON (CSRF), a
 * missing or bad token (401), an origin the tenant does not allow (CORS), a token over its rate,
 * a viewer's document that is not a widget's, documents over the limits (limits.ts), pages over
 * the largest, text with NUL characters, and mutations by viewers; execution is cut off after the
 * timeout. A tenant's operations beyond its share wait, or get 429 (use-tenant-concurrency.ts). A
 * query that passed all that may be answered from the response cache (cache.ts).
 * Subscriptions (schema/live.ts) are served over server-sent events on the same path, through the
 * same protections, from the `pubsub` (gateway/live/). Tests drive it through `yoga.fetch`
 * without a port.
 */
import { createGraphQLError, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../../schema/builder.js';
import { schema } from '../../schema/index.js';
import { createLoaders } from '../../schema/loaders.js';
import { type TokenKeys, tenantKeys } from '../auth/keys.js';
import { mintToken } from '../auth/mint.js';
import { principalOf, viewerOf } from '../auth/principal.js';
import { TenantSecuritySettings } from '../auth/tenant-security.js';
import { widgetOperations } from '../auth/widget-operations.js';
import { createLivePubSub, type LivePubSub } from '../live/pubsub.js';
import { freshRollups } from '../metrics/choose.js';
import type { RollupDefinitions } from '../metrics/refresh.js';
import type { RevenueDatabase } from '../store/database.js';
import type { Definitions } from '../store/definitions.js';
import { DefinitionsCache } from '../store/definitions-cache.js';
import type { TenantTable } from '../store/tables.js';
import { TenantStore } from '../store/tenant-store.js';
import { listTenants } from '../store/tenants.js';
import type { ResponseCache } from './cache.js';
import { renderGraphiQL } from './graphiql.js';
import { graphiqlTabs } from './graphiql-examples.js';
import { defaultLimits, type Limits } from './limits.js';
import { useCsrfPrevention } from './plugins/use-csrf-prevention.js';
import { useExecutionTimeout } from './plugins/use-execution-timeout.js';
import { useOperationRoles } from './plugins/use-operation-roles.js';
import { usePageSizeLimit } from './plugins/use-page-size-limit.js';
import { useQueryLimits } from './plugins/use-query-limits.js';
import { useRateLimit } from './plugins/use-rate-limit.js';
import { useSecurityHeaders } from './plugins/use-security-headers.js';
import { TenantConcurrency, useTenantConcurrency } from './plugins/use-tenant-concurrency.js';
import { useTenantCors } from './plugins/use-tenant-cors.js';
import { useTenantResponseCache } from './plugins/use-tenant-response-cache.js';
import { useTextHygiene } from './plugins/use-text-hygiene.js';
import { useTokenAuth } from './plugins/use-token-auth.js';
import { useViewerOperations } from './plugins/use-viewer-operations.js';

export type TandemYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface TandemYogaOptions {
  /** Tenants' keys and allow-lists. @default from process.env (demo secrets in demo mode) */
  security?: TenantSecuritySettings;
  /** Verification keys, when not the security settings' (tests). */
  keys?: TokenKeys;
  /** Any limit to change (tests); the rest are limits.ts's. */
  limits?: Partial<Limits>;
  /** Demo mode (`tandem start`): GraphiQL opens with an analyst token of the first tenant. */
  demo?: boolean;
  /** Where subscriptions hear live events (gateway/live/pubsub.ts). @default an in-process one */
  pubsub?: LivePubSub;
  /**
   * Loaders that neither batch nor cache (every `load` its own query): the benchmarks' "naive
   * resolvers" baseline, never a production setting. @default false
   */
  naive?: boolean;
  /**
   * Metrics read the pre-aggregated rollups (gateway/rollups/) where they can answer; false makes
   * every metric compute from raw rows: the benchmarks' baseline. @default true
   */
  rollups?: boolean;
  /** The response cache for queries (cache.ts), looked up after every protection. @default none */
  cache?: ResponseCache;
  /**
   * How many operations of one tenant execute at once, and wait (use-tenant-concurrency.ts).
   * @default 4 running, 128 waiting
   */
  concurrency?: TenantConcurrency;
  /** Plugins that watch and never refuse (metrics, logs: server/observability); they go first. */
  instrumentation?: Plugin[];
}

export function createTandemYoga(database: RevenueDatabase, options: TandemYogaOptions = {}): TandemYoga {
  const security = options.security ?? new TenantSecuritySettings(process.env, { demo: options.demo });
  const keys = options.keys ?? tenantKeys(security);
  const limits = { ...defaultLimits, ...options.limits };
  const pubsub = options.pubsub ?? createLivePubSub();
  const definitionsCache = new DefinitionsCache();

  let tenants: Promise<TenantTable[]> | undefined;
  const findTenant = async (id: string): Promise<TenantTable> => {
    tenants ??= listTenants(database);
    let all = await tenants;
    if (!all.some((t) => t.id === id)) {
      tenants = listTenants(database); // a tenant seeded since we last looked
      all = await tenants;
    }
    const tenant = all.find((t) => t.id === id);
    if (!tenant) {
      throw createGraphQLError(`unknown tenant '${id}'`, {
        extensions: { code: 'UNKNOWN_TENANT', http: { status: 400 } },
      });
    }
    return tenant;
  };
  // updateTenant publishes a definitions change: its row (name, zone, currency) is read again.
  database.changes.subscribe((change) => {
    if (change.definitions) tenants = undefined;
  });

  const graphiql = { title: 'Tandem GraphQL', defaultTabs: graphiqlTabs() };
  // biome-ignore lint/correctness/useHookAtTopLevel: yoga plugin factories (useX), not React hooks.
  const protection = useGatewayProtection({ keys, security, limits });
  // biome-ignore lint/correctness/useHookAtTopLevel: yoga plugin factories (useX), not React hooks.
  const caching = options.cache ? [useTenantResponseCache({ cache: options.cache })] : [];

  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maskedErrors: true,
    landingPage: false,
    // The tenant allow-lists replace yoga's default, which reflects any origin.
    cors: false,
    multipart: false,
    maxRequestBodySize: limits.maxBodyBytes,
    graphiql: options.demo ? async () => demoGraphiQL(graphiql.title, database, security) : graphiql,
    // Served from the gateway (graphiql.ts), not from a CDN: GraphiQL works without internet.
    renderGraphiQL,
    plugins: [
      ...(options.instrumentation ?? []),
      ...protection,
      // Before the cache, whose lookup replaces the execution on a hit: hits never wait.
      // biome-ignore lint/correctness/useHookAtTopLevel: yoga plugin factories (useX), not React hooks.
      useTenantConcurrency({ limiter: options.concurrency ?? new TenantConcurrency() }),
      ...caching,
    ],
    context: async ({ request }) => {
      const principal = principalOf(request);
      if (!principal) {
        // useTokenAuth refuses such requests first; this is the backstop, not the check.
        throw createGraphQLError('a token is required: send `Authorization: Bearer <token>`', {
          extensions: { code: 'TOKEN_MISSING', http: { status: 401 } },
        });
      }
      const viewer = viewerOf(principal.claims);
      const tenant = await findTenant(principal.claims.tenant);
      const store = new TenantStore(database, tenant.id, viewer.scopes);
      let definitions: Promise<Definitions> | undefined;
      let rollups: Promise<RollupDefinitions | null> | undefined;
      const now = Date.now();
      const loadOnce = () => (definitions ??= definitionsCache.load(store));
      return {
        definitions: loadOnce,
        rollups: () =>
          (rollups ??=
            options.rollups === false
              ? Promise.resolve(null)
              : loadOnce().then((defs) => freshRollups(store, defs, tenant.time_zone, now))),
        tenant,
        store,
        loaders: createLoaders(store, { naive: options.naive }),
        viewer,
        now,
        pubsub,
        tokenExpiresAt: principal.claims.exp * 1000,
      };
    },
  });
}

/** The gateway's protections, in the order they refuse a request (see the module comment). */
function useGatewayProtection(options: {
  keys: TokenKeys;
  security: TenantSecuritySettings;
  limits: Limits;
}): Plugin[] {
  const { keys, security, limits } = options;
  return [
    useCsrfPrevention(),
    useTokenAuth({ keys }),
    useTenantCors({ settings: security }),
    useRateLimit({ perMinute: limits.ratePerMinute, burst: limits.rateBurst }),
    useSecurityHeaders(),
    // Before the cost pass over variables: a page over the limit is told so, not its cost.
    usePageSizeLimit({ max: limits.maxPageSize }),
    useQueryLimits(limits),
    useViewerOperations({ operations: widgetOperations }),
    useTextHygiene(),
    useOperationRoles(),
    useExecutionTimeout({ ms: limits.executionTimeoutMs }),
  ];
}

/** The demo's GraphiQL: every example tab (and every new tab) with the demo analyst's token. */
async function demoGraphiQL(title: string, database: RevenueDatabase, security: TenantSecuritySettings) {
  const headers = JSON.stringify(await demoAnalystHeader(database, security));
  return { title, headers, defaultTabs: graphiqlTabs(headers) };
}

/** The demo's GraphiQL header: a 1-hour analyst token of the first tenant, minted per page load. */
async function demoAnalystHeader(database: RevenueDatabase, security: TenantSecuritySettings) {
  const [tenant] = await listTenants(database);
  if (!tenant) return {};
  const secret = security.secretOf(tenant.id);
  const token = await mintToken(
    { tenant: tenant.id, role: 'analyst', name: 'demo analyst' },
    new TextEncoder().encode(secret.reveal()),
  );
  return { Authorization: `Bearer ${token}` };
}
