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
import { readBody } from './body';
import { decodeError, type DecodedError, type ErrorAnswer } from './decode-error';
import { headerMap } from './headers';
import { DEFAULT_MAX_ERROR_BODY_BYTES, readCapped, streamOf } from './read-response';
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

/** How to read a response. */
export interface ErrorFromResponseOptions {
  /** The body, when it was read elsewhere (the response's own body is then not read). */
  readonly body?: unknown;
  /** The request's method (method rules: HCP HEAD → 302; HEAD answers have no body). */
  readonly method?: string;
  /** Most body bytes read from a stream (default 64 KiB); a longer body is not decoded (a problem says so). */
  readonly maxBytes?: number;
}

/** A Fetch `Response` (or anything shaped like one): its body is a stream, read by {@link errorFromResponse}. */
export interface StreamedResponse {
  readonly status: number;
  readonly headers: unknown;
  readonly body: unknown;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A Node `IncomingMessage` (or any async iterable of body chunks with a `statusCode`). */
export interface StreamedMessage extends AsyncIterable<unknown> {
  readonly statusCode?: number;
  readonly headers: unknown;
}

/** An answer given as data: `{ status, headers, body }` (a supertest response, a recorded answer). */
export interface AnswerRecord {
  readonly status?: number;
  readonly statusCode?: number;
  readonly headers?: unknown;
  readonly body?: unknown;
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
 * `Response` or a Node `IncomingMessage` (status and headers; a stream body is left out, for
 * {@link errorFromResponse} to read).
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

/** Members where APIs commonly put a human-readable message (RFC 9457 `detail`, then the usual names). */
const MESSAGE_MEMBERS = ['detail', 'message', 'Message', 'error_msg', 'errorMessage', 'error_description', 'error'];
const MAX_MESSAGE = 1024;

/** A message read from any body, when the profile's own slots found none (a non-conforming 4xx). */
function anyMessage(body: unknown, contentType: string | undefined): string | undefined {
  const reading = readBody(body);
  const pick = (value: unknown): string | undefined => (typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, MAX_MESSAGE) : undefined);
  if ((reading.state === 'json' || reading.state === 'xml') && reading.value !== null && typeof reading.value === 'object' && !Array.isArray(reading.value)) {
    const record = reading.value as Record<string, unknown>;
    for (const member of MESSAGE_MEMBERS) {
      const found = pick(record[member]) ?? pick(readProperty(record[member], 'message'));
      if (found !== undefined) return found;
    }
  }
  if (reading.state === 'invalid' && reading.text !== undefined && /^text\/plain\b/i.test(contentType ?? '')) return pick(reading.text.split(/\r?\n/)[0]);
  return undefined;
}

function fromAnswer(profile: Profile, answer: ErrorAnswer, unread?: string): UpstreamError {
  let decoded = decodeError(profile, answer);
  if (unread !== undefined) decoded = { ...decoded, conforms: false, problems: [...decoded.problems, unread] };
  if (decoded.message === undefined && decoded.status >= 400 && decoded.status < 500) {
    const message = anyMessage(answer.body, headerMap(answer.headers).get('content-type'));
    if (message !== undefined) decoded = { ...decoded, message };
  }
  return upstreamError(profile, decoded, answer.headers, answer.method);
}

async function readThenDecode(profile: Profile, answer: ErrorAnswer, source: unknown, maxBytes: number): Promise<UpstreamError> {
  const read = await readCapped(source, maxBytes);
  // A body that could not be read is decoded from the status and headers alone, and says so.
  const unread = 'tooLarge' in read ? `body larger than ${maxBytes} bytes, not read` : 'failed' in read ? `body could not be read (${read.failed})` : undefined;
  return fromAnswer(profile, { ...answer, body: 'bytes' in read ? read.bytes : undefined }, unread);
}

/**
 * The upstream's answer as a throwable error the facade's adapter renders in its own profile.
 *
 * - A Fetch `Response` or a Node `IncomingMessage`: the body is read (at most `maxBytes`, default
 *   64 KiB) and a promise is returned, which never rejects.
 * - A `{ status, headers, body }` record (a supertest response, a body read elsewhere): synchronous.
 *
 * A 4xx message is kept whenever one can be read (the profile's slots, else `detail`, `message`
 * and the usual members, else a `text/plain` line), whether the answer conforms or not.
 *
 * @example
 * // upstream speaks RFC 9457, the facade APIG:
 * const upstream = await fetch(url)
 * if (!upstream.ok) throw await errorFromResponse(profiles.problem, upstream, { method: req.method })
 * // a body read elsewhere:
 * throw errorFromResponse(profiles.vsp, { status: 409, headers, body: text })
 */
export function errorFromResponse(profile: Profile, response: StreamedResponse | StreamedMessage, options?: ErrorFromResponseOptions): Promise<UpstreamError>;
export function errorFromResponse(profile: Profile, response: AnswerRecord | null | undefined, options?: ErrorFromResponseOptions): UpstreamError;
export function errorFromResponse(profile: Profile, response: unknown, options: ErrorFromResponseOptions = {}): UpstreamError | Promise<UpstreamError> {
  const answer = answerOf(response, options);
  const stream = streamOf(response);
  if (stream === undefined) return fromAnswer(profile, answer);
  if (options.body !== undefined) return Promise.resolve(fromAnswer(profile, answer));
  const maxBytes = typeof options.maxBytes === 'number' && options.maxBytes >= 0 ? options.maxBytes : DEFAULT_MAX_ERROR_BODY_BYTES;
  return readThenDecode(profile, answer, stream.source, maxBytes);
}
