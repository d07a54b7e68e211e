/**
 * The iframe route's half of the embed protocol (README, "Recipes" → "The iframe route"):
 * every message is `{ tandem: 1, type, widget, frame?, … }`.
 *   frame → parent: ready; resize {height} whenever the widget's height changes;
 *                   event {name, detail} for each widget event (tandem-load without its data);
 *                   done when the Done button (?done) is pressed.
 *   parent → frame: set {attributes?, token?}: new attributes (only the widget's own) and/or a token.
 * Messages go to the `origin` parameter when given, else to any parent.
 */
import { setUpWidget } from './demo.js';

const root = document.querySelector('#embed');
const widget = document.querySelector('#widget');
const { tag, origin, frame } = root.dataset;
const allowed = new Set(root.dataset.attributes.split(' '));
const framed = window.parent !== window;

function post(message) {
  if (!framed) return;
  const envelope = { tandem: 1, widget: tag, ...(frame ? { frame } : {}), ...message };
  try {
    window.parent.postMessage(envelope, origin || '*');
  } catch {
    // A detail that cannot be cloned (a DOM node, a function) goes as its JSON.
    window.parent.postMessage(JSON.parse(JSON.stringify(envelope)), origin || '*');
  }
}

function forwardEvents() {
  for (const name of root.dataset.events.split(' ')) {
    widget.addEventListener(name, (event) => {
      // The loaded data can be large and the parent can ask the gateway itself: only say it loaded.
      const detail = name === 'tandem-load' ? {} : event.detail;
      post({ type: 'event', name, detail });
    });
  }
}

function reportHeight() {
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last || height === 0) return; // 0: the widget has not rendered yet
    last = height;
    post({ type: 'resize', height });
  }).observe(root);
}

function acceptSettings() {
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (event.source !== window.parent || (origin && event.origin !== origin)) return;
    if (message?.tandem !== 1 || message.type !== 'set') return;
    if (typeof message.token === 'string') widget.token = message.token;
    for (const [name, value] of Object.entries(message.attributes ?? {})) {
      if (!allowed.has(name)) continue;
      if (value === null || value === '') widget.removeAttribute(name);
      else widget.setAttribute(name, String(value));
    }
  });
}

/** A token in the fragment (#token=…) never reaches a server log; it is removed from the address at once. */
async function setToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    widget.token = token;
    history.replaceState(null, '', location.pathname + location.search);
  } else if (widget.getAttribute('tenant')) {
    await setUpWidget(widget, { tenant: widget.getAttribute('tenant') });
  }
}

document.querySelector('#done')?.addEventListener('click', () => {
  post({ type: 'done' });
  // HubSpot closes its iframe modal on this message.
  if (framed) window.top.postMessage(JSON.stringify({ action: 'DONE' }), '*');
});

forwardEvents();
acceptSettings();
reportHeight();
await setToken();
// The widget registers after its token is set, so its first request already carries it.
await import(root.dataset.bundle);
post({ type: 'ready' });
