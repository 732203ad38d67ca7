/**
 * Header records as decoders read them: one lower-cased name → one value, whatever the caller
 * holds (a plain object in any case, a Fetch `Headers`, Node's `IncomingHttpHeaders`, or Node's
 * flat `rawHeaders` list). Field names are case-insensitive (RFC 9110 §5.1); repeated fields
 * are joined with ", " (RFC 9110 §5.3). Never throws.
 *
 * @module
 */

/** Most header fields read from one answer (a hostile upstream cannot make decoding slow). */
const MAX_FIELDS = 256;
/** Longest value kept per field. */
const MAX_VALUE = 8192;

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) {
    const parts = value.filter((item): item is string => typeof item === 'string');
    return parts.length === 0 ? undefined : textOf(parts.join(', '));
  }
  return undefined;
}

function add(out: Map<string, string>, name: unknown, value: unknown): void {
  if (typeof name !== 'string' || name.length === 0 || out.size >= MAX_FIELDS) return;
  const text = textOf(value);
  if (text === undefined) return;
  const lower = name.toLowerCase();
  const previous = out.get(lower);
  out.set(lower, previous === undefined ? text : textOf(`${previous}, ${text}`) ?? previous);
}

/**
 * Reads any header container into a `Map` of lower-cased names. Unknown shapes give an empty map.
 *
 * @example
 * headerMap({ 'Content-Type': 'application/json' }).get('content-type') // 'application/json'
 * headerMap(new Headers({ 'X-Request-Id': 'abc' })).get('x-request-id') // 'abc'
 * headerMap(['Retry-After', '120']).get('retry-after') // '120' (Node's rawHeaders)
 */
export function headerMap(headers: unknown): Map<string, string> {
  const out = new Map<string, string>();
  try {
    if (headers === null || typeof headers !== 'object') return out;
    if (Array.isArray(headers)) {
      // Node's rawHeaders ([name, value, name, value, …]) or a list of [name, value] pairs.
      for (let i = 0; i < headers.length && i < MAX_FIELDS * 2; i++) {
        const item: unknown = headers[i];
        if (Array.isArray(item)) add(out, item[0], item[1]);
        else if (typeof item === 'string') add(out, item, headers[++i]);
      }
      return out;
    }
    const fetchLike = headers as { forEach?: unknown; get?: unknown };
    if (typeof fetchLike.forEach === 'function' && typeof fetchLike.get === 'function') {
      (fetchLike.forEach as (callback: (value: string, name: string) => void) => void).call(headers, (value, name) => add(out, name, value));
      return out;
    }
    for (const name of Object.keys(headers).slice(0, MAX_FIELDS)) add(out, name, (headers as Record<string, unknown>)[name]);
  } catch {
    return out; // a Proxy or a throwing getter: what was read so far
  }
  return out;
}
