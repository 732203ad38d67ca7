/**
 * `compilePreconditions`: merge app or route overrides over a profile's precondition settings,
 * validate them eagerly (a `TypeError` naming the key and value, at startup, never per request)
 * and build what the checks read: sets, numeric limits, frozen violations, bounded caches.
 *
 * @module
 */
import type { PreconditionSettings } from '../profile-types';
import type {
  CompiledPreconditions,
  CompiledViolations,
  MediaTypeMatcher,
  PreconditionOverrides,
  ResolvedPreconditionSettings,
} from './types';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MEDIA_TYPE = /^[!#$%&'+.^_`|~0-9A-Za-z-]+\/[!#$%&'+.^_`|~0-9A-Za-z-]+$|^[!#$%&'+.^_`|~0-9A-Za-z-]+\/\*$|^\*\/\*$/;
const KEYS: ReadonlySet<string> = new Set([
  'maxUriBytes', 'uriBase', 'requestMediaTypes', 'contentTypeRequiredWithBody', 'responseMediaTypes',
  'requireContentLength', 'maxBodyBytes', 'expectations', 'methods',
]);

function fail(key: string, value: unknown, expected: string): never {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  throw new TypeError(`vendor-compat: preconditions.${key} must be ${expected}, got ${shown}`);
}

function limit(key: string, value: unknown, minimum: number): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) fail(key, value, `null or an integer >= ${minimum}`);
  return value;
}

function list(key: string, value: unknown, pattern: RegExp, what: string): readonly string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !pattern.test(item))) {
    fail(key, value, `an array of ${what}`);
  }
  return Object.freeze([...new Set((value as string[]).map((item) => (key === 'methods' ? item.toUpperCase() : item.toLowerCase())))]);
}

function boolean(key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(key, value, 'a boolean');
  return value;
}

/** Validates one override against its key; returns the normalised value. */
function validated(key: string, value: unknown): unknown {
  switch (key) {
    case 'maxUriBytes':
      return limit(key, value, 1);
    case 'maxBodyBytes':
      return limit(key, value, 0);
    case 'uriBase':
      if ((typeof value === 'string' && value.startsWith('/') && !/[\s?#]/.test(value))) return value;
      return fail(key, value, 'a path starting with "/" (no query, no whitespace)');
    case 'requestMediaTypes':
    case 'responseMediaTypes':
      return value === null ? null : list(key, value, MEDIA_TYPE, 'media types such as "application/json" or "application/*"');
    case 'contentTypeRequiredWithBody':
    case 'requireContentLength':
      return boolean(key, value);
    case 'expectations':
      return list(key, value, TOKEN, 'expectation tokens such as "100-continue"');
    default: // methods
      if (value === null) return null;
      if (Array.isArray(value) && value.length === 0) return fail(key, value, 'a non-empty array of method names (or null)');
      return list(key, value, TOKEN, 'method names such as "GET"');
  }
}

/**
 * Splits lower-cased media types for matching (also used for an OpenAPI operation's body types).
 *
 * @example
 * matcherOf(['application/json', 'text/*']) // { exact: Set { 'application/json' }, anySubtype: Set { 'text' }, any: false }
 */
export function matcherOf(types: readonly string[] | null): MediaTypeMatcher | null {
  if (types === null) return null;
  const exact = new Set<string>();
  const anySubtype = new Set<string>();
  let any = false;
  for (const type of types) {
    if (type === '*/*') any = true;
    else if (type.endsWith('/*')) anySubtype.add(type.slice(0, -2));
    else exact.add(type);
  }
  return Object.freeze({ exact, anySubtype, any });
}

/** RFC 9110 §9.3.2: HEAD is supported wherever GET is; list it in `Allow` right after GET. */
function allowedMethods(methods: readonly string[] | null): readonly string[] | null {
  if (methods === null || !methods.includes('GET') || methods.includes('HEAD')) return methods;
  const withHead = [...methods];
  withHead.splice(withHead.indexOf('GET') + 1, 0, 'HEAD');
  return withHead;
}

function violationsOf(settings: ResolvedPreconditionSettings, allow: readonly string[] | null): CompiledViolations {
  const v = (kind: CompiledViolations[keyof CompiledViolations]['kind'], detail: string, headers?: Record<string, string>) =>
    Object.freeze(headers === undefined ? { kind, detail } : { kind, detail, headers: Object.freeze(headers) });
  const after = settings.uriBase === undefined ? '' : ` after ${settings.uriBase}`;
  return Object.freeze({
    uriTooLong: v('uriTooLong', `the request-target${after} is longer than ${settings.maxUriBytes} bytes (RFC 9110 §15.5.15)`),
    invalidContentLength: v('badRequest', 'Content-Length is not a non-negative integer, or its values disagree (RFC 9110 §8.6)'),
    lengthAndTransferEncoding: v('badRequest', 'both Content-Length and Transfer-Encoding were sent (RFC 9112 §6.1)'),
    transferCodingUnsupported: v('notImplemented', 'a transfer coding other than chunked was sent (RFC 9112 §6.1)'),
    methodNotAllowed: v('methodNotAllowed', `the method is not one of ${(allow ?? []).join(', ')} (RFC 9110 §15.5.6)`, {
      allow: (allow ?? []).join(', '),
    }),
    expectationFailed: v('expectationFailed', `only ${settings.expectations.join(', ') || 'no expectation'} can be met (RFC 9110 §10.1.1)`),
    lengthRequired: v('lengthRequired', 'a body was sent without Content-Length (RFC 9110 §15.5.12)'),
    payloadTooLarge: v('payloadTooLarge', `the body is larger than ${settings.maxBodyBytes} bytes (RFC 9110 §15.5.14)`),
    contentTypeMissing: v('unsupportedMediaType', 'a body was sent without Content-Type (RFC 9110 §8.3)'),
    contentTypeUnsupported: v('unsupportedMediaType', `Content-Type is not one of ${(settings.requestMediaTypes ?? []).join(', ')} (RFC 9110 §15.5.16)`),
    contentTypeMalformed: v('badRequest', 'Content-Type is not a valid media type (RFC 9110 §8.3.1)'),
    notAcceptable: v('notAcceptable', `Accept allows none of ${(settings.responseMediaTypes ?? []).join(', ')} (RFC 9110 §12.5.1)`),
  });
}

/**
 * Merges `overrides` over `settings` (a profile's `preconditions`, or a compiled app's
 * `settings` when compiling a route) and compiles the result. Throws `TypeError` naming the bad
 * key and value for an unknown key or an invalid value.
 *
 * @example
 * const app = compilePreconditions(profiles.hcp.document.preconditions, { maxBodyBytes: 1 << 20 })
 * const route = compilePreconditions(app.settings, { methods: ['GET', 'POST'], requestMediaTypes: ['application/json'] })
 * route.methods // Set { 'GET', 'HEAD', 'POST' }
 */
export function compilePreconditions(settings: PreconditionSettings, overrides?: PreconditionOverrides | null): CompiledPreconditions {
  const merged: Record<string, unknown> = { methods: null, ...settings };
  if (overrides !== undefined && overrides !== null) {
    if (typeof overrides !== 'object' || Array.isArray(overrides)) {
      throw new TypeError('vendor-compat: preconditions must be an object, e.g. { maxBodyBytes: 1048576 }');
    }
    for (const key of Object.keys(overrides)) {
      if (!KEYS.has(key)) throw new TypeError(`vendor-compat: unknown precondition ${JSON.stringify(key)}; expected one of ${[...KEYS].join(', ')}`);
      const value = (overrides as Record<string, unknown>)[key];
      if (value !== undefined) merged[key] = validated(key, value); // undefined keeps the default; '/' clears uriBase

    }
  }
  const resolved = Object.freeze(merged) as unknown as ResolvedPreconditionSettings;
  const allow = allowedMethods(resolved.methods);
  return Object.freeze({
    settings: resolved,
    maxUriBytes: resolved.maxUriBytes ?? Infinity,
    uriBase: resolved.uriBase === '/' ? undefined : resolved.uriBase,
    methods: allow === null ? null : new Set(allow),
    expectations: new Set(resolved.expectations.map((expectation) => expectation.toLowerCase())),
    requireContentLength: resolved.requireContentLength,
    maxBodyBytes: resolved.maxBodyBytes ?? Infinity,
    contentTypeRequiredWithBody: resolved.contentTypeRequiredWithBody,
    requestMediaTypes: matcherOf(resolved.requestMediaTypes),
    responseMediaTypes: resolved.responseMediaTypes === null ? null : Object.freeze(resolved.responseMediaTypes.map((t) => t.toLowerCase())),
    violations: violationsOf(resolved, allow),
    caches: Object.freeze({ contentType: new Map(), accept: new Map(), expect: new Map() }),
  });
}
