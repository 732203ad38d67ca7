/**
 * Media types (RFC 9110 §8.3.1: `type "/" subtype *( OWS ";" OWS parameter )`), parsed in one
 * place, with jshttp `content-type` (what Express's body-parser and type-is use). Pure: no
 * `node:*`, so the Fetch entry loads it too.
 *
 * @module
 */
import type * as ContentType from 'content-type';

let parse: typeof ContentType.parse | undefined;

/**
 * jshttp `content-type`'s parser, loaded on the first media type parsed rather than with the
 * package (a cold start that answers before any body arrives never loads it; BENCHMARKS.md "Cold
 * start").
 */
function contentTypeParse(): typeof ContentType.parse {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- a lazy load (scripts/esm-require.mjs in the ESM build)
  return (parse ??= (require('content-type') as typeof ContentType).parse);
}

/** A parsed media type: `type/subtype` lower-cased, parameter names lower-cased, values as sent (unquoted). */
export interface MediaType {
  readonly type: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/**
 * Parses a Content-Type value strictly (RFC 9110 §8.3.1), or returns undefined when it is not
 * one (absent, not a string, malformed type or parameters).
 *
 * @example
 * parseMediaType('Application/JSON; charset="UTF-8"') // { type: 'application/json', parameters: { charset: 'UTF-8' } }
 * parseMediaType('application/json;') // undefined
 */
export function parseMediaType(value: unknown): MediaType | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const parsed = contentTypeParse()(value);
    return { type: parsed.type, parameters: { ...parsed.parameters } };
  } catch {
    return undefined; // content-type throws a TypeError for anything malformed
  }
}

/**
 * The lower-cased `type/subtype` a Content-Type value names, read past malformed parameters (a
 * body's type is what it names; whether the value is well-formed is the preconditions' verdict),
 * or undefined when there is none. Equal to `parseMediaType(value).type` for a well-formed value.
 *
 * @example
 * mediaTypeEssence('Application/JSON; charset=UTF-8') // 'application/json'
 * mediaTypeEssence('application/json;') // 'application/json'
 */
export function mediaTypeEssence(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseMediaType(value);
  if (parsed !== undefined) return parsed.type;
  const semicolon = value.indexOf(';');
  const essence = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/**
 * True for a JSON media type: `application/json` (RFC 8259 §1) or `application/<name>+json`
 * (RFC 6839 §3.1 structured syntax suffix), whatever its parameters.
 *
 * @example
 * isJsonMediaType('application/problem+json; charset=utf-8') // true
 * isJsonMediaType('text/json') // false
 */
export function isJsonMediaType(value: unknown): boolean {
  const type = mediaTypeEssence(value);
  if (type === undefined) return false;
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json') && type.length > 'application/+json'.length);
}

/**
 * True when `actual` is the media type `expected` names: the same `type/subtype`, and every
 * parameter `expected` lists with the same value, case-insensitively as charset values are
 * (RFC 9110 §8.3.1). A malformed `actual` is compared by its type alone (it has no parameters).
 *
 * @example
 * sameMediaType('application/json; charset=utf-8', 'application/json;charset=UTF-8') // true
 */
export function sameMediaType(actual: string, expected: string): boolean {
  if (mediaTypeEssence(actual) !== mediaTypeEssence(expected)) return false;
  const a = parseMediaType(actual)?.parameters ?? {};
  const e = parseMediaType(expected)?.parameters ?? {};
  for (const name of Object.keys(e)) if (a[name]?.toLowerCase() !== e[name]?.toLowerCase()) return false;
  return true;
}
