/**
 * vendor-compat: answer request-precondition violations and thrown errors exactly like a
 * vendor's REST API. The root entry is framework-free: the error factories, the profiles, the
 * renderer, reading vendor answers back, and the OpenAPI helpers. Adapters live at
 * `vendor-compat/express`, `/koa`, `/node`, `/fastify`, `/hono` and `/fetch`.
 *
 * @example
 * import { profiles, render, notFound } from 'vendor-compat'
 * render(notFound('Tenant t1 does not exist'), profiles.hcp, { method: 'GET', path: '/mapi/tenants/t1' })
 *
 * @module
 */
export { KINDS, KIND_NAMES, type KindName } from './core/kinds';
export {
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
export {
  decodeError,
  errorFromResponse,
  type AnswerRecord,
  type DecodedError,
  type ErrorAnswer,
  type ErrorFromResponseOptions,
  type KindMatch,
  type StreamedMessage,
  type StreamedResponse,
  type UpstreamAnswerInfo,
  type UpstreamError,
} from './core/decode';
export { upstreamErrors } from './core/upstream-errors';
export type { ErrorRule } from './core/error-rules';
export type { RequestIdOptions } from './core/request-id';
export type { FaultOptions, FaultRule } from './core/engine/faults';
export type { BuiltInProfileVars, ErrorEvent, ErrorSource, OnError, VarsFor, VendorCompatOptions } from './core/app-config';
export { render, type RenderOptions, type RenderedError, type RequestView, type SendErrorOptions } from './core/render';
export { defineProfile, ProfileValidationError, type DefineProfileOptions, type Profile, type ProfileProblem } from './core/define-profile';
export type {
  BodyFormat,
  CodeEntry,
  KindEntry,
  MethodRule,
  PreconditionSettings,
  ProfileDocument,
  ProfileSource,
  RequestIdSettings,
  ValidationRule,
  ValidationSettings,
  XmlBodySettings,
} from './core/profile-types';
export { addErrorResponses, type AddErrorResponsesOptions } from './core/openapi/add-error-responses';
export { openapiErrors, type OpenapiErrorComponents, type OpenapiErrorsOptions, type OpenapiResponse } from './core/openapi/errors-out';
export { routesFromOpenapi, type OpenapiRoutes } from './core/openapi/from-document';
export { openapiReport } from './core/openapi/check';
export { formatOpenapiReport, type OpenapiReport, type OpenapiReportItem } from './core/openapi/report';
export type { FormatDefinitions } from './core/validation/ajv';
export type { RouteSchemas, RouteSettings, RouteTableOptions } from './core/routes';
export { RequestValidationError, type RequestLocation, type ValidationFailure } from './core/validation';
export { profiles, type ProfileName } from './profiles';
export type { PreconditionOverrides } from './core/preconditions';
