/**
 * The CRM record page: the person's stage, score and SLA, and the closed-loop buttons. Each button
 * runs its mutation, shows the result at once, and refreshes the customer 360 (timeline) and the
 * funnel (recycled counts) so both teams see the same change.
 */
import { graphql, setUpWidget, widgetSelector } from './demo.js';

const main = document.querySelector('main.record');
const { tenant, currency, kind, recordId } = main.dataset;
let personId = main.dataset.personId || null;
let ladder = [];

const PERSON = `id name fitGrade engagementBand engagementScore
  stage { key label ownerTeam position }
  qualification { icpFit hasBudget hasTimeframe willingToEngage isProspect }
  sla { status deadlineAt firstTouchAt responseHours sentBackReason }`;

const SLA_WORDS = {
  WITHIN_TARGET: 'Within target',
  LATE: 'Late',
  OPEN: 'Open',
  BREACHED: 'Breached',
  SENT_BACK: 'Sent back',
};

const field = (name) => main.querySelector(`[data-field="${name}"]`);
const form = (id) => document.getElementById(id);
const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function slaText(sla) {
  if (!sla) return 'Not handed off';
  if (sla.status === 'OPEN') return `Open, due ${when(sla.deadlineAt)}`;
  if (sla.status === 'SENT_BACK')
    return `Sent back${sla.sentBackReason ? ` (${sla.sentBackReason.replaceAll('_', ' ')})` : ''}`;
  if (sla.responseHours != null)
    return `${SLA_WORDS[sla.status]}, ${sla.responseHours.toFixed(1)} business hours`;
  return SLA_WORDS[sla.status] ?? sla.status;
}

/** Which moves the person's stage allows, and why not; the gateway enforces the same rules. */
function allowedMoves(person) {
  const marketing = ladder.filter((s) => s.ownerTeam === 'MARKETING');
  const handoff = marketing[marketing.length - 1]?.key;
  const last = ladder[ladder.length - 1]?.key;
  const { key, ownerTeam, label } = person.stage;
  const isMarketing = ownerTeam === 'MARKETING';
  return {
    qualify: isMarketing ? '' : `${label} is a sales stage: marketing qualifies before the handoff`,
    handoff:
      !isMarketing || key === handoff
        ? `only a lead at a marketing stage before ${handoff?.toUpperCase()} can be handed off`
        : person.qualification.isProspect
          ? ''
          : 'set all four prospect flags first (Qualify)',
    accept: key === handoff ? '' : `only a lead at ${handoff?.toUpperCase()} (handed off) can be accepted`,
    sendback: ownerTeam === 'SALES' && key !== last ? '' : 'only a lead sales has accepted can be sent back',
  };
}

function show(person) {
  field('stage').textContent = person.stage.label;
  field('grade').textContent = `${person.fitGrade}${person.engagementBand}`;
  field('score').textContent = Math.round(person.engagementScore).toLocaleString();
  field('sla').textContent = slaText(person.sla);
  field('sla').dataset.status = person.sla?.status ?? 'NONE';
  document.querySelector('#loop-person').textContent =
    `${person.name}, at ${person.stage.label} (${person.stage.ownerTeam === 'SALES' ? 'sales' : 'marketing'} owns this stage).`;
  const q = person.qualification;
  for (const name of ['icpFit', 'hasBudget', 'hasTimeframe', 'willingToEngage'])
    form('qualify').elements[name].checked = q[name];
  for (const [id, why] of Object.entries(allowedMoves(person))) {
    const action = form(id);
    action.classList.toggle('blocked', Boolean(why));
    for (const control of action.elements) control.disabled = Boolean(why);
    let hint = action.querySelector('.why');
    if (!hint) {
      hint = document.createElement('p');
      hint.className = 'why';
      action.append(hint);
    }
    hint.textContent = why;
  }
}

async function loadPerson() {
  if (!personId) {
    const data = await graphql(
      'query CrmAccountPeople($sourceId: String) { customer(sourceId: $sourceId) { people { id } } }',
      { sourceId: recordId },
      { tenant },
    );
    personId = data.customer?.people[0]?.id ?? null;
    if (!personId) {
      document.querySelector('#loop-person').textContent = 'This account has no people yet.';
      return;
    }
  }
  const data = await graphql(
    `query CrmPerson($id: ID!) { customer(id: $id) { focus { ${PERSON} } } lifecycleDefinitions { stages { key label position ownerTeam } } }`,
    { id: personId },
    { tenant },
  );
  ladder = data.lifecycleDefinitions.stages;
  show(data.customer.focus);
}

function result(text, tone) {
  const out = document.querySelector('#loop-result');
  out.textContent = text;
  out.dataset.tone = tone;
}

/** Runs one closed-loop mutation, then shows what changed everywhere on the page. */
async function run(mutation, variables, done) {
  result('Saving…', 'busy');
  try {
    const data = await graphql(mutation, { personId, ...variables }, { tenant });
    const person = Object.values(data)[0];
    show(person);
    result(done(person), 'ok');
    for (const widget of document.querySelectorAll('tandem-customer-360, tandem-funnel'))
      void widget.refresh();
  } catch (error) {
    result(`Refused${error.code ? ` (${error.code})` : ''}: ${error.message}`, 'error');
  }
}

function wireActions() {
  form('qualify').addEventListener('submit', (event) => {
    event.preventDefault();
    const flags = Object.fromEntries(
      ['icpFit', 'hasBudget', 'hasTimeframe', 'willingToEngage'].map((name) => [
        name,
        event.target.elements[name].checked,
      ]),
    );
    void run(
      `mutation CrmQualify($personId: ID!, $icpFit: Boolean!, $hasBudget: Boolean!, $hasTimeframe: Boolean!, $willingToEngage: Boolean!) {
        qualifyLead(personId: $personId, icpFit: $icpFit, hasBudget: $hasBudget, hasTimeframe: $hasTimeframe, willingToEngage: $willingToEngage) { ${PERSON} } }`,
      flags,
      (p) =>
        p.qualification.isProspect
          ? 'Qualified: a prospect, ready for handoff.'
          : 'Saved: not a prospect yet.',
    );
  });
  form('handoff').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(
      `mutation CrmHandOff($personId: ID!, $note: String) { handOffLead(personId: $personId, note: $note) { ${PERSON} } }`,
      { note: event.target.elements.note.value || null },
      (p) => `Handed off to sales: ${p.stage.label}, SLA clock running (${slaText(p.sla)}).`,
    );
  });
  form('accept').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(
      `mutation CrmAccept($personId: ID!) { acceptLead(personId: $personId) { ${PERSON} } }`,
      {},
      (p) => `Accepted by sales: now ${p.stage.label}.`,
    );
  });
  form('sendback').addEventListener('submit', (event) => {
    event.preventDefault();
    const { reason, note } = event.target.elements;
    const label = reason.selectedOptions[0].textContent;
    void run(
      `mutation CrmSendBack($personId: ID!, $reason: RecycleReason!, $note: String) {
        sendBackLead(personId: $personId, reason: $reason, note: $note) { ${PERSON} } }`,
      { reason: reason.value, note: note.value || null },
      (p) =>
        `Sent back to marketing (${label}): now ${p.stage.label}. See the timeline and the funnel's recycled count.`,
    );
  });
}

async function start() {
  wireActions();
  document.addEventListener('tandem-person-select', ({ detail }) => {
    if (kind !== 'account' || detail.personId === personId) return;
    personId = detail.personId;
    result('', 'idle');
    void loadPerson();
  });
  await Promise.all(
    [...document.querySelectorAll(widgetSelector)].map((w) => setUpWidget(w, { tenant, currency })),
  );
  await import('/widgets/tandem.js');
  try {
    await loadPerson();
  } catch (error) {
    result(`Could not load the person: ${error.message}`, 'error');
  }
  main.dataset.ready = 'true';
}

void start();
