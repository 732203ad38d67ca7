/**
 * Nest's `HttpException` family in the http-errors protocol every adapter renders: the status,
 * the message from `getResponse()` (a string, or an object's `message`), Nest 12's `errorCode` as
 * the vendor code, `err.headers`, and the exception kept as `cause` (so the app's `errors` rules
 * still match it by class, name or code). Recognised by shape (`getStatus` and `getResponse`), not
 * `instanceof`: Nest 10 and Nest 12 classes, or two installs of one, are different classes.
 *
 * Also recognises the `NotFoundException` Nest's router throws for an unmatched route
 * (`Cannot GET /x`, @nestjs/core router/routes-resolver.js `registerNotFoundHandler`), so that
 * the route gets the profile's 404 with none of Nest's text.
 *
 * @module
 */
import { readProperty } from '../core/safe-read';

/** Keys of Nest's default exception body (`HttpException.createBody`) that are not details. */
const BODY_KEYS: ReadonlySet<string> = new Set(['statusCode', 'message', 'error', 'errorCode']);

/**
 * What a Nest `HttpException` becomes before rendering (the http-errors protocol).
 *
 * @example
 * const translated = fromNestException(new NotFoundException('gone')) as NestHttpError // translated.status === 404
 */
export interface NestHttpError {
  readonly name: string;
  readonly status: number;
  readonly statusCode: number;
  readonly message: string;
  readonly vendorCode?: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: unknown;
  readonly cause: unknown;
}

/**
 * True for a Nest `HttpException` (any major, any install).
 *
 * @example
 * isNestHttpException(new BadRequestException('no')) // true
 */
export function isNestHttpException(thrown: unknown): boolean {
  const getStatus = readProperty(thrown, 'getStatus');
  const getResponse = readProperty(thrown, 'getResponse');
  return typeof getStatus === 'function' && typeof getResponse === 'function';
}

function call(thrown: unknown, method: string): unknown {
  try {
    return (readProperty(thrown, method) as (this: unknown) => unknown).call(thrown);
  } catch {
    return undefined;
  }
}

/** A message array (the default ValidationPipe's) reads as one sentence list. */
function textOf(message: unknown): string | undefined {
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((item) => typeof item === 'string')) return message.join('; ');
  return undefined;
}

function detailsOf(body: object): Record<string, unknown> | undefined {
  let details: Record<string, unknown> | undefined;
  for (const key of Object.keys(body)) {
    if (BODY_KEYS.has(key)) continue;
    details ??= {};
    details[key] = readProperty(body, key);
  }
  return details;
}

/**
 * The http-errors-shaped value for a Nest `HttpException`, or the thrown value unchanged.
 *
 * @example
 * fromNestException(new ConflictException('Volume exists', { errorCode: 'KART40051-E' }))
 * // { name: 'ConflictException', status: 409, statusCode: 409, message: 'Volume exists', vendorCode: 'KART40051-E', cause: <the exception> }
 */
export function fromNestException(thrown: unknown): unknown {
  if (!isNestHttpException(thrown)) return thrown;
  const status = call(thrown, 'getStatus');
  if (typeof status !== 'number' || !Number.isInteger(status)) return thrown;
  const body = call(thrown, 'getResponse');
  const fromBody = typeof body === 'string' ? body : body !== null && typeof body === 'object' ? textOf(readProperty(body, 'message')) : undefined;
  // Without a message in the body Nest's own `message` is the class name in words ("Http
  // Exception"): no message, so the vendor's text for the status is sent.
  const message = fromBody ?? '';
  const code = readProperty(thrown, 'errorCode') ?? (body !== null && typeof body === 'object' ? readProperty(body, 'errorCode') : undefined);
  const name = readProperty(thrown, 'name');
  const headers = readProperty(thrown, 'headers');
  const details = body !== null && typeof body === 'object' && !Array.isArray(body) ? detailsOf(body) : undefined;
  return {
    name: typeof name === 'string' ? name : 'HttpException',
    status,
    statusCode: status,
    message,
    ...(typeof code === 'string' ? { vendorCode: code } : {}),
    ...(details === undefined ? {} : { details }),
    ...(headers === undefined ? {} : { headers }),
    cause: thrown,
  };
}

/**
 * True for the `NotFoundException` Nest's router throws for a request no route matched: status
 * 404 and the message `Cannot <METHOD> <url>` for this very request.
 *
 * @example
 * isRouterNotFound(new NotFoundException('Cannot GET /nope'), 'GET', ['/nope']) // true
 */
export function isRouterNotFound(thrown: unknown, method: string | undefined, urls: ReadonlyArray<string | undefined>): boolean {
  if (!isNestHttpException(thrown) || call(thrown, 'getStatus') !== 404) return false;
  const body = call(thrown, 'getResponse');
  const message = body !== null && typeof body === 'object' ? readProperty(body, 'message') : body;
  if (typeof message !== 'string') return false;
  return urls.some((url) => url !== undefined && message === `Cannot ${method ?? 'GET'} ${url}`);
}
