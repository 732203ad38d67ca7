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
} from './core/profile-types';
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
