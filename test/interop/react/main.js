/**
 * The widgets in a React 19 app (README, "Recipes" → React). React 19 passes props to a custom
 * element as properties when the element has them (so objects and functions arrive intact) and
 * turns `on<event-name>` props into event listeners. No JSX here, so no React plugin is needed.
 */
import { createElement as h, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'tandem/widgets/index.ts'; // registers every <tandem-*> element
import { fetchToken, sampleFunnel } from '../sample-funnel.js';

function App() {
  const [segment, setSegment] = useState('');
  const [stage, setStage] = useState(null);
  return h(
    'main',
    null,
    h('h1', null, 'Tandem in React 19'),
    h(
      'label',
      null,
      'Segment ',
      h(
        'select',
        { id: 'segment', value: segment, onChange: (event) => setSegment(event.target.value) },
        ['', 'Enterprise', 'Mid-market', 'SMB'].map((value) =>
          h('option', { key: value, value }, value || 'All'),
        ),
      ),
    ),
    h('tandem-funnel', {
      id: 'live',
      tenant: 'acme',
      segment: segment || undefined,
      token: window.__TANDEM_TOKEN__,
      tokenProvider: fetchToken,
      'ontandem-stage-select': (event) => setStage(event.detail),
    }),
    h(
      'p',
      { id: 'selected' },
      stage ? `Selected ${stage.label}: ${stage.reached} reached` : 'No stage selected',
    ),
    h('tandem-sla-gauge', {
      id: 'gauge',
      tenant: 'acme',
      segment: segment || undefined,
      token: window.__TANDEM_TOKEN__,
    }),
    h('tandem-funnel', { id: 'given', data: sampleFunnel }),
  );
}

createRoot(document.getElementById('root')).render(h(StrictMode, null, h(App)));
