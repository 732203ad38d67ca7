/**
 * How Express routes, read from the app's settings: the path the route table is looked up on and
 * the query the handler reads (`req.query`, whatever `query parser` the app set: Express 4's
 * default `qs` turns `?limit[]=1000` into `{ limit: ['1000'] }`).
 *
 * Express 4 (`lib/router/layer.js`, path-to-regexp 0.1) and Express 5 (the `router` package,
 * path-to-regexp 8) match the undecoded pathname of `parseurl(req)` (an absolute-form target's
 * path), letters case-insensitively unless `case sensitive routing` is on, one trailing `/`
 * optional unless `strict routing` is on; `//`, `.`/`..` and `;` are literal text; parameters are
 * decoded with `decodeURIComponent`. An `express.Router()` has its own `caseSensitive` (off by
 * default, whatever the app says): with the app's setting on, both readings are judged.
 *
 * @module
 */
import type { Request } from 'express';
import { routingPathOf, type RoutedRequest, type RoutingRules } from '../core/routes/routing';

/** The rules of an Express app with its default settings. */
const DEFAULT_RULES: RoutingRules = Object.freeze({ caseSensitive: false, decode: false, collapseSlashes: false, semicolon: false, dotSegments: false, strictTrailingSlash: false });

interface SettingsReader {
  readonly enabled?: (setting: string) => boolean;
}

const rulesByApp = new WeakMap<object, RoutingRules>();

/**
 * The routing rules of an Express app (read once per app: settings are made before it serves).
 *
 * @example
 * expressRoutingRules(express().enable('case sensitive routing')).caseSensitive // 'either'
 */
export function expressRoutingRules(app: unknown): RoutingRules {
  if (app === null || (typeof app !== 'object' && typeof app !== 'function')) return DEFAULT_RULES;
  let rules = rulesByApp.get(app);
  if (rules === undefined) {
    const enabled = (app as SettingsReader).enabled;
    const on = (setting: string): boolean => typeof enabled === 'function' && enabled.call(app, setting) === true;
    // A Router's own `caseSensitive` defaults to off: a case-sensitive app may still hold routers that are not.
    rules = Object.freeze({ ...DEFAULT_RULES, caseSensitive: on('case sensitive routing') ? 'either' : false, strictTrailingSlash: on('strict routing') });
    rulesByApp.set(app, rules);
  }
  return rules;
}

/**
 * What Express will route and hand the handler for `req`: candidate paths from its original URL,
 * and `req.query` as the app's query parser made it.
 *
 * @example
 * expressRoutedRequest(req) // { path: [{ path: '/ITEMS/abc', caseSensitive: false }], query: { limit: ['1000'] } }
 */
export function expressRoutedRequest(req: Request): RoutedRequest {
  return {
    path: routingPathOf(req.originalUrl ?? req.url, expressRoutingRules(req.app)),
    get query(): unknown {
      return req.query; // Express 5 parses on every read: only for a route with a query schema
    },
  };
}
