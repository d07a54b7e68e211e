/**
 * Per-tenant source settings from the environment: `TANDEM_<TENANT>_<SOURCE>_<KEY>`, e.g.
 * TANDEM_ACME_HUBSPOT_TOKEN. Credentials come back as Secrets, so they never reach a log.
 * Missing settings are a usage error that names every variable to set.
 */
import { UsageError } from '../config.js';
import { Secret } from './secret.js';

export type Environment = Record<string, string | undefined>;

/** `acme`, `hubspot`, `client_secret` → `TANDEM_ACME_HUBSPOT_CLIENT_SECRET`. */
export function settingName(tenantId: string, source: string, key: string): string {
  const part = (value: string) => value.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `TANDEM_${part(tenantId)}_${part(source)}_${part(key)}`;
}

export class SourceSettings {
  constructor(
    readonly tenantId: string,
    readonly source: string,
    private readonly env: Environment,
  ) {}

  name(key: string): string {
    return settingName(this.tenantId, this.source, key);
  }

  text(key: string): string | undefined {
    const value = this.env[this.name(key)]?.trim();
    return value ? value : undefined;
  }

  secret(key: string): Secret | undefined {
    const value = this.text(key);
    return value === undefined ? undefined : new Secret(value);
  }

  number(key: string, fallback: number): number {
    const value = this.text(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) {
      throw new UsageError(`${this.name(key)} must be a non-negative number, got '${value}'`);
    }
    return parsed;
  }

  /** Which of these keys are unset, as variable names. */
  missing(keys: string[]): string[] {
    return keys.filter((key) => this.text(key) === undefined).map((key) => this.name(key));
  }

  /** Throws a UsageError naming every unset variable among `keys`. */
  require(keys: string[]): void {
    const missing = this.missing(keys);
    if (missing.length) {
      throw new UsageError(
        `${this.source} is not configured for tenant '${this.tenantId}': set ${missing.join(', ')}`,
      );
    }
  }
}
