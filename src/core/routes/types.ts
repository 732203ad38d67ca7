/**
 * Types of the route table: what an app declares per route (`vendorCompat({ routes })`), and the
 * compiled form the precondition guard and the validators read per request.
 *
 * @module
 */
import type { CompiledPreconditions, PreconditionOverrides } from '../preconditions';

/**
 * JSON Schemas for the parts of a request, judged before the route (`params`, `query`,
 * `headers`: strings coerced to the schema's types) and after the body parser (`body`).
 * Header property names are matched lower-cased, as Node delivers them.
 *
 * @example
 * const schema: RouteSchemas = { params: { type: 'object', properties: { id: { type: 'integer', minimum: 0 } } } }
 */
export interface RouteSchemas {
  readonly params?: Readonly<Record<string, unknown>> | boolean;
  readonly query?: Readonly<Record<string, unknown>> | boolean;
  readonly headers?: Readonly<Record<string, unknown>> | boolean;
  readonly body?: Readonly<Record<string, unknown>> | boolean;
}

/**
 * One route's settings: every precondition override (they replace the app's for this route, so
 * they may widen them) plus request schemas.
 *
 * @example
 * const settings: RouteSettings = { requestMediaTypes: ['application/octet-stream'], maxBodyBytes: 1 << 30 }
 */
export interface RouteSettings extends PreconditionOverrides {
  readonly schema?: RouteSchemas;
}

/**
 * The route table an app declares: keys are an optional method and a path (`:param` or
 * `{param}` segments), values the route's settings.
 *
 * @example
 * const routes: RouteTableOptions = {
 *   'GET /ConfigurationManager/v1/objects/ldevs/:id': { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } },
 *   '/mapi/tenants': { methods: ['GET', 'PUT'] },
 * }
 */
export type RouteTableOptions = Readonly<Record<string, RouteSettings>>;

/**
 * A parsed route key.
 *
 * @example
 * parseRouteKey('GET /ldevs/:id') // { method: 'GET', path: '/ldevs/{id}', pattern: '/ldevs/:p0', params: ['id'] }
 */
export interface ParsedRouteKey {
  /** Upper-case method, or undefined for every method. */
  readonly method: string | undefined;
  /** The path in OpenAPI form (`/ldevs/{id}`), for messages and documents. */
  readonly path: string;
  /** The pattern handed to the radix tree, with positional parameter names (`:p0`, `:p1`). */
  readonly pattern: string;
  /** Parameter names, in the order they appear. */
  readonly params: readonly string[];
}

/**
 * One compiled route: its key, its preconditions (the app's with the route's settings over
 * them), and its request validator, built once by the caller's factory.
 *
 * @example
 * match.route.preconditions.maxBodyBytes // 1073741824
 */
export interface CompiledRoute<V = unknown> {
  readonly key: string;
  readonly method: string | undefined;
  readonly path: string;
  readonly params: readonly string[];
  readonly settings: RouteSettings;
  readonly preconditions: CompiledPreconditions;
  /** The request validator, or undefined when the route has no schemas. */
  readonly validator: V | undefined;
}

/**
 * What a lookup found: a route (and, on request, its decoded path parameters), or a known path
 * whose methods exclude the request's (`notAllowed`: the app's settings with the path's methods,
 * so `evaluatePreconditions` answers 405 with `Allow` after the checks that come before it).
 *
 * @example
 * lookupRoute(table, 'DELETE', '/ldevs/1') // { route: undefined, notAllowed: compiled }
 */
export type RouteLookup<V = unknown> =
  | { readonly route: CompiledRoute<V>; readonly notAllowed?: undefined }
  | { readonly route?: undefined; readonly notAllowed: CompiledPreconditions };
