/**
 * `evaluatePreconditions`: the first precondition a request violates, or undefined.
 *
 * The order follows the order in which an HTTP server meets each fact, so that the middleware
 * and the server hooks (which see the same request earlier) always agree:
 *
 * 1. **414 URI length**: the request line is read first (RFC 9112 §3); nginx rejects there.
 * 2. **400 body framing**: an invalid Content-Length, or both Content-Length and
 *    Transfer-Encoding, makes the message unparseable (RFC 9112 §6.3); nothing else can be
 *    trusted. Node's parser itself rejects most of these before any hook. A transfer coding
 *    other than `chunked` alone is **501** (RFC 9112 §6.1: "A server that receives a request
 *    message with a transfer coding it does not understand SHOULD respond with 501"): Node
 *    hands such a body to the app still coded (`gzip, chunked`), or not framed at all (`gzip`).
 *    §6.3 asks for 400 where chunked is not the final coding; the kind is `notImplemented` for
 *    both, because vendors answer any coding they do not support alike (S3's NotImplemented, "A
 *    header you provided implies functionality that is not implemented"), and both close the
 *    connection (the body cannot be framed).
 * 3. **417 Expect**: Node answers expectations before the request reaches the app
 *    (`checkExpectation`), so the middleware puts it before anything route-specific.
 * 4. **405 method**: routing; the target resource does not support the method (RFC 9110 §15.5.6).
 * 5. **411 Length Required**, then 6. **413 Content Too Large** from Content-Length: decided
 *    from the headers, so a client waiting on `100-continue` never uploads a rejected body.
 * 7. **415 / 400 Content-Type**: the body's representation (only when there is a body).
 * 8. **406 Accept**: last, because it is about the response; a request that fails any earlier
 *    check would not be served whatever it accepts.
 *
 * @module
 */
import { uriTooLong } from './uri-length';
import { methodNotAllowed } from './method';
import { expectationFailed } from './expect';
import { contentLengthOf, hasBody, INVALID_LENGTH, onlyChunked } from './body-framing';
import { contentTypeAbsent, contentTypeVerdict } from './content-type';
import { notAcceptable } from './accept';
import type { CompiledPreconditions, PreconditionView, PreconditionViolation } from './types';

/**
 * Runs every check in order on a request view (a Node `IncomingMessage` qualifies) and returns
 * the first violation, a frozen object shared by all requests, or undefined. Pure: reads the
 * view, allocates nothing on the common paths, never throws for any header value.
 *
 * @example
 * const compiled = compilePreconditions(profiles.vsp.document.preconditions, { requestMediaTypes: ['application/json'] })
 * evaluatePreconditions(compiled, { method: 'POST', url: '/ConfigurationManager/v1/objects/ldevs', headers: { 'content-type': 'text/plain', 'content-length': '2' } })
 * // { kind: 'unsupportedMediaType', detail: 'Content-Type is not one of application/json (RFC 9110 §15.5.16)' }
 */
export function evaluatePreconditions(compiled: CompiledPreconditions, view: PreconditionView): PreconditionViolation | undefined {
  const v = compiled.violations;
  const { url, headers } = view;
  if (typeof url === 'string' && compiled.maxUriBytes !== Infinity && uriTooLong(url, compiled.maxUriBytes, compiled.uriBase)) {
    return v.uriTooLong;
  }

  const transferEncoding = headers['transfer-encoding'];
  const contentLength = contentLengthOf(headers['content-length']);
  if (contentLength === INVALID_LENGTH) return v.invalidContentLength;
  if (contentLength >= 0 && transferEncoding !== undefined) return v.lengthAndTransferEncoding;
  if (transferEncoding !== undefined && !onlyChunked(transferEncoding)) return v.transferCodingUnsupported;

  if (expectationFailed(headers.expect, compiled.expectations, compiled.caches.expect)) return v.expectationFailed;
  if (methodNotAllowed(view.method, compiled.methods)) return v.methodNotAllowed;

  const body = hasBody(contentLength, transferEncoding);
  if (body) {
    if (compiled.requireContentLength && contentLength < 0) return v.lengthRequired;
    if (contentLength > compiled.maxBodyBytes) return v.payloadTooLarge;
    const contentType = headers['content-type'];
    if (contentTypeAbsent(contentType)) {
      if (compiled.contentTypeRequiredWithBody) return v.contentTypeMissing;
    } else if (compiled.requestMediaTypes !== null) {
      const verdict = contentTypeVerdict(contentType, compiled.requestMediaTypes, compiled.caches.contentType);
      if (verdict === 'unsupported') return v.contentTypeUnsupported;
      if (verdict === 'malformed') return v.contentTypeMalformed;
    }
  }

  if (compiled.responseMediaTypes !== null && notAcceptable(headers.accept, compiled.responseMediaTypes, compiled.caches.accept)) {
    return v.notAcceptable;
  }
  return undefined;
}
