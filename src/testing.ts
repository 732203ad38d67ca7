/**
 * `vendor-compat/testing`: one-line checks that a response is a correct error answer of a vendor,
 * for `node:assert` users (`expectVendorError`) and as a Jest / Vitest matcher
 * (`expect(res).toBeVendorError('apig', { kind: 'notFound' })`).
 *
 * Responses: a supertest / superagent response, a light-my-request response (Fastify's
 * `inject`), a plain `{ status, headers, body }` record (synchronous), or a Fetch `Response`
 * (`fetch`, Hono's `app.request()`): its body is a stream, so the check is asynchronous —
 * `await expectVendorError(res, …)`, `await expect(res).toBeVendorError(…)`. The Response is read
 * from a clone: the test can still read its body afterwards.
 *
 * @module
 */
import { AssertionError } from 'node:assert';
import type { DecodedError } from './core/decode/decode-error';
import type { Profile } from './core/define-profile';
import type { ProfileName } from './profiles';
import { isFetchResponse, viewOf, viewOfFetch, type FetchResponseLike } from './testing/answer-view';
import { checkVendorError, profileOf, type VendorErrorExpectation, type VendorErrorVerdict } from './testing/check';
// Types only (erased): makes Vitest's module known, so its `Assertion` can be augmented below.
import type {} from 'vitest';

export { checkVendorError, type VendorErrorExpectation, type VendorErrorVerdict } from './testing/check';
export type { AnswerView, FetchResponseLike } from './testing/answer-view';

function assertVerdict(verdict: VendorErrorVerdict): DecodedError {
  if (!verdict.pass) throw new AssertionError({ message: verdict.message, stackStartFn: expectVendorError });
  return verdict.decoded;
}

/**
 * Asserts that `response` is a correct error answer of `profile` (and, when given, of the
 * expected kind, code, status and message); throws node:assert's `AssertionError` listing every
 * difference. Returns what the answer says (`decodeError`). A Fetch `Response` gives a promise.
 *
 * @example
 * import { expectVendorError } from 'vendor-compat/testing'
 * expectVendorError(await request(app).get('/missing'), 'apig', { kind: 'notFound' })
 * await expectVendorError(await honoApp.request('/missing'), 'apig', { code: 'APIG.0101' })
 */
export function expectVendorError(response: FetchResponseLike, profile: ProfileName | Profile, expected?: VendorErrorExpectation): Promise<DecodedError>;
export function expectVendorError(response: unknown, profile: ProfileName | Profile, expected?: VendorErrorExpectation): DecodedError;
export function expectVendorError(response: unknown, profile: ProfileName | Profile, expected: VendorErrorExpectation = {}): DecodedError | Promise<DecodedError> {
  const resolved = profileOf(profile);
  if (isFetchResponse(response)) return viewOfFetch(response).then((view) => assertVerdict(checkVendorError(view, resolved, expected)));
  return assertVerdict(checkVendorError(viewOf(response), resolved, expected));
}

/** What a Jest / Vitest matcher returns. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

const result = (verdict: VendorErrorVerdict): MatcherResult => ({ pass: verdict.pass, message: () => verdict.message });

/**
 * The matchers, for `expect.extend(vendorErrorMatchers)` in Jest or Vitest. `toBeVendorError` is
 * asynchronous for a Fetch `Response` (await it), synchronous otherwise; `.not` works.
 *
 * @example
 * import { vendorErrorMatchers } from 'vendor-compat/testing'
 * expect.extend(vendorErrorMatchers)
 * expect(await request(app).get('/missing')).toBeVendorError('apig', { kind: 'notFound' })
 * await expect(await app.request('/missing')).toBeVendorError('apig', { status: 404 })
 */
export const vendorErrorMatchers = {
  toBeVendorError(received: unknown, profile: ProfileName | Profile, expected: VendorErrorExpectation = {}): MatcherResult | Promise<MatcherResult> {
    const resolved = profileOf(profile);
    if (isFetchResponse(received)) return viewOfFetch(received).then((view) => result(checkVendorError(view, resolved, expected)));
    return result(checkVendorError(viewOf(received), resolved, expected));
  },
};

/** The matcher as Jest and Vitest type it. */
export interface VendorErrorMatchers<R> {
  /**
   * The response is a correct error answer of `profile` (and of `expected`'s kind, code, status, message).
   *
   * @example
   * expect(res).toBeVendorError('apig', { kind: 'notFound' })
   */
  toBeVendorError(profile: ProfileName | Profile, expected?: VendorErrorExpectation): R;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Jest's global `expect` (@types/jest): `expect(res).toBeVendorError(...)`.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends VendorErrorMatchers<R> {}
  }
}

declare module 'vitest' {
  // Vitest's `expect` (its documented augmentation): `await expect(res).toBeVendorError(...)`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Assertion<T = any> extends VendorErrorMatchers<void | Promise<void>> {}
}
