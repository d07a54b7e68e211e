/**
 * The mapping file of a CSV import: which kind of record each row is, which column fills which
 * field (optionally translating values, e.g. "Opened" → email_open), constant values for fields no
 * column holds, and how dates and decimals are written. Checked whole before the first row is read,
 * so a typo in a field or column name stops the import with one line instead of rejecting every row.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../../config.js';
import { describeIssues } from '../../ingest/ingest.js';
import { prospectFlagFields } from '../../ingest/records.js';
import { dateParser } from './dates.js';

export const csvKinds = ['people', 'accounts', 'touches', 'opportunities', 'stages', 'costs'] as const;
export type CsvKind = (typeof csvKinds)[number];

/** The fields each kind can fill, and those it must (`a|b`: one of them). */
export const kindFields: Record<CsvKind, { fields: string[]; required: string[] }> = {
  people: {
    fields: [
      'sourceId',
      'email',
      'firstName',
      'lastName',
      'title',
      'department',
      'region',
      'leadSource',
      'accountId',
      'accountDomain',
      'ownerEmail',
      'createdAt',
      'updatedAt',
      ...prospectFlagFields,
    ],
    required: ['sourceId|email'],
  },
  accounts: {
    fields: [
      'sourceId',
      'name',
      'domain',
      'industry',
      'employees',
      'region',
      'segment',
      'ownerEmail',
      'updatedAt',
    ],
    required: ['sourceId|domain', 'name|domain'],
  },
  touches: {
    fields: ['sourceId', 'personId', 'email', 'campaignId', 'channel', 'type', 'url', 'occurredAt'],
    required: ['personId|email', 'channel', 'type', 'occurredAt'],
  },
  opportunities: {
    fields: [
      'sourceId',
      'name',
      'accountId',
      'accountDomain',
      'personId',
      'email',
      'campaignId',
      'ownerEmail',
      'amount',
      'grossProfit',
      'stage',
      'probability',
      'createdAt',
      'closedAt',
      'isClosed',
      'isWon',
      'lossReason',
    ],
    required: ['sourceId', 'name', 'amount', 'stage', 'createdAt'],
  },
  stages: {
    fields: ['sourceId', 'personId', 'email', 'to', 'byTeam', 'byUserEmail', 'reason', 'occurredAt'],
    required: ['personId|email', 'to', 'occurredAt'],
  },
  costs: {
    fields: ['campaignId', 'campaignName', 'channel', 'period', 'amount'],
    required: ['campaignId', 'period', 'amount'],
  },
};

const columnSpec = z.union([
  z.string().min(1),
  z.object({ column: z.string().min(1), map: z.record(z.string(), z.string()).optional() }).strict(),
]);

const mappingSchema = z
  .object({
    kind: z.enum(csvKinds).optional(),
    /** The `system` of the records: ids in the file are ids in this system. */
    system: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lower-case system name')
      .default('csv'),
    /** What people's ids are in that system (and what `personId` columns point at). */
    objectType: z.enum(['lead', 'contact', 'ma_lead', 'record']).default('record'),
    delimiter: z.string().length(1).default(','),
    decimal: z.enum(['.', ',']).default('.'),
    dates: z
      .object({ format: z.string().min(1).default('iso'), timeZone: z.string().min(1).default('UTC') })
      .strict()
      .default({ format: 'iso', timeZone: 'UTC' }),
    columns: z.record(z.string(), columnSpec),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();

export type CsvMapping = z.infer<typeof mappingSchema> & { kind: CsvKind };
export type ColumnSpec = z.infer<typeof columnSpec>;

export async function loadMapping(path: string, kind?: string): Promise<CsvMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the mapping file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the mapping file ${path} is not JSON: ${(error as Error).message}`);
  }
  return checkMapping(json, kind, path);
}

export function checkMapping(json: unknown, kind?: string, where = 'mapping'): CsvMapping {
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${where}: ${describeIssues(parsed.error)}`);
  const chosen = kind ?? parsed.data.kind;
  if (!chosen)
    throw new UsageError(
      `${where}: say which kind of rows this is, with "kind" or --kind (${csvKinds.join(', ')})`,
    );
  if (!(csvKinds as readonly string[]).includes(chosen)) {
    throw new UsageError(`--kind must be one of ${csvKinds.join(', ')}, got '${chosen}'`);
  }
  const mapping = { ...parsed.data, kind: chosen as CsvKind };
  const { fields, required } = kindFields[mapping.kind];
  for (const field of [...Object.keys(mapping.columns), ...Object.keys(mapping.values)]) {
    if (!fields.includes(field)) {
      throw new UsageError(
        `${where}: '${field}' is not a field of ${mapping.kind} (fields: ${fields.join(', ')})`,
      );
    }
  }
  for (const need of required) {
    if (!need.split('|').some((field) => field in mapping.columns || field in mapping.values)) {
      throw new UsageError(
        `${where}: ${mapping.kind} need ${need.replace('|', ' or ')} (a column or a value)`,
      );
    }
  }
  try {
    dateParser(mapping.dates.format, mapping.dates.timeZone);
  } catch (error) {
    throw new UsageError(`${where}: ${(error as Error).message}`);
  }
  return mapping;
}

export function columnName(spec: ColumnSpec): string {
  return typeof spec === 'string' ? spec : spec.column;
}
