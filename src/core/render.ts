/**
 * `render`: the pure function at the heart of the library.
 * (thrown value, profile, request view) → `{ status, statusMessage, headers, body }`.
 *
 * It never throws: whatever was thrown, the result is a response the vendor could have sent,
 * with a status from the profile's `statuses`, header values that pass
 * `http.validateHeaderValue`, and no 5xx message unless the error says `expose: true`.
 *
 * @module
 */
import { normalize, type NormalizedError } from './normalize';
import { sanitizeHeaderValue, isHeaderName } from './header-safety';
import { keepsThrownHeader } from './response-headers';
import { compiledOf, type Profile } from './define-profile';
import type { CompiledKind, CompiledProfile } from './compile-profile';
import { KINDS } from './kinds';
import { templateContext } from './render-context';
import type { TemplateContext } from './template';
import { utf8ByteLength } from './utf8';
import type { KindName } from './kinds';

/** What the renderer needs to know about the request. */
export interface RequestView {
  /** The request method, upper case (`'GET'`). */
  readonly method: string;
  /** The request path without the query string (VSP `errorSource`, problem `instance`). */
  readonly path: string;
  /** The id of this request, when the adapter assigned one (APIG/MPC `X-Request-Id`). */
  readonly requestId?: string;
  /** The request's Accept, which picks among a profile's body formats (`body.alternates`). */
  readonly accept?: string | readonly string[];
}

/** Per-app render settings. */
export interface RenderOptions {
  /** Overrides for the profile's `vars.*` (e.g. `{ retryAfter: '120' }`). */
  readonly vars?: Readonly<Record<string, string>>;
  /**
   * Send the error inside a `200 OK`, as S3 does when CompleteMultipartUpload or CopyObject fails
   * after the response began: the same headers and body, status 200.
   */
  readonly embedInOk?: boolean;
}

/**
 * Options of every adapter's `sendError` (and the Fetch and Hono `errorResponse`).
 *
 * @example
 * // S3 CopyObject: the copy failed after the 200 began; the error goes inside it
 * vc.sendError(req, res, createVendorError('internalServerError', undefined, { vendorCode: 'InternalError' }), { embedInOk: true })
 */
export interface SendErrorOptions {
  /** Answer `200 OK` with the error's headers and body (S3 CompleteMultipartUpload, CopyObject, UploadPartCopy). */
  readonly embedInOk?: boolean;
}

/** A complete error response. */
export interface RenderedError {
  readonly status: number;
  /** The reason phrase (profile-specific where the vendor's differs from RFC 9110). */
  readonly statusMessage: string;
  /** Every header to send, including Content-Type (when there is a body) and Content-Length. */
  readonly headers: Readonly<Record<string, string>>;
  /** The serialized body; empty for HEAD and for vendors without error bodies. */
  readonly body: string;
  /** The body before serialization (null when empty), for schema checks. */
  readonly payload: unknown;
  /** The canonical kind that was answered (after error rules). */
  readonly kind: KindName;
  /** The vendor code that was answered, if the vendor has codes. */
  readonly code: string | undefined;
}

const SAFE_PATH_FALLBACK = '/';
/** Field names whose conventional spelling is not plain Title-Case. */
const SPECIAL_HEADER_NAMES: ReadonlyMap<string, string> = new Map([
  ['www-authenticate', 'WWW-Authenticate'], ['etag', 'ETag'], ['content-md5', 'Content-MD5'], ['dnt', 'DNT'],
]);

/**
 * The conventional spelling of a header a thrown error supplied (http-errors asks for lower-case
 * keys): `allow` → `Allow`, `retry-after` → `Retry-After`. Names are case-insensitive (RFC 9110
 * §5.1), but vendor captures show the conventional form, so that is what goes on the wire.
 */
function canonicalHeaderName(lower: string): string {
  return SPECIAL_HEADER_NAMES.get(lower) ?? lower.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

/**
 * Sets a header, case-insensitively: a later value replaces an earlier one, under the later
 * spelling. `seen` holds `lower, name` pairs: a response has a handful of headers, so a flat
 * array scanned in place costs less than a Map and the closure that used to wrap it (no
 * per-request closures; bench/micro.js "render").
 */
function setHeader(headers: Record<string, string>, seen: string[], name: string, lower: string, value: string): void {
  for (let i = 0; i < seen.length; i += 2) {
    if (seen[i] !== lower) continue;
    const previous = seen[i + 1] as string;
    if (previous !== name) {
      delete headers[previous];
      seen[i + 1] = name;
    }
    headers[name] = value;
    return;
  }
  seen.push(lower, name);
  headers[name] = value;
}

/** The spelling a header was sent under so far, if it was. */
function sentName(seen: readonly string[], lower: string): string | undefined {
  for (let i = 0; i < seen.length; i += 2) if (seen[i] === lower) return seen[i + 1];
  return undefined;
}

/**
 * The entry an error is answered with: its vendor code's row of the profile's `codes` table when
 * it has one (S3's `NoSuchBucket`, `InvalidRange`), else its kind's.
 */
function entryOf(error: NormalizedError, compiled: CompiledProfile, method: string): CompiledKind {
  if (error.vendorCode !== undefined) {
    const row = compiled.resolveCode(error.vendorCode, method);
    if (row !== undefined) return row;
  }
  return compiled.resolve(error.kind, method);
}

function renderNormalized(error: NormalizedError, profile: Profile, view: RequestView, options: RenderOptions): RenderedError {
  const compiled = compiledOf(profile);
  const method = typeof view.method === 'string' ? view.method : 'GET';
  // A vendor code that names its profile (an upstream's) is kept only under that profile.
  const foreign = error.vendorProfile !== undefined && error.vendorProfile !== profile.name;
  let own: NormalizedError = foreign ? { ...error, vendorCode: undefined } : error;
  const entry = entryOf(own, compiled, method);
  // A code row can answer a 5xx-kind error with a 4xx (a thrown 500 that names `NoSuchKey`): the
  // message and details of an unexposed server error stay private all the same.
  if (entry.kind !== own.kind && KINDS[own.kind].status >= 500 && !own.exposeDeclared) own = { ...own, message: undefined, details: undefined };
  const requestId = compiled.requestIdHeader === undefined ? undefined : view.requestId ?? compiled.generateRequestId();
  const context: TemplateContext = templateContext(entry, own, {
    method,
    path: typeof view.path === 'string' ? view.path : SAFE_PATH_FALLBACK,
    requestId,
    vars: options.vars === undefined ? compiled.vars : { ...compiled.vars, ...options.vars },
  });

  const headers: Record<string, string> = {};
  const seen: string[] = [];
  for (const [name, lower, template] of entry.headers) {
    const value = template(context);
    if (value === undefined || value === null || value === '') continue;
    const clean = sanitizeHeaderValue(typeof value === 'string' ? value : String(value), compiled.headerValueMaxLength);
    if (clean !== '') setHeader(headers, seen, name, lower, clean);
  }
  // Only an unmasked error's headers are here (normalize), judged by its own status as finalhandler
  // does (`err.status`, then `err.headers`): a vendor's substitute (HCP 429 → 503) keeps Retry-After
  // (RFC 9110 §10.2.3), but Allow goes on a 405 only (§15.5.6): Stratos's 500 for a 405 has none.
  for (const [lower, value] of error.headers) {
    if (!keepsThrownHeader(lower, entry.status) || lower === compiled.requestIdLower || !isHeaderName(lower)) continue;
    const clean = sanitizeHeaderValue(value, compiled.headerValueMaxLength);
    if (clean !== '') setHeader(headers, seen, sentName(seen, lower) ?? canonicalHeaderName(lower), lower, clean);
  }
  if (compiled.requestIdHeader !== undefined && compiled.requestIdLower !== undefined && requestId !== undefined) {
    setHeader(headers, seen, compiled.requestIdHeader, compiled.requestIdLower, sanitizeHeaderValue(requestId, 128));
  }

  const payload = entry.body === null ? null : entry.body(context);
  const format = entry.formats.length > 1 ? entry.formats[compiled.chooseFormat(view.accept)] ?? entry.formats[0] : entry.formats[0];
  const serialized = payload === null || format === undefined ? '' : format.serialize(payload);
  const contentType = format?.contentType;
  if (contentType !== undefined) setHeader(headers, seen, 'Content-Type', 'content-type', contentType);
  if (compiled.negotiated) {
    // RFC 9110 §12.5.5: the representation was chosen by Accept.
    const vary = headers[sentName(seen, 'vary') ?? 'Vary'];
    if (vary === undefined) setHeader(headers, seen, 'Vary', 'vary', 'Accept');
    else if (!/(?:^|,)\s*(?:accept|\*)\s*(?:,|$)/i.test(vary)) setHeader(headers, seen, 'Vary', 'vary', `${vary}, Accept`);
  }
  setHeader(headers, seen, 'Content-Length', 'content-length', String(utf8ByteLength(serialized)));
  const embedded = options.embedInOk === true;
  return {
    status: embedded ? 200 : entry.status,
    statusMessage: embedded ? 'OK' : entry.statusMessage,
    headers,
    // RFC 9110 §9.3.2: a HEAD response carries the GET headers but no content.
    body: method === 'HEAD' ? '' : serialized,
    payload: payload === null ? null : entry.schemaForm(payload),
    kind: entry.kind,
    code: context.code,
  };
}

/**
 * Thrown details of the wrong shape (a VSP `errorCode` that is a string, which crashes Cinder's
 * driver, clients.md "VSP"; a `solution` that is a number; a problem `type` that is not a string)
 * must not break the vendor's body, and must not take the valid ones with them: each detail member
 * is kept only if adding it does not make the body fail the profile's `bodySchema` (more than
 * without it). Only on this failure path, at most one rendering per member (32 at most), all with
 * the same request id. (A thrown vendorCode is rendered as given: test/profiles/vsp.test.ts
 * "bodySchema choice".)
 */
function withValidDetails(error: NormalizedError, rendered: RenderedError, profile: Profile, view: RequestView, options: RenderOptions): RenderedError {
  const details = error.details ?? {};
  const idHeader = compiledOf(profile).requestIdHeader;
  const sameId: RequestView = idHeader === undefined ? view : { ...view, requestId: rendered.headers[idHeader] };
  let best = renderNormalized({ ...error, details: undefined }, profile, sameId, options);
  let bestProblems = profile.validateBody(best.payload).length;
  let kept: Record<string, unknown> = {};
  for (const key of Object.keys(details)) {
    const candidate = { ...kept, [key]: details[key] };
    const attempt = renderNormalized({ ...error, details: candidate }, profile, sameId, options);
    const problems = profile.validateBody(attempt.payload).length;
    if (problems <= bestProblems) {
      kept = candidate;
      best = attempt;
      bestProblems = problems;
    }
  }
  return best;
}

/**
 * Renders any thrown value as the profile's vendor would answer it. Pure and total.
 *
 * @example
 * render(createError(404, 'Tenant t1 does not exist'), profiles.apig, { method: 'GET', path: '/v1/t1' })
 * // { status: 404, headers: { 'X-Request-Id': '…', 'Content-Type': 'application/json', … },
 * //   body: '{"error_code":"APIG.0101","error_msg":"Tenant t1 does not exist","request_id":"…"}' }
 */
export function render(thrown: unknown, profile: Profile, view: RequestView, options: RenderOptions = {}): RenderedError {
  const error = normalize(thrown);
  const rendered = renderNormalized(error, profile, view, options);
  if (error.details === undefined || rendered.payload === null || profile.validateBody(rendered.payload).length === 0) return rendered;
  return withValidDetails(error, rendered, profile, view, options);
}
