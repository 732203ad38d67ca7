/**
 * The route table (options `routes`, `openapi`) for Fetch requests: which settings a
 * request is judged with (the route's own, which replace the app's, or the path's 405), its path
 * parameters, query and headers validated before the handler, and its parsed body validated when
 * the app hands it over (`vc.validate(request, body)`). The same decisions as the node guard
 * (src/core/routes/judge.ts `judgeRouteRequest`, shared with the node guard). Pure: no `node:*`.
 *
 * @module
 */
import type { AppRoutes, CompiledRoute } from '../core/routes';
import { validateBody, type RequestValidator } from '../core/validation';
import { bodyPresent } from '../core/routes/judge';

/** A route a request matched. */
export type FetchRoute = CompiledRoute<RequestValidator>;



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
