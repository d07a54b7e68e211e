/**
 * Rows written with a warning (gateway/ingest/batch.ts RecordWarning), as a CSV import reports
 * them: the line, the column the value came from and the value, e.g.
 * `line 7, column "Opportunity Owner": "zed@acme.com" is not a user: written without an owner`,
 * and a count of each sort for the summary ("3 deals had no created date: used the earliest date
 * in the row").
 */
import type { RecordWarning } from '../../ingest/batch.js';
import { quote } from './cells.js';
import { type CsvMapping, columnName } from './mapping.js';

export interface CsvWarning {
  line: number;
  /** The CSV header the value came from; null when the warning is about the row. */
  column: string | null;
  value: string | null;
  message: string;
  code: string;
}

/** The mapping kind a record kind comes from. */
const csvKindOf: Record<string, string> = {
  user: 'users',
  product: 'products',
  person: 'people',
  account: 'accounts',
  opportunity: 'opportunities',
};

export function csvWarning(warning: RecordWarning, line: number, mapping: CsvMapping): CsvWarning {
  const section = mapping.sections.find((s) => s.kind === csvKindOf[warning.kind]);
  const spec = section?.columns[warning.field];
  return {
    line,
    column: spec ? columnName(spec) : null,
    value: warning.value,
    message: warning.message,
    code: warning.code,
  };
}

/** `line 7, column "Owner": "zed@acme.com" is not a user: …`, or `line 7: no created date: …`. */
export function csvWarningText(warning: CsvWarning): string {
  if (warning.value === null) return `line ${warning.line}: ${warning.message}`;
  const where = warning.column ? `column "${warning.column}"` : 'value';
  return `line ${warning.line}, ${where}: ${quote(warning.value)} ${warning.message}`;
}

/** Each sort of warning: what it counts, and the sentence after the count. */
const sentences: Record<string, [noun: string, sentence: string]> = {
  createdAtFromRecord: ['deal', 'had no created date: used the earliest date in the row'],
  createdAtImportTime: ['deal', 'had no created date nor any other date: used the time of the import'],
  unknownOwner: ['row', 'named an owner who is not a user: written without an owner'],
  unknownProduct: ['deal', 'named a product that is not imported: written without a product'],
  unknownManager: ['user', 'named a manager who is not a user: written without a manager'],
  unknownStage: ['deal', 'had a stage the stage map does not know: counted as open'],
};

/** One sentence per sort of warning, most frequent first: `3 deals had no created date: …`. */
export function warningSummary(byCode: Record<string, number>): string[] {
  return Object.entries(byCode)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => {
      const [noun, sentence] = sentences[code] ?? ['row', `warned: ${code}`];
      return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'} ${sentence}`;
    });
}
