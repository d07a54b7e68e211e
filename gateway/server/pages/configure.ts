/**
 * /configure: the snippet configurator for CRM admins. Pick a widget, set its attributes with form
 * controls (choices from the tenant's own data), see it live, copy the HTML or the iframe snippet.
 * demo/configure.js keeps the preview and the snippets in step with the form.
 */
import type { TenantTable } from '../../store/tables.js';
import { type AttributeSpec, catalogue, commonEvents } from './catalogue.js';
import type { Choice, Choices } from './choices.js';
import { html, page, query, type SafeHtml } from './html.js';

/** Every attribute any widget reads, once, with the widgets that read it. */
function controls(): { spec: AttributeSpec; widgets: string[] }[] {
  const byName = new Map<string, { spec: AttributeSpec; widgets: string[] }>();
  for (const widget of catalogue) {
    for (const spec of widget.attributes) {
      const entry = byName.get(spec.name) ?? { spec, widgets: [] };
      entry.widgets.push(widget.name);
      byName.set(spec.name, entry);
    }
  }
  return [...byName.values()];
}

function options(list: Choice[], selected: string | null, blank: string): SafeHtml {
  return html`<option value="">${blank}</option>${list.map(
    (c) => html`<option value="${c.value}" ${c.value === selected ? html`selected` : ''}>${c.label}</option>`,
  )}`;
}

function control(
  spec: AttributeSpec,
  widgets: string[],
  choices: Choices,
  params: URLSearchParams,
): SafeHtml {
  const id = `attr-${spec.name}`;
  const value = params.get(spec.name);
  const list = spec.choices
    ? 'fixed' in spec.choices
      ? spec.choices.fixed.map((v) => ({ value: v, label: v }))
      : choices[spec.choices.data]
    : [];
  let input: SafeHtml;
  if (spec.kind === 'select') {
    input = html`<select id="${id}" name="${spec.name}">${options(list, value, 'Any / default')}</select>`;
  } else if (spec.kind === 'date') {
    input = html`<input id="${id}" name="${spec.name}" type="date" value="${value ?? ''}">`;
  } else {
    const initial = value ?? (spec.name === 'record-id' ? (list[0]?.value ?? '') : '');
    input = html`<input id="${id}" name="${spec.name}" value="${initial}" ${list.length ? html`list="${id}-choices"` : ''}
        autocomplete="off" spellcheck="false">
      ${list.length ? html`<datalist id="${id}-choices">${list.map((c) => html`<option value="${c.value}">${c.label}</option>`)}</datalist>` : ''}`;
  }
  return html`<div class="field" data-widgets="${widgets.join(' ')}">
    <label for="${id}">${spec.label} <code>${spec.name}</code></label>
    ${input}
    <p class="hint">${spec.help}</p>
  </div>`;
}

function widgetPicker(selected: string): SafeHtml {
  return html`<fieldset class="widget-picker">
    <legend>Widget</legend>
    ${catalogue.map(
      (w) => html`<label class="widget-option">
        <input type="radio" name="widget" value="${w.name}" data-tag="${w.tag}" data-height="${w.frameHeight}"
          data-events="${[...w.events, ...commonEvents].join(' ')}" ${w.name === selected ? html`checked` : ''}>
        <span><b>${w.title}</b> <code>&lt;${w.tag}&gt;</code><br><span class="muted">${w.summary}</span></span>
      </label>`,
    )}
  </fieldset>`;
}

function tokenHelp(): SafeHtml {
  return html`<section class="card token-help" aria-labelledby="token-title">
    <h2 id="token-title">How to get a token</h2>
    <p>The widgets send a bearer token (a JWT) with every request, which tells the gateway who is looking and
      which company's data they may see. In this demo the page makes its own, so the preview needs none.</p>
    <ol>
      <li>Ask your Tandem administrator for a viewer token for your company, or for a service that mints
        short-lived ones: <code>npx tandem token --tenant acme --role viewer --widgets customer-360</code> on the
        gateway, or your identity provider.</li>
      <li><b>HTML snippet:</b> add <code>token="…"</code>, or better set <code>element.tokenProvider</code> to a
        function that fetches a fresh token from your server; the widget asks for one before the old one
        expires.</li>
      <li><b>iframe snippet:</b> append <code>#token=…</code> to the frame's address (the fragment never reaches
        a server log), or post <code>{"tandem":1,"type":"set","token":"…"}</code> to the frame.</li>
      <li>Never put a long-lived token where everyone who can read the page can copy it.</li>
    </ol>
  </section>`;
}

export function configurePage(
  tenants: TenantTable[],
  tenant: TenantTable,
  choices: Choices,
  params: URLSearchParams,
): string {
  const selected = catalogue.find((w) => w.name === params.get('widget'))?.name ?? catalogue[0]!.name;
  return page({
    title: 'Embed a widget – Tandem',
    section: 'configure',
    scripts: ['/configure.js'],
    body: html`<main class="page configure">
      <div class="page-head">
        <div>
          <h1>Embed a widget</h1>
          <p class="lede">For CRM admins: pick a widget, set it up, check it live, then copy the snippet into a
            page layout, a Visualforce page, a HubSpot card or a Dynamics web resource.</p>
        </div>
        <nav class="tenant-tabs" aria-label="Demo company">
          ${tenants.map(
            (t) =>
              html`<a href="/configure${query({ tenant: t.id, widget: selected })}" ${t.id === tenant.id ? html`aria-current="page"` : ''}>${t.name}</a>`,
          )}
        </nav>
      </div>
      <div class="configure-grid">
        <form id="configurator" class="card" data-tenant="${tenant.id}" data-currency="${tenant.currency}">
          ${widgetPicker(selected)}
          <input type="hidden" name="tenant" value="${tenant.id}">
          <fieldset class="attributes">
            <legend>Attributes</legend>
            ${controls().map(({ spec, widgets }) => control(spec, widgets, choices, params))}
          </fieldset>
        </form>
        <div class="configure-output">
          <section class="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Live preview</h2>
            <div id="preview" class="preview"></div>
          </section>
          <section class="card snippet" aria-labelledby="html-title">
            <div class="snippet-head"><h2 id="html-title">HTML snippet</h2>
              <button type="button" class="copy" data-copy="snippet-html">Copy</button></div>
            <p class="muted">For pages that run your scripts: an intranet, a CMS page, a Dynamics web resource,
              a Lightning web component with Lightning Web Security.</p>
            <pre><code id="snippet-html"></code></pre>
          </section>
          <section class="card snippet" aria-labelledby="iframe-title">
            <div class="snippet-head"><h2 id="iframe-title">iframe snippet</h2>
              <button type="button" class="copy" data-copy="snippet-iframe">Copy</button></div>
            <p class="muted">For hosts that do not allow custom elements (Salesforce Locker, Visualforce, HubSpot's
              iframe modal): the widget alone in a frame that grows to its height.</p>
            <pre><code id="snippet-iframe"></code></pre>
          </section>
          ${tokenHelp()}
        </div>
      </div>
    </main>`,
  });
}
