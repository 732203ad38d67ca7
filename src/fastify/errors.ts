/**
 * Fastify's own errors in the vendor's terms: an ordered rule set in the shape of the `errors`
 * option, matched by Fastify's error `code` (fastify `lib/errors.js`, the same codes in
 * Fastify 4 and 5). Each answers with the vendor's own text for the kind (`message: ''`): Fastify's
 * wording ("Request body is too large") is Fastify's, not the vendor's.
 *
 * @module
 */
import type { ErrorRule } from '../core/error-rules';

function statusOf(err: unknown): unknown {
  return (err as { statusCode?: unknown }).statusCode;
}

/**
 * The rules the Fastify plugin applies after the app's own `errors` rules. Exported so an app can
 * reuse them (for instance with `render` in a custom handler).
 *
 * @example
 * import { fastifyErrors } from 'vendor-compat/fastify'
 * fastifyErrors.find((rule) => rule.code === 'FST_ERR_CTP_BODY_TOO_LARGE')?.kind // 'payloadTooLarge'
 */
export const fastifyErrors: readonly ErrorRule[] = Object.freeze([
  // content-type-parser.js: the body is larger than `bodyLimit` (Content-Length or while streaming).
  { code: 'FST_ERR_CTP_BODY_TOO_LARGE', kind: 'payloadTooLarge', message: '' },
  // No parser for the request's Content-Type (or none sent with a body).
  { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', kind: 'unsupportedMediaType', message: '' },
  // The body was shorter or longer than its Content-Length.
  { code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', kind: 'badRequest', message: '' },
  // `Content-Type: application/json` with an empty body; invalid JSON (Fastify 5).
  { code: ['FST_ERR_CTP_EMPTY_JSON_BODY', 'FST_ERR_CTP_INVALID_JSON_BODY'], kind: 'badRequest', message: '' },
  // Invalid JSON (Fastify 4): secure-json-parse's SyntaxError, given statusCode 400 by the parser.
  { name: 'SyntaxError', when: (err) => statusOf(err) === 400, kind: 'badRequest', message: '' },
  // The route schema's ajv validation (`err.validation`), and a body the route's schema has no content type for.
  { code: ['FST_ERR_VALIDATION', 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE', 'FST_ERR_ROUTE_MISSING_CONTENT'], kind: 'badRequest', message: '' },
  // A request-target the router cannot decode (answered before routing; see src/fastify/bad-url.ts).
  { code: ['FST_ERR_BAD_URL', 'FST_ERR_INVALID_URL'], kind: 'badRequest', message: '' },
  { code: 'FST_ERR_MAX_PARAM_LENGTH', kind: 'uriTooLong', message: '' },
  { code: 'FST_ERR_NOT_FOUND', kind: 'notFound', message: '' },
  // Fastify 5's `handlerTimeout` (503 in Fastify's own answer).
  { code: 'FST_ERR_HANDLER_TIMEOUT', kind: 'serviceUnavailable', message: '' },
] satisfies ErrorRule[]);
