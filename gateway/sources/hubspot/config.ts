/** What the HubSpot connector needs, from the tenant's settings (TANDEM_<TENANT>_HUBSPOT_*). */
import type { RetryPolicy } from '../http.js';
import type { Secret } from '../secret.js';
import { type ProspectProperties, prospectPropertyKeys, type SourceSettings } from '../settings.js';

export interface HubSpotConfig {
  baseUrl: string;
  /** Private app access token (Bearer). */
  token: Secret;
  /** The app's client secret: signs webhooks (signature v3). */
  clientSecret?: Secret;
  retry?: Partial<RetryPolicy>;
  /**
   * Search lags a little behind writes, so each run reads only up to this long before it started;
   * the rest is read by the next run. Overlap is free: every write is idempotent.
   */
  searchLagMs: number;
  /** How far back the first run reads email events (the API has no "from the beginning"). */
  historyDays: number;
  /** Wait after a 429 of the ten-secondly policy when no Retry-After is sent. */
  tenSecondlyWaitMs: number;
  /** The contact properties that hold the four prospect flags (checkboxes: 'true'/'false'). */
  prospectProperties?: ProspectProperties;
}

export const hubspotKeys = {
  required: ['token'],
  optional: ['client_secret', 'base_url', 'history_days', ...prospectPropertyKeys],
};

export function hubspotConfig(settings: SourceSettings): HubSpotConfig {
  settings.require(hubspotKeys.required);
  return {
    baseUrl: settings.text('base_url') ?? 'https://api.hubapi.com',
    token: settings.secret('token')!,
    clientSecret: settings.secret('client_secret'),
    searchLagMs: settings.number('search_lag_ms', 60_000),
    historyDays: settings.number('history_days', 365),
    tenSecondlyWaitMs: 10_000,
    prospectProperties: settings.prospectProperties(),
  };
}
