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
import { compiledOf, type Profile } from './define-profile';
import { nextRequestId } from './request-id';
import type { TemplateContext } from './template';

/** What the renderer needs to know about the request. */
export interface RequestView {
  /** The request method, upper case (`'GET'`). */
  readonly method: string;
  /** The request path without the query string (VSP `errorSource`, problem `instance`). */
  readonly path: string;
  /** The id of this request, when the adapter assigned one (APIG/MPC `X-Request-Id`). */
  readonly requestId?: string;
}

/** Per-app render settings. */
export interface RenderOptions {
  /** Overrides for the profile's `vars.*` (e.g. `{ retryAfter: '120' }`). */
  readonly vars?: Readonly<Record<string, string>>;
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
}

/** Headers a thrown error may not set: body framing, connection management. */
const PROTECTED_ERROR_HEADERS: ReadonlySet<string> = new Set([
  'content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive',
  'upgrade', 'trailer', 'te', 'proxy-connection',
]);
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
 * array scanned in place costs less than a Map and the closure that used to wrap it (issue 5: no
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

function renderNormalized(error: NormalizedError, profile: Profile, view: RequestView, options: RenderOptions): RenderedError {
  const compiled = compiledOf(profile);
  const method = typeof view.method === 'string' ? view.method : 'GET';
  const entry = compiled.resolve(error.kind, method);
  const requestId = compiled.requestIdHeader === undefined ? undefined : view.requestId ?? nextRequestId();
  // A client error the vendor answers with a 5xx (HCP 503 for 429, Stratos 500 for 405) keeps its
  // message only when the error says `expose: true` (issue 2: 5xx never reveal the thrown message).
  const hidden = entry.status >= 500 && !error.exposeDeclared;
  const message = hidden ? undefined : error.message;
  const details = hidden ? undefined : error.details;
  const context: TemplateContext = {
    status: entry.status,
    title: entry.title,
    code: error.vendorCode ?? entry.code,
    message: message ?? entry.message,
    detail: message,
    path: typeof view.path === 'string' ? view.path : SAFE_PATH_FALLBACK,
    method,
    requestId,
    fields: details === undefined ? entry.fields : { ...entry.fields, ...details },
    vars: options.vars === undefined ? compiled.vars : { ...compiled.vars, ...options.vars },
  };

  const headers: Record<string, string> = {};
  const seen: string[] = [];
  for (const [name, lower, template] of entry.headers) {
    const value = template(context);
    if (value === undefined || value === null || value === '') continue;
    const clean = sanitizeHeaderValue(typeof value === 'string' ? value : String(value), compiled.headerValueMaxLength);
    if (clean !== '') setHeader(headers, seen, name, lower, clean);
  }
  for (const [lower, value] of error.headers) {
    if (PROTECTED_ERROR_HEADERS.has(lower) || lower === compiled.requestIdLower || !isHeaderName(lower)) continue;
    const clean = sanitizeHeaderValue(value, compiled.headerValueMaxLength);
    if (clean !== '') setHeader(headers, seen, sentName(seen, lower) ?? canonicalHeaderName(lower), lower, clean);
  }
  if (compiled.requestIdHeader !== undefined && compiled.requestIdLower !== undefined && requestId !== undefined) {
    setHeader(headers, seen, compiled.requestIdHeader, compiled.requestIdLower, sanitizeHeaderValue(requestId, 128));
  }

  const payload = entry.body === null ? null : entry.body(context);
  const serialized = payload === null ? '' : entry.serialize(payload);
  if (entry.contentType !== undefined) setHeader(headers, seen, 'Content-Type', 'content-type', entry.contentType);
  setHeader(headers, seen, 'Content-Length', 'content-length', String(Buffer.byteLength(serialized)));
  return {
    status: entry.status,
    statusMessage: entry.statusMessage,
    headers,
    // RFC 9110 §9.3.2: a HEAD response carries the GET headers but no content.
    body: method === 'HEAD' ? '' : serialized,
    payload,
  };
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
  // Thrown details of the wrong shape (a VSP `solution` that is a number, a problem `type` that is
  // not a string) must not break the vendor's body: render without them, with the same request id.
  // (A thrown vendorCode is rendered as given: test/profiles/vsp.test.ts "bodySchema choice".)
  const idHeader = compiledOf(profile).requestIdHeader;
  const sameId: RequestView = idHeader === undefined ? view : { ...view, requestId: rendered.headers[idHeader] };
  const withoutDetails = renderNormalized({ ...error, details: undefined }, profile, sameId, options);
  return profile.validateBody(withoutDetails.payload).length < profile.validateBody(rendered.payload).length ? withoutDetails : rendered;
}
