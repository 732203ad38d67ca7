/**
 * Vendor-compat errors: ordinary http-errors objects with a brand that names their kind.
 *
 * They keep the http-errors protocol (`status`, `statusCode`, `expose`, `headers`) so that they
 * degrade gracefully under Express's finalhandler or Koa's `ctx.onerror` when our handler is not
 * mounted, and they are recognised by a `Symbol.for` brand, never by `instanceof` alone (Jest
 * realms and duplicate installs break `instanceof`: koa#1466, fastify-error `instanceof.test.js`).
 *
 * @module
 */
import createHttpError from 'http-errors';
import { ERROR_BRAND, isVendorCompatError as isBranded } from './brand';
import { KINDS, isKindName, type KindName } from './kinds';

export { ERROR_BRAND } from './brand';

/** Extra, optional properties a thrown error may carry for the renderer. */
export interface VendorErrorProps {
  /** Overrides the profile's vendor code for this one response, e.g. `'KART30005-E'`. */
  vendorCode?: string;
  /** Fills vendor body fields such as VSP's `solution` or `cause` (rendered only when exposed). */
  details?: Record<string, unknown>;
  /** Extra response headers (http-errors convention), e.g. `{ allow: 'GET, HEAD' }`. */
  headers?: Record<string, string | number | readonly string[]>;
  /** Show the message even on a 5xx (http-errors `expose`). */
  expose?: boolean;
  /** The error this one wraps (ES2022 `Error` cause: own, non-enumerable), e.g. an upstream's ECONNREFUSED. */
  cause?: unknown;
  /** Any other property is copied onto the error, as http-errors' `createError(status, message, props)` does. */
  [property: string]: unknown;
}

/** Props with a meaning of their own; everything else is copied as http-errors copies props. */
const OWN_PROPS: ReadonlySet<string> = new Set(['vendorCode', 'details', 'headers', 'expose', 'cause', 'status', 'statusCode']);

/** An http-errors object branded with its canonical kind. */
export interface VendorCompatError extends Error {
  readonly status: number;
  readonly statusCode: number;
  readonly expose: boolean;
  readonly headers?: Record<string, string>;
  readonly vendorCode?: string;
  readonly details?: Record<string, unknown>;
  readonly [ERROR_BRAND]: KindName;
}

/**
 * Creates a branded error of the given kind. The status is the kind's RFC status; the profile
 * chooses what the vendor answers.
 *
 * @example
 * throw createVendorError('conflict', 'Volume 12 already exists', { vendorCode: 'KART30005-E' })
 */
export function createVendorError(kind: KindName, message?: string, props: VendorErrorProps = {}): VendorCompatError {
  return buildVendorError(kind, message, props, createVendorError);
}

/** Builds the error; `stackTop` is the frame the stack trace starts below (the public factory). */
function buildVendorError(kind: KindName, message: string | undefined, props: VendorErrorProps, stackTop: (...args: never[]) => unknown): VendorCompatError {
  if (!isKindName(kind)) throw new TypeError(`vendor-compat: unknown error kind ${JSON.stringify(kind)}`);
  const { status } = KINDS[kind];
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(props)) if (!OWN_PROPS.has(key)) extra[key] = props[key];
  // http-errors copies `extra` onto the error (for…in, skipping status/statusCode), as its own constructor does.
  const err = createHttpError(status, message ?? '', extra) as unknown as Record<PropertyKey, unknown>;
  if (message === undefined) err.message = '';
  if (Object.prototype.hasOwnProperty.call(props, 'cause')) {
    Object.defineProperty(err, 'cause', { value: props.cause, enumerable: false, writable: true, configurable: true });
  }
  if (props.vendorCode !== undefined) err.vendorCode = props.vendorCode;
  if (props.details !== undefined) err.details = props.details;
  if (props.headers !== undefined) err.headers = props.headers;
  if (props.expose !== undefined) err.expose = props.expose;
  Object.defineProperty(err, ERROR_BRAND, { value: kind, enumerable: false });
  Error.captureStackTrace?.(err as unknown as Error, stackTop);
  return err as unknown as VendorCompatError;
}

/**
 * True when `value` carries the vendor-compat brand, whatever realm or package copy made it
 * (the type guard over `src/core/brand.ts`).
 *
 * @example
 * isVendorCompatError(notFound()) // true
 * isVendorCompatError(new Error('x')) // false
 */
export function isVendorCompatError(value: unknown): value is VendorCompatError {
  return isBranded(value);
}

/** A typed factory for one kind: `(message?, props?) => VendorCompatError`. */
export type ErrorFactory = (message?: string, props?: VendorErrorProps) => VendorCompatError;

function factory(kind: KindName): ErrorFactory {
  const make = (message?: string, props: VendorErrorProps = {}): VendorCompatError => buildVendorError(kind, message, props, make);
  Object.defineProperty(make, 'name', { value: kind });
  return make;
}

/** `throw badRequest("'password' parameter is required.")` → the profile's 400. */
export const badRequest = factory('badRequest');
/** `throw authenticationRequired()`: no credentials were sent (Stratos and HCP answer 403). */
export const authenticationRequired = factory('authenticationRequired');
/** `throw unauthorized()`: credentials were sent and rejected. */
export const unauthorized = factory('unauthorized');
/** `throw forbidden('No permission')` → the profile's 403 (VSP: 404 for GET/HEAD). */
export const forbidden = factory('forbidden');
/** `throw notFound('Tenant t1 does not exist')` → the profile's 404 (HCP HEAD: 302). */
export const notFound = factory('notFound');
/** RFC 9110 §5.6.2 token: what a method is (§9.1). */
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The `Allow` value for a list of methods, or a `TypeError` (RFC 9110 §10.2.1: `#method`). */
function allowValue(allow: unknown): string {
  const items = typeof allow === 'string' ? allow.split(',').map((item) => item.trim()) : Array.isArray(allow) ? (allow as unknown[]) : undefined;
  if (items === undefined || items.length === 0 || items.some((item) => typeof item !== 'string' || !METHOD_TOKEN.test(item))) {
    throw new TypeError(`vendor-compat: methodNotAllowed(allow) needs the methods the resource supports, e.g. methodNotAllowed(['GET', 'HEAD']); got ${JSON.stringify(allow) ?? String(allow)}`);
  }
  return (items as string[]).join(', ');
}

/**
 * A 405 with `Allow` listing the methods the resource supports, which RFC 9110 §15.5.6 requires
 * (an array of method tokens, or a comma-separated string; anything else is a `TypeError`). The
 * `Allow` header is sent only where the vendor answers with 405 (Stratos answers 500, and sends none).
 *
 * @example
 * throw methodNotAllowed(['GET', 'HEAD']) // 405, Allow: GET, HEAD
 * throw methodNotAllowed('GET, PUT', 'Use PUT to update a policy')
 */
export function methodNotAllowed(allow: readonly string[] | string, message?: string, props: VendorErrorProps = {}): VendorCompatError {
  const value = allowValue(allow);
  const headers: Record<string, string | number | readonly string[]> = {};
  for (const [name, header] of Object.entries(props.headers ?? {})) if (name.toLowerCase() !== 'allow') headers[name] = header;
  return buildVendorError('methodNotAllowed', message, { ...props, headers: { allow: value, ...headers } }, methodNotAllowed);
}
/** `throw notAcceptable()` → 406, or HCP's 415. */
export const notAcceptable = factory('notAcceptable');
/** `throw proxyAuthenticationRequired()` → 407. */
export const proxyAuthenticationRequired = factory('proxyAuthenticationRequired');
/** `throw requestTimeout()` → 408 or the vendor's substitute. */
export const requestTimeout = factory('requestTimeout');
/** `throw conflict('Resource already exists')` → 409 (HCP: PUT only). */
export const conflict = factory('conflict');
/** `throw gone()` → 410 or the vendor's substitute. */
export const gone = factory('gone');
/** `throw lengthRequired()` → 411 (VSP) or the vendor's substitute. */
export const lengthRequired = factory('lengthRequired');
/** `throw preconditionFailed()` → 412 or the vendor's substitute. */
export const preconditionFailed = factory('preconditionFailed');
/** `throw payloadTooLarge()` → 413 (APIG.0201) or the vendor's substitute. */
export const payloadTooLarge = factory('payloadTooLarge');
/** `throw uriTooLong()` → 414 or the vendor's substitute. */
export const uriTooLong = factory('uriTooLong');
/** `throw unsupportedMediaType()` → 415 (MPC: 400 MPC.10205). */
export const unsupportedMediaType = factory('unsupportedMediaType');
/** `throw expectationFailed()` → 417 (VSP) or the vendor's substitute. */
export const expectationFailed = factory('expectationFailed');
/** `throw unprocessableEntity('name is empty')` → 422 or the vendor's substitute. */
export const unprocessableEntity = factory('unprocessableEntity');
/** `throw tooManyRequests()` → 429 (APIG.0308) or the vendor's substitute. */
export const tooManyRequests = factory('tooManyRequests');
/** `throw headersTooLarge()` → 431 (APIG: 494). */
export const headersTooLarge = factory('headersTooLarge');
/** `throw internalServerError()` → 500; the message is never shown unless `expose: true`. */
export const internalServerError = factory('internalServerError');
/** `throw notImplemented()` → 501 or the vendor's substitute. */
export const notImplemented = factory('notImplemented');
/** `throw badGateway()` → 502 (APIG.0202). */
export const badGateway = factory('badGateway');
/** `throw serviceUnavailable()` → 503 (VSP adds Retry-After). */
export const serviceUnavailable = factory('serviceUnavailable');
/** `throw gatewayTimeout()` → 504 (APIG.0203). */
export const gatewayTimeout = factory('gatewayTimeout');
