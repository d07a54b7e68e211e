/**
 * The portal: a tenant switcher and a filter bar that set the same attributes on every widget, the
 * URL kept in step (so a view can be shared), and the widgets' events wired to each other.
 */
import { describeEvent, graphql, setUpWidget, widgetSelector } from './demo.js';

const FILTERS = ['from', 'to', 'segment', 'region', 'channel', 'team', 'campaign'];
/** Events a person causes; tandem-load fires on every fetch and would drown them. */
const LOGGED = [
  'tandem-stage-select',
  'tandem-cell-select',
  'tandem-campaign-select',
  'tandem-model-change',
  'tandem-person-select',
  'tandem-error',
];

const form = document.querySelector('#filters');
const tenantSelect = document.querySelector('#tenant');
const customer = document.querySelector('tandem-customer-360');
const state = new URLSearchParams(location.search);
let tenants = [];

const widgets = () => [...document.querySelectorAll(widgetSelector)];
const currentTenant = () => tenants.find((t) => t.id === tenantSelect.value) ?? tenants[0];

/** The filter bar's values, by attribute name (empty ones left out). */
function filters() {
  const data = new FormData(form);
  return Object.fromEntries(
    FILTERS.map((name) => [name, String(data.get(name) ?? '').trim()]).filter(([, v]) => v),
  );
}

function remember() {
  const params = new URLSearchParams({ tenant: currentTenant()?.id ?? '', ...filters() });
  history.replaceState(null, '', `?${params}`);
}

/** The one place attributes reach the widgets: every filter, on every widget that reads filters. */
function applyFilters() {
  const values = filters();
  for (const widget of widgets()) {
    if (widget === customer) continue; // a customer is one record: filters do not narrow it
    for (const name of FILTERS) {
      if (values[name]) widget.setAttribute(name, values[name]);
      else widget.removeAttribute(name);
    }
  }
  document.querySelector('#campaign-chip').hidden = !values.campaign;
  remember();
  void showHottestLead({}, 'the hottest lead for these filters');
}

async function applyTenant() {
  const tenant = currentTenant();
  if (!tenant) return;
  await Promise.all(
    widgets().map((widget) => setUpWidget(widget, { tenant: tenant.id, currency: tenant.currency })),
  );
}

/** Shows the top-scored person matching the filters (and `narrow`) in the customer 360. */
async function showHottestLead(narrow, why) {
  const { campaign, owner, team, ...rest } = filters();
  const filter = { ...rest, campaignId: campaign, ownerId: owner, teamId: team, ...narrow };
  try {
    const data = await graphql(
      'query PortalHottestLead($filter: LeadFilter) { leads(filter: $filter, first: 1) { edges { node { id name } } } }',
      { filter },
      { tenant: currentTenant()?.id },
    );
    const lead = data.leads.edges[0]?.node;
    document.querySelector('#c360-why').textContent = lead
      ? `${why}: ${lead.name}`
      : `no lead matches (${why})`;
    if (lead) customer.setAttribute('record-id', lead.id);
  } catch (error) {
    document.querySelector('#c360-why').textContent = `could not find a lead: ${error.message}`;
  }
}

function logEvent(event) {
  const log = document.querySelector('#event-log');
  const item = document.createElement('li');
  const name = document.createElement('code');
  name.textContent = event.type;
  const from = document.createElement('span');
  from.className = 'muted';
  from.textContent = ` from <${event.target.localName}> `;
  item.append(name, from, describeEvent(event));
  log.prepend(item);
  while (log.children.length > 8) log.lastElementChild.remove();
}

function wireEvents() {
  for (const type of LOGGED) document.addEventListener(type, logEvent);
  document.addEventListener('tandem-stage-select', ({ detail }) => {
    document.querySelector('#stage-selection').textContent =
      `${detail.label}: ${detail.reached.toLocaleString()} reached. Its hottest lead is in the customer 360 below.`;
    void showHottestLead({ stage: detail.key }, `the hottest lead at ${detail.label}`);
  });
  document.addEventListener('tandem-cell-select', ({ detail }) => {
    void showHottestLead(
      { fitGrade: detail.fitGrade, engagementBand: detail.engagementBand },
      `the hottest lead in ${detail.fitGrade}${detail.engagementBand}`,
    );
  });
  document.addEventListener('tandem-campaign-select', ({ detail }) => {
    form.elements.campaign.value = detail.campaignId;
    document.querySelector('#campaign-name').textContent = detail.name;
    applyFilters();
  });
}

function wireForm() {
  form.addEventListener('change', applyFilters);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });
  // Reset clears the controls after this event; apply once it has.
  form.addEventListener('reset', () => setTimeout(applyFilters));
  document.querySelector('#campaign-clear').addEventListener('click', () => {
    form.elements.campaign.value = '';
    applyFilters();
  });
  tenantSelect.addEventListener('change', async () => {
    form.elements.campaign.value = ''; // campaigns belong to one company
    await applyTenant();
    applyFilters();
  });
  document.querySelector('#lookup').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = new FormData(event.target).get('q').trim();
    if (!q) return;
    customer.removeAttribute('record-id');
    customer.removeAttribute('email');
    customer.setAttribute(q.includes('@') ? 'email' : 'record-id', q);
    document.querySelector('#c360-why').textContent = `looked up: ${q}`;
  });
}

async function start() {
  for (const name of FILTERS) if (state.get(name)) form.elements[name].value = state.get(name);
  if (state.get('campaign')) document.querySelector('#campaign-name').textContent = state.get('campaign');
  wireEvents();
  wireForm();
  try {
    // The demo's companies: GraphQL's `tenants` answers a token's own tenant only.
    const answer = await fetch('/demo/tenants', { cache: 'no-store' });
    if (!answer.ok) throw new Error(`/demo/tenants answered ${answer.status}`);
    ({ tenants } = await answer.json());
  } catch (error) {
    document.querySelector('.lede').textContent = `The gateway did not answer: ${error.message}`;
    return;
  }
  for (const tenant of tenants) tenantSelect.add(new Option(tenant.name, tenant.id));
  tenantSelect.value = tenants.some((t) => t.id === state.get('tenant'))
    ? state.get('tenant')
    : tenants[0]?.id;
  await applyTenant();
  applyFilters();
  // Registered last, so each widget's first request already has its tenant, filters and token.
  await import('/widgets/tandem.js');
  document.body.dataset.ready = 'true';
}

void start();
