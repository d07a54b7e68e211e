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
import { inWriteOrder } from './multi-kind.js';

export const csvKinds = [
  'people',
  'accounts',
  'touches',
  'opportunities',
  'stages',
  'costs',
  'users',
  'products',
] as const;
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
      'expectedCloseAt',
      'product',
    ],
    // An export's open deals may have no amount (unknown) or created date (taken from elsewhere).
    required: ['sourceId', 'name', 'stage'],
  },
  stages: {
    fields: ['sourceId', 'personId', 'email', 'to', 'byTeam', 'byUserEmail', 'reason', 'occurredAt'],
    required: ['personId|email', 'to', 'occurredAt'],
  },
  costs: {
    fields: ['campaignId', 'campaignName', 'channel', 'period', 'amount'],
    required: ['campaignId', 'period', 'amount'],
  },
  users: {
    fields: ['email', 'name', 'role', 'function', 'team', 'managerEmail', 'region'],
    required: ['email'],
  },
  products: {
    fields: ['sourceId', 'name', 'family', 'listPrice'],
    required: ['sourceId|name'],
  },
};

const columnSpec = z.union([
  z.string().min(1),
  z.object({ column: z.string().min(1), map: z.record(z.string(), z.string()).optional() }).strict(),
]);

/** What one kind reads from each row: its columns and constants. */
const kindSection = z
  .object({
    columns: z.record(z.string(), columnSpec),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();

const mappingSchema = z
  .object({
    kind: z.enum(csvKinds).optional(),
    /** Several kinds from one file (multi-kind.ts): kind → its section, or a list of sections. */
    kinds: z.record(z.string(), z.union([kindSection, z.array(kindSection).min(1)])).optional(),
    /** The `system` of the records: ids in the file are ids in this system. */
    system: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lower-case system name')
      .default('csv'),
    /** What people's ids are in that system (and what `personId` columns point at). */
    objectType: z.enum(['lead', 'contact', 'ma_lead', 'record']).default('record'),
    delimiter: z.string().length(1).default(','),
    decimal: z.enum(['.', ',']).default('.'),
    /** Dates without an offset are local times in `timeZone`; left out, in the tenant's zone (import.ts). */
    dates: z
      .object({ format: z.string().min(1).default('iso'), timeZone: z.string().min(1).optional() })
      .strict()
      .default({ format: 'iso' }),
    columns: z.record(z.string(), columnSpec).optional(),
    values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();

/** One kind read from each row: the file's settings with that kind's columns and values. */
export type CsvKindMapping = Omit<z.infer<typeof mappingSchema>, 'kinds' | 'columns'> & {
  kind: CsvKind;
  columns: Record<string, ColumnSpec>;
};
/**
 * A checked mapping. `sections` are the kinds each row becomes, in the order they are written
 * (multi-kind.ts): the mapping itself alone unless it declares `kinds`, in which case its own
 * kind, columns and values are those of the first section.
 */
export type CsvMapping = CsvKindMapping & { sections: CsvKindMapping[] };
export type ColumnSpec = z.infer<typeof columnSpec>;
type KindSection = z.infer<typeof kindSection>;

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
  const { kinds, columns, ...settings } = parsed.data;
  if (kinds) {
    if (columns) throw new UsageError(`${where}: ${besideKinds}`);
    return checkMultiKind(settings, kinds, kind, where);
  }
  if (!columns)
    throw new UsageError(`${where}: say which column fills which field, with "columns" (or "kinds")`);
  const single = checkKind({ ...settings, columns }, kind ?? parsed.data.kind, where);
  return { ...single, sections: [single] };
}

/** One kind's section checked: known kind, known fields, required fields present, dates readable. */
export function checkKind(
  section: Omit<CsvKindMapping, 'kind'>,
  chosen: string | undefined,
  where: string,
): CsvKindMapping {
  if (!chosen)
    throw new UsageError(
      `${where}: say which kind of rows this is, with "kind" or --kind (${csvKinds.join(', ')})`,
    );
  if (!(csvKinds as readonly string[]).includes(chosen)) {
    throw new UsageError(`--kind must be one of ${csvKinds.join(', ')}, got '${chosen}'`);
  }
  const mapping = { ...section, kind: chosen as CsvKind };
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
    dateParser(mapping.dates.format, mapping.dates.timeZone ?? 'UTC');
  } catch (error) {
    throw new UsageError(`${where}: ${(error as Error).message}`);
  }
  return mapping;
}

const besideKinds = 'with "kinds", give "columns" and "values" inside each kind, and no "kind" beside it';

/**
 * `kinds`: each section checked like a one-kind mapping (in the file's settings), then put in
 * write order (multi-kind.ts). `--kind` picks one kind's sections out of the file.
 */
function checkMultiKind(
  settings: Omit<z.infer<typeof mappingSchema>, 'kinds' | 'columns'>,
  kinds: Record<string, KindSection | KindSection[]>,
  only: string | undefined,
  where: string,
): CsvMapping {
  if (settings.kind || Object.keys(settings.values).length) throw new UsageError(`${where}: ${besideKinds}`);
  const sections: CsvKindMapping[] = [];
  for (const [kind, declared] of Object.entries(kinds)) {
    if (!(csvKinds as readonly string[]).includes(kind)) {
      throw new UsageError(`${where}: "kinds" has '${kind}', not a kind (${csvKinds.join(', ')})`);
    }
    if (only && kind !== only) continue;
    const list = Array.isArray(declared) ? declared : [declared];
    list.forEach((section, i) => {
      const at = list.length > 1 ? `${where}, kinds.${kind}[${i}]` : `${where}, kinds.${kind}`;
      sections.push(checkKind({ ...settings, ...section }, kind, at));
    });
  }
  if (sections.length === 0) {
    throw new UsageError(
      only
        ? `${where}: "kinds" has no '${only}' (it has ${Object.keys(kinds).join(', ')})`
        : `${where}: "kinds" names no kind`,
    );
  }
  const ordered = inWriteOrder(sections);
  return { ...ordered[0]!, sections: ordered };
}

export function columnName(spec: ColumnSpec): string {
  return typeof spec === 'string' ? spec : spec.column;
}
