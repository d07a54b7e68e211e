import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GraphQLRequestError } from './graphql-client.js';
import { jwtExpiry } from './jwt.js';

/** Ask for a fresh token this long before the current one expires. */
export const REFRESH_MARGIN_MS = 60_000;
/** setTimeout's largest delay; longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export type TokenProvider = () => Promise<string>;

export interface TokenHost extends ReactiveControllerHost, HTMLElement {
  token?: string;
  tokenProvider?: TokenProvider;
}

/**
 * Keeps a widget's bearer token fresh without touching its state: asks `tokenProvider` shortly before
 * the JWT `exp` and after a 401, or fires `tandem-token-expiring` when the page gave no provider.
 */
export class TokenRefreshController implements ReactiveController {
  private timer?: ReturnType<typeof setTimeout>;
  private pending?: Promise<string>;

  constructor(private readonly host: TokenHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.schedule();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** Re-arms the expiry timer; call whenever `token` or `tokenProvider` changes. */
  schedule(): void {
    clearTimeout(this.timer);
    const expiresAt = jwtExpiry(this.host.token);
    if (expiresAt === undefined || !this.host.isConnected) return;
    const delay = expiresAt - REFRESH_MARGIN_MS - Date.now();
    this.timer = setTimeout(
      () => (delay > MAX_TIMEOUT_MS ? this.schedule() : void this.expiring(expiresAt)),
      Math.max(0, Math.min(delay, MAX_TIMEOUT_MS)),
    );
  }

  private async expiring(expiresAt: number): Promise<void> {
    if (!this.host.tokenProvider) {
      this.host.dispatchEvent(
        new CustomEvent('tandem-token-expiring', {
          detail: { expiresAt: new Date(expiresAt) },
          bubbles: true,
          composed: true,
        }),
      );
      return;
    }
    try {
      await this.refresh();
    } catch (error) {
      const message = `Token refresh failed: ${(error as Error).message}`;
      this.host.dispatchEvent(
        new CustomEvent('tandem-error', { detail: { message }, bubbles: true, composed: true }),
      );
    }
  }

  /** One provider call at a time: a 401 and the expiry timer at once share it. */
  private refresh(): Promise<string> {
    this.pending ??= this.host.tokenProvider!().then(
      (token) => {
        this.pending = undefined;
        this.host.token = token;
        return token;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }

  /** Runs `send` with the current token; after a 401, asks the provider for a new one and tries once more. */
  async authorized<T>(send: (token: string | undefined) => Promise<T>): Promise<T> {
    if (!this.host.token && this.host.tokenProvider) await this.refresh();
    try {
      return await send(this.host.token);
    } catch (error) {
      if (!(error instanceof GraphQLRequestError && error.status === 401 && this.host.tokenProvider))
        throw error;
      return send(await this.refresh());
    }
  }
}
