/** The normal forms identity resolution matches on (docs/domain.md: one person per human, one account per domain). */
import { isFreeMailDomain } from '../domain/free-mail.js';

/** `  Jane.Doe@ACME.com ` → `jane.doe@acme.com`. */
export function normaliseEmail(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase();
  return value ? value : null;
}

/** `https://www.Acme.com/about` or `acme.com.` → `acme.com`. */
export function normaliseDomain(domain: string | null | undefined): string | null {
  const value = domain
    ?.trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '')
    .replace(/\.$/, '');
  return value ? value : null;
}

/**
 * The company domain of an email address, for matching a person to an account when no account is
 * given; null for a free-mail or disposable provider's address (gateway/domain/free-mail.ts),
 * whose people share a mailbox provider, not an employer.
 */
export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  const domain = at > 0 ? normaliseDomain(email!.slice(at + 1)) : null;
  return domain && !isFreeMailDomain(domain) ? domain : null;
}

/** A web domain accounts may be matched and grouped by: not a free-mail or disposable provider's. */
export function companyDomain(domain: string | null | undefined): string | null {
  const normal = normaliseDomain(domain);
  return normal && !isFreeMailDomain(normal) ? normal : null;
}

/** ISO-8601 text or epoch ms → epoch ms. Validation happened on parse, so this cannot fail. */
export function toEpochMs(instant: string | number): number {
  return typeof instant === 'number' ? instant : Date.parse(instant);
}
