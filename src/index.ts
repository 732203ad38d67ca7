/**
 * vendor-compat: answer request-precondition violations and thrown errors exactly like a
 * vendor's REST API. The root entry is framework-free: profiles, the renderer, the error
 * factories. Adapters live at `vendor-compat/express`, `vendor-compat/koa`, `vendor-compat/node`.
 *
 * @example
 * import { profiles, render, notFound } from 'vendor-compat'
 * render(notFound('Tenant t1 does not exist'), profiles.hcp, { method: 'GET', path: '/mapi/tenants/t1' })
 *
 * @module
 */
export { KINDS, KIND_NAMES, isKindName, kindForStatus, type KindName } from './core/kinds';
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
} from './core/errors';
export { normalize, type NormalizedError } from './core/normalize';
export {
  decodeError,
  errorFromResponse,
  errorFromResponseAsync,
  DEFAULT_MAX_ERROR_BODY_BYTES,
  type DecodedError,
  type ErrorAnswer,
  type ErrorFromResponseOptions,
  type KindMatch,
  type ReadResponseOptions,
  type UpstreamAnswerInfo,
  type UpstreamError,
} from './core/decode';
export { compileErrorRules, applyErrorRules, MAX_CAUSE_DEPTH, type ErrorRule, type CompiledErrorRules, type RuleAnswer } from './core/error-rules';
export { upstreamErrors, UPSTREAM_CONNECTION_CODES, UPSTREAM_TIMEOUT_CODES } from './core/upstream-errors';
export { nextRequestId, isAcceptableRequestId, compileRequestIdPolicy, type RequestIdOptions, type RequestIdPolicy } from './core/request-id';
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
} from './core/app-config';
export { render, type RenderOptions, type RenderedError, type RequestView } from './core/render';
export {
  defineProfile,
  ProfileValidationError,
  type DefineProfileOptions,
  type Profile,
  type ProfileProblem,
} from './core/define-profile';
export type {
  KindEntry,
  MethodRule,
  PreconditionSettings,
  ProfileDocument,
  ProfileSource,
  RequestIdSettings,
  ValidationRule,
  ValidationSettings,
} from './core/profile-types';
export {
  addErrorResponses,
  type AddErrorResponsesOptions,
} from './core/openapi/add-error-responses';
export {
  openapiErrors,
  EXAMPLE_REQUEST_ID,
  type OpenapiErrorComponents,
  type OpenapiErrorsOptions,
  type OpenapiResponse,
} from './core/openapi/errors-out';
export { routesFromOpenapi, type OpenapiRoutes } from './core/openapi/from-document';
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
} from './core/routes';
export {
  compileValidationAnswer,
  createValidationCompiler,
  validateBody,
  validateRequestParts,
  type RequestLocation,
  type RequestValidationError,
  type RequestValidator,
  type ValidationFailure,
} from './core/validation';
export { PROFILE_SCHEMA } from './core/profile-schema';
export { sanitizeHeaderValue, isHeaderName } from './core/header-safety';
export { profiles, type ProfileName } from './profiles';
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
} from './core/preconditions';
