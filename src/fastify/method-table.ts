/**
 * Which route guard declares `methods` for a path, so that a method Fastify has no route for
 * (Fastify answers it as not found) gets the profile's 405 with `Allow` where a route's
 * `config.vendorCompat.methods` says which methods the resource supports, as Express's
 * `app.all(path, vc.route({ methods }))` does. Fastify route patterns (`/volumes/:id`,
 * `/files/*`) are kept in a rou3 radix tree; patterns rou3 cannot express (regex parameters,
 * several parameters in one segment) are left out and answer 404 as before.
 *
 * @module
 */
import { addRoute, createRouter, findRoute } from 'rou3';

/** A radix tree of Fastify URL patterns to values. */
export interface MethodTable<T> {
  /** Records `value` for a Fastify URL pattern; false when the pattern cannot be recorded. */
  readonly add: (pattern: string, value: T) => boolean;
  /** The value recorded for the pattern `path` matches, if any. */
  readonly find: (path: string) => T | undefined;
}

/** `/files/*` → `/files/**`; undefined for what rou3 cannot express. */
function rou3Pattern(pattern: string): string | undefined {
  if (pattern.includes('(') || pattern.includes('::')) return undefined;
  const segments = pattern.split('/');
  for (const segment of segments) {
    const colon = segment.indexOf(':');
    if (colon > 0 || segment.indexOf(':', colon + 1) !== -1 || (colon === 0 && /[^\w:]/.test(segment))) return undefined;
  }
  return pattern.endsWith('*') ? `${pattern.slice(0, -1)}**` : pattern;
}

/**
 * An empty table.
 *
 * @example
 * const table = createMethodTable<string>()
 * table.add('/volumes/:id', 'guard')
 * table.find('/volumes/12') // 'guard'
 */
export function createMethodTable<T>(): MethodTable<T> {
  const router = createRouter<T>();
  let size = 0;
  return Object.freeze({
    add: (pattern: string, value: T): boolean => {
      const converted = rou3Pattern(pattern);
      if (converted === undefined) return false;
      addRoute(router, '', converted, value);
      size++;
      return true;
    },
    find: (path: string): T | undefined => (size === 0 ? undefined : findRoute(router, '', path)?.data),
  });
}
