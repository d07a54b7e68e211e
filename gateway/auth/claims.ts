/**
 * What a Tandem token says: the tenant, the role, the row scopes, an optional locked record and
 * the widgets a viewer may run. jose checks the signature and the registered claims (exp, nbf,
 * iat, aud); this schema checks the rest, so a token that verifies but says something malformed
 * or overreaching (a 3-day lifetime, an admin with row scopes) is refused all the same.
 */
import { z } from 'zod';
import type { Viewer } from './viewer.js';

/** The audience every Tandem token names: a token minted for something else never verifies here. */
export const tokenAudience = 'tandem';
/** Longest lifetime of a token (exp − iat): a leaked token is useless within a day. */
export const maxTokenLifetimeSeconds = 24 * 60 * 60;

export const roles = ['viewer', 'analyst', 'admin'] as const satisfies readonly Viewer['role'][];
export type Role = (typeof roles)[number];

const text = z.string().trim().min(1).max(200);
const key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (at most 64)');

export const rowScopesSchema = z
  .object({
    /** A team id: people owned by the team's members. */
    team: text.optional(),
    /** A user id: people this user owns. */
    owner: text.optional(),
    /** A region: the person's own, else their account's. */
    region: text.optional(),
    /** A segment: the person's account's. */
    segment: text.optional(),
  })
  .strict();

export const claimsSchema = z
  .object({
    tenant: key,
    role: z.enum(roles),
    scopes: rowScopesSchema.optional(),
    /** The one customer the token may see: a person (per_…) or an account (acc_…). */
    record: z
      .string()
      .regex(/^(per|acc)_[\x21-\x7e]{1,200}$/, 'a person id (per_…) or an account id (acc_…), no spaces')
      .optional(),
    /** Widgets a viewer token may run (folder names under widgets/); all of them when left out. */
    widgets: z.array(key).min(1).max(50).optional(),
    /** Who the holder is, recorded on the changes they make. */
    name: text.optional(),
    /** The holder's team function, recorded on the stage changes they make. */
    function: z.enum(['sales', 'marketing']).optional(),
    sub: text.optional(),
    jti: text.optional(),
    iat: z.number().int(),
    exp: z.number().int(),
    nbf: z.number().int().optional(),
  })
  .superRefine((claims, ctx) => {
    if (claims.exp - claims.iat > maxTokenLifetimeSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['exp'],
        message: `a token lives at most 24 h; this one ${Math.round((claims.exp - claims.iat) / 3600)} h`,
      });
    }
    if (claims.role === 'admin' && (claims.record || Object.values(claims.scopes ?? {}).some(Boolean))) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopes'],
        message: 'an admin token carries no row scopes or record: admins change tenant-wide definitions',
      });
    }
  });

export type TokenClaims = z.infer<typeof claimsSchema>;

/** The claims a token is minted with: registered claims (iat, exp, jti) are set by mintToken. */
export type TokenGrant = Omit<TokenClaims, 'iat' | 'exp' | 'nbf' | 'jti'>;

/** The first problem of a claims check, as one line: `exp: a token lives at most 24 h; …`. */
export function claimsProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'claims'}: ${issue.message}` : 'malformed claims';
}
