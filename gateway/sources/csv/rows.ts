/**
 * One CSV row → the source records it stands for, by the mapping's kind. Ids the file does not
 * give are derived from what the row says (a person's email; a touch's person, type, time and
 * URL), so importing the same file twice writes nothing the second time.
 */
import { createHash } from 'node:crypto';
import { normaliseDomain, normaliseEmail } from '../../ingest/normalise.js';
import type { PersonRef, SourceRecordInput } from '../../ingest/records.js';
import { type RowReader, RowRejected } from './cells.js';
import { userRow } from './user-rows.js';

export type RowMapper = (reader: RowReader) => SourceRecordInput[];

function digest(...parts: (string | number | null)[]): string {
  return `row-${createHash('sha1').update(parts.map(String).join('\u0000')).digest('base64url').slice(0, 20)}`;
}

/**
 * `fileTime` stands in for the last-modified time of rows that give none: the file's own
 * modification time, the same on every import of the same file.
 */
export function rowMapper(fileTime: number): RowMapper {
  const campaignsSeen = new Set<string>();
  // A file names each deal once: a batch cannot write one deal twice (and which row would win?).
  const opportunitiesSeen = new Set<string>();
  return (reader) => {
    const { mapping } = reader;
    const { system, objectType } = mapping;
    /** `column "Contact ID" and column "Email" are both blank`: the fields the mapping fills. */
    const blank = (...fields: string[]) => {
      const named = fields
        .filter((field) => field in mapping.columns || field in mapping.values)
        .map((field) => reader.columnOf(field));
      return named.length > 1 ? `${named.join(' and ')} are both blank` : `${named[0]} is blank`;
    };
    const personRef = (): PersonRef => {
      const id = reader.text('personId');
      if (id) return { system, objectType, sourceId: id };
      const email = reader.text('email');
      if (email) return { email };
      throw new RowRejected(`no person: ${blank('personId', 'email')}`);
    };
    const personKey = (ref: PersonRef) => ('email' in ref ? normaliseEmail(ref.email) : ref.sourceId);
    const accountRef = () => {
      const id = reader.text('accountId');
      if (id) return { system, sourceId: id };
      const domain = reader.text('accountDomain');
      return domain ? { domain } : null;
    };
    // The product column may hold the product's id in the file's system or its name.
    const productRef = () => {
      const value = reader.text('product');
      return value ? { system, sourceId: value } : null;
    };
    const campaignRef = () => {
      const id = reader.text('campaignId');
      return id ? { system, sourceId: id } : null;
    };

    switch (mapping.kind) {
      case 'people': {
        const email = reader.text('email');
        const sourceId = reader.text('sourceId') ?? normaliseEmail(email);
        if (!sourceId) throw new RowRejected(`no id: ${blank('sourceId', 'email')}`);
        const createdAt = reader.date('createdAt') ?? reader.date('updatedAt') ?? fileTime;
        return [
          {
            kind: 'person',
            system,
            objectType,
            sourceId,
            email,
            firstName: reader.text('firstName'),
            lastName: reader.text('lastName'),
            title: reader.text('title'),
            department: reader.text('department'),
            region: reader.text('region'),
            leadSource: reader.text('leadSource'),
            account: accountRef(),
            ownerEmail: reader.text('ownerEmail'),
            icpFit: reader.prospectFlag('icpFit'),
            hasBudget: reader.prospectFlag('hasBudget'),
            hasTimeframe: reader.prospectFlag('hasTimeframe'),
            willingToEngage: reader.prospectFlag('willingToEngage'),
            createdAt,
            updatedAt: reader.date('updatedAt') ?? createdAt,
          },
        ];
      }
      case 'accounts': {
        const domain = reader.text('domain');
        const sourceId = reader.text('sourceId') ?? normaliseDomain(domain);
        if (!sourceId) throw new RowRejected(`no id: ${blank('sourceId', 'domain')}`);
        const employees = reader.number('employees');
        return [
          {
            kind: 'account',
            system,
            sourceId,
            name: reader.text('name') ?? normaliseDomain(domain) ?? sourceId,
            domain,
            industry: reader.text('industry'),
            employees: employees === null ? null : Math.round(employees),
            region: reader.text('region'),
            segment: reader.text('segment'),
            ownerEmail: reader.text('ownerEmail'),
            updatedAt: reader.date('updatedAt') ?? fileTime,
          },
        ];
      }
      case 'touches': {
        const person = personRef();
        const type = reader.text('type');
        const occurredAt = reader.date('occurredAt');
        const url = reader.text('url');
        return [
          {
            kind: 'touch',
            system,
            sourceId: reader.text('sourceId') ?? digest('touch', personKey(person), type, occurredAt, url),
            person,
            campaign: campaignRef(),
            channel: reader.text('channel') ?? undefined,
            type: type as never,
            url,
            occurredAt: occurredAt ?? undefined,
          } as SourceRecordInput,
        ];
      }
      case 'stages': {
        const person = personRef();
        const to = reader.text('to');
        const occurredAt = reader.date('occurredAt');
        return [
          {
            kind: 'stageChange',
            system,
            sourceId: reader.text('sourceId') ?? digest('stage', personKey(person), to, occurredAt),
            person,
            to: to ?? undefined,
            byTeam: (reader.text('byTeam') ?? 'system') as never,
            byUserEmail: reader.text('byUserEmail'),
            reason: reader.text('reason'),
            occurredAt: occurredAt ?? undefined,
          } as SourceRecordInput,
        ];
      }
      case 'opportunities': {
        // Flags left blank are the tenant's stage map's to decide (gateway/domain/crm-stages.ts).
        const isWon = reader.flag('isWon');
        const isClosed = reader.flag('isClosed');
        let probability = reader.number('probability');
        // "40" and "40%" mean 40 %: a probability above 1 is read as a percentage.
        if (probability !== null && probability > 1) probability /= 100;
        const hasPerson = reader.text('personId') || reader.text('email');
        const sourceId = reader.text('sourceId');
        if (sourceId && opportunitiesSeen.has(sourceId)) {
          throw new RowRejected(
            `${reader.locate('sourceId')} is an opportunity on an earlier line too: one row per opportunity`,
          );
        }
        if (sourceId) opportunitiesSeen.add(sourceId);
        return [
          {
            kind: 'opportunity',
            system,
            sourceId: sourceId ?? undefined,
            name: reader.text('name') ?? undefined,
            account: accountRef(),
            primaryPerson: hasPerson ? personRef() : null,
            campaign: campaignRef(),
            ownerEmail: reader.text('ownerEmail'),
            // A blank amount is unknown, and a blank created date is taken from the row's other dates.
            amount: reader.number('amount'),
            grossProfit: reader.number('grossProfit'),
            stage: reader.text('stage') ?? undefined,
            probability,
            createdAt: reader.date('createdAt'),
            closedAt: reader.date('closedAt'),
            expectedCloseAt: reader.date('expectedCloseAt'),
            isClosed,
            isWon,
            lossReason: reader.text('lossReason'),
            product: productRef(),
          } as SourceRecordInput,
        ];
      }
      case 'users':
        return [userRow(reader)];
      case 'products': {
        const name = reader.text('name');
        const sourceId = reader.text('sourceId') ?? name;
        if (!sourceId) throw new RowRejected(`no product: ${blank('sourceId', 'name')}`);
        const listPrice = reader.number('listPrice');
        return [
          {
            kind: 'product',
            system,
            sourceId,
            name: name ?? sourceId,
            family: reader.text('family'),
            listPrice,
          },
        ];
      }
      case 'costs': {
        const campaign = campaignRef();
        const name = reader.text('campaignName');
        const records: SourceRecordInput[] = [];
        // A cost file may name its campaigns: each is written once, ahead of its first cost.
        if (campaign && name && !campaignsSeen.has(campaign.sourceId)) {
          campaignsSeen.add(campaign.sourceId);
          records.push({ kind: 'campaign', ...campaign, name, channel: reader.text('channel') ?? 'other' });
        }
        records.push({
          kind: 'campaignCost',
          campaign: campaign ?? undefined,
          period: reader.period('period') ?? undefined,
          amount: reader.number('amount') ?? undefined,
        } as SourceRecordInput);
        return records;
      }
    }
  };
}
