/**
 * Header values that can never make `setHeader` throw or split a response.
 *
 * Node rejects any value matching `/[^\t\x20-\x7e\x80-\xff]/` with `ERR_INVALID_CHAR`
 * (`lib/_http_common.js` `checkInvalidHeaderChar`), and bytes 0x80–0xFF go out in whatever
 * encoding the first body chunk uses. So every value built from a message is reduced to one line
 * of printable ASCII: controls (CR, LF, TAB, DEL, the C0 range) become spaces (RFC 9110 §5.5
 * forbids CR/LF/NUL in field values; response splitting is CWE-113), and anything above 0x7E is
 * percent-encoded as UTF-8, the way RFC 3986 encodes URI characters.
 *
 * @module
 */

/** Default cap on a generated header value, in characters. */
export const MAX_HEADER_VALUE_LENGTH = 1024;

/** RFC 9110 §5.1 field-name = token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CONTROL = /[\x00-\x1f\x7f]/g;
const NON_ASCII = /[^\x00-\x7f]/gu;
const SPACES = / {2,}/g;

/**
 * True when `name` is a valid header field name (an RFC 9110 token).
 *
 * @example
 * isHeaderName('X-HCP-ErrorMessage') // true
 * isHeaderName('Bad Header') // false
 */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

function encodeCodePoint(char: string): string {
  try {
    return encodeURIComponent(char);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD REPLACEMENT CHARACTER
  }
}

/**
 * Reduces any string to a safe, single-line, printable-ASCII header value of bounded length.
 *
 * @example
 * sanitizeHeaderValue("'password' parameter\r\nSet-Cookie: x=1") // "'password' parameter Set-Cookie: x=1"
 * sanitizeHeaderValue('Größe') // 'Gr%C3%B6%C3%9Fe'
 */
export function sanitizeHeaderValue(value: string, maxLength: number = MAX_HEADER_VALUE_LENGTH): string {
  if (value.length <= maxLength && PRINTABLE_ASCII.test(value) && value.trim() === value) return value;
  let clean = value.length > maxLength * 12 ? value.slice(0, maxLength * 12) : value;
  clean = clean.replace(CONTROL, ' ').replace(NON_ASCII, encodeCodePoint).replace(SPACES, ' ').trim();
  if (clean.length <= maxLength) return clean;
  let cut = clean.slice(0, maxLength);
  // Never end inside a %XX escape.
  const percent = cut.lastIndexOf('%');
  if (percent >= 0 && percent > cut.length - 3) cut = cut.slice(0, percent);
  return cut.trimEnd();
}
