import { html, type TemplateResult } from 'lit';

/** One cell: the raw value (for CSV) and its formatted text (for the visually hidden table). */
export interface Cell {
  value: string | number | null;
  text: string;
}

/** The text equivalent of a chart: rendered as a visually hidden table and exported as CSV. */
export interface DataTable {
  caption: string;
  columns: string[];
  rows: Cell[][];
}

export const cell = (value: string | number | null, text?: string): Cell => ({
  value,
  text: text ?? (value === null ? '—' : String(value)),
});

/** Lit text bindings only: CRM text such as `<img onerror=…>` renders as inert characters. */
export function renderDataTable(table: DataTable): TemplateResult {
  // The wrapper hides it: a table ignores width: 1px and would widen the host.
  return html`<div class="visually-hidden"><table part="data-table">
    <caption>${table.caption}</caption>
    <thead><tr>${table.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
    <tbody>
      ${table.rows.map(
        ([head, ...rest]) =>
          html`<tr><th scope="row">${head?.text}</th>${rest.map((c) => html`<td>${c.text}</td>`)}</tr>`,
      )}
    </tbody>
  </table></div>`;
}

/**
 * RFC 4180 CSV. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe: CRM fields are user input and CSV injection is a classic exfiltration path.
 */
export function tableToCSV(table: DataTable): string {
  const field = (value: string | number | null): string => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.columns.map(field), ...table.rows.map((row) => row.map((c) => field(c.value)))];
  return lines.map((line) => line.join(',')).join('\r\n') + '\r\n';
}
