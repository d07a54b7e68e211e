/**
 * Verifies a bearer token: the signature with the tenant's key (algorithms pinned per key type),
 * the registered claims (exp and iat required, nbf, iat at most 24 h ago, aud `tandem`) with a
 * small clock tolerance, then the Tandem claims (claims.ts). Every refusal is a TokenError whose code and
 * message say what to do; none echoes a key, and none says more than the caller needs.
 */
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { claimsProblem, claimsSchema, type TokenClaims, tokenAudience } from './claims.js';
import { publicKeyAlgorithms, secretAlgorithms, type TokenKeys } from './keys.js';

export type TokenErrorCode =
  | 'TOKEN_MISSING'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_INVALID'
  | 'TOKEN_CLAIMS'
  | 'TENANT_MISMATCH'
  | 'KEYS_UNAVAILABLE';

/** A refused token: 401 (ask for another token), 403 (this token may not) or 503 (try again). */
export class TokenError extends Error {
  override name = 'TokenError';
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    readonly status: 401 | 403 | 503 = 401,
  ) {
    super(message);
  }
}

/** Seconds of clock difference tolerated between the minting and the verifying machine. */
export const clockToleranceSeconds = 30;
/** Longer than any honest token (a JWT with our claims is ~500 bytes; RS256 ~800). */
export const maxTokenLength = 4096;

const tenantKey = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function unverifiedTenant(token: string): { alg: string; tenant: string } {
  let alg: unknown;
  let tenant: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    tenant = decodeJwt(token).tenant;
  } catch {
    throw new TokenError('TOKEN_MALFORMED', 'the bearer token is not a JWT (header.payload.signature)');
  }
  if (typeof alg !== 'string') throw new TokenError('TOKEN_MALFORMED', 'the token header names no algorithm');
  if (typeof tenant !== 'string' || !tenantKey.test(tenant))
    throw new TokenError('TOKEN_CLAIMS', 'tenant: the token names no tenant (a key like `acme`)');
  return { alg, tenant };
}

function refusal(error: unknown, tenant: string): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) {
    const exp = (error.payload as { exp?: unknown }).exp;
    const when =
      typeof exp === 'number' && error.claim === 'exp' ? ` at ${new Date(exp * 1000).toISOString()}` : '';
    const why = error.claim === 'iat' ? 'was issued more than 24 h ago' : `expired${when}`;
    return new TokenError('TOKEN_EXPIRED', `the token ${why}: ask for a fresh one`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    // iat stays required although RFC 7519 makes it optional: the 24 h rule is about when the
    // token was issued. Bounding exp alone (at most 24 h ahead) would let a token minted for a
    // year be used in its last day; with iat it is never usable more than 24 h after minting.
    if (error.reason === 'missing' && (error.claim === 'iat' || error.claim === 'exp'))
      return new TokenError(
        'TOKEN_CLAIMS',
        `the token has no ${error.claim} (${error.claim === 'iat' ? 'issued-at' : 'expiry'}) claim: Tandem tokens carry both (\`tandem token\` sets them)`,
      );
    if (error.claim === 'nbf' || error.claim === 'iat')
      return new TokenError(
        'TOKEN_NOT_YET_VALID',
        `the token is not valid yet (its ${error.claim} is in the future)`,
      );
    if (error.claim === 'aud')
      return new TokenError(
        'TOKEN_INVALID',
        `the token is not for Tandem (its aud must be '${tokenAudience}')`,
      );
    return new TokenError('TOKEN_CLAIMS', `${error.claim}: ${error.reason}`);
  }
  if (error instanceof errors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message)))
    return new TokenError(
      'KEYS_UNAVAILABLE',
      `the signing keys of tenant '${tenant}' cannot be fetched now; try again`,
      503,
    );
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return new TokenError('TOKEN_INVALID', `the token's algorithm is not accepted for tenant '${tenant}'`);
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return new TokenError('TOKEN_MALFORMED', 'the bearer token is not a well-formed JWT');
  // A bad signature, an unknown kid, a key of the wrong type: one answer, so none can be probed.
  return new TokenError(
    'TOKEN_INVALID',
    `the token's signature does not verify with tenant '${tenant}''s key`,
  );
}

/** Verifies `token` and returns its claims, or throws a TokenError. */
export async function verifyToken(
  token: string,
  keys: TokenKeys,
  options: { now?: Date } = {},
): Promise<TokenClaims> {
  if (token.length > maxTokenLength || !jwtShape.test(token))
    throw new TokenError('TOKEN_MALFORMED', 'the bearer token is not a JWT (header.payload.signature)');
  const { alg, tenant } = unverifiedTenant(token);
  try {
    const { secret, jwks } = await keys.keysOf(tenant);
    const verifyOptions = {
      audience: tokenAudience,
      maxTokenAge: '24h',
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['exp', 'iat'],
      currentDate: options.now,
    };
    let payload: unknown;
    if (secretAlgorithms.includes(alg) && secret) {
      ({ payload } = await jwtVerify(token, secret, { ...verifyOptions, algorithms: secretAlgorithms }));
    } else if (publicKeyAlgorithms.includes(alg) && jwks) {
      ({ payload } = await jwtVerify(token, jwks, { ...verifyOptions, algorithms: publicKeyAlgorithms }));
    } else if (![...secretAlgorithms, ...publicKeyAlgorithms].includes(alg)) {
      throw new TokenError(
        'TOKEN_INVALID',
        `algorithm '${alg.slice(0, 20)}' is not accepted: Tandem tokens are HS256, RS256 or ES256`,
      );
    } else {
      throw new TokenError('TOKEN_INVALID', `tenant '${tenant}' has no key for ${alg} tokens`);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new TokenError('TOKEN_CLAIMS', `the token's claims are wrong: ${claimsProblem(claims.error)}`);
    return claims.data;
  } catch (error) {
    throw refusal(error, tenant);
  }
}
