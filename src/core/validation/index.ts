/**
 * Request validation, framework-free: schemas compiled once with ajv (strict, ajv-formats),
 * requests judged without being modified, failures answered in the profile's words.
 *
 * @example
 * import { compileValidationAnswer, createValidationCompiler, validateRequestParts } from './validation'
 * const failures = validateRequestParts(validator, { params: { id: 'x' }, url: '/ldevs/x', headers: {}, hasBody: false })
 * if (failures) throw compileValidationAnswer(profile.document.validation)(failures)
 *
 * @module
 */
export { createRequestAjv, type RequestAjv, type SchemaDialect } from './ajv';
export { compileValidationAnswer, DEFAULT_VALIDATION, RequestValidationError, type ValidationAnswer } from './answer';
export {
  createValidationCompiler,
  type BodySchema,
  type RequestValidator,
  type SchemaDocument,
  type ValidationCompiler,
  type ValidationExtra,
} from './compile';
export { failureOf, safeText, type RequestLocation, type ValidationFailure } from './failure';
export { DEFAULT_MAX_FIELD, queryOf, validateBody, validateRequestParts, type RequestParts } from './request';
