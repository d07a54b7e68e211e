/**
 * /embed/<widget>?<attributes>: the widget alone, sized to its frame, for hosts that do not allow
 * custom elements. demo/embed.js reports its height and events to the parent by postMessage (the
 * message format is in the README, "Recipes").
 */
import { catalogue, commonEvents, type WidgetSpec } from './catalogue.js';
import { html, page } from './html.js';

/** Parameters the frame reads itself; the widget's attributes come from the catalogue. */
export interface EmbedOptions {
  /** The parent's origin: messages go only there (else to any parent, `*`). */
  origin: string | null;
  /** Echoed in every message, so a parent with several frames can tell them apart. */
  frame: string | null;
  /** Show a Done button (HubSpot's iframe modal closes on it). */
  done: boolean;
}

export function embedPage(widget: WidgetSpec, attributes: [string, string][], options: EmbedOptions): string {
  const attrs = attributes.map(([name, value]) => html` ${name}="${value}"`);
  return page({
    title: `${widget.title} – Tandem`,
    section: null,
    bodyClass: 'embed',
    scripts: ['/embed.js'],
    body: html`<main id="embed" data-tag="${widget.tag}" data-bundle="/widgets/${widget.name}.js" data-events="${[...widget.events, ...commonEvents].join(' ')}"
        data-origin="${options.origin ?? ''}" data-frame="${options.frame ?? ''}"
        data-attributes="${['tenant', ...widget.attributes.map((a) => a.name)].join(' ')}">
      <${widget.tag} id="widget"${attrs}></${widget.tag}>
      ${options.done ? html`<p class="embed-done"><button type="button" id="done">Done</button></p>` : ''}
    </main>`,
  });
}

export function unknownEmbedPage(name: string): string {
  return page({
    title: 'No such widget – Tandem',
    section: null,
    bodyClass: 'embed',
    scripts: [],
    body: html`<main class="page"><h1>No widget named “${name}”</h1>
      <p>Embed one of: ${catalogue.map((w, i) => html`${i ? ', ' : ''}<a href="/embed/${w.name}">/embed/${w.name}</a>`)}.</p>
    </main>`,
  });
}
