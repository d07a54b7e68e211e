/** Marketo leads by id (300 per call, the API's limit) → people. */
import type { SourceRecordInput } from '../../ingest/records.js';
import type { MarketoClient } from './client.js';

interface Lead {
  id: number;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
  leadSource?: string | null;
  country?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

const fields = ['email', 'firstName', 'lastName', 'title', 'leadSource', 'country', 'createdAt', 'updatedAt'];

export async function readLeads(client: MarketoClient, ids: string[]): Promise<SourceRecordInput[]> {
  const records: SourceRecordInput[] = [];
  for (let i = 0; i < ids.length; i += 300) {
    const page = await client.get<Lead>('/rest/v1/leads.json', {
      filterType: 'id',
      filterValues: ids.slice(i, i + 300).join(','),
      fields: fields.join(','),
    });
    for (const lead of page.result ?? []) records.push(mapLead(lead));
  }
  return records;
}

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

export function mapLead(lead: Lead): SourceRecordInput {
  const createdAt = lead.createdAt ?? lead.updatedAt ?? 0;
  return {
    kind: 'person',
    system: 'marketo',
    objectType: 'ma_lead',
    sourceId: String(lead.id),
    email: blankToNull(lead.email),
    firstName: blankToNull(lead.firstName),
    lastName: blankToNull(lead.lastName),
    title: blankToNull(lead.title),
    leadSource: blankToNull(lead.leadSource),
    region: blankToNull(lead.country),
    createdAt,
    updatedAt: lead.updatedAt ?? createdAt,
  };
}
