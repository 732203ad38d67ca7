/**
 * Judging a request by the route table (options `routes`, `openapi`): which settings it
 * is judged with (the route's own, which replace the app's, or the path's 405), then its path
 * parameters, query and headers. One decision for every adapter: the node guard
 * (src/node/precondition-guard.ts) and the Fetch entry (src/fetch/app.ts) both call it. Pure.
 *
 * @module
 */
import { contentLengthOf, evaluatePreconditions, hasBody, type CompiledPreconditions, type PreconditionView, type PreconditionViolation } from '../preconditions';
import type { HeaderValue } from '../preconditions/types';
import { validateRequestParts, type RequestValidator } from '../validation';
import { pathOfTarget } from '../request-target';
import type { AppRoutes } from './app-routes';
import type { RoutedPath, RoutedRequest } from './routing';
import type { CompiledRoute } from './types';

/**
 * What the route table decided for one request: the settings it was judged with, the route it
 * matched (for the body stage), and a violation or the profile's validation answer.
 */
export interface RouteJudgement {
  readonly compiled: CompiledPreconditions;
  readonly route: CompiledRoute<RequestValidator> | undefined;
  readonly violation: PreconditionViolation | undefined;
  /** The profile's validation answer (a branded error), when params, query or headers failed. */
  readonly answer: object | undefined;
}

/** How an adapter supplies what the view alone may not hold (and, optionally, how its framework routes it). */
export interface JudgeInputs extends RoutedRequest {
  /** Every header, when the route has a header schema (the view may hold only the few the checks read). */
  readonly fullHeaders: () => Readonly<Record<string, HeaderValue>>;
  /** Whether a request without Content-Length and Transfer-Encoding may carry a body. */
  readonly mayHoldBody: () => boolean;
  /** The request-target the table matches and the query is read from (default `view.url`; Express: `originalUrl`). */
  readonly target?: string | undefined;
}

/**
 * Whether a request has a body: its Content-Length or Transfer-Encoding says so (RFC 9112 §6.3).
 * Where it has neither (HTTP/2 and HTTP/3 need neither, RFC 9113 §8.1; a `Request` built in the
 * process has none), `unframed` decides: the stream may hold a body, or the app parsed one.
 *
 * @example
 * bodyPresent('12', undefined, () => false) // true
 */
export function bodyPresent(contentLength: HeaderValue, transferEncoding: HeaderValue, unframed: () => boolean): boolean {
  if (contentLength === undefined && transferEncoding === undefined) return unframed();
  return hasBody(contentLengthOf(contentLength), transferEncoding);
}

/** The routes (and the 405 settings) the candidate paths reach, each route once. */
interface Reached {
  readonly routes: { readonly route: CompiledRoute<RequestValidator>; readonly path: RoutedPath }[];
  readonly notAllowed: CompiledPreconditions | undefined;
}

function reach(routes: AppRoutes, method: string | undefined, candidates: readonly RoutedPath[]): Reached {
  const found: Reached['routes'] = [];
  let notAllowed: CompiledPreconditions | undefined;
  for (const candidate of candidates) {
    const lookup = routes.table.lookup(method, candidate.path, candidate.caseSensitive);
    if (lookup === undefined) continue;
    if (lookup.route === undefined) notAllowed ??= lookup.notAllowed;
    // The same route is judged once per distinct reading of its parameters.
    else if (!found.some((seen) => seen.route === lookup.route && seen.path.path === candidate.path && seen.path.decodeParams === candidate.decodeParams)) found.push({ route: lookup.route, path: candidate });
  }
  return { routes: found, notAllowed };
}

function candidatesOf(path: JudgeInputs['path'], target: string | undefined): readonly RoutedPath[] {
  if (path === undefined) return [{ path: pathOfTarget(target), caseSensitive: true }];
  return typeof path === 'string' ? [{ path, caseSensitive: true }] : path;
}

/**
 * Judges a request by the route table: no route on the path → the app's settings; a known path
 * with another method → the path's 405 (with `Allow`); a route → its own settings, then its
 * params, query, headers and required body. With several candidate paths (`inputs.path`, a
 * router whose rules are not all known) the request is judged by every route they reach, in
 * order, and the first violation answers it (fail closed); the first route's settings apply.
 *
 * @example
 * judgeRouteRequest(routes, config.preconditions, view, { fullHeaders: () => headers, mayHoldBody: () => false }).violation?.kind // 'methodNotAllowed'
 * judgeRouteRequest(routes, app, view, { fullHeaders, mayHoldBody, path: routingPathOf(view.url, rules), query: req.query })
 */
export function judgeRouteRequest(routes: AppRoutes, app: CompiledPreconditions, view: PreconditionView, inputs: JudgeInputs): RouteJudgement {
  const target = 'target' in inputs ? inputs.target : view.url;
  const reached = reach(routes, view.method, candidatesOf(inputs.path, target));
  const first = reached.routes[0];
  if (first === undefined) {
    const compiled = reached.notAllowed ?? app;
    return { compiled, route: undefined, violation: evaluatePreconditions(compiled, view), answer: undefined };
  }
  for (const { route, path } of reached.routes) {
    const violation = evaluatePreconditions(route.preconditions, view);
    if (violation !== undefined) return { compiled: route.preconditions, route, violation, answer: undefined };
    if (route.validator === undefined) continue;
    const failures = validateRequestParts(
      route.validator,
      {
        params: routes.table.params(route, path.path, path.caseSensitive, path.decodeParams !== false),
        url: target,
        // Read only for a query schema: a framework's parsed query may be a getter that parses (Express 5's `req.query`).
        get query(): unknown {
          return inputs.query;
        },
        headers: route.validator.headers === undefined ? view.headers : inputs.fullHeaders(),
        // Unframed, a body may be on the way: a required body is then judged by the body stage.
        hasBody: bodyPresent(view.headers['content-length'], view.headers['transfer-encoding'], inputs.mayHoldBody),
      },
      routes.maxField,
    );
    if (failures === undefined) continue;
    const detail = `${failures[0]?.location ?? 'request'} validation failed`;
    return { compiled: route.preconditions, route, violation: { kind: 'badRequest', detail }, answer: routes.answer(failures) };
  }
  return { compiled: first.route.preconditions, route: first.route, violation: undefined, answer: undefined };
}
