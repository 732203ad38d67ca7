/**
 * The judgement behind `expectVendorError` and the `toBeVendorError` matchers: is a response a
 * correct error answer of a vendor, optionally of a given kind, code, status or message? Every
 * difference is said the way the probe says it (status, reason phrase, vendor code, the headers
 * the vendor always sends, the body's format), so a failing test reads like a probe row.
 *
 * @module
 */
import { decodeError, methodsOf, type DecodedError } from '../core/decode/decode-error';
import { differencesFrom } from '../core/decode/differences';
import type { Profile } from '../core/define-profile';
import { isKindName, type KindName } from '../core/kinds';
import { profiles, type ProfileName } from '../profiles';
import type { AnswerView } from './answer-view';

/** What the answer must also be (each option is checked when given). */
export interface VendorErrorExpectation {
  /** The canonical kind: the answer must be exactly what the profile renders for it. */
  readonly kind?: KindName;
  /** The vendor code (`APIG.0101`, `KART40040-E`). */
  readonly code?: string;
  readonly status?: number;
  /** The message the body (or HCP's `X-HCP-ErrorMessage`) carries: equal to a string, or matching a RegExp. */
  readonly message?: string | RegExp;
  /** The request's method, when the response does not tell it (a Fetch `Response`); HEAD answers have no body. */
  readonly method?: string;
}

/** The verdict. */
export interface VendorErrorVerdict {
  readonly pass: boolean;
  /** Each difference, in the probe's words. */
  readonly differences: readonly string[];
  readonly decoded: DecodedError;
  /** The failure (or, for `.not`, the success) in words, as the matchers print it. */
  readonly message: string;
}

/**
 * The profile an argument names: a built-in name or a profile built with `defineProfile`.
 *
 * @example
 * profileOf('apig') === profiles.apig // true
 */
export function profileOf(profile: ProfileName | Profile): Profile {
  if (typeof profile === 'string') {
    if (!Object.prototype.hasOwnProperty.call(profiles, profile)) throw new TypeError(`vendor-compat/testing: unknown profile ${JSON.stringify(profile)} (built in: ${Object.keys(profiles).join(', ')})`);
    return profiles[profile];
  }
  if (profile === null || typeof profile !== 'object' || typeof (profile as Partial<Profile>).validateBody !== 'function') throw new TypeError('vendor-compat/testing: the profile must be a built-in name or a profile built with defineProfile()');
  return profile;
}

function describeExpected(expected: VendorErrorExpectation): string {
  const parts = [
    expected.kind,
    expected.code === undefined ? undefined : `code ${expected.code}`,
    expected.status === undefined ? undefined : `status ${expected.status}`,
    expected.message === undefined ? undefined : `message ${expected.message instanceof RegExp ? String(expected.message) : JSON.stringify(expected.message)}`,
  ].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function messageMatches(actual: string | undefined, expected: string | RegExp): boolean {
  if (actual === undefined) return false;
  return expected instanceof RegExp ? expected.test(actual) : actual === expected;
}

/**
 * Judges a response (already read into a view) against `profile` and `expected`.
 *
 * @example
 * checkVendorError(viewOf(res), profiles.apig, { kind: 'notFound' }).differences // [] when it is APIG's 404
 */
export function checkVendorError(view: AnswerView, profile: Profile, expected: VendorErrorExpectation = {}): VendorErrorVerdict {
  if (expected.kind !== undefined && !isKindName(expected.kind)) throw new TypeError(`vendor-compat/testing: unknown kind ${JSON.stringify(expected.kind)}`);
  const method = (expected.method ?? view.method)?.toUpperCase();
  const decoded = decodeError(profile, { status: view.status, statusText: view.statusText, headers: view.headers, body: view.body, method });
  const found: string[] = [];
  const kind = expected.kind ?? decoded.kind;
  if (view.status === undefined) found.push('no HTTP status');
  else if (kind === undefined) found.push(`status ${view.status} is not an error answer of ${profile.name}`);
  else {
    let best: string[] | undefined;
    for (const candidate of method === undefined ? methodsOf(profile) : [method]) {
      const { differences } = differencesFrom(profile, kind, { status: view.status, statusText: view.statusText, headers: view.headers, body: view.body }, { method: candidate });
      if (best === undefined || differences.length < best.length) best = differences;
      if (best.length === 0) break;
    }
    found.push(...(best ?? []));
  }
  if (expected.status !== undefined && view.status !== expected.status) found.push(`status ${view.status ?? '(none)'} (expected ${expected.status})`);
  if (expected.code !== undefined && decoded.code !== expected.code) found.push(`vendor code ${decoded.code ?? '(none)'} (expected ${expected.code})`);
  if (expected.message !== undefined && !messageMatches(decoded.message, expected.message)) {
    found.push(`message ${decoded.message === undefined ? '(none)' : JSON.stringify(decoded.message)} (expected ${expected.message instanceof RegExp ? String(expected.message) : JSON.stringify(expected.message)})`);
  }
  const differences = [...new Set(found)];
  const got = [view.status ?? '(no status)', view.statusText, decoded.code].filter((part) => part !== undefined && part !== '').join(' ');
  const wanted = `an error answer of ${profile.name}${describeExpected(expected)}`;
  const message = differences.length === 0
    ? `expected the response not to be ${wanted}, but it is: ${got}${decoded.kind === undefined ? '' : ` (${decoded.kind})`}`
    : [`expected the response to be ${wanted}, got ${got}:`, ...differences.map((difference) => `  - ${difference}`)].join('\n');
  return { pass: differences.length === 0, differences, decoded, message };
}
