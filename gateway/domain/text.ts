/**
 * Which text Tandem keeps, and how a rejection quotes a value. The record schemas
 * (gateway/ingest/records.ts) check every string field with `textProblem`.
 */

/**
 * C0 control characters except tab, line feed and carriage return (multi-line notes exported on
 * Windows end their lines with CR LF), and UTF-16 surrogates standing alone. PostgreSQL refuses a
 * NUL in text outright, failing the whole transaction; the others are garbage no source means
 * and no screen shows (a lone surrogate cannot even be written as UTF-8).
 */
function refused(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || isSurrogate(code);
}

/** What a terminal or a log would swallow or garble: written out as an escape by `shown`. */
function unprintable(code: number): boolean {
  return code < 0x20 || code === 0x7f || isSurrogate(code);
}

/** Iterating a string by code point yields a paired surrogate as one code point above 0xFFFF. */
function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/**
 * `refused` as one regular expression: every string field of every record passes here, and a
 * regex test is several times faster than walking the code points (the `u` flag makes the
 * surrogate range match only unpaired ones).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job.
const anyRefused = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/u;

/** Why a text cannot be stored, or null when it can. */
export function textProblem(value: string): string | null {
  if (!anyRefused.test(value)) return null;
  for (const character of value) {
    const code = character.codePointAt(0)!;
    if (!refused(code)) continue;
    const what = isSurrogate(code) ? 'a lone UTF-16 surrogate' : `the control character U+${hex(code)}`;
    return `${shown(value)} contains ${what}`;
  }
  return null;
}

/**
 * A value as a rejection quotes it: cut to a readable length (at a character, never inside a
 * surrogate pair), with a NUL written `\u0000` and a lone surrogate `\ud800`, so the reason shows
 * exactly which character was refused.
 */
export function shown(value: string, max = 40): string {
  const characters = [...value];
  const quoted = characters
    .slice(0, max)
    .map((character) => {
      const code = character.codePointAt(0)!;
      return unprintable(code) ? `\\u${hex(code).toLowerCase()}` : character;
    })
    .join('');
  return `'${quoted}${characters.length > max ? '…' : ''}'`;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * A name folded to lower-case letters and digits: "Nova Pro", "novapro" and "NOVA-PRO" fold alike.
 * What a CRM stage is matched on, and how a product name that differs only in case or spacing
 * finds the product it probably means.
 */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}
