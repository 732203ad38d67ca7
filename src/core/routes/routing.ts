/**
 * How a framework routes a request-target, as pure data (`RoutingRules`), and the path (or, where
 * a rule cannot be known, every candidate path) the framework will route: `routingPathOf`. The
 * route table is looked up on these paths, so a request is judged by the route whose handler it
 * reaches whatever its spelling (letter case, percent-encoding, repeated slashes, dot segments,
 * absolute form, `;` parameters). Each adapter reads its framework's settings once and hands the
 * rules (or the framework's own routed path) to the judgement; core reads no framework.
 *
 * Fail closed: a rule whose value cannot be known is `'either'`, and the request is judged against
 * every route any of its readings reaches. A trailing `/` never changes the route the table finds
 * (one trailing slash is ignored, as rou3 does): a router that treats `/items/1/` as another path
 * (Hono's default `strict`, Fastify without `ignoreTrailingSlash`) answers 404 where the table
 * judged it by `/items/:id`, the stricter reading.
 *
 * @module
 */
import { pathOfTarget } from '../request-target';
import { cutAtSemicolon, decodeRoutingPath, resolveDotSegments } from './path-readings';

/** A routing rule: on, off, or unknown (`'either'`: both readings are judged). */
export type RoutingRule = boolean | 'either';

/**
 * What a framework does to a request path before it matches its routes.
 *
 * @example
 * // Fastify's defaults (find-my-way): decoded, case-sensitive, `//` and a trailing `/` significant
 * const fastify5: RoutingRules = { caseSensitive: true, decode: true, collapseSlashes: false, semicolon: false, dotSegments: false, strictTrailingSlash: true }
 */
export interface RoutingRules {
  /** Letter case matters (Express `case sensitive routing`, @koa/router `sensitive`, Fastify `caseSensitive`). */
  readonly caseSensitive: RoutingRule;
  /**
   * Percent-escapes are decoded before matching, as `decodeURI` does: escapes of reserved
   * characters (`%2F`, `%3F`, `%3B`, …) and `%25` stay encoded (find-my-way `safeDecodeURI`, Hono
   * `getPath`). Path parameters are then decoded once more, as every framework hands them over.
   */
  readonly decode: RoutingRule;
  /** Runs of `/` match one `/` (Fastify `ignoreDuplicateSlashes`). */
  readonly collapseSlashes: RoutingRule;
  /** `;` ends the path, what follows is query (Fastify `useSemicolonDelimiter`). */
  readonly semicolon: RoutingRule;
  /**
   * `.` and `..` segments, escaped ones too (`%2e`), are resolved and `\` is `/` (the WHATWG URL
   * parser's path state, RFC 3986 §5.2.4): a Fetch `Request`, Hono on `@hono/node-server`.
   */
  readonly dotSegments: RoutingRule;
  /** A trailing `/` is significant (informational: the table ignores one either way, see the module note). */
  readonly strictTrailingSlash: boolean;
  /**
   * Path parameters reach the handler percent-decoded (every framework here; default true). A
   * hand-written router may hand them over as matched (`'either'`: both are judged).
   */
  readonly decodeParams?: RoutingRule;
}

/**
 * One path to look the table up on, and whether letter case matters for it.
 *
 * @example
 * const routed: RoutedPath = { path: '/items/abc', caseSensitive: false }
 */
export interface RoutedPath {
  readonly path: string;
  readonly caseSensitive: boolean;
  /** Parameters are judged percent-decoded (default true), or as they appear in `path`. */
  readonly decodeParams?: boolean;
}

/**
 * What an adapter knows of a request beyond its target, per request: the path its framework
 * routes (or candidates), and the query its framework parsed (what the handler reads).
 *
 * @example
 * const routed: RoutedRequest = { path: routingPathOf(req.originalUrl, rules), query: req.query }
 */
export interface RoutedRequest {
  /**
   * The path as the framework routes it (`routingPathOf(target, rules)`, or the framework's own
   * routed path, e.g. Hono's `c.req.path`): one case-sensitive path, or candidates, each looked
   * up with its own case rule. Default: the target's origin-form path, case-sensitive.
   */
  readonly path?: string | readonly RoutedPath[];
  /**
   * The query as the framework parsed it, what the handler reads (Express `req.query` with its
   * `query parser`, Koa `ctx.query`, Fastify `request.query`, Hono `c.req.queries()`). Default:
   * the target's query read as `URLSearchParams` does. Read only for a route with a query
   * schema, so an adapter may make it a getter (parsing costs nothing elsewhere).
   */
  readonly query?: unknown;
}

/**
 * Rules for a router nothing is known about (a node:http handler, a Fetch handler): every reading
 * is judged.
 *
 * @example
 * routingPathOf('/ITEMS//a%62c', UNKNOWN_ROUTING).length // 8
 */
export const UNKNOWN_ROUTING: RoutingRules = Object.freeze({
  caseSensitive: 'either',
  decode: 'either',
  collapseSlashes: 'either',
  semicolon: 'either',
  dotSegments: 'either',
  strictTrailingSlash: false,
  decodeParams: 'either',
});

/** The distinct results of `transform` (when `rule` is on) over `paths`, in order. */
function stage(paths: readonly string[], rule: RoutingRule, transform: (path: string) => string): readonly string[] {
  if (rule === false) return paths;
  const out: string[] = rule === 'either' ? [...paths] : [];
  for (const path of paths) {
    const next = transform(path);
    if (!out.includes(next)) out.push(next);
  }
  return out;
}

const collapse = (path: string): string => (path.includes('//') ? path.replace(/\/{2,}/g, '/') : path);

/**
 * The origin-form path (absolute-form targets lose scheme and authority, RFC 9112 §3.2.2) as a
 * router following `rules` matches it: one `RoutedPath`, or, for each `'either'` rule, the
 * distinct paths of both readings (fail closed: the table judges the request by every route they
 * reach). Order: dot segments (the URL parser), `;` (find-my-way's scan), decoding, `//`. A rule
 * that changes nothing in this path adds no candidate (a plain path under `UNKNOWN_ROUTING` has
 * two: either letter case).
 *
 * @example
 * routingPathOf('/%69tems/abc?x=1', fastifyRules) // [{ path: '/items/abc', caseSensitive: true }]
 * routingPathOf('http://h/ITEMS/abc', expressRules) // [{ path: '/ITEMS/abc', caseSensitive: false }]
 */
export function routingPathOf(target: string | undefined, rules: RoutingRules): readonly RoutedPath[] {
  let paths: readonly string[] = [pathOfTarget(target)];
  paths = stage(paths, rules.dotSegments, resolveDotSegments);
  paths = stage(paths, rules.semicolon, cutAtSemicolon);
  paths = stage(paths, rules.decode, decodeRoutingPath);
  paths = stage(paths, rules.collapseSlashes, collapse);
  // The exact-case reading first: the route a case-sensitive router picks is the first reached,
  // whose settings the request is judged with (and whose body schema the body stage uses).
  const cases = rules.caseSensitive === 'either' ? [true, false] : [rules.caseSensitive];
  const decodeParams = rules.decodeParams ?? true;
  const out: RoutedPath[] = [];
  for (const path of paths) {
    // Parameters read as matched differ from decoded ones only where the path holds an escape.
    const raw = decodeParams === false || (decodeParams === 'either' && path.includes('%'));
    for (const caseSensitive of cases) {
      if (decodeParams !== false) out.push({ path, caseSensitive });
      if (raw) out.push({ path, caseSensitive, decodeParams: false });
    }
  }
  return out;
}
