/**
 * The path prefix a `servers` list gives its operations (OpenAPI §4.8.5 Server Object; a Path
 * Item's or an Operation's `servers` replace the document's, §4.8.9.1 and §4.8.10.1).
 *
 * @module
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shown(tokens: readonly string[]): string {
  return `#${tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
}

/**
 * The path prefix of a `servers` list's first URL (`https://{region}.example.com/v1` → `/v1`),
 * with server variables at their defaults (OpenAPI §4.8.6: `default` is required). The path keeps
 * every character RFC 3986 §3.3 allows in a segment (`+`, sub-delims); undefined when there are no
 * servers (the enclosing level's prefix applies). Problems are pushed to `problems`.
 *
 * @example
 * prefixOf([{ url: 'https://{region}.example.com/v1+beta', variables: { region: { default: 'eu' } } }], ['servers'], []) // '/v1+beta'
 */
export function prefixOf(servers: unknown, tokens: readonly string[], problems: string[]): string | undefined {
  if (!Array.isArray(servers) || servers.length === 0) return undefined;
  const server = servers[0] as unknown;
  const at = shown([...tokens, '0']);
  if (!isObject(server) || typeof server.url !== 'string') {
    problems.push(`${at}/url: must be a string`);
    return undefined;
  }
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    if (isObject(variable) && typeof variable.default === 'string') return variable.default;
    problems.push(`${at}/variables/${name}: a server variable needs a string default`);
    return whole;
  });
  let path: string;
  try {
    path = /^[a-z][a-z0-9+.-]*:/i.test(url) ? new URL(url).pathname : new URL(url, 'http://relative.invalid').pathname;
  } catch {
    problems.push(`${at}/url: not a URL (${JSON.stringify(server.url)})`);
    return undefined;
  }
  return path.replace(/\/+$/, '');
}
