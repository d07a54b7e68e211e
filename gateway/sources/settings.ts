/**
 * Per-tenant source settings from the environment: `TANDEM_<TENANT>_<SOURCE>_<KEY>`, e.g.
 * TANDEM_ACME_HUBSPOT_TOKEN. Credentials come back as Secrets, so they never reach a log.
 * Missing settings are a usage error that names every variable to set.
 */
import { UsageError } from '../config.js';
import { type ProspectFlagField, prospectFlagFields } from '../ingest/records.js';
import { Secret } from './secret.js';

export type Environment = Record<string, string | undefined>;

/** Which custom property (field) of a source holds each prospect flag; a flag not named is not read. */
export type ProspectProperties = Partial<Record<ProspectFlagField, string>>;

/** `hasBudget` → the setting key `has_budget_property` (TANDEM_<TENANT>_<SOURCE>_HAS_BUDGET_PROPERTY). */
export const prospectPropertyKeys = prospectFlagFields.map(
  (flag) => `${flag.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_property`,
);

/** API names of HubSpot properties and Salesforce fields (`icp_fit`, `Has_Budget__c`), nothing else. */
const propertyName = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

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

  /**
   * The tenant's custom properties holding the prospect flags (docs/connectors.md). A name is put
   * into API requests (HubSpot property lists, SOQL field lists), so only API names are accepted.
   */
  prospectProperties(): ProspectProperties {
    const properties: ProspectProperties = {};
    prospectFlagFields.forEach((flag, i) => {
      const key = prospectPropertyKeys[i]!;
      const value = this.text(key);
      if (value === undefined) return;
      if (!propertyName.test(value)) {
        throw new UsageError(
          `${this.name(key)} must be a property name (letters, digits and _), got '${value}'`,
        );
      }
      properties[flag] = value;
    });
    return properties;
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
