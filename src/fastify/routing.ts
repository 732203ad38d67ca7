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
 * The routing rules of a Fastify instance (`initialConfig`, and its `routerOptions` in Fastify 5).
 * A setting it does not show, or shows two ways, is read as both (fail closed). A `rewriteUrl`
 * option is covered: `request.url` is the rewritten target the router saw.
 *
 * @example
 * fastifyRoutingRules(Fastify({ caseSensitive: false })).caseSensitive // false
 */
export function fastifyRoutingRules(app: Pick<FastifyInstance, 'initialConfig'>): RoutingRules {
  const initial = (app.initialConfig ?? {}) as RouterSettings & { readonly routerOptions?: RouterSettings };
  const read = (key: keyof RouterSettings): boolean | 'either' => {
    const nested = initial.routerOptions?.[key];
    const top = initial[key];
    // Fastify 5 routes by the caller's `routerOptions` key, else the top-level one. `initialConfig`
    // fills defaults into both for every key but `caseSensitive`, so where they disagree either
    // may be the caller's (lib/route.js buildRouterOptions, lib/config-validator.js).
    if (key !== 'caseSensitive' && typeof nested === 'boolean' && typeof top === 'boolean' && nested !== top) return 'either';
    const value = nested ?? top;
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
  return {
    path: routingPathOf(request.url, rules),
    get query(): unknown {
      return request.query;
    },
  };
}
