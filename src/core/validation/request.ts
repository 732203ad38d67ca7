/**
 * Judging a request against its route's validators. The request is never modified: path
 * parameters, the query and the headers are copied into fresh objects (without prototypes, so a
 * `__proto__` key is plain data) that ajv coerces; the parsed body is judged as it is. The route
 * reads the values as its framework parsed them (coerced copies are not written back: Express 5's
 * `req.query` is a getter, and a route's own parsing should not change with its schema).
 *
 * The query of an OpenAPI route (one with `styles`) is read from the raw request-target by the
 * document's serialization rules (./styles), not from the framework's parse: the document is the
 * contract client and server share, and the parsers differ (Express 4's `qs` makes `a[b]=1` an
 * object, Fastify's and Hono's do not; none splits `form` + `explode: false` lists), so one
 * reading gives every framework the same verdict. A `routes` schema judges the framework's parse
 * (what its handler reads), or `URLSearchParams`' where the adapter has none.
 *
 * @module
 */
import type { ValidateFunction } from 'ajv';
import { mediaTypeMatches } from '../preconditions/content-type';
import type { HeaderValue } from '../preconditions/types';
import type { RequestValidator } from './compile';
import { failureOf, type RequestLocation, type ValidationFailure } from './failure';
import { readQuery, readSimple, type StyledParameter } from './styles';

/**
 * What the before-the-route stage reads from a request.
 *
 * @example
 * { params: { id: '7' }, url: '/ldevs/7?count=1', headers: req.headers, hasBody: false }
 */
export interface RequestParts {
  /** Decoded path parameters (from the route table). */
  readonly params?: Readonly<Record<string, string>>;
  /** The raw request-target (`/path?query`). */
  readonly url?: string;
  /**
   * The query as the framework parsed it (what the handler reads: Express's `req.query` may hold
   * arrays and objects from `qs`); judged instead of the target's `URLSearchParams` reading.
   */
  readonly query?: unknown;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  /** Whether the request has a body (Content-Length > 0 or Transfer-Encoding). */
  readonly hasBody: boolean;
}

/**
 * Longest field name shown by default.
 *
 * @example
 * validateRequestParts(validator, parts, DEFAULT_MAX_FIELD)
 */
export const DEFAULT_MAX_FIELD = 64;

const REQUIRED_BODY: ValidationFailure = Object.freeze({ location: 'body', keyword: 'required', field: 'body', pointer: '#', reason: 'is required' });

function run(validate: ValidateFunction | undefined, data: Record<string, unknown>, location: RequestLocation, maxField: number): ValidationFailure[] | undefined {
  if (validate === undefined || validate(data)) return undefined;
  return (validate.errors ?? []).map((error) => failureOf(error, location, maxField));
}

/**
 * The query string as an object without a prototype: `a=1&a=2` gives `['1', '2']` (judged as an
 * array: an `integer` refuses it), `+` and percent escapes decoded
 * (`application/x-www-form-urlencoded`, as `URLSearchParams` reads it).
 *
 * @example
 * queryOf('/v1/jobs?start_time=1&tag=a&tag=b') // { start_time: '1', tag: ['a', 'b'] }
 */
export function queryOf(url: string | undefined): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  const mark = typeof url === 'string' ? url.indexOf('?') : -1;
  if (mark === -1) return out;
  for (const [key, value] of new URLSearchParams(url?.slice(mark + 1))) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}

function copyOf(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    out[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return out;
}

/** Deeper than any query parser nests (qs: `depth` 5), so coercion never reaches the caller's objects. */
const MAX_COPY_DEPTH = 32;

/**
 * A deep copy of a parsed query (objects without prototypes, arrays copied): ajv coerces in
 * place, and the handler must read the framework's values, not coerced ones. Anything nested
 * deeper than {@link MAX_COPY_DEPTH} becomes `null` (judged, never shared).
 */
function deepCopy(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_COPY_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => deepCopy(item, depth + 1));
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = deepCopy((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

/** The top-level key an ajv instance path names (`/tags` → `tags`, RFC 6901 escapes undone), or undefined. */
function topLevelKey(instancePath: string): string | undefined {
  if (!instancePath.startsWith('/') || instancePath.indexOf('/', 1) !== -1) return undefined;
  return instancePath.slice(1).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Judges the query: the framework's parse (deep-copied) or the target's. A single value where
 * the schema wants an array (ajv says `must be array` at a top-level key, `$ref`s resolved) is
 * judged again as a one-item array: OpenAPI's `form` style writes a one-item array as one
 * `key=value`. Nothing else changes shape: a repeated key or `a[]=1` stays an array, and an
 * `integer` refuses it (ajv `coerceTypes: true`, never `'array'`).
 */
function runQuery(validate: ValidateFunction, parts: RequestParts, maxField: number, styles: readonly StyledParameter[] | undefined): ValidationFailure[] | undefined {
  let parsed: unknown;
  if (styles !== undefined) parsed = readQuery(parts.url, styles);
  else {
    const given = parts.query; // read once: it may be a getter
    parsed = given === undefined ? queryOf(parts.url) : deepCopy(given);
  }
  return runRecord(validate, parsed, 'query', maxField);
}

/** Judges a record of strings (a query, a form body), reading a lone value as a one-item array where the schema wants one. */
function runRecord(validate: ValidateFunction, parsed: unknown, location: RequestLocation, maxField: number): ValidationFailure[] | undefined {
  const query: Record<string, unknown> = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : (Object.create(null) as Record<string, unknown>);
  // Each round wraps at least one more key, so there are at most as many rounds as keys.
  for (let round = Object.keys(query).length; ; round -= 1) {
    if ((validate as (data: unknown) => boolean)(query)) return undefined; // not the type guard: `query` stays a record
    const errors = validate.errors ?? [];
    let wrapped = false;
    if (round > 0) {
      for (const error of errors) {
        const key = error.keyword === 'type' ? topLevelKey(error.instancePath) : undefined;
        if (key === undefined || !String((error.params as { type?: unknown }).type).split(',').includes('array')) continue;
        const value = query[key];
        if (value === undefined || value === null || typeof value === 'object') continue;
        query[key] = [value];
        wrapped = true;
      }
    }
    if (!wrapped) return errors.map((error) => failureOf(error, location, maxField));
  }
}

/** Path and header values read back by their styles (`simple`, `label`, `matrix`); a value not in its style's form is left as it came. */
function styled(record: Record<string, unknown>, styles: readonly StyledParameter[] | undefined): Record<string, unknown> {
  for (const parameter of styles ?? []) {
    const value = record[parameter.name];
    if (typeof value !== 'string') continue;
    const read = readSimple(value, parameter);
    if (read !== undefined) record[parameter.name] = read;
  }
  return record;
}

/**
 * A form body as a record: the framework's parse (deep-copied: coercion must not reach the
 * handler's object), or the raw text read as `application/x-www-form-urlencoded`.
 */
function formRecord(body: unknown): unknown {
  if (typeof body === 'string') return queryOf(`?${body}`);
  return deepCopy(body);
}

/**
 * Validates path parameters, query and headers (in that order, stopping at the first part that
 * fails), and that a required body is present. Returns the failures, or undefined.
 *
 * @example
 * validateRequestParts(validator, { params: { id: 'x' }, url: '/ldevs/x', headers: {}, hasBody: false })
 * // [{ location: 'path', keyword: 'type', field: 'id', pointer: '#/id', reason: 'must be integer' }]
 */
export function validateRequestParts(validator: RequestValidator, parts: RequestParts, maxField = DEFAULT_MAX_FIELD): ValidationFailure[] | undefined {
  const styles = validator.styles;
  return (
    run(validator.params, styled(copyOf(parts.params ?? {}), styles?.path), 'path', maxField) ??
    (validator.query === undefined ? undefined : runQuery(validator.query, parts, maxField, styles?.query)) ??
    (validator.headers === undefined ? undefined : run(validator.headers, styled(copyOf(parts.headers), styles?.header), 'header', maxField)) ??
    (validator.bodyRequired && !parts.hasBody ? [REQUIRED_BODY] : undefined)
  );
}

function mediaTypeOf(contentType: HeaderValue): string | undefined {
  if (typeof contentType !== 'string') return undefined;
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * Validates a parsed body with the schema for its media type (the first whose media types match,
 * or one for any type). A request without a body (`present: false`) is not judged here: a
 * required body is the before-the-route stage's. Returns the failures, or undefined.
 *
 * @example
 * validateBody(validator, { capacityInGB: 1 }, 'application/json', true)
 * // [{ location: 'body', keyword: 'additionalProperties', field: 'capacityInGB', ... }]
 */
export function validateBody(validator: RequestValidator, body: unknown, contentType: HeaderValue, present: boolean, maxField = DEFAULT_MAX_FIELD): ValidationFailure[] | undefined {
  if (!present || validator.bodies.length === 0) return undefined;
  const type = mediaTypeOf(contentType);
  const chosen = validator.bodies.find((candidate) => candidate.matcher === null || (type !== undefined && mediaTypeMatches(type, candidate.matcher)));
  if (chosen === undefined) return undefined;
  // A form body the adapter did not parse (undefined) is not read here: the stream is the handler's.
  if (chosen.form) return body === undefined ? undefined : runRecord(chosen.validate, formRecord(body), 'body', maxField);
  if (chosen.validate(body)) return undefined;
  return (chosen.validate.errors ?? []).map((error) => failureOf(error, 'body', maxField));
}
