/**
 * Writes gateway/auth/widget-documents.json: the GraphQL documents the widgets send, read from
 * widgets/<name>/*.query.ts (each exports its documents as `{ query, operationName }`), plus
 * widgets/shared/*.query.ts, which every widget sends. The gateway reads that file to build the
 * viewers' allow-list, so the server never imports widget code; test/unit/widget-documents.test.ts
 * fails when the file drifts from the widgets. Run after changing a widget's query:
 *
 *   npm run widgets:documents
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WidgetDocument {
  widget: string;
  operationName: string;
  query: string;
}

export const widgetsDir = fileURLToPath(new URL('../widgets/', import.meta.url));
export const documentsFile = fileURLToPath(new URL('../gateway/auth/widget-documents.json', import.meta.url));

function isOperation(value: unknown): value is { query: string; operationName: string } {
  const v = value as { query?: unknown; operationName?: unknown } | null;
  return typeof v?.query === 'string' && typeof v.operationName === 'string';
}

/** The documents exported by every widgets/<folder>/*.query.ts, in folder, file and export order. */
export async function readWidgetDocuments(dir = widgetsDir): Promise<WidgetDocument[]> {
  const documents: WidgetDocument[] = [];
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const folder of folders) {
    const files = readdirSync(`${dir}${folder}`)
      .filter((f) => f.endsWith('.query.ts'))
      .sort();
    for (const file of files) {
      const module = (await import(pathToFileURL(`${dir}${folder}/${file}`).href)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (isOperation(value))
          documents.push({ widget: folder, operationName: value.operationName, query: value.query });
      }
    }
  }
  return documents;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const documents = await readWidgetDocuments();
  writeFileSync(documentsFile, `${JSON.stringify(documents, null, 2)}\n`);
  console.log(`${documents.length} widget documents written to ${documentsFile}`);
}
