/**
 * The allow-list of viewer tokens: the GraphQL documents the widgets send, read at start from
 * widgets/<name>/*.query.ts (each exports its documents as `{ query, operationName }`) and keyed
 * by the SHA-256 of their normalised text. The widgets send the full query text, so a viewer's
 * request is accepted when its document, normalised the same way, hashes to one of its widgets'.
 * Normalising (parse → print) makes whitespace, commas and comments irrelevant and nothing else.
 * Beside them, widgets/shared/*.query.ts holds what every widget sends (the `live` attribute's
 * subscription): any viewer token may run those, whichever widgets it names.
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

/** The `widget` of the documents every widget sends (widgets/shared/). */
export const sharedWidget = 'shared';

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

/** The operations exported by <dir><folder>/*.query.ts. */
async function operationsIn(dir: string, folder: string): Promise<WidgetOperation[]> {
  const operations: WidgetOperation[] = [];
  const files = readdirSync(`${dir}${folder}`).filter((f) => f.endsWith('.query.ts'));
  for (const file of files) {
    const module = (await import(`${dir}${folder}/${file}`)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (!isOperation(value)) continue;
      operations.push({ widget: folder, ...value, hash: normalisedHash(value.query) });
    }
  }
  return operations;
}

/** Reads every widget's operations from widgets/<name>/*.query.ts, and the shared ones. */
export async function loadWidgetOperations(dir = widgetsDir): Promise<WidgetOperations> {
  const operations: WidgetOperation[] = [];
  const folders = readdirSync(dir, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && d.name !== sharedWidget,
  );
  for (const folder of folders) operations.push(...(await operationsIn(dir, folder.name)));
  if (operations.length === 0) throw new Error(`no widget operations found under ${dir}`);
  return new WidgetOperations(operations, await operationsIn(dir, sharedWidget));
}

let loaded: Promise<WidgetOperations> | undefined;

/** The widgets' operations, read once per process. */
export function widgetOperations(): Promise<WidgetOperations> {
  loaded ??= loadWidgetOperations();
  return loaded;
}
