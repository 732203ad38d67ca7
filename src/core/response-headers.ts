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
 * API is an emulation, so every error writer removes them, whatever the adapter.
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

/**
 * Headers a thrown value may never put on an answer, whatever its status: the hop-by-hop fields
 * (RFC 9110 §7.6.1; `Proxy-Connection` and `Keep-Alive` too, RFC 9112 §9.6), the framing and
 * representation the renderer owns ({@link CONTRADICTING_HEADERS}), the framework fingerprint,
 * cookies (RFC 6265 §4.1: state belongs to the application, never to an SDK error that copied
 * its upstream's response) and a host-wide transport policy (RFC 6797 §6.1 HSTS: an upstream's
 * `max-age=0` would switch it off for the client).
 *
 * @example
 * NEVER_FROM_THROWN.has('set-cookie') // true
 */
export const NEVER_FROM_THROWN: ReadonlySet<string> = new Set([
  ...CONTRADICTING_HEADERS, ...FINGERPRINT_HEADERS,
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'set-cookie', 'set-cookie2', 'strict-transport-security',
]);

/**
 * Headers RFC 9110 binds to one status: they go on an answer with that status only. `Allow`
 * belongs to 405 (§15.5.6), `WWW-Authenticate` to 401 (§15.5.2), `Proxy-Authenticate` to 407
 * (§15.5.8). A vendor that answers the kind with another status (Stratos 405 → 500) sends none.
 *
 * @example
 * STATUS_BOUND_HEADERS.get('allow') // 405
 */
export const STATUS_BOUND_HEADERS: ReadonlyMap<string, number> = new Map([['allow', 405], ['www-authenticate', 401], ['proxy-authenticate', 407]]);

/**
 * The headers of a thrown value (lower-cased names) that may reach an error answer at all: no
 * {@link NEVER_FROM_THROWN} header and no header its own `Connection` names (RFC 9110 §7.6.1).
 *
 * @example
 * inheritableHeaders([['connection', 'x-hop'], ['x-hop', '1'], ['x-trace', 't']]) // [['x-trace', 't']]
 */
export function inheritableHeaders(pairs: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const named = new Set<string>();
  for (const [lower, value] of pairs) {
    if (lower === 'connection') for (const token of value.split(',')) named.add(token.trim().toLowerCase());
  }
  return pairs.filter(([lower]) => !NEVER_FROM_THROWN.has(lower) && !named.has(lower));
}

/**
 * Whether an inheritable thrown header goes on an answer with `status` (see {@link STATUS_BOUND_HEADERS}).
 *
 * @example
 * keepsThrownHeader('allow', 500) // false
 * keepsThrownHeader('retry-after', 503) // true
 */
export function keepsThrownHeader(lower: string, status: number): boolean {
  const bound = STATUS_BOUND_HEADERS.get(lower);
  return bound === undefined || bound === status;
}
