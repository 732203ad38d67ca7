/**
 * The answers the library makes itself (precondition rejections, unmatched routes) are plain
 * branded objects, not Errors (no stack trace captured per rejected request). They must
 * render exactly as the factory's error for the same kind would, for every profile, kind and
 * method.
 */
import { createVendorError } from '../../src/core/errors';
import { KIND_NAMES, KINDS } from '../../src/core/kinds';
import { normalize } from '../../src/core/normalize';
import { render } from '../../src/core/render';
import { profiles } from '../../src/profiles';
import { kindAnswer } from '../../src/node/app-config';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
const cases = Object.entries(profiles).flatMap(([name, profile]) =>
  KIND_NAMES.flatMap((kind) => METHODS.map((method) => [name, kind, method, profile] as const)),
);

describe('kindAnswer(kind, headers)', () => {
  it.each(cases)('%s renders %s for %s exactly as createVendorError(kind) does', (_name, kind, method, profile) => {
    const view = { method, path: '/v1/items/ldev-1', requestId: '0123456789abcdef0123456789abcdef' };
    expect(render(kindAnswer(kind), profile, view)).toEqual(render(createVendorError(kind), profile, view));
    const allow = { allow: 'GET, HEAD' };
    expect(render(kindAnswer(kind, allow), profile, view)).toEqual(render(createVendorError(kind, undefined, { headers: { ...allow } }), profile, view));
  });

  it.each(KIND_NAMES)('normalizes %s exactly as createVendorError(kind) does', (kind) => {
    expect(normalize(kindAnswer(kind))).toEqual(normalize(createVendorError(kind)));
    expect(normalize(kindAnswer(kind, { allow: 'GET' }))).toEqual(normalize(createVendorError(kind, undefined, { headers: { allow: 'GET' } })));
  });

  it('is frozen, so one answer can serve every request', () => {
    const answer = kindAnswer('notFound') as { status: number };
    expect(Object.isFrozen(answer)).toBe(true);
    expect(answer.status).toBe(KINDS.notFound.status);
  });
});
