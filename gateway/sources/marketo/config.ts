/** What the Marketo connector needs, from the tenant's settings (TANDEM_<TENANT>_MARKETO_*). */
import type { RetryPolicy } from '../http.js';
import type { Secret } from '../secret.js';
import type { SourceSettings } from '../settings.js';

export interface MarketoConfig {
  /** The instance's REST endpoint, e.g. https://123-ABC-456.mktorest.com */
  baseUrl: string;
  clientId: string;
  clientSecret: Secret;
  retry?: Partial<RetryPolicy>;
  /** How far back the first run reads activities (Marketo has no "from the beginning"). */
  historyDays: number;
  /** Activities per page (the API's maximum is 300). */
  batchSize?: number;
}

export const marketoKeys = {
  required: ['base_url', 'client_id', 'client_secret'],
  optional: ['history_days'],
};

export function marketoConfig(settings: SourceSettings): MarketoConfig {
  settings.require(marketoKeys.required);
  return {
    baseUrl: settings.text('base_url')!,
    clientId: settings.text('client_id')!,
    clientSecret: settings.secret('client_secret')!,
    historyDays: settings.number('history_days', 365),
  };
}
