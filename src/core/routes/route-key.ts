/**
 * Route keys: `'GET /ConfigurationManager/v1/objects/ldevs/:id'`, `'/mapi/tenants'` (no method:
 * every method), with `:param` (Express) or `{param}` (OpenAPI, RFC 6570 simple expansion)
 * parameters. A key is parsed once, at startup; anything the table cannot match exactly throws a
 * `TypeError` naming the key.
 *
 * @module
 */
import type { ParsedRouteKey } from './types';

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$.-]*$/;
/** Characters the radix tree gives a meaning (groups, modifiers, wildcards, escapes). */
const RESERVED = /[*()?\\\s#]/;

function fail(key: string, reason: string): never {
  throw new TypeError(`vendor-compat: route ${JSON.stringify(key)}: ${reason}`);
}

/**
 * Escapes what rou3 reads as syntax inside literal text (`:` starts a parameter there, `+` is a
 * modifier; RFC 3986 §3.3 allows both in a segment, as in a server URL's `/v1+beta`).
 */
function literal(text: string, key: string): string {
  if (RESERVED.test(text)) fail(key, `unsupported character in ${JSON.stringify(text)} (wildcards, groups and modifiers are not route syntax here)`);
  if (text.includes('{') || text.includes('}')) fail(key, `unbalanced "{" or "}" in ${JSON.stringify(text)}`);
  return text.replace(/[:+]/g, (character) => `\\${character}`);
}

/**
 * Parses one segment: `{name}` anywhere in it, `:name` only as the whole segment (Express's
 * form), literal text around them.
 */
function segmentPattern(segment: string, key: string, params: string[], openapi: boolean): [pattern: string, display: string] {
  if (!openapi && segment.startsWith(':')) {
    const name = segment.slice(1);
    if (!NAME.test(name)) fail(key, `invalid parameter name ${JSON.stringify(name)}`);
    params.push(name);
    return [`:p${params.length - 1}`, `{${name}}`];
  }
  let pattern = '';
  let display = '';
  let rest = segment;
  for (let open = rest.indexOf('{'); open !== -1; open = rest.indexOf('{')) {
    const close = rest.indexOf('}', open);
    if (close === -1) fail(key, `unbalanced "{" in ${JSON.stringify(segment)}`);
    const name = rest.slice(open + 1, close);
    if (!NAME.test(name)) fail(key, `invalid parameter name ${JSON.stringify(name)}`);
    if (open === 0 && pattern !== '' && /:p\d+$/.test(pattern)) fail(key, `two parameters with nothing between them in ${JSON.stringify(segment)}`);
    pattern += literal(rest.slice(0, open), key);
    display += rest.slice(0, open);
    params.push(name);
    pattern += `:p${params.length - 1}`;
    display += `{${name}}`;
    rest = rest.slice(close + 1);
  }
  return [pattern + literal(rest, key), display + rest];
}

/**
 * Parses a route key (or, with `openapi`, an OpenAPI path, where only `{param}` is a parameter)
 * into its method, display path, radix-tree pattern and parameter names. Throws a `TypeError`.
 *
 * @example
 * parseRouteKey('POST /v1/{project_id}/templates')
 * // { method: 'POST', path: '/v1/{project_id}/templates', pattern: '/v1/:p0/templates', params: ['project_id'] }
 */
export function parseRouteKey(key: string, options: { readonly openapi?: boolean; readonly prefix?: string } = {}): ParsedRouteKey {
  if (typeof key !== 'string') fail(String(key), 'must be a string');
  const trimmed = key.trim();
  const space = trimmed.indexOf(' ');
  let method: string | undefined;
  let rawPath = trimmed;
  if (space !== -1) {
    method = trimmed.slice(0, space);
    rawPath = trimmed.slice(space + 1).trim();
    if (!METHOD.test(method)) fail(key, `invalid method ${JSON.stringify(method)}`);
    method = method.toUpperCase();
  }
  const path = (options.prefix ?? '') + rawPath;
  if (!path.startsWith('/')) fail(key, 'the path must start with "/"');
  if (path.includes('?')) fail(key, 'the path must not contain a query');
  const params: string[] = [];
  const patterns: string[] = [];
  const displays: string[] = [];
  for (const segment of path.slice(1).split('/')) {
    const [pattern, display] = segmentPattern(segment, key, params, options.openapi === true);
    patterns.push(pattern);
    displays.push(display);
  }
  if (new Set(params).size !== params.length) fail(key, 'a parameter name appears twice');
  return Object.freeze({ method, path: `/${displays.join('/')}`, pattern: `/${patterns.join('/')}`, params: Object.freeze(params) });
}
