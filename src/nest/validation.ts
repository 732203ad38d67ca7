/**
 * class-validator's errors (what Nest's `ValidationPipe` hands its `exceptionFactory`) as the
 * library's validation failures, so that a DTO that fails validation is answered as the route
 * table's validation answers: the profile's `validation` section names the failing field in the
 * vendor's words (APIG.2011, KART40038-E, RFC 9457 `errors` with JSON Pointers).
 *
 * A missing value is the keyword `required` (reason `is required`) and a property the whitelist
 * forbids is `additionalProperties` (`is not a supported parameter`), as ajv names them, so the
 * profiles' rules for those keywords apply; any other constraint keeps class-validator's name
 * (`isString`, `min`, ...) and its message, without the leading property name, as the reason.
 *
 * @module
 */
import type { RequestLocation, ValidationFailure } from '../core/validation/failure';
import { safeText } from '../core/validation/failure';

/**
 * The members of class-validator's `ValidationError` read here.
 *
 * @example
 * const error: ClassValidatorError = { property: 'size', value: 'x', constraints: { isInt: 'size must be an integer number' } }
 */
export interface ClassValidatorError {
  readonly property: string;
  readonly value?: unknown;
  readonly constraints?: Readonly<Record<string, string>>;
  readonly children?: readonly ClassValidatorError[];
}

/** class-validator's constraint for a property the whitelist forbids (`forbidNonWhitelisted`). */
const WHITELIST = 'whitelistValidation';
/** Constraints that, failing on `null`, say the value is absent. */
const PRESENCE: ReadonlySet<string> = new Set(['isDefined', 'isNotEmpty']);

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1'); // RFC 6901 §3
}

/** The constraint's message without the leading property name ("name must be a string" → "must be a string"). */
function reasonOf(message: string, property: string): string {
  for (const prefix of [`property ${property} `, `${property} `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}

function failureOf(error: ClassValidatorError, path: readonly string[], location: RequestLocation, maxField: number): ValidationFailure | undefined {
  const constraints = error.constraints ?? {};
  const names = Object.keys(constraints);
  if (names.length === 0) return undefined;
  let keyword = names[0] as string;
  let reason = reasonOf(constraints[keyword] ?? 'is invalid', error.property);
  if (names.includes(WHITELIST)) {
    keyword = 'additionalProperties';
    reason = 'is not a supported parameter';
  } else if (error.value === undefined || (error.value === null && names.some((name) => PRESENCE.has(name)))) {
    keyword = 'required';
    reason = 'is required';
  }
  // The field a vendor names is a member, not an array index (`items/0` names `items`).
  const field = [...path].reverse().find((token) => !/^\d+$/.test(token)) ?? location;
  const pointer = `#${path.map((token) => `/${escapePointer(token)}`).join('')}`;
  return Object.freeze({ location, keyword, field: safeText(field, maxField), pointer: safeText(pointer, maxField * 4), reason: safeText(reason, 256) });
}

function collect(errors: readonly ClassValidatorError[], path: readonly string[], location: RequestLocation, maxField: number, out: ValidationFailure[]): void {
  for (const error of errors) {
    if (error === null || typeof error !== 'object' || typeof error.property !== 'string') continue;
    const here = [...path, error.property];
    const failure = failureOf(error, here, location, maxField);
    if (failure !== undefined) out.push(failure);
    if (Array.isArray(error.children)) collect(error.children, here, location, maxField, out);
  }
}

/**
 * The failures in class-validator's errors, depth first, in the order class-validator reports them.
 *
 * @example
 * failuresOf([{ property: 'size', value: 'x', constraints: { isInt: 'size must be an integer number' } }], 'body', 64)
 * // [{ location: 'body', keyword: 'isInt', field: 'size', pointer: '#/size', reason: 'must be an integer number' }]
 */
export function failuresOf(errors: readonly ClassValidatorError[], location: RequestLocation, maxField: number): ValidationFailure[] {
  const out: ValidationFailure[] = [];
  collect(Array.isArray(errors) ? errors : [], [], location, maxField, out);
  return out;
}

/**
 * Where a pipe's argument comes from (Nest's `ArgumentMetadata.type`), as a request location.
 *
 * @example
 * locationOf('query') // 'query'
 */
export function locationOf(type: unknown): RequestLocation {
  return type === 'query' ? 'query' : type === 'param' ? 'path' : 'body';
}
