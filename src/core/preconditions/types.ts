/**
 * Types shared by the precondition checks: the request view they read, the violation they
 * return, the overrides an app or a route may set, and the compiled form they run on.
 *
 * @module
 */
import type { KindName } from '../kinds';
import type { PreconditionSettings } from '../profile-types';

/**
 * A request header value as Node's `IncomingMessage.headers` holds it (names lower-cased).
 *
 * @example
 * const accept: HeaderValue = req.headers.accept // 'application/json' or undefined
 */
export type HeaderValue = string | readonly string[] | undefined;

/**
 * What the checks read from a request. A Node `IncomingMessage` is one as it is (no copy).
 *
 * @example
 * const view: PreconditionView = { method: 'POST', url: '/mapi/tenants', headers: { 'content-type': 'text/plain', 'content-length': '3' } }
 */
export interface PreconditionView {
  /** The request method, as received (methods are case-sensitive, RFC 9110 §9.1). */
  readonly method?: string;
  /** The raw request-target (`/path?query`), as received. */
  readonly url?: string;
  /** Request headers with lower-cased names. */
  readonly headers: Readonly<Record<string, HeaderValue>>;
}

/**
 * The first precondition a request violates: the canonical kind the profile renders, a
 * diagnostic detail (for logs and tests; the response carries the profile's message), and
 * headers the response must carry (`Allow` on 405, RFC 9110 §15.5.6).
 *
 * @example
 * { kind: 'methodNotAllowed', detail: 'DELETE is not one of GET, HEAD, POST', headers: { allow: 'GET, HEAD, POST' } }
 */
export interface PreconditionViolation {
  readonly kind: KindName;
  readonly detail?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Settings an app (`vendorCompat({ preconditions })`) or a route (`vc.route(...)`) may override.
 * Every key is optional; `null` disables a limit or a media-type check.
 *
 * @example
 * const overrides: PreconditionOverrides = { methods: ['GET', 'POST'], requestMediaTypes: ['application/json'], maxBodyBytes: 1024 }
 */
export interface PreconditionOverrides extends Partial<PreconditionSettings> {
  /** The methods the resource supports; others get 405 with `Allow`. HEAD is implied by GET. */
  readonly methods?: readonly string[] | null;
}

/**
 * The effective settings after merging overrides over the profile's (plain, frozen data).
 *
 * @example
 * compilePreconditions(profiles.vsp.document.preconditions, { methods: ['GET'] }).settings.methods // ['GET']
 */
export interface ResolvedPreconditionSettings extends PreconditionSettings {
  readonly methods: readonly string[] | null;
}

/**
 * Precomputed violations: the checks return these frozen objects and allocate nothing.
 *
 * @example
 * compiled.violations.lengthRequired // { kind: 'lengthRequired', detail: 'a body was sent without Content-Length (RFC 9110 §15.5.12)' }
 */
export interface CompiledViolations {
  readonly uriTooLong: PreconditionViolation;
  readonly invalidContentLength: PreconditionViolation;
  readonly lengthAndTransferEncoding: PreconditionViolation;
  readonly transferCodingUnsupported: PreconditionViolation;
  readonly methodNotAllowed: PreconditionViolation;
  readonly expectationFailed: PreconditionViolation;
  readonly lengthRequired: PreconditionViolation;
  readonly payloadTooLarge: PreconditionViolation;
  readonly contentTypeMissing: PreconditionViolation;
  readonly contentTypeUnsupported: PreconditionViolation;
  readonly contentTypeMalformed: PreconditionViolation;
  readonly notAcceptable: PreconditionViolation;
}

/**
 * A set of media types split for fast matching (all lower case, parameters dropped).
 *
 * @example
 * // ['application/json', 'text/*'] →
 * { exact: new Set(['application/json']), anySubtype: new Set(['text']), any: false }
 */
export interface MediaTypeMatcher {
  /** `type/subtype` entries. */
  readonly exact: ReadonlySet<string>;
  /** Main types listed as `type/*`. */
  readonly anySubtype: ReadonlySet<string>;
  /** `*\/*` was listed: any well-formed type matches. */
  readonly any: boolean;
}

/**
 * The compiled form `evaluatePreconditions` runs on; build it once per app or route.
 *
 * @example
 * const compiled: CompiledPreconditions = compilePreconditions(profiles.apig.document.preconditions)
 * compiled.maxBodyBytes // 12582912
 */
export interface CompiledPreconditions {
  readonly settings: ResolvedPreconditionSettings;
  /** `Infinity` when disabled. */
  readonly maxUriBytes: number;
  readonly uriBase: string | undefined;
  /** Allowed methods (HEAD added when GET is there), or null for no method check. */
  readonly methods: ReadonlySet<string> | null;
  /** Lower-cased accepted expectations. */
  readonly expectations: ReadonlySet<string>;
  readonly requireContentLength: boolean;
  /** `Infinity` when disabled. */
  readonly maxBodyBytes: number;
  readonly contentTypeRequiredWithBody: boolean;
  readonly requestMediaTypes: MediaTypeMatcher | null;
  /** Lower-cased response media types for Accept negotiation, or null to skip the check. */
  readonly responseMediaTypes: readonly string[] | null;
  readonly violations: CompiledViolations;
  /** Per-value verdict caches (bounded), so repeated header values are parsed once. */
  readonly caches: {
    readonly contentType: Map<string, ContentTypeVerdict>;
    readonly accept: Map<string, boolean>;
    readonly expect: Map<string, boolean>;
  };
}

/**
 * The verdict on a Content-Type value.
 *
 * @example
 * contentTypeVerdict('text/plain', matcher, cache) // 'unsupported'
 */
export type ContentTypeVerdict = 'accepted' | 'unsupported' | 'malformed';
