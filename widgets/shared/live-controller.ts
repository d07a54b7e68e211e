import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { backoff, sleep } from './graphql-client.js';

/** off: no stream; live: the stream is open; reconnecting: it broke and is being opened again. */
export type LiveState = 'off' | 'live' | 'reconnecting';

export interface LiveOptions {
  /** What the stream depends on (endpoint, tenant), or null for no stream: a new key reopens it. */
  key(): string | null;
  /** Opens the subscription stream (with the widget's current token); rejects when refused. */
  open(signal: AbortSignal): Promise<Response>;
  /** Something changed: called once, `debounce()` ms after the last event of a burst. */
  changed(): void;
  debounce(): number;
  /** The badge's state changed. */
  state(state: LiveState): void;
}

/** Longest wait between reconnection attempts. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps a widget's live subscription open while it is on the page: reads the server-sent events,
 * debounces them into one refetch (a sync commits in batches, several events a second), and after
 * a broken stream reconnects with backoff and refetches once, for what it missed. A refusal (4xx
 * but 401: a gateway without subscriptions, a token that may not subscribe) turns live off,
 * quietly: the widget still shows its data.
 */
export class LiveController implements ReactiveController {
  private running?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;
  private key?: string | null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { readonly hasUpdated: boolean },
    private readonly options: LiveOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Before the first update, what a page set on the tag before the widget was defined (its
    // token) is not the element's yet: the first hostUpdate opens the stream instead.
    if (this.host.hasUpdated) this.sync();
  }

  /** Before every update: opens, reopens or closes the stream when its key changed. */
  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private sync(): void {
    // A removed element still updates (its badge turns off): that must not reopen the stream.
    const key = this.host.isConnected ? this.options.key() : null;
    if (key === this.key) return;
    this.stop();
    this.key = key;
    if (key === null) return;
    this.running = new AbortController();
    void this.run(this.running.signal);
  }

  private stop(): void {
    this.running?.abort();
    this.running = undefined;
    this.key = undefined;
    clearTimeout(this.timer);
    this.options.state('off');
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.options.changed(), this.options.debounce());
  }

  private async run(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; ) {
      try {
        const response = await this.options.open(signal);
        if (attempt > 0) this.changed(); // events were missed while the stream was down
        attempt = 0;
        this.options.state('live');
        await this.read(response.body!, signal);
      } catch (error) {
        const status = (error as { status?: number }).status ?? 0;
        // 401 (an expired token, no provider) is retried: the page may set a new token meanwhile.
        if (signal.aborted || (status >= 400 && status < 500 && status !== 401 && status !== 429)) {
          if (!signal.aborted) this.options.state('off');
          return;
        }
      }
      if (signal.aborted) return;
      // The stream ended (the token expired: the server completes it) or broke: open it again.
      this.options.state('reconnecting');
      await sleep(Math.min(backoff(++attempt, 1000), MAX_BACKOFF_MS), signal).catch(() => undefined);
    }
  }

  /** Reads `event: next` frames until the stream completes or ends. */
  private async read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('event: complete')) return;
        if (frame.startsWith('event: next')) this.changed();
      }
    }
  }
}

/** The badge: "Live", or "Reconnecting…" while the stream is being opened again; nothing when off. */
export function renderLiveBadge(state?: LiveState): TemplateResult | typeof nothing {
  if (state !== 'live' && state !== 'reconnecting') return nothing;
  return html`<span part="live" class="live ${state}" role="status">${state === 'live' ? 'Live' : 'Reconnecting…'}</span>`;
}
