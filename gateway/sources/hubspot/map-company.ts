/** HubSpot companies → accounts (matched by HubSpot id, then by web domain). */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { HubSpotObject } from './client.js';
import { instant, number, text } from './properties.js';

export const companyProperties = [
  'name',
  'domain',
  'industry',
  'numberofemployees',
  'country',
  'hubspot_owner_id',
  'createdate',
  'hs_lastmodifieddate',
];

export function mapCompany(company: HubSpotObject, owners: Map<string, string>): SourceRecordInput {
  const employees = number(company, 'numberofemployees');
  return {
    kind: 'account',
    system: 'hubspot',
    sourceId: company.id,
    name: text(company, 'name') ?? text(company, 'domain') ?? `HubSpot company ${company.id}`,
    domain: text(company, 'domain'),
    industry: text(company, 'industry'),
    employees: employees === null ? null : Math.max(0, Math.round(employees)),
    region: text(company, 'country'),
    ownerEmail: owners.get(text(company, 'hubspot_owner_id') ?? '') ?? null,
    updatedAt: instant(company, 'hs_lastmodifieddate') ?? instant(company, 'createdate') ?? 0,
  };
}
