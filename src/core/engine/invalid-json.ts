/**
 * The error a request body reader throws for a body that is not valid JSON, in place of the
 * runtime's `SyntaxError` (whose message is the engine's wording, and which nothing maps: a Fetch
 * handler's `await request.json()` would otherwise become a 500). It is still a `SyntaxError`
 * (code that catches parse failures keeps working), carries the http-errors protocol (400,
 * exposed) and the brand, and has no message: the client sees the vendor's own text for a bad
 * request (RFC 9110 §15.5.1).
 *
 * @module
 */
import { ERROR_BRAND } from '../brand';

/**
 * A body that is not valid JSON.
 *
 * @example
 * try { JSON.parse(text) } catch (cause) { throw new InvalidJsonError(cause) }
 */
export class InvalidJsonError extends SyntaxError {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  readonly [ERROR_BRAND] = 'badRequest' as const;

  constructor(cause?: unknown) {
    super('', { cause });
    this.name = 'SyntaxError';
  }
}
