/**
 * Validation failures as plain data: which request part failed, which field, why, and where (a
 * JSON Pointer into the body, RFC 6901, written as a URI fragment as RFC 9457 §3's example
 * does). Built from ajv's error objects; reasons are short English phrases that read after a
 * field name (`start_time is required`, `capacityInGB must be integer`).
 *
 * @module
 */
import type { ErrorObject } from 'ajv';

/**
 * The request part a failure is in (OpenAPI's parameter `in`, plus the body).
 *
 * @example
 * const where: RequestLocation = 'query'
 */
export type RequestLocation = 'path' | 'query' | 'header' | 'body';

/**
 * One failure.
 *
 * @example
 * { location: 'body', keyword: 'additionalProperties', field: 'capacityInGB', pointer: '#/capacityInGB', reason: 'is not a supported parameter' }
 */
export interface ValidationFailure {
  readonly location: RequestLocation;
  /** The ajv keyword that failed (`required`, `type`, `additionalProperties`, `format`, ...). */
  readonly keyword: string;
  /** The failing member's name (the parameter, or the body member); the location for a whole-part failure. */
  readonly field: string;
  /** JSON Pointer fragment (`#/items/0/name`) into the part's value. */
  readonly pointer: string;
  readonly reason: string;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** RFC 6901 §3: `~` → `~0`, `/` → `~1`. */
function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * A name from the request or the schema, made safe to show: no control characters, bounded.
 *
 * @example
 * safeText('a\r\nb', 64) // 'a  b'
 */
export function safeText(text: string, max: number): string {
  const clean = text.replace(CONTROL, ' ');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function reasonOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not a supported parameter';
    case 'format':
      return `must be a valid ${String(params.format)}`;
    case 'enum':
      return 'must be one of the allowed values';
    case 'const':
      return 'must be the allowed value';
    case 'type':
      return `must be ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Turns one ajv error into a failure of `location`; names longer than `maxField` are cut.
 *
 * @example
 * failureOf({ keyword: 'required', instancePath: '', params: { missingProperty: 'password' }, schemaPath: '#/required' }, 'query', 64)
 * // { location: 'query', keyword: 'required', field: 'password', pointer: '#/password', reason: 'is required' }
 */
export function failureOf(error: ErrorObject, location: RequestLocation, maxField: number): ValidationFailure {
  const params = error.params as Record<string, unknown>;
  const tokens = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map(unescapePointer);
  const member = error.keyword === 'required' ? params.missingProperty : error.keyword === 'additionalProperties' ? params.additionalProperty : error.keyword === 'unevaluatedProperties' ? params.unevaluatedProperty : undefined;
  if (typeof member === 'string') tokens.push(member);
  // The field a vendor names is a member, not an array index: `/items/0` names `items`.
  let field: string = location;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i] as string;
    if (!/^\d+$/.test(token)) {
      field = token;
      break;
    }
  }
  const pointer = `#${tokens.map((token) => `/${escapePointer(token)}`).join('')}`;
  return Object.freeze({ location, keyword: error.keyword, field: safeText(field, maxField), pointer: safeText(pointer, maxField * 4), reason: reasonOf(error) });
}
