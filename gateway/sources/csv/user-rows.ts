/**
 * A row of the `users` kind: a rep, manager or marketer with their team, role, region (or office)
 * and manager. The function (sales or marketing) may be a column of its own or left to the role
 * ("SDR", "Marketing Manager"; gateway/ingest/apply-user.ts); a blank name is the email's.
 */
import type { SourceRecordInput } from '../../ingest/records.js';
import { type RowReader, RowRejected } from './cells.js';

const sales = /^(sales|s|revenue|business development|bd)$/i;
const marketing = /^(marketing|m|mktg|demand generation|demand gen)$/i;

export function userRow(reader: RowReader): SourceRecordInput {
  const email = reader.text('email');
  if (!email) throw new RowRejected(`no user: ${reader.columnOf('email')} is blank`);
  const fn = reader.text('function');
  let teamFunction: 'sales' | 'marketing' | null = null;
  if (fn !== null) {
    if (sales.test(fn)) teamFunction = 'sales';
    else if (marketing.test(fn)) teamFunction = 'marketing';
    else throw new RowRejected(`${reader.locate('function')} is not a function: sales or marketing`);
  }
  return {
    kind: 'user',
    email,
    name: reader.text('name') ?? email,
    team: reader.text('team'),
    teamFunction,
    role: reader.text('role'),
    region: reader.text('region'),
    managerEmail: reader.text('managerEmail'),
  };
}
