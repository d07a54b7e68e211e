/**
 * HubSpot webhook signature v3: base64(HMAC-SHA256(client secret, method + URI + body +
 * timestamp)), with the timestamp no more than 5 minutes away. The URI is the one HubSpot called,
 * with the characters HubSpot decodes before signing decoded here too.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const maxSignatureAgeMs = 5 * 60_000;

const decoded: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function signatureUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => decoded[match.toUpperCase()]!);
}

export function signV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret)
    .update(`${method.toUpperCase()}${signatureUri(uri)}${body}${timestamp}`)
    .digest('base64');
}

/** Null when the request is HubSpot's; otherwise why not (for the 401 body, never the secret). */
export function checkSignatureV3(request: {
  secret: string;
  method: string;
  uri: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
}): string | null {
  const { signature, timestamp } = request;
  if (!signature || !timestamp) return 'missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp header';
  const at = Number(timestamp);
  if (!Number.isFinite(at))
    return `X-HubSpot-Request-Timestamp '${timestamp.slice(0, 40)}' is not epoch milliseconds`;
  if (Math.abs(request.now - at) > maxSignatureAgeMs) {
    return `stale request: timestamp ${new Date(at).toISOString()} is more than 5 minutes from now`;
  }
  const expected = Buffer.from(signV3(request.secret, request.method, request.uri, request.body, timestamp));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return 'signature does not match';
  return null;
}
