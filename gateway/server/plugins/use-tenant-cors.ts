/**
 * CORS with an allow-list per tenant (TANDEM_<TENANT>_CORS_ORIGINS, comma-separated origins),
 * replacing yoga's default, which reflects any origin. A preflight carries no token, so it is
 * answered for the origins any tenant allows; the request itself is then checked against its
 * token's tenant, and a browser page of one tenant's intranet cannot read another's data even with
 * a stolen token. Same-origin pages (the gateway's own demo) and non-browser callers (no Origin)
 * need no entry.
 */
import type { Plugin } from 'graphql-yoga';
import { principalOf } from '../../auth/principal.js';
import type { TenantSecuritySettings } from '../../auth/tenant-security.js';
import { isGraphQLPath, rejection } from './rejection.js';

export interface TenantCorsOptions {
  settings: TenantSecuritySettings;
  /** @default '/graphql' */
  endpoint?: string;
  /** How long a browser may cache a preflight answer, in seconds. @default 600 */
  maxAgeSeconds?: number;
}

/** The headers a widget sends: its token, its JSON body, and the tenant it names. */
const allowedHeaders = 'authorization, content-type, accept, x-tandem-tenant';

function sameOrigin(request: Request, origin: string): boolean {
  try {
    return new URL(request.url).origin === origin;
  } catch {
    return false;
  }
}

export function useTenantCors(options: TenantCorsOptions): Plugin {
  const { settings } = options;
  const allowedAnywhere = (request: Request, origin: string) =>
    sameOrigin(request, origin) || settings.corsOriginsOfAnyTenant().has(origin);

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!isGraphQLPath(url.pathname, options.endpoint)) return;
      const origin = request.headers.get('origin');
      try {
        if (request.method === 'OPTIONS') {
          if (origin && allowedAnywhere(request, origin)) {
            endResponse(
              new fetchAPI.Response(null, {
                status: 204,
                headers: {
                  'content-length': '0',
                  'access-control-allow-methods': 'GET, POST',
                  'access-control-allow-headers': allowedHeaders,
                  'access-control-max-age': String(options.maxAgeSeconds ?? 600),
                },
              }),
            );
          } else {
            endResponse(
              rejection(
                fetchAPI,
                403,
                'ORIGIN_NOT_ALLOWED',
                `origin ${origin ?? '(none)'} may not call this gateway from a browser: add it to the tenant's CORS origins (TANDEM_<TENANT>_CORS_ORIGINS)`,
              ),
            );
          }
          return;
        }
        const principal = principalOf(request);
        if (!origin || !principal || sameOrigin(request, origin)) return;
        const { corsOrigins } = settings.of(principal.claims.tenant);
        if (!corsOrigins.includes(origin)) {
          endResponse(
            rejection(
              fetchAPI,
              403,
              'ORIGIN_NOT_ALLOWED',
              `origin ${origin} may not read tenant '${principal.claims.tenant}' from a browser: add it to ${settings.variable(principal.claims.tenant, 'cors', 'origins')}`,
            ),
          );
        }
      } catch (error) {
        console.error(error);
        endResponse(rejection(fetchAPI, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.'));
      }
    },
    onResponse({ request, response }) {
      const origin = request.headers.get('origin');
      if (!origin || !isGraphQLPath(new URL(request.url).pathname, options.endpoint)) return;
      try {
        // Refusals carry the header too, so a widget can read its 401 and fetch a fresh token.
        if (!allowedAnywhere(request, origin)) return;
        response.headers.set('access-control-allow-origin', origin);
        response.headers.append('vary', 'Origin');
      } catch {
        // No header: the browser hides the answer, which is the safe failure.
      }
    },
  };
}
