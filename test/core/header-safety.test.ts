/**
 * Header values built from messages must pass Node's own validator (`checkInvalidHeaderChar`,
 * `lib/_http_common.js`) and stay one line of printable ASCII (CWE-113 response splitting).
 */
import { validateHeaderValue } from 'node:http';
import { MAX_HEADER_VALUE_LENGTH, isHeaderName, sanitizeHeaderValue } from '../../src/core/header-safety';

describe('sanitizeHeaderValue(value)', () => {
  it.each([
    ['plain ASCII is kept as is', "'password' parameter is required.", "'password' parameter is required."],
    ['CR LF cannot split the response', 'bad\r\nSet-Cookie: session=evil', 'bad Set-Cookie: session=evil'],
    ['NUL, TAB and DEL become spaces and collapse', 'a\u0000b\tc\u007fd', 'a b c d'],
    ['non-ASCII is percent-encoded as UTF-8', 'Größe', 'Gr%C3%B6%C3%9Fe'],
    ['characters above U+FFFF are encoded whole', 'ok 🚀', 'ok %F0%9F%9A%80'],
    ['a lone surrogate becomes U+FFFD', 'x\ud800y', 'x%EF%BF%BDy'],
    ['surrounding whitespace is trimmed', '  padded  ', 'padded'],
  ])('%s', (_label, input, expected) => {
    expect(sanitizeHeaderValue(input)).toBe(expected);
    expect(() => validateHeaderValue('x-test', sanitizeHeaderValue(input))).not.toThrow();
  });

  it(`caps the length at ${MAX_HEADER_VALUE_LENGTH} characters`, () => {
    expect(sanitizeHeaderValue('a'.repeat(5000))).toHaveLength(MAX_HEADER_VALUE_LENGTH);
  });

  it('never cuts inside a %XX escape', () => {
    const value = sanitizeHeaderValue('a'.repeat(14) + 'é', 16);
    expect(value).toBe('a'.repeat(14));
  });

  it('bounds the work on a 1 MB value full of control characters', () => {
    const value = sanitizeHeaderValue('\r\n'.repeat(500_000) + 'tail');
    expect(value.length).toBeLessThanOrEqual(MAX_HEADER_VALUE_LENGTH);
    expect(() => validateHeaderValue('x-test', value)).not.toThrow();
  });
});

describe('isHeaderName(name)', () => {
  it.each(['X-HCP-ErrorMessage', 'Retry-After', 'x_y'])('accepts %s', (name) => expect(isHeaderName(name)).toBe(true));
  it.each(['Bad Header', 'x:y', '', 'é', 'a\r\nb'])('rejects %p', (name) => expect(isHeaderName(name)).toBe(false));
});
