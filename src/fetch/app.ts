/**
 * The Fetch shell around the one engine (src/core/engine), shared by the `vendor-compat/fetch`
 * and `vendor-compat/hono` entries: request ids beside each `Request`, the engine's verdicts and
 * answers as `Response`s, the body counted while it streams, and a JSON reader that answers
 * invalid JSON in the vendor's words. It decides nothing itself. Fetch globals only: no `node:*`,
 * no http-errors.
 *
 * @module
 */
import type { SendErrorOptions } from '../core/render';
import { kindAnswer, type AppConfig, type ErrorSource } from '../core/app-config';
import { createEngine, InvalidJsonError, type Answer, type Engine, type MatchedRoute } from '../core/engine';
import type { CompiledPreconditions, PreconditionOverrides, PreconditionView } from '../core/preconditions';
import type { RenderedError } from '../core/render';
import { tightenedPreconditions } from '../core/routes/tighten';
import { countedRequest, type BodyCount } from './body-limit';
import { FetchFacts, type FetchRouting } from './facts';
import { mayHaveBody } from './request';
import { responseOf, withHeader } from './respond';

/** How an answer was rendered, for a server that can write it itself (Hono on Node). */
export interface Delivery {
  readonly rendered: RenderedError;
  readonly closeConnection: boolean;
  /** Milliseconds to wait before answering (an injected fault's delay). */
  readonly delayMs?: number;
}

/** The rendering behind each error `Response` this module built (dies with the Response). */
const deliveries = new WeakMap<Response, Delivery>();

/**
 * The rendering behind an error `Response` built here, or undefined for any other response: an
 * adapter whose server can write bytes itself (Hono on `@hono/node-server`) writes it with the
 * node writer, keeping the reason phrase and a body-less answer without Content-Type.
 *
 * @example
 * deliveryOf(guard.notFound(request))?.rendered.status // 404
 */
export function deliveryOf(response: Response): Delivery | undefined {
  return deliveries.get(response);
}

/**
 * Waits an injected fault's delay before its `Response` is answered (resolves at once otherwise).
 *
 * @example
 * const rejection = guard.check(request)
 * if (rejection !== undefined) return settled(rejection).then(() => rejection)
 */
export async function settled(response: Response): Promise<void> {
  const delay = deliveries.get(response)?.delayMs;
  if (delay !== undefined && delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}

/** A handler in any Fetch-API runtime (Workers and Deno pass more arguments: env, context). */
export type FetchHandler<A extends unknown[] = unknown[]> = (request: Request, ...args: A) => Response | Promise<Response>;

/** One app's (or one route's) checks and answers. */
export interface FetchGuard {
  /** The request's id (assigned once; undefined when neither the profile nor `requestId` asks for ids). */
  readonly requestIdOf: (request: Request) => string | undefined;
  /**
   * The profile's rejection of `request`, or undefined when it may go on. `server` replaces the
   * request's own header view where the server has one at hand (a Node `IncomingMessage` under
   * @hono/node-server); `routing` is what the framework routed.
   */
  readonly check: (request: Request, server?: PreconditionView, routing?: FetchRouting) => Response | undefined;
  /** The request the handler reads: its body counted against the verdict's limit, `json()` answering invalid JSON. */
  readonly prepare: (request: Request, count: BodyCount) => Request;
  /** The profile's 413 for a body that streamed past the limit. */
  readonly tooLarge: (request: Request) => Response;
  /** The answer for a thrown value (error rules, then the profile); the 413 when the body streamed past its limit. */
  readonly errorResponse: (request: Request, thrown: unknown, options?: SendErrorOptions) => Response;
  /** The profile's answer for an unmatched route. */
  readonly notFound: (request: Request) => Response;
  /**
   * The answer for a request the server could not turn into a `Request` (the Fetch view of a
   * parser error): the profile's badRequest for `GET /` (an internal error for anything but
   * @hono/node-server's `RequestError`), reported as a `'clientError'`.
   */
  readonly unreadable: (error: unknown) => Response;
  /** Sets the request id on a successful response where the vendor sends it on every response. */
  readonly finish: (request: Request, response: Response) => Response;
  /** Judges a parsed body by the matched route's body schema: the validation answer, or undefined. */
  readonly validate: (request: Request, body: unknown) => Response | undefined;
  /** Whether the route `request` matched has a body schema (so a body must be parsed for `validate`). */
  readonly validatesBody: (request: Request) => boolean;
  /** Whether `request` already got its error answer (one answer, one `onError` event per request). */
  readonly answered: (request: Request) => boolean;
  /** Wraps a handler: checks, counted body, thrown errors, request id. */
  readonly wrap: <A extends unknown[]>(handler: FetchHandler<A>) => (request: Request, ...args: A) => Promise<Response>;
  /** A guard for one route: `overrides` merged over these settings, compiled now; a looser setting throws a `TypeError`. */
  readonly forRoute: (overrides: PreconditionOverrides) => FetchGuard;
  readonly compiled: CompiledPreconditions;
}

/** Per request, shared by every guard of one app (the handler's counted copy maps to the original). */
interface Shared {
  readonly engine: Engine;
  readonly ids: WeakMap<Request, string>;
  readonly originals: WeakMap<Request, Request>;
  readonly verdicts: WeakMap<Request, { readonly settings: CompiledPreconditions; readonly route: MatchedRoute | undefined; readonly facts: FetchFacts }>;
  readonly counts: WeakMap<Request, BodyCount>;
  readonly reported: WeakSet<Request>;
}

/**
 * Builds the Fetch shell over an app config. The app's guard judges by the app's route table
 * (options `routes`, `openapi`); a route guard (`forRoute`) by its own settings only.
 *
 * @example
 * const guard = createFetchGuard(resolveAppConfig({ profile: 'apig' }))
 * export default { fetch: guard.wrap(handler) }
 */
export function createFetchGuard(config: AppConfig): FetchGuard {
  const shared: Shared = {
    engine: createEngine(config),
    ids: new WeakMap(),
    originals: new WeakMap(),
    verdicts: new WeakMap(),
    counts: new WeakMap(),
    reported: new WeakSet(),
  };
  return buildGuard(config, shared, undefined);
}

function buildGuard(config: AppConfig, shared: Shared, settings: CompiledPreconditions | undefined): FetchGuard {
  const { engine, ids, originals, verdicts, counts, reported } = shared;
  const compiled = settings ?? config.preconditions;
  const originalOf = (request: Request): Request => originals.get(request) ?? request;

  function requestIdOf(request: Request): string | undefined {
    if (!config.tracksRequestIds) return undefined;
    const original = originalOf(request);
    let id = ids.get(original);
    if (id === undefined) {
      const incoming = config.requestIds.incomingHeader;
      id = config.requestIds.idFor(incoming === undefined ? undefined : original.headers.get(incoming) ?? undefined);
      ids.set(original, id);
    }
    return id;
  }

  /** The answer as a `Response`, reported to `onError` once per request. */
  function respond(request: Request, answer: Answer): Response {
    const response = responseOf(answer.rendered, answer.close, request.method === 'HEAD');
    deliveries.set(response, { rendered: answer.rendered, closeConnection: answer.close, delayMs: answer.delayMs });
    const original = originalOf(request);
    if (!reported.has(original)) {
      reported.add(original);
      engine.report(answer, true);
    }
    return response;
  }

  const factsOf = (request: Request): FetchFacts => verdicts.get(originalOf(request))?.facts ?? new FetchFacts(originalOf(request));

  function check(request: Request, server?: PreconditionView, routing?: FetchRouting): Response | undefined {
    const facts = new FetchFacts(request, server, routing);
    const verdict = engine.judge(facts, requestIdOf(request), settings);
    // Kept only where it differs from the app's own settings (a route table, a route guard): no
    // WeakMap entry per request on the plain path.
    if (engine.routes !== undefined || settings !== undefined) {
      const original = originalOf(request);
      const earlier = verdicts.get(original);
      // A route guard runs after the app's: it keeps the app's route and may only lower the limit.
      if (earlier === undefined) verdicts.set(original, { settings: verdict.settings, route: verdict.route, facts });
      else if (verdict.settings.maxBodyBytes < earlier.settings.maxBodyBytes) verdicts.set(original, { ...earlier, settings: verdict.settings });
    }
    return verdict.answer === undefined ? undefined : respond(request, verdict.answer);
  }

  const invalidJsonReader = (request: Request): void => {
    const read = request.json;
    Object.defineProperty(request, 'json', {
      configurable: true,
      writable: true,
      value: function json(this: Request): Promise<unknown> {
        return read.call(this).catch((error: unknown) => {
          // By name, not instanceof: the runtime's body mixin may throw from another realm.
          throw (error as { name?: unknown } | null)?.name === 'SyntaxError' ? new InvalidJsonError(error) : error;
        });
      },
    });
  };

  function prepare(request: Request, count: BodyCount): Request {
    if (!mayHaveBody(request)) return request;
    const limit = verdicts.get(originalOf(request))?.settings.maxBodyBytes ?? compiled.maxBodyBytes;
    let prepared = request;
    if (limit !== Infinity && request.body !== null) {
      prepared = countedRequest(request, limit, count, kindAnswer('payloadTooLarge'));
      originals.set(prepared, originalOf(request));
      counts.set(originalOf(request), count);
    }
    invalidJsonReader(prepared);
    return prepared;
  }

  const settingsOf = (request: Request): CompiledPreconditions => verdicts.get(originalOf(request))?.settings ?? compiled;
  const exceeded = (request: Request): boolean => counts.get(originalOf(request))?.exceeded === true;

  const tooLarge = (request: Request): Response => respond(request, engine.tooLarge(factsOf(request), requestIdOf(request), settingsOf(request)));
  const errorResponse = (request: Request, thrown: unknown, options?: SendErrorOptions): Response =>
    exceeded(request) ? tooLarge(request) : respond(request, engine.answer(factsOf(request), requestIdOf(request), thrown, 'route', options));
  const own = (request: Request, thrown: unknown, source: ErrorSource): Response => respond(request, engine.answer(factsOf(request), requestIdOf(request), thrown, source));
  const notFound = (request: Request): Response => own(request, kindAnswer('notFound'), 'notFound');

  const routeOf = (request: Request): MatchedRoute | undefined => {
    const verdict = verdicts.get(originalOf(request));
    return verdict === undefined ? engine.routeOf(factsOf(request)) : verdict.route;
  };
  const validatesBody = (request: Request): boolean => (routeOf(request)?.validator?.bodies.length ?? 0) > 0;
  const validate = (request: Request, body: unknown): Response | undefined => {
    const failed = engine.judgeBody(routeOf(request), factsOf(request), body, requestIdOf(request));
    return failed === undefined ? undefined : respond(request, failed);
  };

  const unreadable = (error: unknown): Response => {
    const name = (error as { name?: unknown } | null)?.name;
    const id = config.tracksRequestIds ? config.requestIds.idFor(undefined) : undefined;
    const answer = engine.answer({ method: 'GET', url: '/' }, id, kindAnswer(name === 'RequestError' ? 'badRequest' : 'internalServerError'), 'clientError', { close: true });
    const response = responseOf(answer.rendered, true, false);
    deliveries.set(response, { rendered: answer.rendered, closeConnection: true });
    engine.report({ ...answer, error }, true);
    return response;
  };

  const finish = (request: Request, response: Response): Response => {
    if (!config.requestIdOnSuccess || config.requestIdHeader === undefined) return response;
    const id = requestIdOf(request);
    return id === undefined ? response : withHeader(response, config.requestIdHeader, id);
  };

  function wrap<A extends unknown[]>(handler: FetchHandler<A>): (request: Request, ...args: A) => Promise<Response> {
    return async function vendorCompatFetch(request: Request, ...args: A): Promise<Response> {
      const rejection = check(request);
      if (rejection !== undefined) {
        await settled(rejection);
        return rejection;
      }
      const count: BodyCount = { exceeded: false };
      let response: Response;
      try {
        response = await handler(prepare(request, count), ...args);
      } catch (thrown) {
        return errorResponse(request, thrown);
      }
      if (count.exceeded) return tooLarge(request);
      if (response === null || typeof response !== 'object' || typeof (response as { status?: unknown }).status !== 'number') {
        return errorResponse(request, new TypeError('vendor-compat: the handler did not return a Response'));
      }
      return finish(request, response);
    };
  }

  return Object.freeze({
    requestIdOf,
    check,
    prepare,
    tooLarge,
    errorResponse,
    notFound,
    unreadable,
    finish,
    validate,
    validatesBody,
    answered: (request: Request): boolean => reported.has(originalOf(request)),
    wrap,
    forRoute: (overrides: PreconditionOverrides): FetchGuard => buildGuard(config, shared, tightenedPreconditions(compiled, overrides)),
    compiled,
  });
}
