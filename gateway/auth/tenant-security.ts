/**
 * Each tenant's security settings, from the environment, named like the source settings
 * (gateway/sources/settings.ts): TANDEM_<TENANT>_TOKEN_SECRET (HS256, at least 32 characters),
 * TANDEM_<TENANT>_TOKEN_JWKS_URL (RS256/ES256 keys of the tenant's identity provider),
 * TANDEM_<TENANT>_CORS_ORIGINS (browser origins that may call /graphql) and
 * TANDEM_<TENANT>_FRAME_ANCESTORS (sites that may frame /embed), lists comma-separated.
 * Keys live in the environment only, never in the database: a copy of the data is not a way in.
 * In demo mode (`tandem start`) a tenant without a secret gets a random one for the process.
 */
import { randomBytes } from 'node:crypto';
import { Secret } from '../sources/secret.js';
import { type Environment, settingName } from '../sources/settings.js';

export interface TenantSecurity {
  /** HS256 secret. */
  secret?: Secret;
  /** Where the tenant's identity provider publishes its RS256/ES256 public keys. */
  jwksUrl?: string;
  /** Browser origins allowed to call /graphql for this tenant (scheme://host[:port]). */
  corsOrigins: string[];
  /** Sites allowed to frame this tenant's /embed pages (CSP source expressions). */
  frameAncestors: string[];
}

/** The shortest HS256 secret accepted: 256 bits, as RFC 7518 §3.2 asks. */
export const minSecretLength = 32;

/** `https://Intranet.acme.com/` → `https://intranet.acme.com`; anything not an http(s) origin → undefined. */
export function normaliseOrigin(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A CSP frame-ancestors source: `'self'`, or a scheme and host with an optional `*.` and port.
 * Anything else (a `;`, a quote, a space) could inject a directive, so it is dropped.
 */
export function isFrameSource(value: string): boolean {
  return value === "'self'" || /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i.test(value);
}

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export class TenantSecuritySettings {
  /** Demo mode's per-process secrets of tenants that have none configured. */
  private readonly generated = new Map<string, Secret>();

  constructor(
    private readonly env: Environment = process.env,
    private readonly options: { demo?: boolean } = {},
  ) {}

  /** The variable a setting is read from, e.g. `TANDEM_ACME_TOKEN_SECRET`. */
  variable(tenantId: string, area: 'token' | 'cors' | 'frame', key: string): string {
    return settingName(tenantId, area, key);
  }

  private read(tenantId: string, area: 'token' | 'cors' | 'frame', key: string): string | undefined {
    return this.env[this.variable(tenantId, area, key)]?.trim() || undefined;
  }

  of(tenantId: string): TenantSecurity {
    const secret = this.read(tenantId, 'token', 'secret');
    return {
      secret: secret && secret.length >= minSecretLength ? new Secret(secret) : this.generated.get(tenantId),
      jwksUrl: this.read(tenantId, 'token', 'jwks_url'),
      corsOrigins: list(this.read(tenantId, 'cors', 'origins')).flatMap((o) => normaliseOrigin(o) ?? []),
      frameAncestors: list(this.read(tenantId, 'frame', 'ancestors')).filter(isFrameSource),
    };
  }

  /** What is wrong with the tenant's secret, for the operator (never for a caller); else undefined. */
  secretProblem(tenantId: string): string | undefined {
    const name = this.variable(tenantId, 'token', 'secret');
    const value = this.env[name]?.trim();
    if (!value)
      return `tenant '${tenantId}' has no token secret: set ${name} (at least ${minSecretLength} characters, e.g. from \`openssl rand -base64 32\`)`;
    if (value.length < minSecretLength)
      return `${name} has ${value.length} characters; a token secret needs at least ${minSecretLength}`;
    return undefined;
  }

  /** The tenant's HS256 secret; in demo mode, a random one for this process when none is configured. */
  secretOf(tenantId: string): Secret {
    const { secret } = this.of(tenantId);
    if (secret) return secret;
    if (!this.options.demo) throw new Error(this.secretProblem(tenantId));
    const generated = new Secret(randomBytes(32).toString('base64url'));
    this.generated.set(tenantId, generated);
    return generated;
  }

  /**
   * Every origin any tenant allows. A CORS preflight carries no token, so it cannot know the
   * tenant: it is answered for this union, and the request itself is checked against its
   * tenant's own list (useTenantCors).
   */
  corsOriginsOfAnyTenant(): Set<string> {
    const origins = new Set<string>();
    for (const [name, text] of Object.entries(this.env)) {
      if (!/^TANDEM_.+_CORS_ORIGINS$/.test(name)) continue;
      for (const origin of list(text)) {
        const normal = normaliseOrigin(origin);
        if (normal) origins.add(normal);
      }
    }
    return origins;
  }
}
