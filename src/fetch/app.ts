/**
 * The Fetch engine the `vendor-compat/fetch` and `vendor-compat/hono` entries share: request ids
 * beside each `Request`, the app's (or a route's) preconditions, the streamed body limit, and
 * rendered answers as `Response`s, every one reported to `onError`. Pure: Fetch globals only, no
 * `node:*`, no http-errors.
 *
 * @module
 */
import { kindAnswer, renderFor, reportError, type AppConfig, type ErrorSource } from '../core/app-config';
import { compiledOf } from '../core/define-profile';
import type { RenderedError } from '../core/render';
import { KINDS } from '../core/kinds';
import {
  evaluatePreconditions,
  type CompiledPreconditions,
  type PreconditionOverrides,
  type PreconditionView,
  type PreconditionViolation,
} from '../core/preconditions';
import { appRoutesOf, type AppRoutes } from '../core/routes';
import { tightenedPreconditions } from '../core/routes/tighten';
import { countedRequest, type BodyCount } from './body-limit';
import { closeAfterRejection, mayHaveBody, preconditionViewOf, renderViewOf, targetOf } from './request';
import { responseOf, withHeader } from './respond';
import { bodyAnswerOf, headerRecordOf, type FetchRoute } from './routes';
import { judgeRouteRequest, routingPathOf, UNKNOWN_ROUTING, type RoutedRequest } from '../core/routes';

/** How an answer was rendered, for a server that can write it itself (Hono on Node). */
export interface Delivery {
  readonly rendered: RenderedError;
  readonly closeConnection: boolean;
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

/** A handler in any Fetch-API runtime (Workers and Deno pass more arguments: env, context). */
export type FetchHandler<A extends unknown[] = unknown[]> = (request: Request, ...args: A) => Response | Promise<Response>;

/** One app's (or one route's) checks and answers. */
export interface FetchGuard {
  /** The request's id (assigned once; undefined when neither the profile nor `requestId` asks for ids). */
  readonly requestIdOf: (request: Request) => string | undefined;
  /** The profile's rejection of `request`, or undefined when it meets every precondition. */
  /**
   * The profile's rejection of `request`, or undefined when it meets every precondition. `view`
   * replaces the request's own for the checks where the server has one at hand (a Node
   * `IncomingMessage` under @hono/node-server, whose headers need no `Headers` object). `routed`
   * (read only with a route table): the path the framework routed and the query it parsed (Hono:
   * src/hono/routing.ts); without it every reading of the URL's path is judged (fail closed).
   */
  readonly check: (request: Request, view?: PreconditionView, routed?: () => RoutedRequest) => Response | undefined;
  /** `request` with its body counted against the limit (the same request when there is no limit or no body). */
  readonly limit: (request: Request, count: BodyCount) => Request;
  /** The profile's 413 for a body that streamed past the limit. */
  readonly tooLarge: (request: Request) => Response;
  /** The answer for a thrown value (error rules, then the profile). */
  readonly errorResponse: (request: Request, thrown: unknown) => Response;
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
  /**
   * Judges a parsed body against the route table's body schema for `request` (options `routes`,
   * `openapi`): the profile's validation answer, or undefined when the body may go on (valid, no
   * schema, no route table). `request` is the one the handler received (or the original).
   */
  readonly validate: (request: Request, body: unknown) => Response | undefined;
  /** Whether the route `request` matched has a body schema (so a body must be parsed for `validate`). */
  readonly validatesBody: (request: Request) => boolean;
  /** Wraps a handler: checks, counted body, thrown errors, request id. */
  readonly wrap: <A extends unknown[]>(handler: FetchHandler<A>) => (request: Request, ...args: A) => Promise<Response>;
  /** A guard for one route: `overrides` merged over these settings, compiled now; a looser setting throws a `TypeError`. */
  readonly forRoute: (overrides: PreconditionOverrides) => FetchGuard;
  readonly compiled: CompiledPreconditions;
}

/**
 * A violation's headers belong to the kind's RFC status (`Allow` to 405, RFC 9110 §15.5.6); where
 * the profile answers with another status, the vendor's answer carries no such header.
 */
function headersFor(violation: PreconditionViolation, config: AppConfig, method: string): PreconditionViolation['headers'] {
  if (violation.headers === undefined) return undefined;
  return compiledOf(config.profile).resolve(violation.kind, method).status === KINDS[violation.kind].status ? violation.headers : undefined;
}


/**
 * Builds the engine over an app config (the request ids are shared by every route guard made
 * from it). The app's guard judges by the app's route table (options `routes`, `openapi`), when
 * it has one; a route guard (`forRoute`) by its own settings only.
 *
 * @example
 * const guard = createFetchGuard(resolveAppConfig({ profile: 'apig' }))
 * export default { fetch: guard.wrap(handler) }
 */
export function createFetchGuard(config: AppConfig, compiled: CompiledPreconditions = config.preconditions, ids = new WeakMap<Request, string>()): FetchGuard {
  return buildGuard(config, compiled, ids, compiled === config.preconditions ? appRoutesOf(config) : undefined);
}

function buildGuard(config: AppConfig, compiled: CompiledPreconditions, ids: WeakMap<Request, string>, routes: AppRoutes | undefined): FetchGuard {
  const tooLargeReason = kindAnswer('payloadTooLarge');
  /** Per request (and its counted copy), with a route table: the settings it was judged with, the route it matched. */
  const judged = new WeakMap<Request, { readonly compiled: CompiledPreconditions; readonly route: FetchRoute | undefined }>();

  function requestIdOf(request: Request): string | undefined {
    if (!config.tracksRequestIds) return undefined;
    let id = ids.get(request);
    if (id === undefined) {
      const incoming = config.requestIds.incomingHeader;
      id = config.requestIds.idFor(incoming === undefined ? undefined : request.headers.get(incoming) ?? undefined);
      ids.set(request, id);
    }
    return id;
  }

  function answer(request: Request, thrown: unknown, source: ErrorSource, closeConnection: boolean): Response {
    const view = renderViewOf(request, targetOf(request), requestIdOf(request));
    const rendered = renderFor(config, thrown, view, source);
    const response = responseOf(rendered, closeConnection, request.method === 'HEAD');
    deliveries.set(response, { rendered, closeConnection });
    // A validation answer reaches onError as its error (the failures), as on the node adapters.
    reportError(config, rendered, { error: source === 'route' || source === 'validation' ? thrown : undefined, source, view, written: true });
    return response;
  }

  function reject(request: Request, violation: PreconditionViolation, close = closeAfterRejection(request, violation.kind)): Response {
    const thrown = kindAnswer(violation.kind, headersFor(violation, config, request.method));
    return answer(request, thrown, 'precondition', close);
  }

  const checkRoutes = (table: AppRoutes, request: Request, view: PreconditionView, given: boolean, routed?: () => RoutedRequest): Response | undefined => {
    // WIRING (route spelling): the framework's routed path and parsed query, or every reading of the URL's path (fail closed).
    const framework = routed?.();
    const path = framework?.path ?? routingPathOf(view.url, UNKNOWN_ROUTING);
    // A server's own view (a Node IncomingMessage) holds every header; ours only those the checks read.
    const judgement = judgeRouteRequest(table, compiled, view, {
      fullHeaders: () => (given ? view.headers : headerRecordOf(request.headers)),
      mayHoldBody: () => mayHaveBody(request) && request.body !== null,
      path,
      get query() {
        return framework?.query; // lazy: parsed only for a route with a query schema
      },
    });
    judged.set(request, judgement);
    if (judgement.violation === undefined) return undefined;
    if (judgement.answer === undefined) return reject(request, judgement.violation);
    return answer(request, judgement.answer, 'validation', closeAfterRejection(request, judgement.violation.kind));
  };

  const check = (request: Request, view?: PreconditionView, routed?: () => RoutedRequest): Response | undefined => {
    const seen = view ?? preconditionViewOf(request, targetOf(request));
    if (routes !== undefined) return checkRoutes(routes, request, seen, view !== undefined, routed);
    const violation = evaluatePreconditions(compiled, seen);
    return violation === undefined ? undefined : reject(request, violation);
  };

  const settingsOf = (request: Request): CompiledPreconditions => (routes === undefined ? compiled : judged.get(request)?.compiled ?? compiled);

  const limit = (request: Request, count: BodyCount): Request => {
    const used = settingsOf(request);
    if (used.maxBodyBytes === Infinity || !mayHaveBody(request) || request.body === null) return request;
    const counted = countedRequest(request, used.maxBodyBytes, count, tooLargeReason);
    const id = requestIdOf(request);
    if (id !== undefined) ids.set(counted, id); // the handler's request has the same id
    const judgement = judged.get(request);
    if (judgement !== undefined) judged.set(counted, judgement); // and the same route
    return counted;
  };

  // The rest of a body that streamed past the limit is unread: always close (RFC 9112 §9.6).
  const tooLarge = (request: Request): Response => reject(request, settingsOf(request).violations.payloadTooLarge, true);

  const routeOf = (request: Request): FetchRoute | undefined => {
    if (routes === undefined) return undefined;
    const judgement = judged.get(request);
    if (judgement !== undefined) return judgement.route;
    return routes.table.lookup(request.method, renderViewOf(request, targetOf(request), undefined).path)?.route;
  };
  const validatesBody = (request: Request): boolean => (routeOf(request)?.validator?.bodies.length ?? 0) > 0;
  const validate = (request: Request, body: unknown): Response | undefined => {
    if (routes === undefined) return undefined;
    const failed = bodyAnswerOf(routes, routeOf(request), request.headers, body);
    return failed === undefined ? undefined : answer(request, failed, 'validation', false);
  };
  const errorResponse = (request: Request, thrown: unknown): Response => answer(request, thrown, 'route', false);
  const notFound = (request: Request): Response => answer(request, kindAnswer('notFound'), 'notFound', false);

  const unreadable = (error: unknown): Response => {
    const view = { method: 'GET', path: '/', requestId: config.tracksRequestIds ? config.requestIds.idFor(undefined) : undefined };
    const name = (error as { name?: unknown } | null)?.name;
    const rendered = renderFor(config, kindAnswer(name === 'RequestError' ? 'badRequest' : 'internalServerError'), view, 'clientError');
    const response = responseOf(rendered, true, false);
    deliveries.set(response, { rendered, closeConnection: true });
    reportError(config, rendered, { error, source: 'clientError', view, written: true });
    return response;
  };

  const finish = (request: Request, response: Response): Response => {
    if (!config.requestIdOnSuccess || config.requestIdHeader === undefined) return response;
    const id = requestIdOf(request);
    return id === undefined ? response : withHeader(response, config.requestIdHeader, id);
  };

  function wrap<A extends unknown[]>(handler: FetchHandler<A>): (request: Request, ...args: A) => Promise<Response> {
    return async function vendorCompatFetch(request: Request, ...args: A): Promise<Response> {
      requestIdOf(request);
      const rejection = check(request);
      if (rejection !== undefined) return rejection;
      const count: BodyCount = { exceeded: false };
      let response: Response;
      try {
        response = await handler(limit(request, count), ...args);
      } catch (thrown) {
        return count.exceeded ? tooLarge(request) : errorResponse(request, thrown);
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
    limit,
    tooLarge,
    errorResponse,
    notFound,
    unreadable,
    finish,
    validate,
    validatesBody,
    wrap,
    forRoute: (overrides: PreconditionOverrides): FetchGuard => buildGuard(config, tightenedPreconditions(compiled, overrides), ids, undefined),
    compiled,
  });
}
