/**
 * How Koa with `@koa/router` routes: the path the route table is looked up on and the query the
 * handler reads (`ctx.query`).
 *
 * `@koa/router` (path-to-regexp 8) matches `ctx.path`, the undecoded pathname of `parseurl(req)`
 * (an absolute-form target's path), with one trailing `/` optional unless `strict`; `//`, `.`/`..`
 * and `;` are literal text; parameters are decoded with `decodeURIComponent`. Letter case follows
 * each router's `sensitive` option (off by default), which the app does not expose: both readings
 * are judged (fail closed). `ctx.query` is read through Koa's own getter (Koa 3: `URLSearchParams`,
 * Koa 2: `node:querystring`; repeated keys give arrays, `a[]` is a literal key).
 *
 * @module
 */
import type { Context } from 'koa';
import { routingPathOf, type RoutedRequest, type RoutingRules } from '../core/routes/routing';

/**
 * The rules `@koa/router` routes by (its `sensitive` unknown: both readings).
 *
 * @example
 * routingPathOf('/ITEMS/abc', KOA_ROUTER_RULES) // [{ path: '/ITEMS/abc', caseSensitive: false }, { path: '/ITEMS/abc', caseSensitive: true }]
 */
export const KOA_ROUTER_RULES: RoutingRules = Object.freeze({ caseSensitive: 'either', decode: false, collapseSlashes: false, semicolon: false, dotSegments: false, strictTrailingSlash: false });

/**
 * What `@koa/router` will route and hand the handler for `ctx`.
 *
 * @example
 * koaRoutedRequest(ctx) // { path: [...], query: { limit: '1000' } }
 */
export function koaRoutedRequest(ctx: Context): RoutedRequest {
  return {
    path: routingPathOf(ctx.originalUrl, KOA_ROUTER_RULES),
    get query(): unknown {
      return ctx.query; // read only for a route with a query schema
    },
  };
}
