/**
 * `compileRouteTable`: the route table, compiled once at startup into a radix tree (rou3, the
 * router of h3/Nitro) whose lookup cost grows with the path's segments, not with the number of
 * routes (a regex list tests every route). Each path pattern is one tree entry holding its routes
 * by method, so one lookup answers both "which route" and "which methods does this path allow"
 * (405 + `Allow`, RFC 9110 §15.5.6).
 *
 * A route's settings replace the app's for that route (merged over them key by key), so a route
 * may widen what the app allows: its media types, its body size.
 *
 * @module
 */
import { addRoute, createRouter, findRoute, type RouterContext } from 'rou3';
import { compilePreconditions, type CompiledPreconditions, type PreconditionOverrides } from '../preconditions';
import type { PreconditionSettings } from '../profile-types';
import { parseRouteKey } from './route-key';
import type { CompiledRoute, ParsedRouteKey, RouteLookup, RouteSchemas, RouteSettings } from './types';

/**
 * One route to compile: its key and settings; OpenAPI paths take only `{param}` and a prefix.
 *
 * @example
 * const entry: RouteEntry = { key: 'GET /objects/ldevs/{ldevId}', settings: {}, openapi: true, prefix: '/ConfigurationManager/v1' }
 */
export interface RouteEntry {
  readonly key: string;
  readonly settings: RouteSettings;
  /** Parse the key's path as an OpenAPI path (`:` is literal text). */
  readonly openapi?: boolean;
  /** A path prefix (`servers[0].url`'s path) put before the key's path. */
  readonly prefix?: string;
  /** What the validator factory needs beyond `settings.schema` (an OpenAPI operation's bodies). */
  readonly extra?: unknown;
}

/**
 * Builds a route's validator from its parsed key and schemas (undefined: nothing to validate).
 *
 * @example
 * const none: ValidatorFactory<never> = () => undefined
 */
export type ValidatorFactory<V> = (route: ParsedRouteKey, schema: RouteSchemas, entry: RouteEntry) => V | undefined;

/**
 * The compiled table.
 *
 * @example
 * table.lookup('GET', '/ldevs/1')?.route?.key // 'GET /ldevs/:id'
 */
export interface RouteTable<V = unknown> {
  /** Every compiled route, in declaration order. */
  readonly routes: readonly CompiledRoute<V>[];
  /**
   * The route for `method` on `path` (the request path without its query), or the path's 405
   * settings when it is known but the method is not listed, or undefined for an unknown path.
   * `caseSensitive: false` matches letters case-insensitively (Express's and @koa/router's
   * default); where two routes differ only in case, the one declared first wins, as in those routers.
   */
  readonly lookup: (method: string | undefined, path: string, caseSensitive?: boolean) => RouteLookup<V> | undefined;
  /**
   * The route's path parameters for `path`, percent-decoded (undefined when it has none), taken
   * from `path` as spelled (a case-insensitive match keeps the parameter's own case); with
   * `decoded: false`, as they appear in `path`.
   */
  readonly params: (route: CompiledRoute<V>, path: string, caseSensitive?: boolean, decoded?: boolean) => Record<string, string> | undefined;
}

interface PathGroup<V> {
  readonly pattern: string;
  /** The pattern as a regular expression matching letters case-insensitively, capturing the parameters in order (built on first use). */
  folded: RegExp | undefined;
  readonly byMethod: Map<string, CompiledRoute<V>>;
  any: CompiledRoute<V> | undefined;
  notAllowed: CompiledPreconditions | undefined;
}

const SCHEMA_KEYS: ReadonlySet<string> = new Set(['params', 'query', 'headers', 'body']);

function checkSchemas(key: string, schema: unknown): RouteSchemas {
  if (schema === undefined) return {};
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new TypeError(`vendor-compat: route ${JSON.stringify(key)}: "schema" must be an object { params?, query?, headers?, body? }`);
  }
  for (const part of Object.keys(schema)) {
    if (!SCHEMA_KEYS.has(part)) throw new TypeError(`vendor-compat: route ${JSON.stringify(key)}: unknown schema part ${JSON.stringify(part)}; expected params, query, headers or body`);
  }
  return schema as RouteSchemas;
}

function splitSettings(key: string, settings: unknown): { overrides: PreconditionOverrides; schema: RouteSchemas } {
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new TypeError(`vendor-compat: route ${JSON.stringify(key)}: settings must be an object, e.g. { maxBodyBytes: 1048576 }`);
  }
  const { schema, ...overrides } = settings as RouteSettings;
  return { overrides, schema: checkSchemas(key, schema) };
}

function withKey<T>(key: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof TypeError && !error.message.includes(`route ${JSON.stringify(key)}`)) {
      throw new TypeError(error.message.replace('vendor-compat: ', `vendor-compat: route ${JSON.stringify(key)}: `));
    }
    throw error;
  }
}

/**
 * A case-insensitive regular expression for a display path (`/v1/{id}.json`): literal text
 * escaped, each `{name}` one non-empty segment part, one optional trailing `/` (as rou3 matches).
 */
function foldedRegex(display: string): RegExp {
  const source = display
    .split(/\{[^}]+\}/)
    .map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([^/]+)');
  // `u`: Unicode simple case folding, as the lower-cased lookup that found the route (find-my-way
  // lower-cases the whole decoded path: U+212A KELVIN SIGN matches `k`).
  return new RegExp(`^${source}/?$`, 'iu');
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a malformed escape stays as sent; the schema judges it
  }
}

/**
 * Compiles the routes over the app's precondition settings. Throws a `TypeError` naming the key
 * for a bad key, a bad setting, a method-keyed route that also lists `methods`, or two keys for
 * the same method and path.
 *
 * @example
 * const table = compileRouteTable([{ key: 'GET /ldevs/:id', settings: {} }], config.preconditions.settings, () => undefined)
 * table.lookup('GET', '/ldevs/7')?.route?.key // 'GET /ldevs/:id'
 * table.lookup('DELETE', '/ldevs/7')?.notAllowed?.methods // Set { 'GET', 'HEAD' }
 */
export function compileRouteTable<V>(entries: readonly RouteEntry[], appSettings: PreconditionSettings, makeValidator: ValidatorFactory<V>): RouteTable<V> {
  const router: RouterContext<PathGroup<V>> = createRouter();
  // The same patterns lower-cased, for case-insensitive routers: looked up on the lower-cased path.
  const foldedRouter: RouterContext<PathGroup<V>> = createRouter();
  const folded = new Set<string>();
  const groups = new Map<string, PathGroup<V>>();
  const routes: CompiledRoute<V>[] = [];
  for (const entry of entries) {
    const parsed = parseRouteKey(entry.key, { openapi: entry.openapi, prefix: entry.prefix });
    const { overrides, schema } = splitSettings(entry.key, entry.settings);
    if (parsed.method !== undefined && overrides.methods !== undefined) {
      throw new TypeError(`vendor-compat: route ${JSON.stringify(entry.key)}: "methods" belongs to a key without a method (the key already names ${parsed.method})`);
    }
    const preconditions = withKey(entry.key, () => compilePreconditions(appSettings, overrides));
    const route: CompiledRoute<V> = Object.freeze({
      key: entry.key,
      method: parsed.method,
      path: parsed.path,
      params: parsed.params,
      settings: entry.settings,
      preconditions,
      validator: makeValidator(parsed, schema, entry),
    });
    let group = groups.get(parsed.pattern);
    if (group === undefined) {
      group = { pattern: parsed.pattern, folded: undefined, byMethod: new Map(), any: undefined, notAllowed: undefined };
      groups.set(parsed.pattern, group);
      addRoute(router, '', parsed.pattern, group);
      const lower = parsed.pattern.toLowerCase();
      if (!folded.has(lower)) {
        folded.add(lower); // the first declared of two patterns differing only in case (Express, @koa/router)
        addRoute(foldedRouter, '', lower, group);
      }
    }
    const taken = parsed.method === undefined ? group.any : group.byMethod.get(parsed.method);
    if (taken !== undefined) throw new TypeError(`vendor-compat: routes ${JSON.stringify(taken.key)} and ${JSON.stringify(entry.key)} name the same method and path`);
    if (parsed.method === undefined) group.any = route;
    else group.byMethod.set(parsed.method, route);
    routes.push(route);
  }
  for (const group of groups.values()) {
    // A path every method may reach has no 405 of its own (its route's `methods` may say one).
    if (group.any === undefined) group.notAllowed = compilePreconditions(appSettings, { methods: [...group.byMethod.keys()] });
  }

  function find(path: string, caseSensitive: boolean, params: boolean): ReturnType<typeof findRoute<PathGroup<V>>> {
    return caseSensitive ? findRoute(router, '', path, { params }) : findRoute(foldedRouter, '', path.toLowerCase(), { params });
  }

  function lookup(method: string | undefined, path: string, caseSensitive = true): RouteLookup<V> | undefined {
    const found = find(path, caseSensitive, false);
    if (found === undefined) return undefined;
    const group = found.data;
    const verb = typeof method === 'string' ? method : 'GET';
    // RFC 9110 §9.3.2: HEAD is served wherever GET is.
    const route = group.byMethod.get(verb) ?? (verb === 'HEAD' ? group.byMethod.get('GET') : undefined) ?? group.any;
    if (route !== undefined) return { route };
    return { notAllowed: group.notAllowed as CompiledPreconditions };
  }

  function params(route: CompiledRoute<V>, path: string, caseSensitive = true, decoded = true): Record<string, string> | undefined {
    if (route.params.length === 0) return undefined;
    const decode = decoded ? decodeParam : (value: string): string => value;
    const out: Record<string, string> = {};
    if (!caseSensitive) {
      const group = find(path, false, false)?.data;
      if (group !== undefined) {
        group.folded ??= foldedRegex(route.path);
        const match = group.folded.exec(path);
        if (match !== null) {
          route.params.forEach((name, index) => {
            const value = match[index + 1];
            if (value !== undefined) out[name] = decode(value);
          });
          return out;
        }
      }
    }
    const found = find(path, caseSensitive, true);
    if (found?.params === undefined) return undefined;
    route.params.forEach((name, index) => {
      const value = found.params?.[`p${index}`];
      if (value !== undefined) out[name] = decode(value);
    });
    return out;
  }

  return Object.freeze({ routes: Object.freeze(routes), lookup, params });
}
