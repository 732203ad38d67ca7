/**
 * How an answer differs from what a profile renders for one kind: the status, the reason phrase,
 * the vendor code, the headers the vendor always sends (their values too, where the profile's
 * are constant), the headers it never sends on errors, and the body's format (empty or not,
 * Content-Type, the profile's bodySchema). The probe and `vendor-compat/testing` both say it so.
 *
 * @module
 */
import { kindAnswer } from '../app-config';
import type { Profile } from '../define-profile';
import type { KindName } from '../kinds';
import { render } from '../render';
import { readBody } from './body';
import { decodeError, sameMediaType } from './decode-error';
import { headerMap } from './headers';
import { profileIndex } from './profile-index';

/** An answer as compared. */
export interface ComparedAnswer {
  readonly status: number;
  /** The reason phrase; compared when `compareReason` is `'always'`, or when non-empty. */
  readonly statusText?: string;
  readonly headers?: unknown;
  readonly body?: unknown;
}

/** What the profile renders for the kind, summarised. */
export interface PredictedAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly code: string | undefined;
  readonly contentType: string | undefined;
}

/** Options of {@link differencesFrom}. */
export interface DifferenceOptions {
  readonly method: string;
  readonly path?: string;
  /** `'always'` (the probe: an empty reason is a difference) or `'when-present'` (default). */
  readonly compareReason?: 'always' | 'when-present';
}

/**
 * Every difference between `answer` and `profile`'s rendering of `kind` for the request, in words.
 *
 * @example
 * differencesFrom(profiles.apig, 'notFound', { status: 400, headers: {}, body: '' }, { method: 'GET' }).differences
 * // ['status 400 (expected 404)', 'vendor code (none) (expected APIG.0101)', …]
 */
export function differencesFrom(profile: Profile, kind: KindName, answer: ComparedAnswer, options: DifferenceOptions): { readonly differences: string[]; readonly expected: PredictedAnswer } {
  const method = options.method.toUpperCase();
  const predicted = render(kindAnswer(kind), profile, { method, path: options.path ?? '/' });
  const expectedCode = decodeError(profile, { status: predicted.status, headers: predicted.headers, body: predicted.body, method }).code;
  const expected: PredictedAnswer = { status: predicted.status, statusText: predicted.statusMessage, code: expectedCode, contentType: predicted.headers['Content-Type'] };
  const differences: string[] = [];
  const headers = headerMap(answer.headers);
  const decoded = decodeError(profile, { status: answer.status, headers, body: answer.body, method });
  if (answer.status !== predicted.status) differences.push(`status ${answer.status} (expected ${predicted.status})`);
  const reason = answer.statusText ?? '';
  if ((options.compareReason === 'always' || reason !== '') && reason !== predicted.statusMessage) differences.push(`reason phrase ${JSON.stringify(reason)} (expected ${JSON.stringify(predicted.statusMessage)})`);
  if (decoded.code !== expectedCode) differences.push(`vendor code ${decoded.code ?? '(none)'} (expected ${expectedCode ?? '(none)'})`);
  const shape = profileIndex(profile).forMethod(method).find((candidate) => candidate.kind === kind);
  for (const [name, value] of Object.entries(predicted.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'content-type') continue;
    const actual = headers.get(lower);
    if (actual === undefined) differences.push(`no ${name} header`);
    else if (shape?.headers.find((header) => header.lower === lower)?.constant === true && actual !== value) differences.push(`${name}: ${JSON.stringify(actual)} (expected ${JSON.stringify(value)})`);
  }
  for (const lower of profileIndex(profile).removeHeaders) if (headers.has(lower)) differences.push(`a ${lower} header (the vendor never sends it on errors)`);
  const contentType = headers.get('content-type');
  const predictedType = expected.contentType;
  if (predictedType === undefined && contentType !== undefined) differences.push(`Content-Type ${JSON.stringify(contentType)} (expected none)`);
  if (predictedType !== undefined && contentType === undefined) differences.push(`no Content-Type (expected ${predictedType})`);
  if (predictedType !== undefined && contentType !== undefined && !sameMediaType(contentType, predictedType)) differences.push(`Content-Type ${JSON.stringify(contentType)} (expected ${JSON.stringify(predictedType)})`);
  const reading = readBody(answer.body);
  const expectsBody = predicted.body.length > 0;
  if (!expectsBody && reading.state !== 'empty') differences.push(`a body (expected none${method === 'HEAD' ? ': HEAD' : ''})`);
  if (expectsBody && reading.state === 'empty') differences.push('no body (expected the vendor\'s error body)');
  if (expectsBody && reading.state === 'invalid') differences.push(reading.reason);
  if (expectsBody && (reading.state === 'json' || reading.state === 'xml')) for (const problem of profile.validateBody(reading.value)) differences.push(`body ${problem}`);
  return { differences, expected };
}
