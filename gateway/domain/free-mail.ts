/**
 * Free-mail and disposable email domains (gmail.com, gmx.de, mailinator.com…): an address there
 * says nothing about the company a person works for, so no account is ever derived from one
 * (alice@gmail.com and bob@gmail.com are not colleagues). The list is the maintained
 * `email-providers` package (about 8,800 domains), loaded once.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const freeMailDomains: ReadonlySet<string> = new Set(require('email-providers/all.json') as string[]);

/** Whether a normalised domain (`gmail.com`) is a free-mail or disposable provider's. */
export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(domain);
}
