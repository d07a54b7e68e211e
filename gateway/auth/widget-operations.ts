/**
 * The allow-list of viewer tokens: the GraphQL documents the widgets send, read at start from
 * widget-documents.json beside this file and keyed by the SHA-256 of their normalised text. That
 * file is data generated from widgets/<name>/*.query.ts (scripts/widget-documents.ts; a test fails
 * when it drifts), so the gateway never imports widget code at run time. The widgets send the full query text, so a viewer's
 * request is accepted when its document, normalised the same way, hashes to one of its widgets'.
 * Normalising (parse → print) makes whitespace, commas and comments irrelevant and nothing else.
 * Beside them, widgets/shared/*.query.ts holds what every widget sends (the `live` attribute's
 * subscription): any viewer token may run those, whichever widgets it names.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';

export interface WidgetOperation {
  widget: string;
  operationName: string;
  query: string;
  hash: string;
}

const documentsFile = new URL('./widget-documents.json', import.meta.url);

/** The `widget` of the documents every widget sends (widgets/shared/). */
export const sharedWidget = 'shared';

/** The longest document a widget sends, with room for formatting: longer text is not parsed at all. */
const maxLengthFactor = 4;

export function normalisedHash(query: string): string {
  return createHash('sha256')
    .update(print(parse(query, { noLocation: true })))
    .digest('hex');
}

export class WidgetOperations {
  private readonly byHash = new Map<string, WidgetOperation>();
  private readonly maxLength: number;

  constructor(
    /** Each widget's own queries. */
    readonly operations: WidgetOperation[],
    /** What every widget sends (the live subscription). */
    readonly shared: WidgetOperation[] = [],
  ) {
    const all = [...operations, ...shared];
    for (const operation of all) this.byHash.set(operation.hash, operation);
    this.maxLength = Math.max(0, ...all.map((o) => o.query.length)) * maxLengthFactor;
  }

  /** Widget names (folder names), for messages and `tandem token --widgets`. */
  get widgets(): string[] {
    return [...new Set(this.operations.map((o) => o.widget))].sort();
  }

  /** The widget operation `query` is, if any (of the given widgets only, when given). */
  match(query: string | undefined, widgets?: readonly string[] | null): WidgetOperation | undefined {
    if (!query || query.length > this.maxLength) return undefined;
    let hash: string;
    try {
      hash = normalisedHash(query);
    } catch {
      return undefined; // not GraphQL: certainly not a widget's document
    }
    const operation = this.byHash.get(hash);
    if (!operation) return undefined;
    return !widgets || operation.widget === sharedWidget || widgets.includes(operation.widget)
      ? operation
      : undefined;
  }
}

/** The widgets' documents as generated into `file`, each with the hash requests are matched by. */
export async function loadWidgetOperations(file: URL = documentsFile): Promise<WidgetOperations> {
  const documents = JSON.parse(readFileSync(file, 'utf8')) as Omit<WidgetOperation, 'hash'>[];
  const all = documents.map((d) => ({ ...d, hash: normalisedHash(d.query) }));
  const operations = all.filter((o) => o.widget !== sharedWidget);
  if (operations.length === 0) throw new Error(`no widget operations in ${file.pathname}`);
  return new WidgetOperations(
    operations,
    all.filter((o) => o.widget === sharedWidget),
  );
}

let loaded: Promise<WidgetOperations> | undefined;

/** The widgets' operations, read once per process. */
export function widgetOperations(): Promise<WidgetOperations> {
  loaded ??= loadWidgetOperations();
  return loaded;
}
