/**
 * The expiry of a JWT in epoch milliseconds, read from its payload without verifying it: the widget
 * only needs to know when to ask for a fresh token; the gateway does the verifying.
 */
export function jwtExpiry(token: string | null | undefined): number | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as { exp?: unknown };
    return typeof json.exp === 'number' && Number.isFinite(json.exp) ? json.exp * 1000 : undefined;
  } catch {
    return undefined; // opaque (non-JWT) tokens simply never expire from the widget's point of view
  }
}
