/**
 * The path of a request-target (RFC 9112 §3.2), as the route table matches it and the renderer
 * shows it. One function for every adapter (node, Fastify, Fetch), so they cannot disagree on
 * where a path ends. An absolute-form target (`http://host/path?query`, RFC 9112 §3.2.2, which a
 * server must accept and proxies' clients send) is read as its origin-form path: the scheme and
 * authority are routing data, never part of a rendered path (VSP `errorSource`, RFC 9457 `instance`).
 *
 * @module
 */

/** Longest path a rendered error shows (VSP `errorSource`, problem `instance`): bodies stay bounded. */
export const MAX_VIEW_PATH = 4096;

/** `scheme "://"` at the start of an absolute-form target (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The origin-form of a request-target (`path [ "?" query ]`): an absolute-form target loses its
 * scheme and authority (`'/'` when it has no path, RFC 9112 §3.2.2); anything else is returned as
 * it is (origin-form, and `*`, the asterisk-form of `OPTIONS *`).
 *
 * @example
 * originFormOf('http://array.example:8080/ConfigurationManager/v1/objects/ldevs?count=1') // '/ConfigurationManager/v1/objects/ldevs?count=1'
 * originFormOf('http://h?x=1') // '/?x=1'
 * originFormOf('/v1/volumes') // '/v1/volumes'
 */
export function originFormOf(target: string): string {
  if (target.charCodeAt(0) === 47 /* '/' */ || !ABSOLUTE_FORM.test(target)) return target;
  const authority = target.indexOf('://') + 3;
  let end = target.length;
  for (const mark of ['/', '?', '#']) {
    const at = target.indexOf(mark, authority);
    if (at !== -1 && at < end) end = at;
  }
  const rest = target.slice(end);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * The origin-form path without its query; `'/'` for a missing target.
 *
 * @example
 * pathOfTarget('/mapi/tenants?verbose=true') // '/mapi/tenants'
 * pathOfTarget('http://h/mapi/tenants') // '/mapi/tenants'
 * pathOfTarget(undefined) // '/'
 */
export function pathOfTarget(target: string | undefined): string {
  if (typeof target !== 'string') return '/';
  const origin = originFormOf(target);
  const mark = origin.indexOf('?');
  return mark === -1 ? origin : origin.slice(0, mark);
}

/**
 * The path a rendered error shows: origin-form, without the query, at most {@link MAX_VIEW_PATH} characters.
 *
 * @example
 * viewPathOf('/v1/volumes?x=1') // '/v1/volumes'
 * viewPathOf('http://array.example/v1/volumes') // '/v1/volumes'
 */
export function viewPathOf(target: string | undefined): string {
  const path = pathOfTarget(target);
  return path.length > MAX_VIEW_PATH ? path.slice(0, MAX_VIEW_PATH) : path;
}
