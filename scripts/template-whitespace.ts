/**
 * A Vite plugin for the widget builds: inside Lit's `html`, `svg` and `css` tagged templates, every
 * run of whitespace that holds a line break becomes one space. esbuild keeps template text as
 * written, so the indentation of every template and style sheet was shipped (about 0.6 KB of the
 * 40 KB gzip budget). Renderers collapse such runs anyway (no widget uses `white-space: pre`), so the
 * page looks the same; single spaces, which keep words apart, are left alone. Only the static text
 * changes: `${…}` expressions are not touched.
 */
import ts from 'typescript';
import type { Plugin } from 'vite';

const TAGS = new Set(['html', 'svg', 'css']);

/**
 * A style sheet without `${…}` also loses the spaces around braces, semicolons and commas, after
 * colons (a selector's pseudo-class never has one), the last semicolon of a block and at its ends.
 */
const compactCss = (text: string): string =>
  text
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/^`\s+|\s+`$/g, (edge) => edge.trim());

/** The source with the tagged templates' line-breaking whitespace collapsed, or null when none. */
export function collapseTemplates(code: string, fileName = 'widget.ts'): string | null {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const literal = (node: ts.Node, compact = (text: string) => text) => {
    const start = node.getStart(source);
    const text = code.slice(start, node.end);
    const collapsed = compact(text.replace(/\s*\n\s*/g, ' '));
    if (collapsed !== text) edits.push({ start, end: node.end, text: collapsed });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
      const template = node.template;
      if (ts.isNoSubstitutionTemplateLiteral(template))
        literal(template, node.tag.text === 'css' ? compactCss : undefined);
      else {
        literal(template.head);
        for (const span of template.templateSpans) literal(span.literal);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (edits.length === 0) return null;
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

export function templateWhitespace(): Plugin {
  return {
    name: 'tandem-template-whitespace',
    apply: 'build',
    transform(code, id) {
      if (!/\/widgets\/.*\.ts$/.test(id)) return null;
      const out = collapseTemplates(code, id);
      return out === null ? null : { code: out, map: null };
    },
  };
}
