/**
 * The allow-list of viewer tokens: the GraphQL documents the widgets send, read at start from
 * widgets/<name>/*.query.ts (each exports its documents as `{ query, operationName }`) and keyed
 * by the SHA-256 of their normalised text. The widgets send the full query text, so a viewer's
 * request is accepted when its document, normalised the same way, hashes to one of its widgets'.
 * Normalising (parse → print) makes whitespace, commas and comments irrelevant and nothing else.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, print } from 'graphql';

export interface WidgetOperation {
  widget: string;
  operationName: string;
  query: string;
  hash: string;
}

const widgetsDir = fileURLToPath(new URL('../../widgets/', import.meta.url));

/** The longest document a widget sends, with room for formatting: longer text is not parsed at all. */
const maxLengthFactor = 4;

export function normalisedHash(query: string): string {
  return createHash('sha256')
    .update(print(parse(query, { noLocation: true })))
    .digest('hex');
}

function isOperation(value: unknown): value is { query: string; operationName: string } {
  const v = value as { query?: unknown; operationName?: unknown } | null;
  return typeof v?.query === 'string' && typeof v.operationName === 'string';
}

export class WidgetOperations {
  private readonly byHash = new Map<string, WidgetOperation>();
  private readonly maxLength: number;

  constructor(readonly operations: WidgetOperation[]) {
    for (const operation of operations) this.byHash.set(operation.hash, operation);
    this.maxLength = Math.max(0, ...operations.map((o) => o.query.length)) * maxLengthFactor;
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
    return operation && (!widgets || widgets.includes(operation.widget)) ? operation : undefined;
  }
}

/** Reads every widget's operations from widgets/<name>/*.query.ts. */
export async function loadWidgetOperations(dir = widgetsDir): Promise<WidgetOperations> {
  const operations: WidgetOperation[] = [];
  const folders = readdirSync(dir, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && d.name !== 'shared',
  );
  for (const folder of folders) {
    const files = readdirSync(`${dir}${folder.name}`).filter((f) => f.endsWith('.query.ts'));
    for (const file of files) {
      const module = (await import(`${dir}${folder.name}/${file}`)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (!isOperation(value)) continue;
        operations.push({ widget: folder.name, ...value, hash: normalisedHash(value.query) });
      }
    }
  }
  if (operations.length === 0) throw new Error(`no widget operations found under ${dir}`);
  return new WidgetOperations(operations);
}

let loaded: Promise<WidgetOperations> | undefined;

/** The widgets' operations, read once per process. */
export function widgetOperations(): Promise<WidgetOperations> {
  loaded ??= loadWidgetOperations();
  return loaded;
}
