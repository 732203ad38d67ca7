/**
 * Whether a rejection must close the connection. A server drains a small unread body of known
 * length after the response and keeps the connection (Node: `_http_server.js` `resOnFinish` →
 * `req._dump()`). A chunked or mis-framed body (its end is unknowable: RFC 9112 §6.3, request
 * smuggling), one refused for its size, or a large one is cut off instead (RFC 9112 §9.6): draining
 * it would read what the server just refused.
 *
 * @module
 */
import type { KindName } from '../kinds';
import { contentLengthOf, hasBody } from '../preconditions';
import type { RequestFacts } from './types';

/** Largest unread, well-framed body a server may drain to keep the connection. */
export const DRAIN_LIMIT_BYTES = 64 * 1024;

/**
 * True when the answer to `facts`, rejected as `kind`, must carry `Connection: close`.
 *
 * @example
 * closesAfterRejection({ method: 'POST', url: '/v1', headers: { 'transfer-encoding': 'chunked' }, bodyUnread: () => true, unframedBody: () => false }, 'unsupportedMediaType') // true
 */
export function closesAfterRejection(facts: RequestFacts, kind: KindName): boolean {
  const headers = facts.headers;
  const transferEncoding = headers['transfer-encoding'];
  const length = contentLengthOf(headers['content-length']);
  if (!hasBody(length, transferEncoding) || !facts.bodyUnread()) return false;
  if (kind === 'payloadTooLarge' || transferEncoding !== undefined) return true;
  return !(length >= 0 && length <= DRAIN_LIMIT_BYTES);
}
