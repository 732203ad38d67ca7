/**
 * fast-check arbitraries for hostile thrown values and hostile requests, shared by the property
 * suites. Everything thrown is built fresh per request by `make()` (a revoked Proxy or a frozen
 * error cannot be reused across renders without changing what is tested).
 *
 * Two markers make disclosure checkable: MESSAGE_MARKER is embedded in every generated message
 * and string detail (it may appear only where the error exposes its message), STACK_MARKER in
 * every stack, `name` and class name (it may never appear in any response).
 */
import http from 'node:http';
import vm from 'node:vm';
import fc from 'fast-check';
import createError from 'http-errors';
import { createVendorError, KIND_NAMES, type KindName } from '../support/internals';

export const MESSAGE_MARKER = 'Zq9MsgMarker';
export const STACK_MARKER = 'Zq9StackMarker';

/** Runs per property: at least 1,000 inside `npm test`; `FC_NUM_RUNS` raises it (soak, CI nights). */
export const NUM_RUNS = Math.max(1, Number.parseInt(process.env.FC_NUM_RUNS ?? '', 10) || 1000);
/** A fixed seed when `FC_SEED` is set, to replay a failure. */
export const FC_PARAMS: fc.Parameters<unknown> = {
  numRuns: NUM_RUNS,
  ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }),
};

/** The built-in profile names, in the order the issue lists them. */
export const PROFILE_NAMES = ['problem', 'hcp', 'vsp', 'apig', 'mpc', 'stratos'] as const;

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

/** Control characters, CR/LF, DEL, C1, Latin-1, non-Latin-1, line separators, lone surrogates. */
const nastyUnit = fc.oneof(
  fc.constantFrom('\r', '\n', '\r\n', '\u0000', '\t', '\u007f', '\u0085', '\u00ff', '\u2028', '\u2029', '\ud800', '\udfff', '\ufeff', '%', '"', '\\', '{{message}}'),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
/** Short strings of anything, biased to the characters that break headers and JSON. */
export const junk = fc.string({ unit: nastyUnit, maxLength: 40 });

/** A message that carries the marker, sometimes huge, sometimes all control characters. */
const markedMessage = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(junk, junk).map(([a, b]) => `${MESSAGE_MARKER}${a}${MESSAGE_MARKER}${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 3_000, max: 120_000 }), fc.constantFrom('x', '\r\n', 'é', '日', '\u0000')).map(([n, c]) => MESSAGE_MARKER + c.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(`${MESSAGE_MARKER}\r\nSet-Cookie: session=evil`, `${MESSAGE_MARKER}\r\n\r\nHTTP/1.1 200 OK\r\n\r\n`) },
);

/** The `message` of a thrown value: usually a marked string, sometimes not a string at all. */
const messageValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: markedMessage },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, '', 42, { toString: () => MESSAGE_MARKER }, [MESSAGE_MARKER]) },
);

// ---------------------------------------------------------------------------------------------
// Properties of thrown values
// ---------------------------------------------------------------------------------------------

/** Statuses: valid ones, the invalid ones the issue names, and anything else numeric. */
export const statusValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 417, 418, 422, 429, 431, 451, 494, 500, 501, 502, 503, 504, 507, 599) },
  { weight: 2, arbitrary: fc.integer({ min: 400, max: 599 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 99, 100, 200, 302, 399, 600, 999, -404, '404', '500', Number.NaN, Infinity, 404.5, 1e21, null, true, BigInt(404)) },
  { weight: 1, arbitrary: fc.integer() },
);

const headerName = fc.oneof(
  fc.constantFrom('Allow', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id', 'x-request-id', 'Content-Type', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Set-Cookie', 'Location', '__proto__', 'constructor', 'X-HCP-ErrorMessage'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
  junk, // bad names: spaces, colons, CR/LF, non-ASCII, empty
);
const headerValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: junk },
  { weight: 1, arbitrary: fc.constantFrom('a\r\nSet-Cookie: x=1', '\r\n\r\n<html>', 'x'.repeat(20_000), '', ' ', '\u0100', '日本') },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt()) },
  { weight: 1, arbitrary: fc.array(junk, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

function throwingProxy(thrown: unknown): object {
  const fail = (): never => {
    throw thrown;
  };
  return new Proxy({}, { get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** What a getter or trap throws: anything, including values that break formatters. */
const thrownByGetter: fc.Arbitrary<() => unknown> = fc.oneof(
  fc.constantFrom(
    () => new Error(`${MESSAGE_MARKER} from a getter`),
    () => `${MESSAGE_MARKER} string from a getter`,
    () => BigInt(10),
    () => Symbol('getter'),
    () => undefined,
    () => null,
    () => revokedProxy(),
    () => throwingProxy(new Error('nested')),
    () => Object.defineProperty({}, 'toString', { get() { throw new Error('toString'); } }),
  ),
);

/** `err.headers`: maps of good and bad entries, huge maps, hostile containers. */
export const headersValue: fc.Arbitrary<() => unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }).map((entries) => () => Object.fromEntries(entries)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1_000, max: 5_000 }).map((n) => () => {
      const many: Record<string, string> = {};
      for (let i = 0; i < n; i++) many[`x-h${i}`] = i % 2 === 0 ? `v${i}` : `v\r\n${i}`;
      return many;
    }),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant(() => null),
      fc.constant(() => 'Allow: GET'),
      fc.constant(() => ['Allow', 'GET']),
      fc.constant(() => new Map([['allow', 'GET']])),
      fc.constant(() => revokedProxy()),
      thrownByGetter.map((t) => () => throwingProxy(t())),
      fc.constant(() => Object.defineProperty({}, 'allow', { enumerable: true, get() { throw new Error('header getter'); } })),
      fc.constant(() => Object.create({ inherited: 'x' }, { own: { value: 'y', enumerable: true } })),
    ),
  },
);

const vendorCodeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('KART30005-E', 'KART20008-E', 'APIG.0308', 'APIG.0101', 'MPC.10202', 'VOL.409', 'E1', 'x'.repeat(64), 'x'.repeat(65), 'has space', 'a\r\nb', ''),
  fc.stringMatching(/^[A-Z]{1,6}[.-]?[0-9]{1,6}(-[A-Z])?$/),
  junk,
  fc.anything({ maxDepth: 1 }),
);

/** `details`: JSON of any shape (strings carry the marker), circular objects, Proxies. */
const detailsValue: fc.Arbitrary<() => unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('solution', 'cause', 'solutionType', 'errorCode', 'type', 'status', 'message', 'error_code', 'request_id', '__proto__', 'constructor', 'toJSON'), fc.string({ maxLength: 12 })), fc.oneof(markedMessage, fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 })), { maxKeys: 6 }).map((d) => () => d) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((d) => () => d) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      () => {
        const circular: Record<string, unknown> = { solution: MESSAGE_MARKER };
        circular.self = circular;
        circular.list = [circular, circular];
        return circular;
      },
      () => revokedProxy(),
      () => throwingProxy(new Error('details trap')),
      () => ({ nested: revokedProxy() }),
      () => ({ wide: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, `${MESSAGE_MARKER}${i}`])) }),
      () => ({ deep: JSON.parse('{"a":'.repeat(500) + '1' + '}'.repeat(500)) as unknown }),
      () => ({ long: MESSAGE_MARKER + 'y'.repeat(100_000) }),
      () => {
        // A DAG of shared references: a few KB of input that expands to 40^3 copies of a 2 KB string.
        const text = MESSAGE_MARKER + 'z'.repeat(2_000);
        const fan = (value: unknown, prefix: string): Record<string, unknown> => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${prefix}${i}`, value]));
        return fan(fan(fan(text, 'c'), 'b'), 'a');
      },
      () => ({ list: Array.from({ length: 10_000 }, (_, i) => [i, MESSAGE_MARKER, { i }]) }),
      () => Object.defineProperty({}, 'solution', { enumerable: true, get() { throw new Error('detail getter'); } }),
    ),
  },
);

// ---------------------------------------------------------------------------------------------
// Thrown values
// ---------------------------------------------------------------------------------------------

/** Optional extra properties an error may carry (each may be absent). */
interface Extras {
  readonly status?: unknown;
  readonly statusCode?: unknown;
  readonly expose?: unknown;
  readonly headers?: () => unknown;
  readonly vendorCode?: unknown;
  readonly details?: () => unknown;
}

const extras: fc.Arbitrary<Extras> = fc.record(
  {
    status: statusValue,
    statusCode: statusValue,
    expose: fc.oneof(fc.boolean(), fc.constantFrom('true', 1, 0, null, undefined)),
    headers: headersValue,
    vendorCode: vendorCodeValue,
    details: detailsValue,
  },
  { requiredKeys: [] },
);

function applyExtras(target: Record<string, unknown>, props: Extras): void {
  for (const key of Object.keys(props) as Array<keyof Extras>) {
    const value = props[key];
    target[key] = key === 'headers' || key === 'details' ? (value as () => unknown)() : value;
  }
}

const STACK = `Error: ${STACK_MARKER}\n    at secret (/srv/app/${STACK_MARKER}.js:42:7)\n    at db (/srv/app/node_modules/pg/lib/client.js:1:1)`;

function withStack<T extends object>(error: T): T {
  try {
    Object.defineProperty(error, 'stack', { value: STACK, configurable: true, writable: true });
  } catch {
    // frozen: keep whatever stack it has
  }
  return error;
}

/** An Error subclass whose class name is a secret too (RFC: 5xx never reveal class names). */
class Zq9StackMarkerDatabaseError extends Error {}

/** A hostile property accessor: the getter throws whatever `thrower` makes. */
const getterProp = fc.constantFrom('status', 'statusCode', 'message', 'expose', 'headers', 'vendorCode', 'details', 'stack', 'name', 'toString', 'toJSON', 'constructor');

/** A recipe for one thrown value; `make()` builds a fresh instance per request. */
export interface ThrownCase {
  readonly label: string;
  readonly make: () => unknown;
}

/** Counterexamples print as their label, not as the source of `make`. */
function thrownCaseOf(label: string, make: () => unknown): ThrownCase {
  return { label, make, [fc.toStringMethod]: () => label } as ThrownCase;
}

const kindName: fc.Arbitrary<KindName> = fc.constantFrom(...KIND_NAMES);

const plainError = fc.tuple(messageValue, extras, fc.boolean()).map(([message, props, subclass]): ThrownCase => ({
  label: `Error(${String(typeof message)}) ${JSON.stringify(Object.keys(props))}`,
  make: () => {
    const error = subclass ? new Zq9StackMarkerDatabaseError() : new Error();
    Object.defineProperty(error, 'message', { value: message, configurable: true, writable: true });
    if (subclass) error.name = STACK_MARKER;
    applyExtras(error as unknown as Record<string, unknown>, props);
    return withStack(error);
  },
}));

const httpError = fc
  .tuple(fc.integer({ min: 400, max: 599 }), markedMessage, extras)
  .map(([status, message, props]): ThrownCase => ({
    label: `createError(${status}) ${JSON.stringify(Object.keys(props))}`,
    make: () => {
      const { status: _s, statusCode: _c, headers, details, ...rest } = props;
      const error = createError(status, message, {
        ...rest,
        ...(headers === undefined ? {} : { headers: headers() }),
        ...(details === undefined ? {} : { details: details() }),
      });
      return withStack(error);
    },
  }));

const brandedError = fc.tuple(kindName, fc.option(markedMessage, { nil: undefined }), extras).map(([kind, message, props]): ThrownCase => ({
  label: `createVendorError(${kind}) ${JSON.stringify(Object.keys(props))}`,
  make: () => {
    const error = createVendorError(kind, message) as unknown as Record<string, unknown>;
    const { status: _s, statusCode: _c, ...rest } = props; // keep the brand's status
    applyExtras(error, rest);
    return withStack(error);
  },
}));

const plainObject = fc.tuple(messageValue, extras).map(([message, props]): ThrownCase => ({
  label: `{ message, ${Object.keys(props).join(', ')} }`,
  make: () => {
    const object: Record<string, unknown> = { message, stack: STACK };
    applyExtras(object, props);
    return object;
  },
}));

const primitive: fc.Arbitrary<ThrownCase> = fc
  .oneof(
    markedMessage,
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    fc.boolean(),
    fc.constantFrom(null, undefined, 0, '', Number.NaN),
    fc.string({ maxLength: 8 }).map((s) => Symbol(s)),
  )
  .map((value): ThrownCase => ({ label: `primitive ${typeof value}`, make: () => value }));

const getterThrows = fc.tuple(fc.oneof(plainError, httpError, brandedError, plainObject), fc.uniqueArray(getterProp, { minLength: 1, maxLength: 4 }), thrownByGetter).map(
  ([base, props, thrower]): ThrownCase => ({
    label: `${base.label} with throwing getters ${props.join(', ')}`,
    make: () => {
      const target = base.make();
      if (target === null || typeof target !== 'object') return target;
      for (const prop of props) {
        try {
          Object.defineProperty(target, prop, { configurable: true, enumerable: true, get() { throw thrower(); } });
        } catch {
          // non-configurable: leave it
        }
      }
      return target;
    },
  }),
);

const LIES: Readonly<Record<string, unknown>> = {
  status: 503,
  statusCode: 400,
  expose: false,
  message: MESSAGE_MARKER,
  stack: STACK,
  headers: { allow: 'GET\r\nX: y' },
  vendorCode: 'LIE.0001',
  details: { solution: MESSAGE_MARKER },
};

const proxied = fc
  .tuple(fc.oneof(plainError, httpError, brandedError), fc.constantFrom('get-throws', 'keys-throw', 'lies', 'proto-throws'), thrownByGetter)
  .map(([base, mode, thrower]): ThrownCase => ({
    label: `Proxy(${mode}) over ${base.label}`,
    make: () => {
      const target = base.make() as object;
      const fail = (): never => {
        throw thrower();
      };
      switch (mode) {
        case 'get-throws':
          return new Proxy(target, { get: fail });
        case 'keys-throw':
          return new Proxy(target, { ownKeys: fail, getOwnPropertyDescriptor: fail, has: fail });
        case 'proto-throws':
          return new Proxy(target, { getPrototypeOf: fail });
        default:
          // Answers every read with something plausible but different from the target's own.
          return new Proxy(target, { get: (_t, key) => (typeof key === 'string' ? LIES[key] : undefined) ?? 'lie' });
      }
    },
  }));

const oddities: fc.Arbitrary<ThrownCase> = fc.constantFrom<ThrownCase>(
  { label: 'revoked Proxy', make: revokedProxy },
  { label: 'Proxy whose every trap throws', make: () => throwingProxy(new Error(MESSAGE_MARKER)) },
  { label: 'frozen http-errors 500', make: () => Object.freeze(withStack(createError(500, MESSAGE_MARKER))) },
  { label: 'frozen Error with status 409', make: () => Object.freeze(withStack(Object.assign(new Error(MESSAGE_MARKER), { status: 409 }))) },
  {
    label: 'circular error',
    make: () => {
      const error = withStack(Object.assign(new Error(MESSAGE_MARKER), { status: 400 })) as unknown as Record<string, unknown>;
      error.cause = error;
      error.details = { error };
      error.headers = { self: error };
      return error;
    },
  },
  { label: 'function with a status', make: () => Object.assign(() => MESSAGE_MARKER, { status: 404, message: MESSAGE_MARKER }) },
  { label: 'array', make: () => [MESSAGE_MARKER, 500] },
  { label: 'resolved promise', make: () => Promise.resolve(MESSAGE_MARKER) },
  { label: 'object without prototype', make: () => Object.assign(Object.create(null) as object, { status: 404, message: MESSAGE_MARKER }) },
  { label: 'Error from another realm', make: () => withStack(vm.runInNewContext(`Object.assign(new Error(${JSON.stringify(MESSAGE_MARKER)}), { status: 418 })`) as object) },
  { label: 'AggregateError', make: () => withStack(new AggregateError([new Error(MESSAGE_MARKER)], MESSAGE_MARKER)) },
  { label: 'a Date', make: () => new Date(Number.NaN) },
);

/** Any thrown value the issue lists (and a few more). */
export const thrownCase: fc.Arbitrary<ThrownCase> = fc
  .oneof(
    { weight: 3, arbitrary: plainError },
    { weight: 3, arbitrary: httpError },
    { weight: 2, arbitrary: brandedError },
    { weight: 2, arbitrary: plainObject },
    { weight: 2, arbitrary: primitive },
    { weight: 2, arbitrary: getterThrows },
    { weight: 2, arbitrary: proxied },
    { weight: 1, arbitrary: oddities },
  )
  .map((recipe) => thrownCaseOf(recipe.label, recipe.make));

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** Methods Node's parser accepts (CONNECT is a tunnel, not a request for the app). */
export const METHODS = http.METHODS.filter((method) => method !== 'CONNECT');

/** Printable request-target characters (Node's client refuses the rest; raw bytes are test/hardening's job). */
const urlChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019-._~/'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('%', '%00', '%0d%0a', '%ZZ', '%e2%80%a8', '..', '//', '?', '&', '=', '#', ';', '"', '<', '>', '{', '}', '|', '\\', '^', '`', '[', ']', '@', '!', '$', "'", '(', ')', '*', '+', ',', ':') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }).filter((c) => c !== ' ') },
);
const urlTail = fc.string({ unit: urlChar, maxLength: 60 });

/** A request-target: the throwing routes (with any query), unmatched paths, long paths. */
export function requestTarget(routes: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...routes), fc.option(urlTail, { nil: undefined })).map(([path, query]) => (query === undefined ? path : `${path}?${query}`)) },
    { weight: 2, arbitrary: urlTail.map((tail) => `/${tail}`) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4_000 }), fc.constantFrom('a', '%41', '/')).map(([n, c]) => `/${c.repeat(n).slice(0, n)}`) },
  );
}

/** Latin-1 header value bytes a client may legally send (HTAB, SP-~, obs-text). */
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.constantFrom('\t', '\u00e9', '\u00ff', '\u0080')), maxLength: 80 }) },
  // Long pathological values, kept under Node's 16 KiB header limit in total (oversized heads are
  // test/hardening's business: they never reach the app).
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 1_000 }), fc.constantFrom('a/a;a=a;', '*/*;q=0.', ', ', ' ', ';', 'x')).map(([n, c]) => c.repeat(Math.ceil(n / c.length)).slice(0, n)) },
);

/** Arbitrary request headers, including the ones the library reads. */
export const requestHeaders: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,16}$/), fieldValue, { maxKeys: 4 }),
    fc.option(fc.oneof(fc.constantFrom('application/json', '*/*', 'text/html', 'application/*', 'application/json;q=0', 'text/plain, */*;q=0.1', 'a/a;a=a;a=a', ''), fieldValue), { nil: undefined }),
    fc.option(fc.oneof(fc.constantFrom('application/json', 'application/json; charset=UTF-8', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', ';;;', 'application/json; charset="'), fieldValue), { nil: undefined }),
    // Client ids start with "client" so that an echo is recognisable.
    fc.option(fc.oneof(fc.constantFrom('acbc548ac6f2a0db0000000000000001', '<script>'), fieldValue).map((id) => `client${id}`), { nil: undefined }),
  )
  .map(([extra, accept, contentType, requestId]) => {
    const headers: Record<string, string> = { ...extra };
    if (accept !== undefined) headers.accept = accept;
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (requestId !== undefined) headers['x-request-id'] = requestId;
    return headers;
  });
