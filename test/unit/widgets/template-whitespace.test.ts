// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are widget source code, as the plugin reads it
import { describe, expect, it } from 'vitest';
import { collapseTemplates } from '../../../scripts/template-whitespace.js';

describe('the widget builds’ template whitespace (scripts/template-whitespace.ts)', () => {
  it('collapses line-breaking whitespace in html and svg templates, keeping single spaces and expressions', () => {
    const code = [
      'const a = html`<div part="legend">',
      '    <span class="swatch"></span>Marketing',
      '    ${note ? html`<b>\n  ${note}</b>` : nothing}',
      '  </div>`;',
      'const b = svg`<tspan> ${text}</tspan>\n<tspan dx="4"> ${more}</tspan>`;',
    ].join('\n');
    expect(collapseTemplates(code)).toBe(
      [
        'const a = html`<div part="legend"> <span class="swatch"></span>Marketing ${note ? html`<b> ${note}</b>` : nothing} </div>`;',
        'const b = svg`<tspan> ${text}</tspan> <tspan dx="4"> ${more}</tspan>`;',
      ].join('\n'),
    );
  });

  it('compacts a style sheet without expressions, and only collapses one with them', () => {
    const sheet =
      "css`\n  :host([state='refreshing']) figure {\n    opacity: 0.6;\n  }\n  .a,\n  .b {\n    margin: 0 4px;\n  }\n`";
    expect(collapseTemplates(sheet)).toBe(
      "css`:host([state='refreshing']) figure{opacity:0.6}.a,.b{margin:0 4px}`",
    );
    expect(collapseTemplates('css`\n  :host {\n    ${tokens}\n  }\n`')).toBe('css` :host { ${tokens} } `');
  });

  it('leaves other strings, untagged templates and GraphQL documents alone', () => {
    const code = 'const q = `query {\n  funnel\n}`;\nconst csv = "a\\r\\nb";\nconst t = other`x\n  y`;';
    expect(collapseTemplates(code)).toBeNull();
  });
});
