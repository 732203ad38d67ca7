/**
 * `errorFromResponse`: an upstream's error answer, read in the upstream's profile, as an error a
 * facade can throw, so that its own adapter renders it in the facade's profile. The meaning is
 * kept, the vendor's wording is not:
 *
 * - the kind is the one {@link decodeError} recovers (an upstream 409 is the facade's conflict);
 * - a 4xx message is exposed where the facade answers with a 4xx (unless it is just the
 *   upstream's default text for the kind, which the facade replaces with its own); the message of
 *   anything the upstream answered with a 5xx is kept for logs (`err.message`) but never rendered;
 * - `Retry-After` is kept (RFC 9110 §10.2.3: the client's wait does not depend on the vendor);
 * - the upstream's vendor code is carried as `vendorCode` with `vendorProfile` naming the
 *   upstream profile: the renderer uses it only when the facade's profile has the same name;
 * - anything that is not a 4xx/5xx error (a 2xx, a 3xx no kind explains, no status) is a
 *   `badGateway`: the upstream did not answer with an error the facade can pass on.
 *
 * The error is a plain `Error` with the http-errors protocol (`status`, `statusCode`, `expose`,
 * `headers`) and the vendor-compat brand, so nothing here imports http-errors or `node:*`.
 *
 * @module
 */
import { ERROR_BRAND } from '../brand';
import { compiledOf, type Profile } from '../define-profile';
import { KINDS, type KindName } from '../kinds';
import { decodeError, type DecodedError, type ErrorAnswer } from './decode-error';
import { headerMap } from './headers';
import { readProperty } from '../safe-read';

/** What the upstream answered, as the error carries it for logs (`err.upstream`). */
export interface UpstreamAnswerInfo extends DecodedError {
  /** The upstream profile's name. */
  readonly profile: string;
}

/** The error {@link errorFromResponse} returns: throw it from a route, or pass it to `next(err)`. */
export interface UpstreamError extends Error {
  readonly status: number;
  readonly statusCode: number;
  /** `false` for a server error or an upstream 5xx; unset for a client error (shown only where the facade answers a 4xx). */
  readonly expose?: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly vendorCode: string | undefined;
  /** The profile `vendorCode` belongs to; the renderer drops the code under any other profile. */
  readonly vendorProfile: string;
  readonly upstream: UpstreamAnswerInfo;
  readonly [ERROR_BRAND]: KindName;
}

/** How to read a response whose body is not a property of it. */
export interface ErrorFromResponseOptions {
  /** The body, when `response` does not carry it (an `IncomingMessage` read elsewhere). */
  readonly body?: unknown;
  /** The request's method (method rules: HCP HEAD → 302; HEAD answers have no body). */
  readonly method?: string;
}

const VENDOR_CODE = /^[\x21-\x7e]{1,64}$/;
const RETRY_AFTER = /^[\x20-\x7e]{1,64}$/;

const read = readProperty;

/** A body value that can be decoded as it is (not a stream, not a Fetch `ReadableStream`). */
function plainBody(body: unknown): unknown {
  if (body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) return body;
  if (typeof body === 'object' && (typeof read(body, 'getReader') === 'function' || typeof read(body, 'pipe') === 'function' || typeof read(body, 'on') === 'function')) return undefined;
  return body;
}

/**
 * The answer as `decodeError` reads it, from a `{ status, headers, body }` record, a Fetch
 * `Response` (status and headers; its body stream cannot be read synchronously) or a Node
 * `IncomingMessage` (`statusCode`, `statusMessage`, `headers`; body from `options.body`).
 *
 * @example
 * answerOf(res, { body: text }) // { status: 503, statusText: 'Service Unavailable', headers: res.headers, body: text }
 */
export function answerOf(response: unknown, options: ErrorFromResponseOptions = {}): ErrorAnswer {
  const status = read(response, 'status') ?? read(response, 'statusCode');
  const statusText = read(response, 'statusText') ?? read(response, 'statusMessage');
  return {
    status: typeof status === 'number' ? status : undefined,
    statusText: typeof statusText === 'string' ? statusText : undefined,
    headers: read(response, 'headers'),
    body: options.body !== undefined ? options.body : plainBody(read(response, 'body')),
    method: options.method ?? (typeof read(response, 'method') === 'string' ? (read(response, 'method') as string) : undefined),
  };
}

class UpstreamAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/**
 * Builds the throwable error from a decoded answer (exported for callers that decoded already).
 *
 * @example
 * upstreamError(profiles.problem, decodeError(profiles.problem, answer), answer.headers)
 */
export function upstreamError(profile: Profile, decoded: DecodedError, headers?: unknown, method = 'GET'): UpstreamError {
  // A 3xx is an error only where the profile answers a kind with it (HCP: HEAD not found → 302).
  const isError = decoded.kind !== undefined && decoded.status >= 300;
  const kind: KindName = isError && decoded.kind !== undefined ? decoded.kind : 'badGateway';
  const status = KINDS[kind].status;
  let message = isError ? decoded.message : undefined;
  try {
    if (message !== undefined && message === compiledOf(profile).resolve(kind, method.toUpperCase()).message) message = undefined; // the upstream's default text
  } catch {
    message = undefined; // not a profile: decodeError already said so in `problems`
  }
  const error = new UpstreamAnswerError(message ?? '') as unknown as Record<PropertyKey, unknown>;
  const retryAfter = headerMap(headers).get('retry-after')?.trim();
  error.status = status;
  error.statusCode = status;
  // A server error, or anything the upstream answered with a 5xx (VSP's 503 for tooManyRequests),
  // is never exposed. A client error leaves `expose` unset: the renderer shows its message where
  // the facade answers with a 4xx, and hides it where the facade answers the kind with a 5xx
  // (Stratos 415 → 500), as only an explicit `expose: true` would reveal it there.
  if (status >= 500 || decoded.status >= 500) error.expose = false;
  error.headers = Object.freeze(retryAfter !== undefined && RETRY_AFTER.test(retryAfter) ? { 'retry-after': retryAfter } : {});
  error.vendorCode = isError && decoded.code !== undefined && VENDOR_CODE.test(decoded.code) ? decoded.code : undefined;
  const name = typeof read(profile, 'name') === 'string' ? (read(profile, 'name') as string) : '(not a profile)';
  error.vendorProfile = name;
  error.upstream = Object.freeze({ ...decoded, profile: name });
  Object.defineProperty(error, ERROR_BRAND, { value: kind, enumerable: false });
  return error as unknown as UpstreamError;
}

/**
 * The upstream's answer as a throwable error the facade's adapter renders in its own profile.
 * Synchronous: pass a `{ status, headers, body }` record, a Node `IncomingMessage` with
 * `{ body }` in `options`, or a Fetch `Response` (its body is not read: use
 * {@link errorFromResponseAsync} to read it with a size cap). Never throws.
 *
 * @example
 * // upstream speaks RFC 9457, the facade APIG:
 * const upstream = await fetch(url)
 * if (!upstream.ok) throw errorFromResponse(profiles.problem, { status: upstream.status, headers: upstream.headers, body: await upstream.text() })
 */
export function errorFromResponse(profile: Profile, response: unknown, options: ErrorFromResponseOptions = {}): UpstreamError {
  const answer = answerOf(response, options);
  return upstreamError(profile, decodeError(profile, answer), answer.headers, answer.method);
}
