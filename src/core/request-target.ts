/**
 * The path of a request-target (RFC 9112 §3.2 origin-form: `path [ "?" query ]`), as the route
 * table matches it and the renderer shows it. One function for every adapter (node, Fastify,
 * Fetch), so they cannot disagree on where a path ends.
 *
 * @module
 */

/** Longest path a rendered error shows (VSP `errorSource`, problem `instance`): bodies stay bounded. */
export const MAX_VIEW_PATH = 4096;

/**
 * The path without its query; `'/'` for a missing target.
 *
 * @example
 * pathOfTarget('/mapi/tenants?verbose=true') // '/mapi/tenants'
 * pathOfTarget(undefined) // '/'
 */
export function pathOfTarget(target: string | undefined): string {
  if (typeof target !== 'string') return '/';
  const mark = target.indexOf('?');
  return mark === -1 ? target : target.slice(0, mark);
}

/**
 * The path a rendered error shows: without the query, at most {@link MAX_VIEW_PATH} characters.
 *
 * @example
 * viewPathOf('/v1/volumes?x=1') // '/v1/volumes'
 */
export function viewPathOf(target: string | undefined): string {
  const path = pathOfTarget(target);
  return path.length > MAX_VIEW_PATH ? path.slice(0, MAX_VIEW_PATH) : path;
}
