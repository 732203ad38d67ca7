/**
 * Options shared by every adapter, validated once when the middleware is built (body-parser's
 * `normalizeOptions`): misconfiguration throws a `TypeError` at startup, never per request.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compiledOf, type Profile } from '../core/define-profile';
import { ERROR_BRAND } from '../core/errors';
import { KINDS, type KindName } from '../core/kinds';
import { render, type RenderOptions, type RenderedError, type RequestView } from '../core/render';
import { nextRequestId } from '../core/request-id';
import { compilePreconditions, type CompiledPreconditions, type PreconditionOverrides } from '../core/preconditions';
import { profiles, type ProfileName } from '../profiles';
import { writeRenderedResponse } from './writer';

/** Options accepted by `vendorCompat()` in every adapter. */
export interface VendorCompatOptions {
  /** A built-in profile name (`'vsp'`) or a profile from `defineProfile`. Default `'problem'`. */
  readonly profile?: ProfileName | Profile;
  /** Overrides for the profile's `vars.*`, e.g. `{ retryAfter: '120' }` for VSP's Retry-After. */
  readonly vars?: Readonly<Record<string, string>>;
  /**
   * App-wide overrides of the profile's precondition settings, validated at startup, e.g.
   * `{ maxBodyBytes: 1048576, requestMediaTypes: ['application/json'] }`.
   */
  readonly preconditions?: PreconditionOverrides;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['profile', 'vars', 'preconditions']);

/** The resolved, frozen configuration an adapter closes over. */
export interface AppConfig {
  readonly profile: Profile;
  readonly renderOptions: RenderOptions;
  readonly removeHeaders: readonly string[];
  readonly requestIdHeader: string | undefined;
  readonly requestIdOnSuccess: boolean;
  /** The profile's precondition settings with the app's overrides, compiled once. */
  readonly preconditions: CompiledPreconditions;
}

/**
 * The id each request was assigned, kept beside the request rather than on it. Express 5 gives
 * every request and response its own hidden class (`Object.setPrototypeOf(req, app.request)` in
 * express/lib/application.js), so adding a property to one builds a new map: about 5 µs per
 * request on the bench machine, against about 0.3 µs for a WeakMap entry, which dies with the
 * request (BENCHMARKS.md, "Express's per-request hidden classes").
 */
const requestIds = new WeakMap<IncomingMessage, string>();
const MAX_VIEW_PATH = 4096;

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

/**
 * Validates adapter options once. Throws `TypeError` naming the bad option.
 *
 * @example
 * resolveAppConfig({ profile: 'apig' }).requestIdHeader // 'X-Request-Id'
 */
export function resolveAppConfig(options: unknown): AppConfig {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('vendor-compat: options must be an object, e.g. vendorCompat({ profile: "vsp" })');
  }
  const opts = options as Record<string, unknown>;
  for (const key of Object.keys(opts)) {
    if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`vendor-compat: unknown option ${JSON.stringify(key)}`);
  }
  const profile = resolveProfile(opts.profile);
  const vars = opts.vars;
  if (vars !== undefined) {
    if (vars === null || typeof vars !== 'object' || Object.values(vars).some((value) => typeof value !== 'string')) {
      throw new TypeError('vendor-compat: option "vars" must be an object of strings');
    }
  }
  const compiled = compiledOf(profile);
  return Object.freeze({
    profile,
    renderOptions: Object.freeze(vars === undefined ? {} : { vars: Object.freeze({ ...(vars as Record<string, string>) }) }),
    removeHeaders: compiled.removeHeaders,
    requestIdHeader: compiled.requestIdHeader,
    requestIdOnSuccess: compiled.requestIdOnSuccess,
    // Throws a TypeError naming the bad key or value (fastify-style eager validation).
    preconditions: compilePreconditions(profile.document.preconditions, opts.preconditions as PreconditionOverrides | undefined),
  });
}

/**
 * Assigns this request its id (once) and, where the vendor sends it on every response, sets the
 * response header now. Returns the id, or undefined when the profile has none.
 *
 * @example
 * assignRequestId(req, res, config) // 'acbc548ac6f2a0db0000000000000001'
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, config: AppConfig): string | undefined {
  if (config.requestIdHeader === undefined) return undefined;
  const existing = requestIds.get(req);
  if (existing !== undefined) return existing;
  const id = nextRequestId();
  requestIds.set(req, id);
  if (config.requestIdOnSuccess && !res.headersSent) res.setHeader(config.requestIdHeader, id);
  return id;
}

/**
 * The id {@link assignRequestId} gave this request, if any.
 *
 * @example
 * requestIdOf(req) // 'acbc548ac6f2a0db0000000000000001', or undefined
 */
export function requestIdOf(req: IncomingMessage): string | undefined {
  return requestIds.get(req);
}

/**
 * The renderer's view of a Node request: method, path without query (bounded), request id.
 *
 * @example
 * requestViewOf(req, '/ConfigurationManager/v1/objects/ldevs?count=1') // { method: 'GET', path: '/ConfigurationManager/v1/objects/ldevs' }
 */
export function requestViewOf(req: IncomingMessage, url: string | undefined = req.url, requestId?: string): RequestView {
  const raw = typeof url === 'string' ? url : '/';
  const query = raw.indexOf('?');
  let path = query === -1 ? raw : raw.slice(0, query);
  if (path.length > MAX_VIEW_PATH) path = path.slice(0, MAX_VIEW_PATH);
  return { method: typeof req.method === 'string' ? req.method : 'GET', path, requestId };
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
 * sendRenderedError(req, res, kindAnswer('notFound'), config, req.originalUrl)
 */
export function kindAnswer(kind: KindName, headers?: Readonly<Record<string, string>>): object {
  const status = KINDS[kind].status;
  // http-errors: a ClientError (4xx) is exposed, a ServerError (5xx) is not.
  return Object.freeze({ status, statusCode: status, expose: status < 500, message: '', headers, [ERROR_BRAND]: kind });
}

/** What {@link sendRenderedError} answered, and whether it could be written. */
export interface SentError {
  readonly rendered: RenderedError;
  readonly written: boolean;
}

/**
 * Renders `thrown` with the app's profile and writes it. Never throws. Returns the rendering (an
 * adapter may need the status the vendor answered, e.g. Koa re-emits 5xx) and whether it was
 * written (false when headers were already sent or the socket is gone).
 *
 * @example
 * sendRenderedError(req, res, createError(409, 'exists'), config, req.originalUrl).rendered.status // 409
 */
export function sendRenderedError(req: IncomingMessage, res: ServerResponse, thrown: unknown, config: AppConfig, url?: string): SentError {
  const requestId = config.requestIdHeader === undefined ? undefined : assignRequestId(req, res, config);
  const rendered = render(thrown, config.profile, requestViewOf(req, url ?? req.url, requestId), config.renderOptions);
  return { rendered, written: writeRenderedResponse(res, rendered, { removeHeaders: config.removeHeaders }) };
}
