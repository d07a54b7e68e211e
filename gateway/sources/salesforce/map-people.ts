/**
 * Salesforce accounts, leads and contacts → accounts and people. A converted lead also names the
 * contact it became (ConvertedContactId): that contact is written as the lead's person right away,
 * so when the contact arrives it joins the person the lead's touches already belong to, even when
 * its email differs.
 */
import type { ProspectFlagField, SourceRecordInput } from '../../ingest/records.js';
import type { ProspectProperties } from '../settings.js';
import { type SalesforceRecord, sfDate, sfInstant, sfNumber, sfText } from './values.js';

export const accountFields = [
  'Id',
  'Name',
  'Website',
  'Industry',
  'NumberOfEmployees',
  'BillingCountry',
  'Type',
  'Owner.Email',
  'CreatedDate',
  'SystemModstamp',
];

export const leadFields = [
  'Id',
  'Email',
  'FirstName',
  'LastName',
  'Title',
  'LeadSource',
  'Country',
  'IsConverted',
  'ConvertedContactId',
  'ConvertedDate',
  'Owner.Email',
  'CreatedDate',
  'SystemModstamp',
];

export const contactFields = [
  'Id',
  'Email',
  'FirstName',
  'LastName',
  'Title',
  'Department',
  'LeadSource',
  'MailingCountry',
  'AccountId',
  'Owner.Email',
  'CreatedDate',
  'SystemModstamp',
];

/** The fields to query: the standard ones and the tenant's prospect-flag fields. */
export function withProspectFields(fields: string[], prospects: ProspectProperties = {}): string[] {
  return [...new Set([...fields, ...Object.values(prospects)])];
}

/** Checkbox fields arrive as JSON booleans; anything else (a missing field, null) says nothing. */
function prospectFlags(
  record: SalesforceRecord,
  prospects: ProspectProperties,
): Partial<Record<ProspectFlagField, boolean | null>> {
  return Object.fromEntries(
    Object.entries(prospects).map(([flag, field]) => {
      const value = record[field];
      return [flag, typeof value === 'boolean' ? value : null];
    }),
  );
}

const ownerEmail = (record: SalesforceRecord) => sfText(record, 'Owner.Email')?.toLowerCase() ?? null;

export function mapAccount(record: SalesforceRecord): SourceRecordInput {
  const employees = sfNumber(record, 'NumberOfEmployees');
  return {
    kind: 'account',
    system: 'salesforce',
    sourceId: record.Id,
    name: sfText(record, 'Name') ?? `Salesforce account ${record.Id}`,
    domain: sfText(record, 'Website'),
    industry: sfText(record, 'Industry'),
    employees: employees === null ? null : Math.max(0, Math.round(employees)),
    region: sfText(record, 'BillingCountry'),
    segment: sfText(record, 'Type'),
    ownerEmail: ownerEmail(record),
    updatedAt: sfInstant(record.SystemModstamp) ?? 0,
  };
}

/** `timeZone`: the tenant's, where ConvertedDate (a date, no time) is a local day. */
export function mapLead(
  record: SalesforceRecord,
  prospects: ProspectProperties = {},
  timeZone = 'UTC',
): SourceRecordInput[] {
  const createdAt = sfInstant(record.CreatedDate) ?? 0;
  const lead: SourceRecordInput = {
    kind: 'person',
    system: 'salesforce',
    objectType: 'lead',
    sourceId: record.Id,
    email: sfText(record, 'Email'),
    firstName: sfText(record, 'FirstName'),
    lastName: sfText(record, 'LastName'),
    title: sfText(record, 'Title'),
    region: sfText(record, 'Country'),
    leadSource: sfText(record, 'LeadSource'),
    ownerEmail: ownerEmail(record),
    ...prospectFlags(record, prospects),
    createdAt,
    updatedAt: sfInstant(record.SystemModstamp) ?? createdAt,
  };
  const contactId = record.IsConverted ? sfText(record, 'ConvertedContactId') : null;
  if (!contactId) return [lead];
  // Only identity and link: the contact's own record, when it arrives, fills in its fields.
  const convertedAt = sfDate(record.ConvertedDate, timeZone) ?? createdAt;
  return [
    lead,
    {
      kind: 'person',
      system: 'salesforce',
      objectType: 'contact',
      sourceId: contactId,
      convertedFrom: { system: 'salesforce', objectType: 'lead', sourceId: record.Id },
      createdAt: convertedAt,
      updatedAt: convertedAt,
    },
  ];
}

export function mapContact(record: SalesforceRecord, prospects: ProspectProperties = {}): SourceRecordInput {
  const createdAt = sfInstant(record.CreatedDate) ?? 0;
  const account = sfText(record, 'AccountId');
  return {
    kind: 'person',
    system: 'salesforce',
    objectType: 'contact',
    sourceId: record.Id,
    email: sfText(record, 'Email'),
    firstName: sfText(record, 'FirstName'),
    lastName: sfText(record, 'LastName'),
    title: sfText(record, 'Title'),
    department: sfText(record, 'Department'),
    region: sfText(record, 'MailingCountry'),
    leadSource: sfText(record, 'LeadSource'),
    account: account ? { system: 'salesforce', sourceId: account } : null,
    ownerEmail: ownerEmail(record),
    ...prospectFlags(record, prospects),
    createdAt,
    updatedAt: sfInstant(record.SystemModstamp) ?? createdAt,
  };
}
