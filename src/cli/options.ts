/**
 * Command-line options shared by `probe` and `record` (`node:util` parseArgs), validated into
 * a {@link Target}: the base URL, `--insecure`, `--timeout`, `--header 'Name: value'` (repeatable).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import type { Target } from './transport';

/**
 * Thrown for a usage error; the dispatcher prints the message and the usage, and exits 2.
 *
 * @example
 * throw new UsageError('missing <base-url>')
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The parsed options of `probe` and `record`. */
export interface CommonOptions {
  readonly target: Target;
  readonly path: string;
  /** The method `--path` carries (`--path POST:/v1/volumes`), or undefined: discover it. */
  readonly method: string | undefined;
  readonly unknownPath: string;
  readonly json: boolean;
  readonly concurrency: number;
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
}

const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*([\t\x20-\x7e]*)$/;

/**
 * Parses `args` (after the command name). `extra` declares the command's own string options.
 *
 * @example
 * parseCommon(['http://127.0.0.1:3000', '--profile', 'vsp', '--path', '/demo/items'], ['profile']).path // '/demo/items'
 */
export function parseCommon(args: readonly string[], extra: readonly string[]): CommonOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        path: { type: 'string' },
        'unknown-path': { type: 'string' },
        header: { type: 'string', multiple: true, short: 'H' },
        insecure: { type: 'boolean', short: 'k' },
        timeout: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean' },
        ...Object.fromEntries(extra.map((name) => [name, { type: 'string' as const }])),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [base, ...rest] = parsed.positionals;
  if (base === undefined) throw new UsageError('missing <base-url>');
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`invalid <base-url> ${JSON.stringify(base)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('<base-url> must be http:// or https://');
  const headers: Record<string, string> = {};
  for (const line of parsed.values.header ?? []) {
    const match = HEADER_LINE.exec(line);
    if (match === null) throw new UsageError(`--header ${JSON.stringify(line)}: expected 'Name: value'`);
    headers[match[1] as string] = match[2] as string;
  }
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const text = parsed.values[name as 'timeout'];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
    return value;
  };
  const given = parsed.values.path ?? (url.pathname === '/' ? '/' : url.pathname + url.search);
  // `--path POST:/v1/volumes`: the route and the method it accepts (a token, RFC 9110 §9.1).
  const withMethod = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):(\/.*)$/.exec(given);
  const path = withMethod === null ? given : (withMethod[2] as string);
  const method = withMethod === null ? undefined : (withMethod[1] as string).toUpperCase();
  if (!path.startsWith('/')) throw new UsageError('--path must start with / (or METHOD:/path)');
  const unknownPath = parsed.values['unknown-path'] ?? '/vendor-compat-probe/no-such-route';
  if (!unknownPath.startsWith('/')) throw new UsageError('--unknown-path must start with /');
  return {
    target: { url, insecure: parsed.values.insecure === true, timeoutMs: number('timeout', 5000, 50, 600000), headers },
    path,
    method,
    unknownPath,
    json: parsed.values.json === true,
    concurrency: number('concurrency', 8, 1, 64),
    values: parsed.values as Record<string, string | boolean | undefined>,
  };
}
