/**
 * The keys a tenant's tokens verify with, by algorithm: HS256 with the tenant's secret, RS256 and
 * ES256 with the public keys its identity provider publishes (a JWKS URL). Each key is used only
 * with its own algorithms, so an RS256 public key can never be replayed as an HS256 secret.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { TenantSecuritySettings } from './tenant-security.js';

export const secretAlgorithms = ['HS256'];
export const publicKeyAlgorithms = ['RS256', 'ES256'];

export interface TenantKeys {
  /** HS256 secret bytes. */
  secret?: Uint8Array;
  /** RS256/ES256 public keys, looked up by the token's `kid`. */
  jwks?: JWTVerifyGetKey;
}

export interface TokenKeys {
  /** The tenant's keys; empty when it has none configured. */
  keysOf(tenantId: string): Promise<TenantKeys>;
}

/** Keys from each tenant's security settings (environment, else the tenant_security table). */
export function tenantKeys(settings: TenantSecuritySettings): TokenKeys {
  // One remote key set per URL: jose caches the keys and refetches at most every 30 s on a new kid.
  const keySets = new Map<string, JWTVerifyGetKey>();
  return {
    async keysOf(tenantId) {
      const { secret, jwksUrl } = settings.of(tenantId);
      let jwks: JWTVerifyGetKey | undefined;
      if (jwksUrl) {
        jwks = keySets.get(jwksUrl);
        if (!jwks) {
          jwks = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
          keySets.set(jwksUrl, jwks);
        }
      }
      return { secret: secret && new TextEncoder().encode(secret.reveal()), jwks };
    },
  };
}
