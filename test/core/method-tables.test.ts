/**
 * Bounded work per request: the kind tables a profile answers with are built when the profile is
 * defined, one per method its method rules name plus one shared by every other method. A method
 * token no rule names (RFC 9110 §9.1: any token is a method; Fetch runtimes pass them all through)
 * resolves to that shared table, built once, never per request.
 */
import { compiledOf } from '../../src/core/define-profile';
import { entryFor } from '../../src/core/compile-profile';
import { render } from '../../src/core/render';
import { notFound } from '../../src/core/errors';
import { KIND_NAMES } from '../../src/core/kinds';
import { profiles, type ProfileName } from '../../src/profiles';

const NAMES = Object.keys(profiles) as ProfileName[];
/** 1,000 distinct method tokens no profile names. */
const UNKNOWN = Array.from({ length: 1000 }, (_, i) => `X-M${i}`);

/** Every method a profile's method rules name. */
function namedMethods(name: ProfileName): string[] {
  return [...new Set((profiles[name].document.methodRules ?? []).flatMap((rule) => [...(rule.methods ?? []), ...(rule.exceptMethods ?? [])]))];
}

describe.each(NAMES)('%s: kind tables per method', (name) => {
  const compiled = compiledOf(profiles[name]);

  it('1,000 distinct unknown methods share one table, built at definition (same frozen entries)', () => {
    for (const kind of KIND_NAMES) {
      const shared = compiled.resolve(kind, 'X-OTHER');
      expect(Object.isFrozen(shared)).toBe(true);
      for (const method of UNKNOWN) if (compiled.resolve(kind, method) !== shared) throw new Error(`${kind} ${method}: a table was built for it`);
    }
    // After them, the first unknown method still gets the very same entry (nothing was evicted or rebuilt).
    expect(compiled.resolve('notFound', UNKNOWN[0] as string)).toBe(compiled.resolve('notFound', 'X-OTHER'));
  });

  it('every method the profile names, and the usual ones, answer as its method rules say (entryFor)', () => {
    for (const method of [...namedMethods(name), 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'get', 'X-OTHER']) {
      for (const kind of KIND_NAMES) {
        const entry = entryFor(profiles[name].document, kind, method);
        const resolved = compiled.resolve(kind, method);
        expect([method, kind, resolved.status, resolved.code, resolved.message]).toEqual([method, kind, entry.status, entry.code, entry.message]);
      }
    }
  });

  it('a method resolves to the same entry every time (no per-request rebuild for named methods either)', () => {
    for (const method of namedMethods(name)) expect(compiled.resolve('notFound', method)).toBe(compiled.resolve('notFound', method));
  });
});

describe('HCP per-method answers are unchanged (hcp.json methodRules: seed-000 rows 302/405/409, S2)', () => {
  const hcp = profiles.hcp;
  it.each([
    ['HEAD', 'notFound', 302],
    ['GET', 'notFound', 404],
    ['PUT', 'methodNotAllowed', 405],
    ['POST', 'methodNotAllowed', 405],
    ['DELETE', 'methodNotAllowed', 405],
    ['GET', 'methodNotAllowed', 404],
    ['X-M1', 'methodNotAllowed', 404],
    ['PUT', 'conflict', 409],
    ['POST', 'conflict', 403],
    ['X-M2', 'conflict', 403],
  ] as const)('%s %s answers %i', (method, kind, status) => {
    expect(compiledOf(hcp).resolve(kind, method).status).toBe(status);
  });

  it('render answers an unknown method exactly as another unknown one', () => {
    const view = (method: string) => ({ method, path: '/mapi/tenants/t1', requestId: 'r1' });
    expect(render(notFound('x'), hcp, view('X-M1'))).toEqual({ ...render(notFound('x'), hcp, view('X-M999')) });
  });
});
