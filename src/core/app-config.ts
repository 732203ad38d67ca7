/**
 * The options every adapter takes, validated and compiled once when the middleware is built
 * (body-parser's `normalizeOptions`): misconfiguration throws a `TypeError` at startup, never per
 * request. Pure: no framework, no `node:*`, so the Fetch entry runs the same configuration as the
 * Node adapters (GUIDE "Fetch first, then node").
 *
 * @module
 */
import { compiledOf, type Profile } from './define-profile';
import { ERROR_BRAND } from './brand';
import { frozenCopy } from './snapshot';
import { compileErrorRules, type CompiledErrorRules, type ErrorRule } from './error-rules';
import { compileFaults, type FaultMatcher, type FaultOptions } from './engine/faults';
import { KINDS, type KindName } from './kinds';
import type { RenderOptions, RenderedError, RequestView } from './render';
import { compileRequestIdPolicy, type RequestIdOptions, type RequestIdPolicy } from './request-id';
import { compilePreconditions, type CompiledPreconditions, type PreconditionOverrides } from './preconditions';
import { profiles, type ProfileName } from '../profiles';
import type { RouteTableOptions } from './routes/types';
import type { BuiltInVarName } from '../profiles/vars';
import type { OpenapiReport } from './openapi/report';
import type { FormatDefinitions } from './validation/ajv';

/**
 * Where an error response came from:
 * - `'route'`: something a route threw (or, in Koa, an error status it set with no body);
 * - `'notFound'`: no route matched;
 * - `'precondition'`: a precondition check rejected the request (or its streamed body grew too large);
 * - `'validation'`: request validation rejected it;
 * - `'checkContinue'`, `'checkExpectation'`, `'clientError'`: a server hook answered before any middleware;
 * - `'fault'`: the `faults` option answered (fault injection).
 */
export type ErrorSource = 'route' | 'notFound' | 'precondition' | 'validation' | 'checkContinue' | 'checkExpectation' | 'clientError' | 'fault';

/** What `onError` receives, once per error response the library writes. */
export interface ErrorEvent {
  /** The original thrown value; undefined for the library's own answers (preconditions, unmatched routes, hooks). */
  readonly error: unknown;
  /** The status the vendor answered (HCP answers 429 with 503: this is 503). */
  readonly status: number;
  readonly kind: KindName;
  /** The vendor code answered, if the vendor has codes. */
  readonly code: string | undefined;
  /** The id the client sees (or, where the profile sends none, the one the `requestId` option made). */
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly source: ErrorSource;
  /** True when an error rule (the app's `errors`, or the body parsers') mapped the thrown value to its kind. */
  readonly mapped: boolean;
  /** The name of the profile that answered (`'apig'`). */
  readonly profile: string;
  /** False when the answer could not be written (the client went away, headers were already sent). */
  readonly written: boolean;
}

/** The `onError` hook: called after the response is written; a throw or a rejection is swallowed. */
export type OnError = (event: ErrorEvent) => unknown;

/** The `vars` each built-in profile has (the README's profile table lists their defaults). */
export interface BuiltInProfileVars {
  readonly problem: BuiltInVarName<'problem'>;
  readonly hcp: BuiltInVarName<'hcp'>;
  readonly vsp: BuiltInVarName<'vsp'>;
  readonly apig: never;
  readonly mpc: never;
  readonly stratos: never;
  readonly s3: BuiltInVarName<'s3'>;
  readonly 'hcp-s3': BuiltInVarName<'hcp-s3'>;
}
/** `vars` for a profile: exactly its var names for a built-in name, any strings for a custom profile. */
export type VarsFor<P> = P extends ProfileName
  ? [BuiltInProfileVars[P]] extends [never]
    ? Readonly<Record<string, never>> // no vars at all: any name is a type error
    : { readonly [K in BuiltInProfileVars[P]]?: string }
  : Readonly<Record<string, string>>;

/** Options accepted by `vendorCompat()` in every adapter. */
export interface VendorCompatOptions<P extends ProfileName | Profile = ProfileName | Profile> {
  /** A built-in profile name (`'vsp'`) or a profile from `defineProfile`. Default `'problem'`. */
  readonly profile?: P;
  /**
   * Overrides for the profile's `vars.*`, e.g. `{ retryAfter: '120' }` for VSP's Retry-After. An
   * unknown name is a `TypeError` listing the profile's vars (and a type error for a built-in name).
   */
  readonly vars?: VarsFor<P>;
  /**
   * App-wide overrides of the profile's precondition settings, validated at startup, e.g.
   * `{ maxBodyBytes: 1048576, requestMediaTypes: ['application/json'] }`.
   */
  readonly preconditions?: PreconditionOverrides;
  /** Ordered error rules (first match wins) mapping thrown domain errors to kinds: `[...upstreamErrors, ...mine]`. */
  readonly errors?: readonly ErrorRule[];
  /** Called once for every error response the library writes (after it is written). */
  readonly onError?: OnError;
  /** Trust an incoming request-id header, or replace the generator. */
  readonly requestId?: RequestIdOptions;
  /**
   * A route table known before routing: `'GET /v1/items/:id'` (or `{id}`; no method:
   * every method) → precondition overrides that replace the app's for that route, plus
   * `schema: { params?, query?, headers?, body? }`.
   */
  readonly routes?: RouteTableOptions;
  /** An OpenAPI 3.0/3.1 document the route table is built from. */
  readonly openapi?: object;
  /** Fault injection for client teams: answer matching requests with any kind (off unless set; refused in production). */
  readonly faults?: FaultOptions;
  /**
   * `format` validators by name, ajv-formats style (a RegExp, a function, or `{ type, validate }`),
   * for formats a document uses beyond JSON Schema's and OpenAPI's (`snowflake`). Unregistered
   * formats are annotations in an OpenAPI document's schemas (and refused in `routes` schemas).
   */
  readonly formats?: FormatDefinitions;
  /**
   * `true`: an OpenAPI document with any part the library cannot judge (a multipart body's parts, an
   * XML body, a cookie parameter) is refused at startup with one `TypeError` listing every such part.
   * Default `false`: the document loads, and the list goes to `onOpenapiReport`.
   */
  readonly openapiStrict?: boolean;
  /** Called once, when the route table is built, with every part of the `openapi` document left unjudged (also when there is none). */
  readonly onOpenapiReport?: (report: OpenapiReport) => void;
}

/** Option names every adapter accepts (an adapter may accept more of its own). */
export const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['profile', 'vars', 'preconditions', 'errors', 'onError', 'requestId', 'routes', 'openapi', 'faults', 'formats', 'openapiStrict', 'onOpenapiReport']);

/** The resolved, frozen configuration an adapter closes over. */
export interface AppConfig {
  readonly profile: Profile;
  readonly renderOptions: RenderOptions;
  readonly removeHeaders: readonly string[];
  readonly requestIdHeader: string | undefined;
  readonly requestIdOnSuccess: boolean;
  /** The profile's precondition settings with the app's overrides, compiled once. */
  readonly preconditions: CompiledPreconditions;
  /** The `errors` rules, compiled, or undefined. */
  readonly errorRules: CompiledErrorRules | undefined;
  readonly onError: OnError | undefined;
  readonly requestIds: RequestIdPolicy;
  /** Whether requests get ids: the profile sends one, or the `requestId` option was given (for `onError`). */
  readonly tracksRequestIds: boolean;
  /** The `faults` option, compiled, or undefined (no fault injection). */
  readonly faults: FaultMatcher | undefined;
  /** The options as given, deep-copied and frozen at construction, for extensions that compile more of them (routes, openapi). */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Resolves a profile name or object. Throws `TypeError` for anything else.
 *
 * @example
 * resolveProfile('vsp') === profiles.vsp // true
 */
export function resolveProfile(profile: unknown): Profile {
  if (profile === undefined) return profiles.problem;
  if (typeof profile === 'string') {
    if (Object.prototype.hasOwnProperty.call(profiles, profile)) return profiles[profile as ProfileName];
    throw new TypeError(`vendor-compat: unknown profile ${JSON.stringify(profile)}; expected one of ${Object.keys(profiles).join(', ')} or a defineProfile() result`);
  }
  if (profile !== null && typeof profile === 'object') {
    compiledOf(profile as Profile); // throws a TypeError for a plain object
    return profile as Profile;
  }
  throw new TypeError('vendor-compat: option "profile" must be a profile name or a defineProfile() result');
}

/** Validates `vars` against the profile's own var names (a typo must not be silently ignored). */
function resolveVars(given: unknown, profile: Profile): Readonly<Record<string, string>> | undefined {
  if (given === undefined) return undefined;
  const vars = given !== null && typeof given === 'object' && !Array.isArray(given) ? { ...given } : given; // read once
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars) || Object.values(vars).some((value) => typeof value !== 'string')) {
    throw new TypeError('vendor-compat: option "vars" must be an object of strings');
  }
  const known = profile.document.vars ?? {};
  for (const name of Object.keys(vars)) {
    if (!Object.prototype.hasOwnProperty.call(known, name)) {
      const list = Object.keys(known).map((key) => `${key} (default ${JSON.stringify(known[key])})`);
      throw new TypeError(
        `vendor-compat: unknown var ${JSON.stringify(name)} for profile ${JSON.stringify(profile.name)}; ` +
          (list.length === 0 ? 'this profile has no vars' : `its vars are ${list.join(', ')}`),
      );
    }
  }
  return Object.freeze(vars as Record<string, string>);
}

/**
 * Validates adapter options once. Throws `TypeError` naming the bad option. `extraOptions` are
 * option names a particular adapter accepts besides the shared ones; `environment` is what the
 * adapter read from its runtime (`NODE_ENV=production` refuses `faults`).
 *
 * @example
 * resolveAppConfig({ profile: 'apig' }).requestIdHeader // 'X-Request-Id'
 */
export function resolveAppConfig(options: unknown, extraOptions: readonly string[] = [], environment: { readonly production: boolean } = { production: false }): AppConfig {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('vendor-compat: options must be an object, e.g. vendorCompat({ profile: "vsp" })');
  }
  // A frozen deep copy, each option read once: later changes to the caller's objects (a rule
  // edited or pushed, a route's schema, vars) change nothing (fastify freezes its options too).
  // A profile is frozen by defineProfile and recognised by a symbol: kept as it is.
  const given = { ...(options as Record<string, unknown>) };
  const opts: Readonly<Record<string, unknown>> = Object.freeze({ ...frozenCopy({ ...given, profile: undefined }), profile: given.profile });
  for (const key of Object.keys(opts)) {
    if (!KNOWN_OPTIONS.has(key) && !extraOptions.includes(key)) {
      throw new TypeError(`vendor-compat: unknown option ${JSON.stringify(key)}; expected one of ${[...KNOWN_OPTIONS, ...extraOptions].join(', ')}`);
    }
  }
  const profile = resolveProfile(opts.profile);
  const vars = resolveVars(opts.vars, profile);
  if (opts.onError !== undefined && typeof opts.onError !== 'function') throw new TypeError('vendor-compat: option "onError" must be a function (event) => void');
  const compiled = compiledOf(profile);
  const requestIds = compileRequestIdPolicy(opts.requestId, compiled.generateRequestId);
  return Object.freeze({
    profile,
    renderOptions: Object.freeze(vars === undefined ? {} : { vars }),
    removeHeaders: compiled.removeHeaders,
    requestIdHeader: compiled.requestIdHeader,
    requestIdOnSuccess: compiled.requestIdOnSuccess,
    // Throws a TypeError naming the bad key or value (fastify-style eager validation).
    preconditions: compilePreconditions(profile.document.preconditions, opts.preconditions as PreconditionOverrides | undefined),
    errorRules: opts.errors === undefined ? undefined : compileErrorRules(opts.errors),
    onError: opts.onError as OnError | undefined,
    requestIds,
    tracksRequestIds: compiled.requestIdHeader !== undefined || requestIds.configured,
    faults: compileFaults(opts.faults, environment),
    options: opts,
  });
}

/**
 * What the library answers on its own (a precondition violation, an unmatched route), as the
 * plain branded object `render` reads: the http-errors protocol (`status`, `statusCode`,
 * `expose`, `message`, `headers`) and the brand, with nothing else. It renders exactly as
 * `createVendorError(kind, undefined, { headers })` does (test/adapters/kind-answer.test.ts), but
 * builds no Error: http-errors' constructor and the factory each capture a stack trace that
 * nobody reads, which cost an unmatched route or a rejected request about a third of its
 * throughput (BENCHMARKS.md). `render` only reads the object, so one frozen answer per kind can
 * serve every request.
 *
 * @example
 * renderAnswer(config, kindAnswer('notFound'), view, 'notFound', undefined)
 */
export function kindAnswer(kind: KindName, headers?: Readonly<Record<string, string>>, message = ''): object {
  const status = KINDS[kind].status;
  // http-errors: a ClientError (4xx) is exposed, a ServerError (5xx) is not.
  return Object.freeze({ status, statusCode: status, expose: status < 500, message, headers, [ERROR_BRAND]: kind });
}

/**
 * Calls the app's `onError` with the event for a rendered answer. Never throws, and a returned
 * promise that rejects is caught: a logging hook cannot change the response or crash the process.
 *
 * @example
 * reportError(config, rendered, { error: err, source: 'route', view, written: true })
 */
export function reportError(
  config: AppConfig,
  rendered: RenderedError,
  context: { readonly error: unknown; readonly source: ErrorSource; readonly view: RequestView; readonly written: boolean; readonly mapped?: boolean },
): void {
  const onError = config.onError;
  if (onError === undefined) return;
  try {
    const event: ErrorEvent = Object.freeze({
      error: context.error,
      status: rendered.status,
      kind: rendered.kind,
      code: rendered.code,
      requestId: context.view.requestId,
      method: context.view.method,
      path: context.view.path,
      source: context.source,
      mapped: context.mapped === true,
      profile: config.profile.name,
      written: context.written,
    });
    const result = onError(event) as { then?: unknown } | undefined;
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      (result as Promise<unknown>).then(undefined, () => undefined);
    }
  } catch {
    // the hook failed; the response is already written
  }
}
