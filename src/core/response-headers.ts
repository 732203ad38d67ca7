/**
 * Which headers an error answer must not inherit from the response a route meant to send, shared
 * by the node writer and the Fetch entry (Hono merges a context's earlier headers into the
 * answer, so the Fetch side needs the same sets without loading the node layer).
 *
 * @module
 */

/**
 * Headers a route may have set before failing that would contradict an error response: they
 * describe the representation the route meant to send (RFC 9110 §8 representation metadata,
 * §8.8 validators) or its framing.
 *
 * @example
 * CONTRADICTING_HEADERS.has('etag') // true
 */
export const CONTRADICTING_HEADERS: ReadonlySet<string> = new Set([
  'content-type', 'content-length', 'content-encoding', 'content-language', 'content-range', 'content-location',
  'content-disposition', 'content-md5', 'etag', 'last-modified', 'transfer-encoding', 'accept-ranges', 'location',
  'trailer',
]);

/**
 * Headers that tell a client which framework answered (Express sets `X-Powered-By: Express` on
 * every response by default). No vendor sends one, and an error carrying it tells any client the
 * API is an emulation (issue 11 item 4), so every error writer removes them, whatever the adapter.
 *
 * @example
 * for (const name of FINGERPRINT_HEADERS) res.removeHeader(name)
 */
export const FINGERPRINT_HEADERS: ReadonlySet<string> = new Set(['x-powered-by']);

/**
 * True when a header (lower-cased name) set before a failure may stay on the error answer: it
 * neither contradicts the error, nor fingerprints the framework, nor is one the vendor never sends
 * on errors (the profile's `removeHeaders`).
 *
 * @example
 * keepsOnError('x-trace', ['cache-control']) // true
 * keepsOnError('etag', []) // false
 */
export function keepsOnError(lowerName: string, removeHeaders: readonly string[]): boolean {
  return !CONTRADICTING_HEADERS.has(lowerName) && !FINGERPRINT_HEADERS.has(lowerName) && !removeHeaders.includes(lowerName);
}
