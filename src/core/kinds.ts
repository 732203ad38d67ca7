/**
 * The registry of canonical error kinds: the vocabulary every profile maps to vendor statuses.
 *
 * A kind names *what went wrong*, independent of any vendor. Each carries the status RFC 9110
 * (or RFC 6585 for 429/431) assigns to it; a profile decides what its vendor answers instead.
 * Kinds are public API: never rename one, only add (fastify `lib/errors.js` discipline).
 *
 * @module
 */

/**
 * Canonical kinds with their RFC status. Two kinds share 401: `authenticationRequired` (no
 * credentials were sent) and `unauthorized` (credentials were sent and failed), because vendors
 * answer them differently (Apache Stratos: 403 vs 401; Hitachi HCP: 403 for both).
 *
 * @example
 * KINDS.notFound.status // 404
 */
export const KINDS = {
  badRequest: { status: 400, summary: 'The request is malformed or invalid.' },
  authenticationRequired: { status: 401, summary: 'No credentials were sent.' },
  unauthorized: { status: 401, summary: 'Credentials were sent and rejected.' },
  forbidden: { status: 403, summary: 'The caller may not perform this operation.' },
  notFound: { status: 404, summary: 'No resource (or route) matches the request.' },
  methodNotAllowed: { status: 405, summary: 'The resource does not support the method.' },
  notAcceptable: { status: 406, summary: 'No acceptable representation for the Accept header.' },
  proxyAuthenticationRequired: { status: 407, summary: 'The proxy requires authentication.' },
  requestTimeout: { status: 408, summary: 'The client did not send the request in time.' },
  conflict: { status: 409, summary: 'The request conflicts with the resource state.' },
  gone: { status: 410, summary: 'The resource is permanently gone.' },
  lengthRequired: { status: 411, summary: 'A body was sent without Content-Length.' },
  preconditionFailed: { status: 412, summary: 'A request precondition was not met.' },
  payloadTooLarge: { status: 413, summary: 'The request body exceeds the limit.' },
  uriTooLong: { status: 414, summary: 'The request URI exceeds the limit.' },
  unsupportedMediaType: { status: 415, summary: 'The Content-Type is missing or not supported.' },
  expectationFailed: { status: 417, summary: 'The Expect header cannot be met.' },
  unprocessableEntity: { status: 422, summary: 'The body is well-formed but semantically invalid.' },
  tooManyRequests: { status: 429, summary: 'The caller is being rate limited.' },
  headersTooLarge: { status: 431, summary: 'The request header section is too large.' },
  internalServerError: { status: 500, summary: 'An unexpected server-side failure.' },
  notImplemented: { status: 501, summary: 'The server does not support the functionality.' },
  badGateway: { status: 502, summary: 'The upstream answered with an invalid response.' },
  serviceUnavailable: { status: 503, summary: 'The service is temporarily unavailable.' },
  gatewayTimeout: { status: 504, summary: 'The upstream did not answer in time.' },
} as const satisfies Record<string, { status: number; summary: string }>;

/** The name of a canonical kind, e.g. `'notFound'`. */
export type KindName = keyof typeof KINDS;

/**
 * Every kind name, in registry order.
 *
 * @example
 * KIND_NAMES.includes('uriTooLong') // true
 */
export const KIND_NAMES = Object.freeze(Object.keys(KINDS) as KindName[]);

const KIND_SET: ReadonlySet<string> = new Set(KIND_NAMES);

/**
 * The kind a bare status maps to when the thrown error names no kind. For 401 the kind is
 * `unauthorized` (the http-errors meaning); `authenticationRequired` is reached only through its
 * factory or brand.
 */
const KIND_BY_STATUS: ReadonlyMap<number, KindName> = new Map(
  KIND_NAMES.filter((name) => name !== 'authenticationRequired').map((name) => [KINDS[name].status, name]),
);

/**
 * Type guard for kind names.
 *
 * @example
 * isKindName('notFound') // true
 * isKindName('toString') // false
 */
export function isKindName(value: unknown): value is KindName {
  return typeof value === 'string' && KIND_SET.has(value);
}

/**
 * Maps an HTTP error status to its canonical kind. Statuses with no kind of their own fall back
 * to `badRequest` (4xx) or `internalServerError` (5xx); anything outside 400–599 is a server fault.
 *
 * @example
 * kindForStatus(404) // 'notFound'
 * kindForStatus(418) // 'badRequest'
 * kindForStatus(302) // 'internalServerError'
 */
export function kindForStatus(status: number): KindName {
  const kind = KIND_BY_STATUS.get(status);
  if (kind !== undefined) return kind;
  return status >= 400 && status < 500 ? 'badRequest' : 'internalServerError';
}
