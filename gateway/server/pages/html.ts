/**
 * HTML for the server-rendered pages. Templates are tagged template literals: every interpolated
 * value goes through `escapeHtml` unless it is already `SafeHtml` (another template's output), so a
 * data value can only ever land in a page as text.
 */

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** The one escaping function: safe in text and in quoted attribute values (templates always quote). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => entities[c]!);
}

/** Markup that is already escaped (what `html` returns). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(part);
}

/** A template: the literal markup stays, each `${value}` is escaped (arrays are joined, null is empty). */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/** A query string from the pairs whose value is set; for links inside templates (then escaped as text). */
export function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface PageShell {
  title: string;
  /** Which item of the top navigation is current. */
  section: 'portal' | 'crm' | 'configure' | 'graphql' | null;
  /** Module scripts of this page (paths on the gateway). */
  scripts: string[];
  body: SafeHtml;
  /** Extra class on <body>, e.g. `embed`. */
  bodyClass?: string;
}

const sections = [
  ['portal', '/', 'Revenue dashboard'],
  ['crm', '/crm', 'CRM records'],
  ['configure', '/configure', 'Embed a widget'],
  ['graphql', '/graphql', 'GraphiQL'],
] as const;

/** The demo's frame: the same header as the static portal (demo/index.html), without the tenant switcher. */
export function page({ title, section, scripts, body, bodyClass }: PageShell): string {
  const nav =
    section === null
      ? ''
      : html`<header class="topbar">
        <a class="brand" href="/">Tandem</a>
        <nav aria-label="Demo">
          ${sections.map(
            ([key, href, label]) =>
              html`<a href="${href}" ${key === section ? html`aria-current="page"` : ''}>${label}</a>`,
          )}
        </nav>
      </header>`;
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/demo.css">
  ${scripts.map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body class="${bodyClass ?? ''}">
  ${nav}
  ${body}
</body>
</html>
`.value;
}
