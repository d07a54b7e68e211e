/**
 * Mints HS256 tokens with a tenant's secret: `tandem token`, the demo's /demo/token and the tests.
 * The claims are checked by the same schema the verifier uses, so nothing mints a token the
 * gateway would refuse (a lifetime over 24 h, an admin with row scopes).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  claimsProblem,
  claimsSchema,
  maxTokenLifetimeSeconds,
  type TokenGrant,
  tokenAudience,
} from './claims.js';

export class MintError extends Error {
  override name = 'MintError';
}

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `15m`, `1h`, `1d` (or bare seconds) → seconds; at most 24 h. */
export function parseLifetime(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * units[match[2] || 's'] : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > maxTokenLifetimeSeconds) {
    throw new MintError(`a lifetime is 1s to 24h, written like 15m, 1h or 24h; got '${text}'`);
  }
  return seconds;
}

export interface MintOptions {
  /** Seconds from now until the token expires. @default 3600 */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid. @default none */
  notBefore?: number;
  /** Epoch milliseconds to mint at (tests). @default Date.now() */
  now?: number;
}

/** Signs `grant` with the tenant's HS256 secret; throws MintError when the claims are wrong. */
export async function mintToken(
  grant: TokenGrant,
  secret: Uint8Array,
  options: MintOptions = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const exp = iat + (options.expiresIn ?? 3600);
  const nbf = options.notBefore === undefined ? undefined : iat + options.notBefore;
  const jti = randomUUID();
  const checked = claimsSchema.safeParse({ ...grant, iat, exp, nbf, jti });
  if (!checked.success) throw new MintError(claimsProblem(checked.error));
  const jwt = new SignJWT({ ...checked.data })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(tokenAudience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return jwt.sign(secret);
}
