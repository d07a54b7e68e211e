/**
 * A credential that cannot leak by accident: printing, logging or serialising it shows
 * `[redacted]`. Only `reveal()` gives the value, and only the code that sends it calls that.
 */
import { inspect } from 'node:util';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

/** Query parameters whose values are credentials (Marketo's token request carries its secret in the URL). */
const secretParameter = /secret|token|password|key|signature/i;

/** A URL fit for an error message: credential-looking query values replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of [...parsed.searchParams.keys()]) {
      if (secretParameter.test(name) && name !== 'nextPageToken') parsed.searchParams.set(name, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/([?&][^=&]*(?:secret|token|password|key)[^=&]*=)[^&]*/gi, '$1***');
  }
}
