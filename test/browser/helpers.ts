import { waitUntil } from '@open-wc/testing';
import type { TandemElement, WidgetState } from '../../widgets/shared/tandem-element.js';

/** One canned answer of the web-test-runner GraphQL mock (see web-test-runner.config.mjs). */
export interface MockAnswer {
  status?: number;
  delay?: number;
  body?: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

export interface RecordedRequest {
  authorization: string | null;
  tenant: string | null;
  body: { query: string; operationName: string; variables: Record<string, unknown> };
}

let sessions = 0;

/** Registers canned answers for a fresh session and returns its endpoint for the widget. */
export async function mockGraphQL(...answers: MockAnswer[]): Promise<string> {
  const endpoint = `/test-graphql/s${Date.now().toString(36)}-${++sessions}`;
  await fetch(`${endpoint}/setup`, { method: 'POST', body: JSON.stringify(answers) });
  return endpoint;
}

export async function recordedRequests(endpoint: string): Promise<RecordedRequest[]> {
  return (await fetch(`${endpoint}/requests`)).json();
}

/** Resolves once the widget reaches `state` and has rendered it. */
export async function untilState(
  element: TandemElement<unknown>,
  state: WidgetState,
  timeout = 4000,
): Promise<void> {
  await waitUntil(() => element.state === state, `state stayed ${element.state}, expected ${state}`, {
    timeout,
  });
  await element.updateComplete;
}

/** Resolves once the chart SVG is rendered (it waits for the first ResizeObserver measurement). */
export async function untilChart(element: HTMLElement): Promise<SVGSVGElement> {
  await waitUntil(() => element.shadowRoot?.querySelector('svg[part~="chart"]'), 'no chart rendered');
  return element.shadowRoot!.querySelector<SVGSVGElement>('svg[part~="chart"]')!;
}

/** An unsigned JWT (the widget only reads `exp`). */
export function jwt(expiresInSeconds: number): string {
  const encode = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'test', exp })}.`;
}

export const shadow = (element: HTMLElement) => element.shadowRoot!;
