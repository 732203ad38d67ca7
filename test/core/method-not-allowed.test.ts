/**
 * `methodNotAllowed(allow, message?, props?)`: RFC 9110 §15.5.6 says an origin server MUST send
 * `Allow` with a 405, so the factory requires the methods the resource supports and sets it.
 */
import { methodNotAllowed } from '../../src/core/errors';
import { render } from '../../src/core/render';
import { profiles } from '../../src/profiles';

const POST = { method: 'POST', path: '/v1/things', requestId: 'acbc548ac6f2a0dbdb9e3518a7c0ff84' };

describe('methodNotAllowed(allow, message?, props?)', () => {
  it('sets Allow from an array, joined with ", " (RFC 9110 §10.2.1 list syntax)', () => {
    const err = methodNotAllowed(['GET', 'HEAD']);
    expect([err.status, err.headers]).toEqual([405, { allow: 'GET, HEAD' }]);
    expect(render(err, profiles.problem, POST).headers.Allow).toBe('GET, HEAD');
  });

  it('takes a string list as given, normalized to ", "', () => {
    expect(methodNotAllowed('GET,HEAD ,  PUT').headers).toEqual({ allow: 'GET, HEAD, PUT' });
  });

  it('keeps the message and other props, and its Allow wins over a props header of that name', () => {
    const err = methodNotAllowed(['PUT'], 'Use PUT to update a policy', { vendorCode: 'X.1', headers: { Allow: 'DELETE', 'x-trace': 't' } });
    expect([err.message, err.vendorCode, err.headers]).toEqual(['Use PUT to update a policy', 'X.1', { allow: 'PUT', 'x-trace': 't' }]);
  });

  it.each([
    ['an empty array', []],
    ['an empty string', ''],
    ['a blank list item', 'GET, , HEAD'],
    ['a method with a space', ['GET', 'BAD METHOD']],
    ['a non-string item', ['GET', 7]],
    ['undefined (the old call shape)', undefined],
    ['a message in the first position', 'Use PUT to update a policy'],
  ])('throws TypeError for %s', (_label, allow) => {
    expect(() => methodNotAllowed(allow as never)).toThrow(TypeError);
    expect(() => methodNotAllowed(allow as never)).toThrow(/vendor-compat: methodNotAllowed\(allow\)/);
  });
});
