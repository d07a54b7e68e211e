/**
 * Who sent a request: its verified token's claims, attached to the request by useTokenAuth and
 * read by the plugins after it and by the context factory. A WeakMap, so nothing outlives the
 * request and nothing can be set from outside the gateway.
 */

import type { RowScopes } from '../store/row-scope.js';
import type { TokenClaims } from './claims.js';
import type { Viewer } from './viewer.js';

export interface Principal {
  claims: TokenClaims;
  /** One key per token (its jti, else the token itself): what the rate limit counts by. */
  tokenId: string;
}

const principals = new WeakMap<Request, Principal>();

export function setPrincipal(request: Request, principal: Principal): void {
  principals.set(request, principal);
}

export function principalOf(request: Request): Principal | undefined {
  return principals.get(request);
}

/** The token's row scopes and locked record, as the store applies them. */
export function rowScopesOf(claims: TokenClaims): RowScopes {
  return {
    teamId: claims.scopes?.team ?? null,
    ownerId: claims.scopes?.owner ?? null,
    region: claims.scopes?.region ?? null,
    segment: claims.scopes?.segment ?? null,
    record: claims.record ?? null,
  };
}

/** The request's Viewer (viewer.ts) from its token. */
export function viewerOf(claims: TokenClaims): Viewer {
  return {
    role: claims.role,
    name: claims.name ?? claims.sub ?? claims.role,
    team: claims.function ?? null,
    scopes: rowScopesOf(claims),
    record: claims.record ?? null,
    widgets: claims.widgets ?? null,
  };
}
