/**
 * How Hono routes: its own routed path and the query the handler reads.
 *
 * Hono routes `c.req.path`, the path its `getPath` made (the app's own `getPath` option, or the
 * default: the `Request` URL's path, which the URL parser resolved `.`/`..` in and which
 * `@hono/node-server` builds from an absolute-form target's path, decoded with `decodeURI` keeping
 * `%25`), letters case-sensitively (Hono's routers have no other mode); with `strict: false` a
 * trailing `/` is dropped. Parameters are decoded once more. The route table is looked up on that
 * very path. The query is `c.req.queries()` (every value of every key), judged as a handler reads
 * it: one value as a string, repeated keys as an array.
 *
 * @module
 */
import type { Context } from 'hono';
import type { RoutedRequest } from '../core/routes/routing';

/**
 * `c.req.queries()` shaped as the other adapters' queries: a key with one value maps to it, a
 * repeated key to its values.
 *
 * @example
 * honoQueryOf(c) // for '?limit=1&tag=a&tag=b': { limit: '1', tag: ['a', 'b'] }
 */
export function honoQueryOf(c: Context): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  const all = c.req.queries() as Record<string, string[]>;
  for (const key of Object.keys(all)) {
    const values = all[key] ?? [];
    out[key] = values.length === 1 ? (values[0] as string) : [...values];
  }
  return out;
}

/**
 * What Hono routed and the handler will read for `c`.
 *
 * @example
 * honoRoutedRequest(c) // { path: '/items/abc', query: { limit: '1000' } }
 */
export function honoRoutedRequest(c: Context): RoutedRequest {
  return {
    path: [{ path: c.req.path, caseSensitive: true }],
    get query(): unknown {
      return honoQueryOf(c); // parsed only for a route with a query schema
    },
  };
}
