/**
 * The route table (options `routes`, `openapi`; issue 12) for Fetch requests: which settings a
 * request is judged with (the route's own, which replace the app's, or the path's 405), its path
 * parameters, query and headers validated before the handler, and its parsed body validated when
 * the app hands it over (`vc.validate(request, body)`). The same decisions as the node guard
 * (src/node/precondition-guard.ts `judgeRoute`), over a `PreconditionView`. Pure: no `node:*`.
 *
 * @module
 */
import type { AppRoutes, CompiledRoute } from '../core/routes';
import { contentLengthOf, evaluatePreconditions, hasBody, type CompiledPreconditions, type PreconditionView, type PreconditionViolation } from '../core/preconditions';
import type { HeaderValue } from '../core/preconditions/types';
import { validateBody, validateRequestParts, type RequestValidator } from '../core/validation';

/** A route a request matched. */
export type FetchRoute = CompiledRoute<RequestValidator>;

/**
 * What the route table decided for one request: the settings it was judged with, the route it
 * matched (for the body stage), and a violation or the profile's validation answer.
 */
export interface FetchJudgement {
  readonly compiled: CompiledPreconditions;
  readonly route: FetchRoute | undefined;
  readonly violation: PreconditionViolation | undefined;
  /** The profile's validation answer (a branded error), when params, query or headers failed. */
  readonly answer: object | undefined;
}

function pathOf(target: string | undefined): string {
  if (typeof target !== 'string') return '/';
  const mark = target.indexOf('?');
  return mark === -1 ? target : target.slice(0, mark);
}

/**
 * Every header of a Fetch request as a record with lower-cased names (a `Headers` object joins
 * repeated fields with `, `, as Node does for all but a few), for header schemas.
 *
 * @example
 * headerRecordOf(new Request('http://h/', { headers: { 'X-Trace': '1' } })) // { 'x-trace': '1' }
 */
export function headerRecordOf(headers: Headers): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of headers) out[name] = value;
  return out;
}

/**
 * Whether a request has a body: its Content-Length or Transfer-Encoding says so (RFC 9112 §6.3).
 * Where it has neither (HTTP/2 and HTTP/3 need neither, RFC 9113 §8.1; a `Request` built in the
 * process has none), `unframed` decides: the stream may hold a body, or the app parsed one.
 */
function bodyPresent(contentLength: HeaderValue, transferEncoding: HeaderValue, unframed: () => boolean): boolean {
  if (contentLength === undefined && transferEncoding === undefined) return unframed();
  return hasBody(contentLengthOf(contentLength), transferEncoding);
}

/**
 * Judges a request by the route table: no route on the path → the app's settings; a known path
 * with another method → the path's 405 (with `Allow`); a route → its own settings, then its
 * params, query, headers and required body. `fullHeaders` gives every header when the route has
 * a header schema (the view may hold only the few the checks read); `mayHoldBody` whether a
 * request without Content-Length and Transfer-Encoding may carry a body.
 *
 * @example
 * judgeFetchRoute(routes, config.preconditions, view, () => headerRecordOf(request.headers), () => request.body !== null).violation?.kind // 'methodNotAllowed'
 */
export function judgeFetchRoute(
  routes: AppRoutes,
  app: CompiledPreconditions,
  view: PreconditionView,
  fullHeaders: () => Readonly<Record<string, HeaderValue>>,
  mayHoldBody: () => boolean,
): FetchJudgement {
  const path = pathOf(view.url);
  const found = routes.table.lookup(view.method, path);
  if (found === undefined) return { compiled: app, route: undefined, violation: evaluatePreconditions(app, view), answer: undefined };
  if (found.route === undefined) return { compiled: found.notAllowed, route: undefined, violation: evaluatePreconditions(found.notAllowed, view), answer: undefined };
  const route = found.route;
  const violation = evaluatePreconditions(route.preconditions, view);
  if (violation !== undefined || route.validator === undefined) return { compiled: route.preconditions, route, violation, answer: undefined };
  const failures = validateRequestParts(
    route.validator,
    {
      params: routes.table.params(route, path),
      url: view.url,
      headers: route.validator.headers === undefined ? view.headers : fullHeaders(),
      // Unframed, a body may be on the way: a required body is then judged by the body stage.
      hasBody: bodyPresent(view.headers['content-length'], view.headers['transfer-encoding'], mayHoldBody),
    },
    routes.maxField,
  );
  if (failures === undefined) return { compiled: route.preconditions, route, violation: undefined, answer: undefined };
  const detail = `${failures[0]?.location ?? 'request'} validation failed`;
  return { compiled: route.preconditions, route, violation: { kind: 'badRequest', detail }, answer: routes.answer(failures) };
}

/**
 * The profile's validation answer for a parsed body that fails its route's body schema (chosen
 * by the request's Content-Type), or undefined when it passes, has no schema or was not sent
 * (Content-Length 0, or, without Content-Length and Transfer-Encoding, `body` undefined).
 *
 * @example
 * bodyAnswerOf(routes, route, request.headers, { capacityInGB: 1 }) // a RequestValidationError, or undefined
 */
export function bodyAnswerOf(routes: AppRoutes, route: FetchRoute | undefined, headers: Headers, body: unknown): object | undefined {
  if (route?.validator === undefined) return undefined;
  // Unframed (HTTP/2, a Request built in the process): the body the app parsed, if any.
  const present = bodyPresent(headers.get('content-length') ?? undefined, headers.get('transfer-encoding') ?? undefined, () => body !== undefined);
  const failures = validateBody(route.validator, body, headers.get('content-type') ?? undefined, present, routes.maxField);
  return failures === undefined ? undefined : routes.answer(failures);
}
