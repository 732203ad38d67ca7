/**
 * `compilePreconditions`: overrides merged over a profile's settings, validated eagerly (a
 * TypeError naming the key and value at startup, body-parser `normalizeOptions` style).
 */
import { compilePreconditions } from '../../src/core/preconditions';
import { profiles } from '../support/internals';
import { resolveAppConfig } from '../../src/node/app-config';

const HCP = profiles.hcp.document.preconditions;

describe('compilePreconditions', () => {
  it('keeps the profile defaults when there are no overrides (HCP: 4095 bytes after /mapi, hitachi §1(a) 414)', () => {
    const compiled = compilePreconditions(HCP);
    expect(compiled.maxUriBytes).toBe(4095);
    expect(compiled.uriBase).toBe('/mapi');
    expect(compiled.settings.methods).toBeNull();
    expect(compiled.maxBodyBytes).toBe(Infinity);
  });

  it('merges overrides key by key and leaves the profile document untouched', () => {
    const compiled = compilePreconditions(HCP, { maxBodyBytes: 1024, requestMediaTypes: ['Application/JSON'] });
    expect(compiled.settings).toMatchObject({ maxBodyBytes: 1024, requestMediaTypes: ['application/json'], maxUriBytes: 4095 });
    expect(HCP.maxBodyBytes).toBeNull();
    expect(Object.isFrozen(compiled.settings)).toBe(true);
  });

  it('compiles a route over an app: the app overrides carry into the route', () => {
    const app = compilePreconditions(HCP, { maxBodyBytes: 1024 });
    const route = compilePreconditions(app.settings, { methods: ['GET', 'POST'] });
    expect(route.maxBodyBytes).toBe(1024);
    expect([...(route.methods ?? [])]).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('null disables a limit; undefined keeps the default', () => {
    expect(compilePreconditions(HCP, { maxUriBytes: null }).maxUriBytes).toBe(Infinity);
    expect(compilePreconditions(HCP, { maxUriBytes: undefined }).maxUriBytes).toBe(4095);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown key', { maxBodySize: 10 }, /unknown precondition "maxBodySize"/],
    ['a negative body limit', { maxBodyBytes: -1 }, /preconditions\.maxBodyBytes must be null or an integer >= 0, got -1/],
    ['a string limit', { maxUriBytes: '4k' }, /preconditions\.maxUriBytes must be .* got "4k"/],
    ['a zero URI limit', { maxUriBytes: 0 }, /preconditions\.maxUriBytes must be null or an integer >= 1/],
    ['a fractional limit', { maxBodyBytes: 1.5 }, /maxBodyBytes/],
    ['a media type without a subtype', { requestMediaTypes: ['json'] }, /preconditions\.requestMediaTypes must be an array of media types/],
    ['a media type with parameters', { responseMediaTypes: ['application/json; charset=utf-8'] }, /responseMediaTypes/],
    ['a non-array media type list', { requestMediaTypes: 'application/json' }, /requestMediaTypes/],
    ['a non-boolean flag', { requireContentLength: 'yes' }, /preconditions\.requireContentLength must be a boolean, got "yes"/],
    ['an expectation with spaces', { expectations: ['100 continue'] }, /preconditions\.expectations must be an array of expectation tokens/],
    ['an empty method list', { methods: [] }, /preconditions\.methods must be a non-empty array/],
    ['a method with a space', { methods: ['GET POST'] }, /preconditions\.methods must be an array of method names/],
    ['a uriBase without a leading slash', { uriBase: 'mapi' }, /preconditions\.uriBase must be a path starting with "\/"/],
    ['a non-object', ['maxBodyBytes'], /preconditions must be an object/],
  ])('throws a TypeError naming the problem for %s', (_what, overrides, message) => {
    expect(() => compilePreconditions(HCP, overrides as never)).toThrow(TypeError);
    expect(() => compilePreconditions(HCP, overrides as never)).toThrow(message);
  });

  it('validates vendorCompat({ preconditions }) when the app is built, not per request', () => {
    expect(() => resolveAppConfig({ profile: 'vsp', preconditions: { maxBodyBytes: 'big' } })).toThrow(/preconditions\.maxBodyBytes/);
    expect(resolveAppConfig({ profile: 'vsp', preconditions: { maxBodyBytes: 10 } }).preconditions.maxBodyBytes).toBe(10);
  });

  it('upper-cases methods and lower-cases media types and expectations', () => {
    const compiled = compilePreconditions(HCP, { methods: ['get'], responseMediaTypes: ['Application/XML'], expectations: ['100-Continue'] });
    expect(compiled.settings.methods).toEqual(['GET']);
    expect(compiled.responseMediaTypes).toEqual(['application/xml']);
    expect([...compiled.expectations]).toEqual(['100-continue']);
  });
});
