/**
 * How Fastify routes (find-my-way), read from the instance's settings once, at registration: the
 * path the route table is looked up on and the query the handler reads (`request.query`).
 *
 * find-my-way takes an absolute-form target's path (`getPathFromAbsoluteUrl`), cuts the path at
 * `?`, `#` and, with `useSemicolonDelimiter` (Fastify 4's default, not 5's), at `;` (the rest is
 * the query string `request.query` is parsed from), decodes it with `decodeURI` keeping `%25`
 * (`safeDecodeURI`), then applies `ignoreDuplicateSlashes`, `ignoreTrailingSlash` and, with
 * `caseSensitive: false`, lower-cases it; parameters keep their own case and are decoded once more.
 *
 * @module
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routingPathOf, type RoutedRequest, type RoutingRules } from '../core/routes/routing';

interface RouterSettings {
  readonly caseSensitive?: boolean;
  readonly ignoreTrailingSlash?: boolean;
  readonly ignoreDuplicateSlashes?: boolean;
  readonly useSemicolonDelimiter?: boolean;
}

/**
 * The routing rules of a Fastify instance (`initialConfig`, or its `routerOptions` in Fastify 5).
 * A setting it does not show is read as both ways (fail closed).
 *
 * @example
 * fastifyRoutingRules(Fastify({ caseSensitive: false })).caseSensitive // false
 */
export function fastifyRoutingRules(app: Pick<FastifyInstance, 'initialConfig'>): RoutingRules {
  const initial = (app.initialConfig ?? {}) as RouterSettings & { readonly routerOptions?: RouterSettings };
  const read = (key: keyof RouterSettings): boolean | 'either' => {
    const value = initial.routerOptions?.[key] ?? initial[key];
    return typeof value === 'boolean' ? value : 'either';
  };
  return Object.freeze({
    caseSensitive: read('caseSensitive'),
    decode: true,
    collapseSlashes: read('ignoreDuplicateSlashes'),
    semicolon: read('useSemicolonDelimiter'),
    dotSegments: false,
    strictTrailingSlash: read('ignoreTrailingSlash') === false,
  });
}

/**
 * What find-my-way will route and the handler read for `request`.
 *
 * @example
 * fastifyRoutedRequest(request, rules) // { path: [{ path: '/items/abc', caseSensitive: true }], query: { limit: '1000' } }
 */
export function fastifyRoutedRequest(request: FastifyRequest, rules: RoutingRules): RoutedRequest {
  return { path: routingPathOf(request.url, rules), query: request.query };
}
