/**
 * The snippet configurator: the form's widget and attributes drive a live preview and the two
 * snippets (HTML and iframe), and the address bar, so a configuration can be shared as a link.
 */
import { demoToken, setUpWidget } from './demo.js';

const form = document.querySelector('#configurator');
const preview = document.querySelector('#preview');
const origin = location.origin;

/** For attribute values inside the generated snippet (it is shown as text, then pasted as HTML). */
const attr = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function selected() {
  const radio = form.querySelector('input[name="widget"]:checked');
  const fields = [...form.querySelectorAll('.field')];
  const attributes = [['tenant', form.elements.tenant.value]];
  for (const field of fields) {
    const applies = field.dataset.widgets.split(' ').includes(radio.value);
    field.hidden = !applies;
    const control = field.querySelector('input, select');
    if (applies && control.value.trim()) attributes.push([control.name, control.value.trim()]);
  }
  return {
    name: radio.value,
    tag: radio.dataset.tag,
    height: Number(radio.dataset.height),
    title: radio.closest('label').querySelector('b').textContent,
    attributes,
  };
}

/** The demo's token rides along, so a pasted snippet works at once; real pages get their own. */
const TOKEN_NOTE =
  '<!-- The token is the demo\'s own, valid for a short while: see "How to get a token". -->\n';

export function htmlSnippet({ name, tag, attributes }, token) {
  const attrs = [...attributes, ...(token ? [['token', token]] : [])]
    .map(([key, value]) => ` ${key}="${attr(value)}"`)
    .join('');
  return `${token ? TOKEN_NOTE : ''}<script type="module" src="${origin}/widgets/${name}.js"></script>
<${tag}${attrs}></${tag}>`;
}

export function iframeSnippet({ name, title, height, attributes }, token) {
  const src = `${origin}/embed/${name}?${new URLSearchParams(attributes)}${token ? `#token=${encodeURIComponent(token)}` : ''}`;
  return `${token ? TOKEN_NOTE : ''}<iframe src="${attr(src)}" title="Tandem ${attr(title.toLowerCase())}" loading="lazy"
  style="width: 100%; height: ${height}px; border: 0" data-tandem-embed></iframe>
<script>
  // Tandem embed: grow each frame to its widget's height (message format: README, "Recipes").
  addEventListener('message', (event) => {
    const message = event.data;
    if (event.origin !== '${origin}' || message?.tandem !== 1 || message.type !== 'resize') return;
    for (const frame of document.querySelectorAll('iframe[data-tandem-embed]')) {
      if (frame.contentWindow === event.source) frame.style.height = \`\${message.height}px\`;
    }
  });
</script>`;
}

let shown;

async function update() {
  const choice = selected();
  const token = await demoToken(form.elements.tenant.value, 'viewer');
  document.querySelector('#snippet-html').textContent = htmlSnippet(choice, token);
  document.querySelector('#snippet-iframe').textContent = iframeSnippet(choice, token);
  history.replaceState(null, '', `?${new URLSearchParams([['widget', choice.name], ...choice.attributes])}`);

  // Attributes and token first, then onto the page: the widget's first request is already the right one.
  const fresh = shown?.localName !== choice.tag;
  const widget = fresh ? document.createElement(choice.tag) : shown;
  shown = widget;
  for (const name of widget.getAttributeNames()) {
    if (!choice.attributes.some(([key]) => key === name)) widget.removeAttribute(name);
  }
  for (const [key, value] of choice.attributes) widget.setAttribute(key, value);
  await setUpWidget(widget, { tenant: form.elements.tenant.value });
  if (fresh) preview.replaceChildren(widget);
}

async function copy(button) {
  const text = document.getElementById(button.dataset.copy).textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    getSelection().selectAllChildren(document.getElementById(button.dataset.copy));
    button.textContent = 'Selected: press Ctrl+C';
  }
  setTimeout(() => {
    button.textContent = 'Copy';
  }, 2000);
}

form.addEventListener('input', () => void update());
form.addEventListener('change', () => void update());
form.addEventListener('submit', (event) => event.preventDefault());
for (const button of document.querySelectorAll('button[data-copy]'))
  button.addEventListener('click', () => copy(button));

await import('/widgets/tandem.js');
await update();
form.dataset.ready = 'true';
