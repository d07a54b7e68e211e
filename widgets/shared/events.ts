/** Events every Tandem data widget fires. All bubble and are composed, so they leave the shadow root. */
export interface TandemLoadDetail<T = unknown> {
  data: T;
}
export interface TandemErrorDetail {
  message: string;
  /** HTTP status, when the gateway answered with one (401, 403, 500...). */
  status?: number;
  /** GraphQL `extensions.code`, when the gateway sent one. */
  code?: string;
}
export interface TandemTokenExpiringDetail {
  expiresAt: Date;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tandem-load': CustomEvent<TandemLoadDetail>;
    'tandem-error': CustomEvent<TandemErrorDetail>;
    'tandem-token-expiring': CustomEvent<TandemTokenExpiringDetail>;
  }
}

/** The detail type of a `tandem-*` event declared in GlobalEventHandlersEventMap. */
export type EventDetail<K extends keyof GlobalEventHandlersEventMap> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;
