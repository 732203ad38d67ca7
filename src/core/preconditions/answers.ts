/**
 * What each precondition check answers, per profile: the data a README generator reads
 * ("Preconditions" table), built from the profile's kinds, method rules and settings, so docs
 * and behaviour cannot disagree.
 *
 * @module
 */
import { compiledOf, type Profile } from '../define-profile';
import type { KindName } from '../kinds';
import { compilePreconditions } from './compile';
import type { PreconditionOverrides, ResolvedPreconditionSettings } from './types';

/**
 * One check, in evaluation order; `clientError` and `checkExpectation` checks run in the server
 * hooks (`vc.attach`).
 *
 * @example
 * { id: 'notAcceptable', kind: 'notAcceptable', when: 'Accept allows none of responseMediaTypes', rfc: 'RFC 9110 §12.5.1', where: 'middleware' }
 */
export interface PreconditionCheck {
  /** Stable id, e.g. `'contentTypeUnsupported'`. */
  readonly id: string;
  readonly kind: KindName;
  /** What triggers it, in one line. */
  readonly when: string;
  /** The RFC section that defines the answer. */
  readonly rfc: string;
  /** `'middleware'` (and the `checkContinue` hook) or `'clientError'` (server hook only). */
  readonly where: 'middleware' | 'clientError' | 'checkExpectation';
}

/**
 * Every check, middleware checks first in the order `evaluatePreconditions` runs them.
 *
 * @example
 * PRECONDITION_CHECKS.map((check) => check.id) // ['uriTooLong', 'invalidContentLength', …]
 */
export const PRECONDITION_CHECKS: readonly PreconditionCheck[] = Object.freeze([
  { id: 'uriTooLong', kind: 'uriTooLong', when: 'request-target (after uriBase) longer than maxUriBytes', rfc: 'RFC 9110 §15.5.15', where: 'middleware' },
  { id: 'invalidContentLength', kind: 'badRequest', when: 'Content-Length not a non-negative integer, conflicting, or sent with Transfer-Encoding', rfc: 'RFC 9112 §6.3', where: 'middleware' },
  { id: 'expectationFailed', kind: 'expectationFailed', when: 'Expect other than the accepted expectations', rfc: 'RFC 9110 §10.1.1', where: 'middleware' },
  { id: 'methodNotAllowed', kind: 'methodNotAllowed', when: 'method not among the route\'s declared methods (Allow sent)', rfc: 'RFC 9110 §15.5.6', where: 'middleware' },
  { id: 'lengthRequired', kind: 'lengthRequired', when: 'body without Content-Length (chunked) where required', rfc: 'RFC 9110 §15.5.12', where: 'middleware' },
  { id: 'payloadTooLarge', kind: 'payloadTooLarge', when: 'Content-Length, or bytes streamed, above maxBodyBytes', rfc: 'RFC 9110 §15.5.14', where: 'middleware' },
  { id: 'contentTypeMissing', kind: 'unsupportedMediaType', when: 'body without Content-Type where required', rfc: 'RFC 9110 §15.5.16', where: 'middleware' },
  { id: 'contentTypeUnsupported', kind: 'unsupportedMediaType', when: 'Content-Type outside requestMediaTypes', rfc: 'RFC 9110 §15.5.16', where: 'middleware' },
  { id: 'contentTypeMalformed', kind: 'badRequest', when: 'Content-Type not a valid media type', rfc: 'RFC 9110 §8.3.1', where: 'middleware' },
  { id: 'notAcceptable', kind: 'notAcceptable', when: 'Accept allows none of responseMediaTypes', rfc: 'RFC 9110 §12.5.1', where: 'middleware' },
  { id: 'unknownExpectation', kind: 'expectationFailed', when: 'Expect other than 100-continue (instead of Node\'s bare 417)', rfc: 'RFC 9110 §10.1.1', where: 'checkExpectation' },
  { id: 'requestLineTooLong', kind: 'uriTooLong', when: 'request line overflows Node\'s maxHeaderSize (instead of Node\'s 431)', rfc: 'RFC 9110 §15.5.15', where: 'clientError' },
  { id: 'headersTooLarge', kind: 'headersTooLarge', when: 'header section overflows Node\'s maxHeaderSize', rfc: 'RFC 6585 §5', where: 'clientError' },
  { id: 'requestTimeout', kind: 'requestTimeout', when: 'headers or request not received within headersTimeout / requestTimeout', rfc: 'RFC 9110 §15.5.9', where: 'clientError' },
  { id: 'malformedRequest', kind: 'badRequest', when: 'request Node\'s parser rejects', rfc: 'RFC 9112 §2.2', where: 'clientError' },
] as const satisfies readonly PreconditionCheck[]);

/**
 * What one check answers for one profile.
 *
 * @example
 * { check: 'notAcceptable', kind: 'notAcceptable', where: 'middleware', status: 415, statusMessage: 'Unsupported Media Type', code: undefined,
 *   message: '…', statusByMethod: {}, enabledByDefault: true, setting: 'application/xml, application/json, application/javascript' }
 */
export interface PreconditionAnswer {
  readonly check: string;
  readonly kind: KindName;
  readonly where: PreconditionCheck['where'];
  /** Status for a POST (the method every check can apply to). */
  readonly status: number;
  readonly statusMessage: string;
  readonly code: string | undefined;
  readonly message: string;
  /** Status per method where the profile's method rules make it differ (HCP 405). */
  readonly statusByMethod: Readonly<Record<string, number>>;
  /** Whether the profile's defaults enable the check (hook checks are always on). */
  readonly enabledByDefault: boolean;
  /** The profile's default setting, in words (`'4095 bytes after /mapi'`, `'off'`). */
  readonly setting: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function settingOf(check: string, s: ResolvedPreconditionSettings): [enabled: boolean, words: string] {
  const types = (list: readonly string[] | null): [boolean, string] => (list === null ? [false, 'off'] : [true, list.join(', ')]);
  switch (check) {
    case 'uriTooLong':
      return s.maxUriBytes === null ? [false, 'off'] : [true, `${s.maxUriBytes} bytes${s.uriBase === undefined ? '' : ` after ${s.uriBase}`}`];
    case 'expectationFailed':
      return [true, `accepts ${s.expectations.join(', ') || 'none'}`];
    case 'methodNotAllowed':
      return s.methods === null ? [false, 'per route (vc.route({ methods }))'] : [true, s.methods.join(', ')];
    case 'lengthRequired':
      return [s.requireContentLength, s.requireContentLength ? 'required with a body' : 'off'];
    case 'payloadTooLarge':
      return s.maxBodyBytes === null ? [false, 'off'] : [true, `${s.maxBodyBytes} bytes`];
    case 'contentTypeMissing':
      return [s.contentTypeRequiredWithBody, s.contentTypeRequiredWithBody ? 'required with a body' : 'off'];
    case 'contentTypeUnsupported':
    case 'contentTypeMalformed':
      return types(s.requestMediaTypes);
    case 'notAcceptable':
      return types(s.responseMediaTypes);
    default:
      return [true, 'always'];
  }
}

/**
 * What each check answers for `profile` (status, vendor code, message, default setting), in
 * check order. Pass `overrides` to describe an app's effective settings.
 *
 * @example
 * preconditionAnswers(profiles.mpc).find((row) => row.check === 'contentTypeUnsupported')
 * // { kind: 'unsupportedMediaType', status: 400, code: 'MPC.10205', … }
 */
export function preconditionAnswers(profile: Profile, overrides?: PreconditionOverrides): readonly PreconditionAnswer[] {
  const compiled = compiledOf(profile);
  const settings = compilePreconditions(profile.document.preconditions, overrides).settings;
  return PRECONDITION_CHECKS.map((check) => {
    const entry = compiled.resolve(check.kind, 'POST');
    const statusByMethod: Record<string, number> = {};
    for (const method of METHODS) {
      const status = compiled.resolve(check.kind, method).status;
      if (status !== entry.status) statusByMethod[method] = status;
    }
    const [enabledByDefault, setting] = settingOf(check.id, settings);
    return Object.freeze({
      check: check.id,
      kind: check.kind,
      where: check.where,
      status: entry.status,
      statusMessage: entry.statusMessage,
      code: entry.code,
      message: entry.message,
      statusByMethod: Object.freeze(statusByMethod),
      enabledByDefault,
      setting,
    });
  });
}
