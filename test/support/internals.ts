/**
 * Everything the library's modules export, public or not, for tests that exercise internals
 * (the package's root entry, src/index.ts, exports only the public surface, pinned by
 * test/package/public-surface.test.ts): the root's names, and the internal ones beside them.
 *
 * @module
 */
export { isKindName, kindForStatus } from '../../src/core/kinds';
export { ERROR_BRAND } from '../../src/core/errors';
export { normalize, type NormalizedError } from '../../src/core/normalize';
export { DEFAULT_MAX_ERROR_BODY_BYTES } from '../../src/core/decode';
export { compileErrorRules, applyErrorRules, MAX_CAUSE_DEPTH, type CompiledErrorRules, type RuleAnswer } from '../../src/core/error-rules';
export { UPSTREAM_CONNECTION_CODES, UPSTREAM_TIMEOUT_CODES } from '../../src/core/upstream-errors';
export { nextRequestId, isAcceptableRequestId, compileRequestIdPolicy, type RequestIdPolicy } from '../../src/core/request-id';
export { resolveAppConfig, reportError, kindAnswer, KNOWN_OPTIONS, type AppConfig } from '../../src/core/app-config';
export { EXAMPLE_REQUEST_ID } from '../../src/core/openapi/errors-out';
export { appRoutesOf, compileRouteTable, parseRouteKey, type AppRoutes, type CompiledRoute, type ParsedRouteKey, type RouteEntry, type RouteLookup, type RouteTable } from '../../src/core/routes';
export { compileValidationAnswer, createValidationCompiler, validateBody, validateRequestParts, type RequestValidator } from '../../src/core/validation';
export { PROFILE_SCHEMA } from '../../src/core/profile-schema';
export { sanitizeHeaderValue, isHeaderName } from '../../src/core/header-safety';
export { compilePreconditions, evaluatePreconditions, PRECONDITION_CHECKS, preconditionAnswers, type CompiledPreconditions, type PreconditionAnswer, type PreconditionCheck, type PreconditionView, type PreconditionViolation, type ResolvedPreconditionSettings } from '../../src/core/preconditions';
export * from '../../src';
