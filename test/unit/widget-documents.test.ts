/**
 * The viewers' allow-list is data (gateway/auth/widget-documents.json) generated from the widgets'
 * documents, so that the gateway never imports widget code. A widget whose query changed without
 * regenerating the file would have its own requests refused for viewer tokens: this fails first,
 * and says how to regenerate.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWidgetOperations, sharedWidget } from '../../gateway/auth/widget-operations.js';
import { documentsFile, readWidgetDocuments } from '../../scripts/widget-documents.js';

describe('the generated widget documents', () => {
  it('are the documents the widgets send (else: npm run widgets:documents)', async () => {
    const generated = JSON.parse(readFileSync(documentsFile, 'utf8'));
    expect(generated).toEqual(await readWidgetDocuments());
  });

  it("give every widget folder's operations and the shared live subscription to the allow-list", async () => {
    const operations = await loadWidgetOperations();
    const documents = await readWidgetDocuments();
    const folders = new Set(documents.map((d) => d.widget));
    folders.delete(sharedWidget);
    expect(operations.widgets).toEqual([...folders].sort());
    expect(operations.operations.length + operations.shared.length).toBe(documents.length);
    expect(operations.shared.length).toBeGreaterThan(0);
  });
});
