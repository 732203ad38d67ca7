/**
 * What the core reads from a Fetch `Request`: the request-target, a header view for the
 * precondition checks, the renderer's view, and whether a body is still unread.
 *
 * @module
 */
import type { RequestView } from '../core/render';
import { contentLengthOf, hasBody, type PreconditionView } from '../core/preconditions';
import { viewPathOf } from '../core/request-target';


/**
 * The request-target (`/path?query`) of a Fetch request: its URL without scheme, authority and
 * fragment, as a Node server would have received it.
 *
 * @example
 * targetOf(new Request('http://h/v1/volumes?x=1')) // '/v1/volumes?x=1'
 */
export function targetOf(request: Request): string {
  const url = request.url;
  const scheme = url.indexOf('://');
  const slash = scheme === -1 ? url.indexOf('/') : url.indexOf('/', scheme + 3);
  if (slash === -1) return '/';
  const hash = url.indexOf('#', slash);
  return hash === -1 ? url.slice(slash) : url.slice(slash, hash);
}

/**
 * False for GET and HEAD, which a Fetch `Request` never carries a body for: the body is then not
 * read at all (cheap everywhere, and on @hono/node-server reading `body` materialises the Request).
 *
 * @example
 * mayHaveBody(new Request('http://h/x')) // false
 */
export function mayHaveBody(request: Request): boolean {
  const method = request.method;
  return method !== 'GET' && method !== 'HEAD';
}

/** The headers the precondition checks read, as Node's lower-cased header record would hold them. */
const CHECKED_HEADERS = ['content-length', 'transfer-encoding', 'expect', 'content-type', 'accept'] as const;

/**
 * The view `evaluatePreconditions` reads: method, target and the few headers it checks (a
 * `Headers` object joins repeated fields with `, `, as Node does for these). Whether a body was
 * sent is read from Content-Length and Transfer-Encoding, as on the wire (RFC 9112 §6.3), never
 * from `request.body` (runtimes give a body-less DELETE a stream too).
 *
 * @example
 * preconditionViewOf(request, targetOf(request)) // { method: 'POST', url: '/v1/volumes', headers: { 'content-type': 'application/json', … } }
 */
export function preconditionViewOf(request: Request, target: string): PreconditionView {
  const source = request.headers;
  const headers: Record<string, string | undefined> = {};
  for (const name of CHECKED_HEADERS) headers[name] = source.get(name) ?? undefined;
  return { method: request.method, url: target, headers };
}

/**
 * The renderer's view: method, path without query (bounded), request id.
 *
 * @example
 * renderViewOf(request, '/v1/volumes?x=1', id) // { method: 'GET', path: '/v1/volumes', requestId: id }
 */
export function renderViewOf(request: Request, target: string, requestId: string | undefined): RequestView {
  return { method: request.method, path: viewPathOf(target), requestId };
}

/** Largest unread, well-framed body a server may drain to keep the connection (as the node layer). */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/**
 * Whether a rejection must ask for the connection to close (`Connection: close`): a body is
 * still unread and it is chunked, refused for its size, or large (draining it would read what
 * was refused; RFC 9112 §6.3, §9.6). The same rule as the node layer's rejections.
 *
 * @example
 * closeAfterRejection(request, 'payloadTooLarge') // true when a body was sent
 */
export function closeAfterRejection(request: Request, kind: string): boolean {
  if (!mayHaveBody(request) || request.body === null || request.bodyUsed) return false;
  const length = contentLengthOf(request.headers.get('content-length') ?? undefined);
  const transferEncoding = request.headers.get('transfer-encoding') ?? undefined;
  if (!hasBody(length, transferEncoding)) return false;
  if (kind === 'payloadTooLarge' || transferEncoding !== undefined) return true;
  return !(length >= 0 && length <= DRAIN_LIMIT_BYTES);
}
