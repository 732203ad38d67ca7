/**
 * The validators `defineProfile` uses, loaded when first needed rather than with the package: a
 * built-in profile has its validators precompiled (src/generated/built-in-profiles.ts, by
 * scripts/build-validators.ts), so loading the package and defining a built-in profile load
 * neither ajv nor the profile-document validator.
 *
 * @module
 */
import type { default as AjvClass, ValidateFunction } from 'ajv';
import type * as ProfileDocumentModule from '../generated/profile-document';

/**
 * The precompiled profile-document validator (ajv's standalone code for `PROFILE_SCHEMA`, with
 * the options `{ allErrors: true, strict: false, inlineRefs: false }`), loaded on the first custom
 * profile: the module is large and a built-in profile never needs it.
 *
 * @example
 * profileDocumentValidator()({ name: 'acme' }) // false: title, statuses, … are missing
 */
export function profileDocumentValidator(): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- a lazy load: an import would parse it with the package
  return (require('../generated/profile-document') as typeof ProfileDocumentModule).profileDocumentValidator();
}

/**
 * Compiles a custom profile's `bodySchema` with ajv, loaded on the first call.
 *
 * @example
 * compileBodySchema({ type: 'object', required: ['err'] })({}) // false
 */
export function compileBodySchema(schema: unknown): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- a lazy load: an import would load ajv with the package
  const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
  return new Ajv({ allErrors: true, strict: false }).compile(schema as object);
}

/**
 * A profile's `validateBody` over an ajv validator: the problems, one string each.
 *
 * @example
 * bodyValidatorOf(compileBodySchema({ type: 'object', required: ['err'] }))({}) // ["/ must have required property 'err'"]
 */
export function bodyValidatorOf(validator: ValidateFunction): (payload: unknown) => readonly string[] {
  return (payload: unknown): readonly string[] =>
    validator(payload) ? [] : (validator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
