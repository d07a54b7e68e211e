/**
 * The sources Tandem syncs from, and how each is built from a tenant's settings. A source is
 * configured for a tenant when its required settings are set (see settings.ts for the names).
 */
import { UsageError } from '../config.js';
import { hubspotConfig, hubspotKeys } from './hubspot/config.js';
import { HubSpotConnector } from './hubspot/connector.js';
import { marketoConfig, marketoKeys } from './marketo/config.js';
import { MarketoConnector } from './marketo/connector.js';
import { salesforceConfig, salesforceKeys } from './salesforce/config.js';
import { SalesforceConnector } from './salesforce/connector.js';
import { type Environment, SourceSettings } from './settings.js';
import type { Connector } from './source.js';

interface SourceDefinition {
  description: string;
  keys: { required: string[]; optional: string[] };
  create(settings: SourceSettings, now: number): Connector;
}

export const sources = {
  hubspot: {
    description: 'HubSpot CRM and marketing (private app token)',
    keys: hubspotKeys,
    create: (settings, now) => new HubSpotConnector(hubspotConfig(settings), now),
  },
  salesforce: {
    description: 'Salesforce (connected app with a refresh token)',
    keys: salesforceKeys,
    create: (settings, now) => new SalesforceConnector(salesforceConfig(settings), now),
  },
  marketo: {
    description: 'Marketo (REST API custom service)',
    keys: marketoKeys,
    create: (settings, now) => new MarketoConnector(marketoConfig(settings), now),
  },
} satisfies Record<string, SourceDefinition>;

export type SourceName = keyof typeof sources;
export const sourceNames = Object.keys(sources) as SourceName[];

export function isSourceName(name: string): name is SourceName {
  return name in sources;
}

/** A connector for the tenant, or a UsageError naming what to set. */
export function createConnector(
  source: string,
  tenantId: string,
  env: Environment = process.env,
  now = Date.now(),
): Connector {
  if (!isSourceName(source))
    throw new UsageError(`unknown source '${source}' (known: ${sourceNames.join(', ')})`);
  return sources[source].create(new SourceSettings(tenantId, source, env), now);
}

/** The sources whose required settings are all set for this tenant. */
export function configuredSources(tenantId: string, env: Environment = process.env): SourceName[] {
  return sourceNames.filter(
    (name) => new SourceSettings(tenantId, name, env).missing(sources[name].keys.required).length === 0,
  );
}
