/** What the Salesforce connector needs, from the tenant's settings (TANDEM_<TENANT>_SALESFORCE_*). */
import type { RetryPolicy } from '../http.js';
import type { Secret } from '../secret.js';
import { type ProspectProperties, prospectPropertyKeys, type SourceSettings } from '../settings.js';

export interface SalesforceConfig {
  /** Where the OAuth token endpoint is: login.salesforce.com, test.salesforce.com or My Domain. */
  loginUrl: string;
  /** The org's instance; the token response's `instance_url` takes over once known. */
  instanceUrl?: string;
  apiVersion: string;
  clientId: string;
  clientSecret: Secret;
  refreshToken: Secret;
  /** A current access token, if one is at hand; otherwise the first request refreshes. */
  accessToken?: Secret;
  retry?: Partial<RetryPolicy>;
  /** Share of the daily allocation (Sforce-Limit-Info) above which requests are spaced out. */
  slowDownAt: number;
  /** Share above which the sync stops, leaving the rest of the allocation to the org's users. */
  stopAt: number;
  /** The pause between requests at `stopAt`; it grows from 0 at `slowDownAt`. */
  slowDownMs: number;
  /** How far back the first run reads (epoch ms); undefined: everything. */
  since?: number;
  /** The checkbox fields, on Lead and Contact alike (API names), that hold the four prospect flags. */
  prospectFields?: ProspectProperties;
}

export const salesforceKeys = {
  required: ['client_id', 'client_secret', 'refresh_token'],
  optional: ['instance_url', 'login_url', 'access_token', 'api_version', ...prospectPropertyKeys],
};

export function salesforceConfig(settings: SourceSettings): SalesforceConfig {
  settings.require(salesforceKeys.required);
  return {
    loginUrl: settings.text('login_url') ?? 'https://login.salesforce.com',
    instanceUrl: settings.text('instance_url'),
    apiVersion: settings.text('api_version') ?? 'v60.0',
    clientId: settings.text('client_id')!,
    clientSecret: settings.secret('client_secret')!,
    refreshToken: settings.secret('refresh_token')!,
    accessToken: settings.secret('access_token'),
    slowDownAt: 0.8,
    stopAt: 0.95,
    slowDownMs: 5_000,
    prospectFields: settings.prospectProperties(),
  };
}
