/**
 * Answers to queries served from the response cache (gateway/server/cache.ts), per tenant and per
 * audience: an answer computed for one token is served only to tokens of the same tenant, role,
 * row scopes, record and widgets, and only until the tenant's next committed write (its
 * generation) or the TTL. Only queries are cached: mutations run every time (and through
 * database.changes bump the generation), subscriptions stream. Answers with errors are not kept.
 *
 * Every answer says what happened in an `x-tandem-cache` header: `hit`, `miss` (computed, and kept
 * when it can be) or `bypass` (not cacheable: a mutation, a subscription, Redis unavailable).
 * The plugin goes last: every refusal (token, CORS, rate, viewer operations, limits, roles) runs
 * before an answer is looked up, and the audience in the key keeps a refusal from being
 * sidestepped by another token's cached answer.
 */
import { createHash } from 'node:crypto';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { TokenClaims } from '../../auth/claims.js';
import { principalOf, rowScopesOf } from '../../auth/principal.js';
import { keyOf, type ResponseCache } from '../cache.js';

export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/** The response header naming the outcome, for tests, operators and the request log. */
export const cacheHeader = 'x-tandem-cache';

export interface TenantResponseCacheOptions {
  cache: ResponseCache;
}

/**
 * Everything in a token that changes what a query answers. The holder's name and team function
 * are left out: they are only recorded on the changes mutations make.
 */
export function audienceOf(claims: TokenClaims): string {
  const audience = [claims.role, rowScopesOf(claims), claims.widgets ? [...claims.widgets].sort() : null];
  return createHash('sha256').update(JSON.stringify(audience)).digest('base64url').slice(0, 22);
}

export function useTenantResponseCache(options: TenantResponseCacheOptions): Plugin {
  const { cache } = options;
  /** The request's cache key, or null when it is not to be cached. */
  const keys = new WeakMap<Request, string | null>();
  const outcomes = new WeakMap<Request, CacheOutcome>();

  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        // biome-ignore lint/correctness/useHookAtTopLevel: yoga plugin factories (useX), not React hooks.
        useResponseCache({
          cache: cache.store,
          ttl: cache.ttlMs,
          // The audience is part of the key (buildResponseCacheKey), so no separate session.
          session: () => null,
          // False before the key is built: yoga's If-None-Match shortcut (304 from a client-sent
          // key) never runs; the data is per token and `cache-control: no-store` anyway.
          enabled: (request) => !!keys.get(request),
          async buildResponseCacheKey({ request, documentString, operationName, variableValues }) {
            const claims = principalOf(request)?.claims;
            const generation = claims ? await cache.generation(claims.tenant) : undefined;
            const key =
              claims && generation !== undefined
                ? keyOf({
                    tenantId: claims.tenant,
                    generation,
                    audience: audienceOf(claims),
                    document: documentString,
                    operationName,
                    variables: variableValues,
                  })
                : null;
            keys.set(request, key);
            return key ?? '';
          },
          // Mutations take the plugin's invalidation path, which is how they are kept out of the
          // cache; the entities it would invalidate are not tracked (generations do it, cache.ts).
          invalidateViaMutation: true,
          // Read back (and removed) below, to set the header.
          includeExtensionMetadata: true,
        }),
      );
    },
    onExecutionResult({ request, result, setResult }) {
      if (!isSingleResult(result)) return;
      const metadata = result.extensions?.responseCache as { hit?: boolean } | undefined;
      const outcome: CacheOutcome =
        metadata?.hit === true ? 'hit' : metadata?.hit === false ? 'miss' : 'bypass';
      outcomes.set(request, outcome);
      if (outcome === 'hit') cache.stats.hits++;
      if (outcome === 'miss') cache.stats.misses++;
      if (result.extensions) setResult(withoutCacheMetadata(result));
    },
    onResponse({ request, response }) {
      const outcome = outcomes.get(request);
      if (outcome) response.headers.set(cacheHeader, outcome);
    },
  };
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return (
    !!result && typeof result === 'object' && !Array.isArray(result) && !(Symbol.asyncIterator in result)
  );
}

/**
 * The answer without what the cache added: its metadata and the ETag (the cache key) and
 * Last-Modified headers. A copy: the in-memory cache hands out the object it keeps.
 */
function withoutCacheMetadata(result: ExecutionResult): ExecutionResult {
  const { responseCache: _metadata, ...extensions } = result.extensions ?? {};
  const http = extensions.http as { headers?: Record<string, string> } | undefined;
  if (http?.headers) {
    const { ETag: _etag, 'Last-Modified': _modified, ...headers } = http.headers;
    extensions.http = { ...http, headers };
  }
  return { ...result, extensions: Object.keys(extensions).length > 0 ? extensions : undefined };
}
