/**
 * Body framing: whether a request has a body, how long it says it is, and the checks that read
 * only that (400, 411, 413), all decided before a byte of the body is read.
 *
 * - RFC 9112 §6.3: a request has a body when it has Transfer-Encoding, or a Content-Length
 *   greater than 0; an invalid Content-Length is an unrecoverable framing error (400), and so is
 *   a request with both Transfer-Encoding and Content-Length (§6.1, smuggling).
 * - RFC 9110 §8.6: Content-Length = 1*DIGIT; a list of identical values may be treated as one.
 * - 411 (RFC 9110 §15.5.12). Vendor row: VSP "`Content-Length` header must be specified"
 *   (hitachi-hcp-and-vsp.md §2(a) 411, §2(b): chunked bodies).
 * - 413 (RFC 9110 §15.5.14). Vendor row: APIG "Request entity too large." above 12 MB
 *   (huawei-apig-mpc-and-stratos.md §1.2 413, §1.4).
 *
 * @module
 */
import type { HeaderValue } from './types';

/**
 * {@link contentLengthOf} for a Content-Length that is present but invalid.
 *
 * @example
 * contentLengthOf('abc') === INVALID_LENGTH // true
 */
export const INVALID_LENGTH = -2;
/**
 * {@link contentLengthOf} for an absent Content-Length.
 *
 * @example
 * contentLengthOf(undefined) === NO_LENGTH // true
 */
export const NO_LENGTH = -1;

function digitsValue(value: string, start: number, end: number): number {
  if (end <= start) return INVALID_LENGTH;
  for (let i = start; i < end; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return INVALID_LENGTH;
  }
  // Past 2^53 the exact value no longer matters: it is larger than any limit.
  return Number(start === 0 && end === value.length ? value : value.slice(start, end));
}

function listValue(value: string): number {
  let result = NO_LENGTH;
  for (const member of value.split(',')) {
    let start = 0;
    let end = member.length;
    while (start < end && (member.charCodeAt(start) === 0x20 || member.charCodeAt(start) === 0x09)) start++;
    while (end > start && (member.charCodeAt(end - 1) === 0x20 || member.charCodeAt(end - 1) === 0x09)) end--;
    const length = digitsValue(member, start, end);
    if (length === INVALID_LENGTH || (result !== NO_LENGTH && length !== result)) return INVALID_LENGTH;
    result = length;
  }
  return result;
}

/**
 * The declared body length: a non-negative number, {@link NO_LENGTH} when absent, or
 * {@link INVALID_LENGTH} for anything but digits (or a list, or duplicates, that disagree).
 *
 * @example
 * contentLengthOf('42') // 42
 * contentLengthOf('42, 42') // 42
 * contentLengthOf(['42', '43']) // -2
 * contentLengthOf('-1') // -2
 */
export function contentLengthOf(value: HeaderValue): number {
  if (value === undefined) return NO_LENGTH;
  if (typeof value === 'string') {
    const direct = digitsValue(value, 0, value.length);
    return direct !== INVALID_LENGTH || value.indexOf(',') === -1 ? direct : listValue(value);
  }
  let result = NO_LENGTH;
  for (const item of value) {
    const length = contentLengthOf(item);
    if (length === INVALID_LENGTH || (result !== NO_LENGTH && length !== result)) return INVALID_LENGTH;
    result = length;
  }
  return result;
}

/**
 * RFC 9112 §6.3: a request has a body when Transfer-Encoding is present or Content-Length > 0.
 *
 * @example
 * hasBody(3, undefined) // true
 * hasBody(NO_LENGTH, 'chunked') // true
 * hasBody(0, undefined) // false
 */
export function hasBody(contentLength: number, transferEncoding: HeaderValue): boolean {
  return transferEncoding !== undefined || contentLength > 0;
}

/**
 * Whether a Transfer-Encoding field names exactly one coding, `chunked` (RFC 9112 §7: case-
 * insensitive; §6.1: chunked is applied once and last): the only coding Node decodes itself.
 *
 * @example
 * onlyChunked('chunked') // true
 * onlyChunked('gzip, chunked') // false
 * onlyChunked(['chunked', 'chunked']) // false
 */
export function onlyChunked(value: HeaderValue): boolean {
  if (value === 'chunked') return true; // the common case, before any allocation
  const joined = typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : '';
  return joined.trim().toLowerCase() === 'chunked';
}
