/**
 * Everything the library's modules export, public or not, for tests that exercise internals
 * (the package's root entry, src/index.ts, exports only the public surface, pinned by
 * test/package/exports.test.ts).
 *
 * @module
 */
export { KINDS, KIND_NAMES, isKindName, kindForStatus, type KindName } from '../../src/core/kinds';
export {
  ERROR_BRAND,
  createVendorError,
  isVendorCompatError,
  badRequest,
  authenticationRequired,
  unauthorized,
  forbidden,
  notFound,
  methodNotAllowed,
  notAcceptable,
  proxyAuthenticationRequired,
  requestTimeout,
  conflict,
  gone,
  lengthRequired,
  preconditionFailed,
  payloadTooLarge,
  uriTooLong,
  unsupportedMediaType,
  expectationFailed,
  unprocessableEntity,
  tooManyRequests,
  headersTooLarge,
  internalServerError,
  notImplemented,
  badGateway,
  serviceUnavailable,
  gatewayTimeout,
  type ErrorFactory,
  type VendorCompatError,
  type VendorErrorProps,
} from '../../src/core/errors';
export { normalize, type NormalizedError } from '../../src/core/normalize';
export {
  decodeError,
  errorFromResponse,
  DEFAULT_MAX_ERROR_BODY_BYTES,
  type DecodedError,
  type ErrorAnswer,
  type ErrorFromResponseOptions,
  type KindMatch,
  type UpstreamAnswerInfo,
  type UpstreamError,
} from '../../src/core/decode';
export { compileErrorRules, applyErrorRules, MAX_CAUSE_DEPTH, type ErrorRule, type CompiledErrorRules, type RuleAnswer } from '../../src/core/error-rules';
export { upstreamErrors, UPSTREAM_CONNECTION_CODES, UPSTREAM_TIMEOUT_CODES } from '../../src/core/upstream-errors';
export { nextRequestId, isAcceptableRequestId, compileRequestIdPolicy, type RequestIdOptions, type RequestIdPolicy } from '../../src/core/request-id';
export {
  resolveAppConfig,
  renderFor,
  reportError,
  kindAnswer,
  KNOWN_OPTIONS,
  type AppConfig,
  type BuiltInProfileVars,
  type ErrorEvent,
  type ErrorSource,
  type OnError,
  type VarsFor,
  type VendorCompatOptions,
} from '../../src/core/app-config';
export { render, type RenderOptions, type RenderedError, type RequestView } from '../../src/core/render';
export {
  defineProfile,
  ProfileValidationError,
  type DefineProfileOptions,
  type Profile,
  type ProfileProblem,
} from '../../src/core/define-profile';
export type {
  KindEntry,
  MethodRule,
  PreconditionSettings,
  ProfileDocument,
  ProfileSource,
  RequestIdSettings,
  ValidationRule,
  ValidationSettings,
} from '../../src/core/profile-types';
export {
  addErrorResponses,
  type AddErrorResponsesOptions,
} from '../../src/core/openapi/add-error-responses';
export {
  openapiErrors,
  EXAMPLE_REQUEST_ID,
  type OpenapiErrorComponents,
  type OpenapiErrorsOptions,
  type OpenapiResponse,
} from '../../src/core/openapi/errors-out';
export { routesFromOpenapi, type OpenapiRoutes } from '../../src/core/openapi/from-document';
export {
  appRoutesOf,
  compileRouteTable,
  parseRouteKey,
  type AppRoutes,
  type CompiledRoute,
  type ParsedRouteKey,
  type RouteEntry,
  type RouteLookup,
  type RouteSchemas,
  type RouteSettings,
  type RouteTable,
  type RouteTableOptions,
} from '../../src/core/routes';
export {
  compileValidationAnswer,
  createValidationCompiler,
  validateBody,
  validateRequestParts,
  type RequestLocation,
  RequestValidationError,
  type RequestValidator,
  type ValidationFailure,
} from '../../src/core/validation';
export { PROFILE_SCHEMA } from '../../src/core/profile-schema';
export { sanitizeHeaderValue, isHeaderName } from '../../src/core/header-safety';
export { profiles, type ProfileName } from '../../src/profiles';
export {
  compilePreconditions,
  evaluatePreconditions,
  PRECONDITION_CHECKS,
  preconditionAnswers,
  type CompiledPreconditions,
  type PreconditionAnswer,
  type PreconditionCheck,
  type PreconditionOverrides,
  type PreconditionView,
  type PreconditionViolation,
  type ResolvedPreconditionSettings,
} from '../../src/core/preconditions';
export * from '../../src';
