/**
 * Request ids: 128 bits of randomness as 32 lowercase hex (the APIG form,
 * huawei-apig-mpc-and-stratos.md §1.3 "32 lowercase hex characters"), from a pool of `crypto`
 * random bytes, so that ids reveal nothing about request volume; and the `requestId` option.
 */
import { compileRequestIdPolicy, isAcceptableRequestId, nextRequestId } from '../../src/core/request-id';

describe('nextRequestId()', () => {
  it('returns 32 lowercase hex characters', () => {
    expect(nextRequestId()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('1,000,000 ids are distinct, and no two consecutive ids share their first 16 characters', () => {
    const seen = new Set<string>();
    let previous = nextRequestId();
    let sharedPrefixes = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const id = nextRequestId();
      if (id.slice(0, 16) === previous.slice(0, 16)) sharedPrefixes++;
      seen.add(id);
      previous = id;
    }
    expect(seen.size).toBe(1_000_000);
    expect(sharedPrefixes).toBe(0);
  });

  it('spreads its bits: every hex digit appears in every position over 4,096 ids (not a counter)', () => {
    const ids = Array.from({ length: 4096 }, () => nextRequestId());
    for (let position = 0; position < 32; position++) {
      expect(new Set(ids.map((id) => id[position])).size).toBe(16);
    }
  });

  it('differs across module instances (processes)', () => {
    let other = '';
    jest.isolateModules(() => {
      other = (jest.requireActual('../../src/core/request-id') as { nextRequestId: typeof nextRequestId }).nextRequestId();
    });
    expect(other).toMatch(/^[0-9a-f]{32}$/);
    expect(other).not.toBe(nextRequestId());
  });
});

describe('isAcceptableRequestId()', () => {
  it.each([
    ['lb-7f3a9c', true],
    ['a'.repeat(128), true],
    ['Root=1-5759e988-bd862e3fe1be46a994272793', true],
    ['', false],
    ['a'.repeat(129), false],
    [' leading', false],
    ['trailing ', false],
    ['a\r\nSet-Cookie: x=1', false],
    ['Größe', false],
    [42, false],
  ])('%p → %p (1–128 printable ASCII characters)', (value, expected) => {
    expect(isAcceptableRequestId(value)).toBe(expected);
  });
});

describe('compileRequestIdPolicy()', () => {
  it('without the option: not configured, generated ids', () => {
    const policy = compileRequestIdPolicy(undefined);
    expect(policy.configured).toBe(false);
    expect(policy.incomingHeader).toBeUndefined();
    expect(policy.idFor('lb-1')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('header: trusts an acceptable incoming id, generates one otherwise', () => {
    const policy = compileRequestIdPolicy({ header: 'X-Amzn-Trace-Id' });
    expect(policy.incomingHeader).toBe('x-amzn-trace-id');
    expect(policy.idFor('Root=1-5759e988')).toBe('Root=1-5759e988');
    expect(policy.idFor('bad\nid')).toMatch(/^[0-9a-f]{32}$/);
    expect(policy.idFor(['a', 'b'])).toMatch(/^[0-9a-f]{32}$/); // a repeated header is not one id
    expect(policy.idFor(undefined)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('generate: replaces the generator; a bad or throwing generator falls back to a generated id', () => {
    let n = 0;
    expect(compileRequestIdPolicy({ generate: () => `req-${++n}` }).idFor(undefined)).toBe('req-1');
    expect(compileRequestIdPolicy({ generate: () => 'x'.repeat(200) }).idFor(undefined)).toMatch(/^[0-9a-f]{32}$/);
    expect(compileRequestIdPolicy({ generate: () => 42 as unknown as string }).idFor(undefined)).toMatch(/^[0-9a-f]{32}$/);
    expect(
      compileRequestIdPolicy({
        generate: () => {
          throw new Error('boom');
        },
      }).idFor(undefined),
    ).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    [null, 'vendor-compat: option "requestId" must be an object such as { header: "x-request-id" } or { generate: () => id }'],
    [{ generate: 'uuid' }, 'vendor-compat: requestId.generate must be a function returning a string'],
    [{ header: 42 }, 'vendor-compat: requestId.header must be a header name such as "x-request-id", got 42'],
  ])('throws a TypeError for %p', (option, message) => {
    expect(() => compileRequestIdPolicy(option)).toThrow(new TypeError(message));
  });
});
