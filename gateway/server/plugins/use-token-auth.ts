/**
 * Every GraphQL request carries `Authorization: Bearer <token>`: verified before its body is even
 * read (gateway/auth/verify.ts), else refused with 401 and a message naming the header. The
 * verified claims are attached to the request (gateway/auth/principal.ts) for the plugins after
 * this one and the context. A request naming a tenant (x-tandem-tenant, ?tenant=) other than the
 * token's is refused with 403. Only the GraphiQL page itself (GET, Accept: text/html) is open:
 * it holds no data, and its requests need a token like any other.
 */
import { createHash } from 'node:crypto';
import { type Plugin, shouldRenderGraphiQL } from 'graphql-yoga';
import type { TokenKeys } from '../../auth/keys.js';
import { setPrincipal } from '../../auth/principal.js';
import { TokenError, verifyToken } from '../../auth/verify.js';
import { isGraphQLPath, rejection } from './rejection.js';

export interface TokenAuthOptions {
  /** Where each tenant's verification keys come from. */
  keys: TokenKeys;
  /** The path this applies to. @default '/graphql' */
  endpoint?: string;
}

function bearer(header: string | null): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) {
    throw new TokenError(
      'TOKEN_MISSING',
      header
        ? 'the Authorization header must be `Bearer <token>`'
        : 'a token is required: send `Authorization: Bearer <token>` (mint one with `tandem token`)',
    );
  }
  return match[1];
}

export function useTokenAuth(options: TokenAuthOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!isGraphQLPath(url.pathname, options.endpoint) || request.method === 'OPTIONS') return;
      if (shouldRenderGraphiQL(request)) return;
      try {
        const token = bearer(request.headers.get('authorization'));
        const claims = await verifyToken(token, options.keys);
        const named = request.headers.get('x-tandem-tenant') ?? url.searchParams.get('tenant');
        if (named && named !== claims.tenant) {
          throw new TokenError(
            'TENANT_MISMATCH',
            `the token is for tenant '${claims.tenant}', but the request names '${named.slice(0, 64)}'`,
            403,
          );
        }
        const tokenId = claims.jti ?? createHash('sha256').update(token).digest('base64url');
        setPrincipal(request, { claims, tokenId });
      } catch (error) {
        // Hooks here are outside yoga's error handling: nothing may escape, or the server would fall over.
        if (!(error instanceof TokenError)) {
          console.error(error);
          endResponse(rejection(fetchAPI, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.'));
          return;
        }
        const challenge =
          error.status === 401
            ? {
                'www-authenticate': `Bearer realm="tandem", error="invalid_token", error_description="${error.code}"`,
              }
            : undefined;
        endResponse(rejection(fetchAPI, error.status, error.code, error.message, challenge));
      }
    },
  };
}
