/**
 * DateTime (an instant, ISO-8601 in UTC) and Date (a calendar day, YYYY-MM-DD). Instants are
 * stored as epoch milliseconds; they leave the gateway as ISO text.
 */
import { createGraphQLError } from 'graphql-yoga';
import { builder } from './builder.js';

builder.scalarType('DateTime', {
  description: 'An instant, as ISO-8601 text in UTC, e.g. `2026-03-02T14:00:00.000Z`.',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      throw createGraphQLError(`DateTime must be ISO-8601 text, got ${JSON.stringify(value)}`, {
        extensions: { code: 'BAD_DATETIME' },
      });
    }
    return date;
  },
});

const datePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

builder.scalarType('Date', {
  description: "A calendar day, `YYYY-MM-DD`, read in the tenant's time zone.",
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !datePattern.test(value) || Number.isNaN(Date.parse(value))) {
      throw createGraphQLError(`Date must be YYYY-MM-DD, got ${JSON.stringify(value)}`, {
        extensions: { code: 'BAD_DATE' },
      });
    }
    return value;
  },
});
