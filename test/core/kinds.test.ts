/**
 * The kind registry is public API (fastify `test/internals/errors.test.js` discipline): adding or
 * removing a kind must be a deliberate, reviewed change.
 */
import { KINDS, KIND_NAMES, isKindName, kindForStatus } from '../../src/core/kinds';
import * as root from '../support/internals';

const EXPECTED_KINDS = 25;

describe('KINDS registry', () => {
  it(`exposes exactly ${EXPECTED_KINDS} kinds`, () => {
    expect(KIND_NAMES).toHaveLength(EXPECTED_KINDS);
  });

  it.each(KIND_NAMES)('%s has an error status (4xx/5xx) and a summary', (kind) => {
    expect(KINDS[kind].status).toBeGreaterThanOrEqual(400);
    expect(KINDS[kind].status).toBeLessThan(600);
    expect(KINDS[kind].summary).toMatch(/\.$/);
  });

  it.each(KIND_NAMES)('the root exports a factory named %s that brands its error with that kind', (kind) => {
    const factory = (root as unknown as Record<string, ((message?: string) => Error) | undefined>)[kind];
    expect(typeof factory).toBe('function');
    const err = factory?.('m') as Error & { status: number };
    expect(root.isVendorCompatError(err)).toBe(true);
    expect(root.normalize(err).kind).toBe(kind);
    expect(err.status).toBe(KINDS[kind].status);
  });
});

describe('kindForStatus(status)', () => {
  it.each([
    [400, 'badRequest'],
    [401, 'unauthorized'],
    [404, 'notFound'],
    [413, 'payloadTooLarge'],
    [429, 'tooManyRequests'],
    [431, 'headersTooLarge'],
    [503, 'serviceUnavailable'],
    [418, 'badRequest'],
    [451, 'badRequest'],
    [599, 'internalServerError'],
    [302, 'internalServerError'],
    [0, 'internalServerError'],
  ] as const)('maps %i to %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });
});

describe('isKindName(value)', () => {
  it.each(['notFound', 'uriTooLong'])('accepts %s', (name) => expect(isKindName(name)).toBe(true));
  it.each(['toString', '__proto__', 'NotFound', '', 404, null])('rejects %p', (name) => expect(isKindName(name)).toBe(false));
});
