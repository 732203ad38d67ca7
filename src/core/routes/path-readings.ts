/**
 * The path transformations routers apply before matching, each as the router's source does it:
 * the URL parser's dot-segment removal, find-my-way's and Hono's `decodeURI` keeping `%25`, and
 * the `;` cut. Pure string functions, composed by `routingPathOf` (./routing.ts).
 *
 * @module
 */

const DOT = new Set(['.', '%2e']);
const DOT_DOT = new Set(['..', '.%2e', '%2e.', '%2e%2e']);

/**
 * Resolves `.` and `..` segments as the WHATWG URL parser does for a special scheme (`\` is `/`,
 * `%2e` is `.`); a path that ends in one keeps its trailing `/`.
 *
 * @example
 * resolveDotSegments('/a/%2E%2E/items/./1') // '/items/1'
 */
export function resolveDotSegments(path: string): string {
  if (!path.includes('.') && !path.includes('\\') && !/%2e/i.test(path)) return path;
  const input = path.replace(/\\/g, '/').split('/');
  const out: string[] = [];
  for (let i = 1; i < input.length; i += 1) {
    const segment = input[i] as string;
    const lower = segment.toLowerCase();
    const last = i === input.length - 1;
    if (DOT_DOT.has(lower)) {
      out.pop();
      if (last) out.push('');
    } else if (DOT.has(lower)) {
      if (last) out.push('');
    } else {
      out.push(segment);
    }
  }
  return `/${out.join('/')}`;
}

function tryDecodeURI(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

/**
 * Decodes a path as find-my-way and Hono do before routing: `decodeURI` (escapes of reserved
 * characters stay), `%25` kept as `%25` so a parameter is not decoded twice; a malformed escape
 * stays as sent while the valid ones around it are decoded (Hono's `tryDecode`).
 *
 * @example
 * decodeRoutingPath('/%69tems/a%2Fb%2531') // '/items/a%2Fb%2531'
 */
export function decodeRoutingPath(path: string): string {
  if (!path.includes('%')) return path;
  const guarded = path.replace(/%25/g, '%2525');
  try {
    return decodeURI(guarded);
  } catch {
    return guarded.replace(/(?:%[0-9A-Fa-f]{2})+/g, tryDecodeURI);
  }
}

/**
 * The path up to its first `;` (find-my-way's `useSemicolonDelimiter`: the rest is query).
 *
 * @example
 * cutAtSemicolon('/items/1;jsessionid=2') // '/items/1'
 */
export function cutAtSemicolon(path: string): string {
  const at = path.indexOf(';');
  return at === -1 ? path : path.slice(0, at);
}

