/**
 * The probe's battery: the requests whose answers a profile predicts. Each precondition the
 * profile enables by default gets one request violating it (from `profile.document.preconditions`
 * and `preconditionAnswers(profile)`), plus what every vendor answers: an unknown route and its
 * HEAD, `Expect: 100-continue` rejected before the body and accepted, an unknown expectation, a
 * 20,000-byte request line, a malformed request line, an oversized header section. `record` uses
 * the same requests with every check on, since the vendor's settings are what it looks for.
 *
 * @module
 */
import type { Profile } from '../core/define-profile';
import type { KindName } from '../core/kinds';
import { compilePreconditions, preconditionAnswers } from '../core/preconditions';
import type { PreconditionSettings } from '../core/profile-types';
import type { HttpRequestSpec, RawRequestSpec } from './transport';

/** One request of the battery. */
export interface BatteryItem {
  /** Stable id (`unknownRoute`, `contentTypeUnsupported`, …). */
  readonly id: string;
  /** What is sent, in words. */
  readonly title: string;
  /** The kind the answer stands for; undefined for `continueAccepted` (a 100 is expected, then the route's own answer). */
  readonly kind: KindName | undefined;
  readonly method: string;
  /** The request-target's path (what the vendor's body may echo). */
  readonly path: string;
  /** `rejected`: a final answer without 100 Continue is expected; `accepted`: 100 Continue first. */
  readonly expectContinue?: 'rejected' | 'accepted';
  readonly send: { readonly via: 'http'; readonly spec: HttpRequestSpec } | { readonly via: 'raw'; readonly spec: RawRequestSpec };
}

/** Where the battery aims. */
export interface BatteryOptions {
  /** A route that exists and accepts POST with a body (default `/`). */
  readonly path: string;
  /** A route that does not exist. */
  readonly unknownPath: string;
  /** The Host header for raw requests (`host:port`). */
  readonly host: string;
  /** Extra headers (credentials) for raw requests. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * A method `path` accepts (default GET): the checks that need no body (headers too large, an
   * unknown expectation, an unacceptable Accept) are sent with it, so a POST-only route is not
   * answered with its 405 (`--path POST:/v1/volumes`, or discovered from the 405's `Allow`).
   */
  readonly method?: string;
}

/** What `record` assumes: every check on, so each request shows what the vendor does with it. */
const RECORD_SETTINGS: PreconditionSettings = Object.freeze({
  maxUriBytes: 8000,
  requestMediaTypes: ['application/json'],
  contentTypeRequiredWithBody: true,
  responseMediaTypes: ['application/json'],
  requireContentLength: true,
  maxBodyBytes: null,
  expectations: ['100-continue'],
});

/** Node's default `maxHeaderSize`: a longer request-target is answered by the server hook, not the middleware. */
const NODE_HEADER_LIMIT = 16 * 1024;
const PROBE_TYPE = 'application/x-vendor-compat-probe';

function pathOnly(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

function rawHead(method: string, target: string, options: BatteryOptions, fields: Readonly<Record<string, string>>): string {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${options.host}`];
  for (const [name, value] of Object.entries({ ...options.headers, ...fields })) lines.push(`${name}: ${value}`);
  lines.push('Connection: close', '', '');
  return lines.join('\r\n');
}

/** A request-target longer than `maxBytes` octets after `uriBase` (under the base when there is one). */
function longTarget(maxBytes: number, uriBase: string | undefined): string {
  const base = `${uriBase ?? ''}/`;
  return `${base}${'a'.repeat(maxBytes + 1)}`;
}

/**
 * The battery for `profile` (its default settings), or with every check on when `profile` is
 * undefined (`record`).
 *
 * @example
 * buildBattery(profiles.vsp, { path: '/demo/items', unknownPath: '/no/such/route', host: '127.0.0.1:3000', headers: {} }).map((item) => item.id)
 * // ['unknownRoute', 'unknownRouteHead', 'requestLineTooLong', 'malformedRequestLine', 'headersTooLarge', 'invalidContentLength', 'unknownExpectation', 'lengthRequired', …]
 */
export function buildBattery(profile: Profile | undefined, options: BatteryOptions): BatteryItem[] {
  const settings = profile === undefined ? RECORD_SETTINGS : compilePreconditions(profile.document.preconditions).settings;
  const enabled = new Set(
    profile === undefined ? ['uriTooLong', 'lengthRequired', 'contentTypeMissing', 'contentTypeUnsupported', 'contentTypeMalformed', 'notAcceptable'] : preconditionAnswers(profile).filter((row) => row.enabledByDefault).map((row) => row.check),
  );
  const path = options.path;
  const accepted = settings.requestMediaTypes?.[0] ?? 'application/json';
  // The route's method: a GET or HEAD carries no body; any other is sent an acceptable one.
  const method = options.method ?? 'GET';
  const withBody = method !== 'GET' && method !== 'HEAD';
  // The checks of a request body go to the route's method when it takes one, else to POST.
  const bodyMethod = withBody ? method : 'POST';
  const onRoute = (headers: Readonly<Record<string, string>>): HttpRequestSpec =>
    withBody ? { method, target: path, headers: { 'Content-Type': accepted, ...headers }, body: '{}' } : { method, target: path, headers };
  const items: BatteryItem[] = [
    { id: 'unknownRoute', title: `GET ${options.unknownPath} (no such route)`, kind: 'notFound', method: 'GET', path: pathOnly(options.unknownPath), send: { via: 'http', spec: { method: 'GET', target: options.unknownPath } } },
    { id: 'unknownRouteHead', title: `HEAD ${options.unknownPath} (no such route, no body)`, kind: 'notFound', method: 'HEAD', path: pathOnly(options.unknownPath), send: { via: 'http', spec: { method: 'HEAD', target: options.unknownPath } } },
    { id: 'requestLineTooLong', title: 'GET with a 20,000-byte request line', kind: 'uriTooLong', method: 'GET', path: '/', send: { via: 'http', spec: { method: 'GET', target: `/${'a'.repeat(20000 - 'GET / HTTP/1.1'.length)}` } } },
    { id: 'malformedRequestLine', title: 'a malformed request line (G=T / HTTP/1.1)', kind: 'badRequest', method: 'GET', path: '/', send: { via: 'raw', spec: { head: rawHead('G=T', '/', options, {}) } } },
    { id: 'headersTooLarge', title: `${method} with a 20,000-byte header field`, kind: 'headersTooLarge', method, path: pathOnly(path), send: { via: 'http', spec: onRoute({ 'X-Vendor-Compat-Pad': 'a'.repeat(20000) }) } },
    { id: 'invalidContentLength', title: `${bodyMethod} ${path} with Content-Length: abc`, kind: 'badRequest', method: bodyMethod, path: pathOnly(path), send: { via: 'raw', spec: { head: rawHead(bodyMethod, path, options, { 'Content-Type': accepted, 'Content-Length': 'abc' }) } } },
    { id: 'unknownExpectation', title: `${method} ${path} with Expect: vendor-compat-probe`, kind: 'expectationFailed', method, path: pathOnly(path), send: { via: 'http', spec: onRoute({ Expect: 'vendor-compat-probe' }) } },
  ];
  if (enabled.has('uriTooLong') && settings.maxUriBytes !== null && settings.maxUriBytes + 64 < NODE_HEADER_LIMIT) {
    const target = longTarget(settings.maxUriBytes, settings.uriBase);
    items.push({ id: 'uriTooLong', title: `GET a ${target.length}-byte request-target (limit ${settings.maxUriBytes}${settings.uriBase === undefined ? '' : ` after ${settings.uriBase}`})`, kind: 'uriTooLong', method: 'GET', path: target, send: { via: 'http', spec: { method: 'GET', target } } });
  }
  if (enabled.has('lengthRequired')) {
    items.push({ id: 'lengthRequired', title: `${bodyMethod} ${path} with a chunked body (no Content-Length)`, kind: 'lengthRequired', method: bodyMethod, path: pathOnly(path), send: { via: 'http', spec: { method: bodyMethod, target: path, headers: { 'Content-Type': accepted }, body: '{}', chunked: true } } });
  }
  if (enabled.has('payloadTooLarge') && settings.maxBodyBytes !== null) {
    const length = settings.maxBodyBytes + 1;
    items.push({ id: 'payloadTooLarge', title: `${bodyMethod} ${path} with Content-Length: ${length} (body withheld)`, kind: 'payloadTooLarge', method: bodyMethod, path: pathOnly(path), send: { via: 'raw', spec: { head: rawHead(bodyMethod, path, options, { 'Content-Type': accepted, 'Content-Length': String(length) }), body: '{}', withholdBody: true } } });
  }
  if (enabled.has('contentTypeMissing')) {
    items.push({ id: 'contentTypeMissing', title: `${bodyMethod} ${path} with a body and no Content-Type`, kind: 'unsupportedMediaType', method: bodyMethod, path: pathOnly(path), send: { via: 'http', spec: { method: bodyMethod, target: path, body: '{}' } } });
  }
  if (enabled.has('contentTypeUnsupported')) {
    items.push({ id: 'contentTypeUnsupported', title: `${bodyMethod} ${path} with Content-Type: text/plain`, kind: 'unsupportedMediaType', method: bodyMethod, path: pathOnly(path), send: { via: 'http', spec: { method: bodyMethod, target: path, headers: { 'Content-Type': 'text/plain' }, body: 'x' } } });
  }
  if (enabled.has('contentTypeMalformed')) {
    items.push({ id: 'contentTypeMalformed', title: `${bodyMethod} ${path} with Content-Type: vendor-compat-probe (malformed)`, kind: 'badRequest', method: bodyMethod, path: pathOnly(path), send: { via: 'http', spec: { method: bodyMethod, target: path, headers: { 'Content-Type': 'vendor-compat-probe' }, body: '{}' } } });
  }
  if (enabled.has('notAcceptable')) {
    items.push({ id: 'notAcceptable', title: `${method} ${path} with Accept: ${PROBE_TYPE}`, kind: 'notAcceptable', method, path: pathOnly(path), send: { via: 'http', spec: onRoute({ Accept: PROBE_TYPE }) } });
  }
  // Expect: 100-continue with a violation the headers show: a final answer, and the body never invited.
  const rejection = enabled.has('contentTypeUnsupported')
    ? { fields: { 'Content-Type': 'text/plain', 'Content-Length': '1' }, target: path, kind: 'unsupportedMediaType' as const, words: 'Content-Type: text/plain' }
    : enabled.has('payloadTooLarge') && settings.maxBodyBytes !== null
      ? { fields: { 'Content-Type': accepted, 'Content-Length': String(settings.maxBodyBytes + 1) }, target: path, kind: 'payloadTooLarge' as const, words: `Content-Length: ${settings.maxBodyBytes + 1}` }
      : enabled.has('uriTooLong') && settings.maxUriBytes !== null && settings.maxUriBytes + 64 < NODE_HEADER_LIMIT
        ? { fields: { 'Content-Type': accepted, 'Content-Length': '2' }, target: longTarget(settings.maxUriBytes, settings.uriBase), kind: 'uriTooLong' as const, words: 'a request-target over the limit' }
        : undefined;
  if (rejection !== undefined) {
    items.push({
      id: 'continueRejected',
      title: `${bodyMethod} with Expect: 100-continue and ${rejection.words} (rejected before the body)`,
      kind: rejection.kind,
      method: bodyMethod,
      path: pathOnly(rejection.target),
      expectContinue: 'rejected',
      send: { via: 'raw', spec: { head: rawHead(bodyMethod, rejection.target, options, { ...rejection.fields, Expect: '100-continue' }), body: 'x', expectContinue: true } },
    });
  }
  items.push({
    id: 'continueAccepted',
    title: `${bodyMethod} ${path} with Expect: 100-continue and an acceptable body (100 Continue first)`,
    kind: undefined,
    method: bodyMethod,
    path: pathOnly(path),
    expectContinue: 'accepted',
    send: { via: 'raw', spec: { head: rawHead(bodyMethod, path, options, { 'Content-Type': accepted, 'Content-Length': '2', Expect: '100-continue' }), body: '{}', expectContinue: true } },
  });
  return items;
}
