/**
 * Error rules, unit level: validation at compile time, first match wins, the cause
 * chain (bounded, cycle-safe), hostile values and throwing user functions, and the answer's
 * message/expose defaults, rendered after `applyErrorRules`.
 */
import { ERROR_BRAND, applyErrorRules, compileErrorRules, profiles, render, upstreamErrors, type ErrorRule } from '../support/internals';
import { closedPort } from '../support/upstreams';

class VolumeNotFoundError extends Error {}
class PoolBusyError extends Error {}
/** A class whose `instanceof` check throws. */
const evilClass = class Evil {
  static [Symbol.hasInstance](): boolean {
    throw new Error('bug');
  }
};
const view = { method: 'GET', path: '/ConfigurationManager/v1/objects/ldevs/12' };

describe('compileErrorRules(): misconfiguration is a TypeError naming the rule', () => {
  it.each([
    ['not an array', {}, 'vendor-compat: option "errors" must be an array of rules, e.g. [{ code: "ECONNREFUSED", kind: "badGateway" }]'],
    ['a rule that is not an object', [null], 'vendor-compat: errors[0] must be an object such as { code: "ECONNREFUSED", kind: "badGateway" }'],
    ['an unknown key', [{ code: 'X', kind: 'conflict' }, { codes: ['X'], kind: 'conflict' }], 'vendor-compat: errors[1] has an unknown key "codes"; expected instanceOf, name, code, when, kind, vendorCode, message, details, headers, expose'],
    ['no matcher', [{ kind: 'conflict' }], 'vendor-compat: errors[0] needs at least one of instanceOf, name, code, when'],
    ['an unknown kind', [{ code: 'X', kind: 'teapot' }], 'vendor-compat: errors[0] has kind "teapot", which is not a canonical kind (see KIND_NAMES)'],
    ['instanceOf not a class', [{ instanceOf: 'Error', kind: 'conflict' }], 'vendor-compat: errors[0] has an instanceOf that is not a class'],
    ['an empty code list', [{ code: [], kind: 'conflict' }], 'vendor-compat: errors[0] has a code that is not a string, a number or a non-empty array of them'],
    ['a bad vendorCode', [{ code: 'X', kind: 'conflict', vendorCode: 'two words' }], 'vendor-compat: errors[0] has a vendorCode that is not 1–64 printable ASCII characters'],
    ['headers of numbers', [{ code: 'X', kind: 'conflict', headers: { 'retry-after': 5 } }], 'vendor-compat: errors[0] has headers that are neither a function nor an object of strings'],
    ['expose not boolean', [{ code: 'X', kind: 'conflict', expose: 'yes' }], 'vendor-compat: errors[0] has an expose that is not a boolean'],
  ])('%s', (_what, rules, message) => {
    expect(() => compileErrorRules(rules)).toThrow(new TypeError(message));
  });

  it('each compile is a snapshot of the array as it is then (test/core/options-snapshot.test.ts)', () => {
    const rules: ErrorRule[] = [{ code: 'X', kind: 'conflict' }];
    const first = compileErrorRules(rules);
    rules.push({ code: 'Y', kind: 'gone' });
    expect(first({ code: 'Y' })).toBeUndefined();
    expect(compileErrorRules(rules)({ code: 'Y' })?.status).toBe(410);
  });
});

describe('matching', () => {
  const rules = compileErrorRules([
    { instanceOf: VolumeNotFoundError, kind: 'notFound', vendorCode: 'KART40046-E' },
    { name: /^Pool/, kind: 'conflict', details: () => ({ solution: 'Release the pool.', cause: 'The pool is in use.' }) },
    { code: ['23505', 23505], kind: 'conflict', message: 'A volume with this name already exists.' },
    { when: (err: unknown) => (err as { retryable?: unknown }).retryable === true, kind: 'serviceUnavailable', headers: { 'retry-after': '30' } },
  ]);

  it('first match wins; all given tests of a rule must hold', () => {
    const both = compileErrorRules([
      { instanceOf: VolumeNotFoundError, code: 'E1', kind: 'gone' },
      { instanceOf: VolumeNotFoundError, kind: 'notFound' },
    ]);
    expect(both(new VolumeNotFoundError('x'))?.[ERROR_BRAND]).toBe('notFound');
    expect(both(Object.assign(new VolumeNotFoundError('x'), { code: 'E1' }))?.[ERROR_BRAND]).toBe('gone');
  });

  it('a class rule keeps the thrown message of a 4xx kind and the original value as cause', () => {
    const thrown = new VolumeNotFoundError('LDEV 12 does not exist');
    expect(rules(thrown)).toEqual({ status: 404, statusCode: 404, expose: true, message: 'LDEV 12 does not exist', vendorCode: 'KART40046-E', cause: thrown, [ERROR_BRAND]: 'notFound' });
  });

  it('numeric and string codes (pg: "23505"), a fixed message', () => {
    expect(rules(Object.assign(new Error('duplicate key'), { code: 23505 }))?.message).toBe('A volume with this name already exists.');
  });

  it('a match in the cause chain, the matched error\'s message', () => {
    const answer = rules(new Error('lookup failed', { cause: new Error('wrapped', { cause: new VolumeNotFoundError('LDEV 7 does not exist') }) }));
    expect(answer?.[ERROR_BRAND]).toBe('notFound');
    expect(answer?.message).toBe('LDEV 7 does not exist');
  });

  it('a cyclic or very deep cause chain ends (no match, no hang)', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(rules(a)).toBeUndefined();
    let deep: unknown = new VolumeNotFoundError('deep');
    for (let i = 0; i < 20; i++) deep = new Error(`level ${i}`, { cause: deep });
    expect(rules(deep)).toBeUndefined(); // deeper than MAX_CAUSE_DEPTH
  });

  it('a 5xx kind hides the thrown message unless expose: true', () => {
    expect(rules({ retryable: true, message: 'node-3 is draining' })?.message).toBe('');
    const exposed = compileErrorRules([{ when: () => true, kind: 'serviceUnavailable', expose: true }]);
    expect(exposed(new Error('Maintenance until 10:00'))?.message).toBe('Maintenance until 10:00');
  });

  it.each([
    ['a throwing when', { when: (): boolean => { throw new Error('bug'); }, kind: 'conflict' }],
    ['a throwing getter', { name: 'X', kind: 'conflict' }],
    ['a Symbol.hasInstance that throws', { instanceOf: evilClass, kind: 'conflict' }],
  ] as Array<[string, ErrorRule]>)('%s is no match, never a crash', (_what, rule) => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expect(compileErrorRules([rule as ErrorRule])(hostile)).toBeUndefined();
  });

  it('a throwing message or details function falls back to the default', () => {
    const answer = compileErrorRules([{ code: 'E', kind: 'conflict', message: () => { throw new Error('bug'); }, details: () => { throw new Error('bug'); } }])(Object.assign(new Error('in use'), { code: 'E' }));
    expect(answer?.message).toBe('');
    expect(answer?.details).toBeUndefined();
  });

  it('non-objects: primitives and null never match a property rule', () => {
    for (const value of [undefined, null, 'ECONNREFUSED', 42]) expect(rules(value)).toBeUndefined();
  });
});

describe('rules then render: render(applyErrorRules(compileErrorRules(rules), thrown), profile, view)', () => {
  it('VSP: a domain class with details renders KART40046-E with cause and solution (S21 error object)', () => {
    const rendered = render(applyErrorRules(compileErrorRules([{ instanceOf: PoolBusyError, kind: 'conflict', vendorCode: 'KART30005-E', details: () => ({ cause: 'The pool is in use.', solution: 'Release the pool.' }) }]), new PoolBusyError('Pool 3 is in use')), profiles.vsp, view);
    expect(rendered.status).toBe(409);
    expect(JSON.parse(rendered.body)).toEqual({
      errorSource: view.path, messageId: 'KART30005-E', message: 'Pool 3 is in use', cause: 'The pool is in use.', solution: 'Release the pool.', solutionType: 'SEE_ERROR_DETAIL', detailCode: '30005E-0',
    });
    expect(rendered.kind).toBe('conflict');
    expect(rendered.code).toBe('KART30005-E');
  });

  it('HCP: a rule\'s Retry-After header goes out; its 503 tells nothing more (seed 000 row 503)', () => {
    const rendered = render(applyErrorRules(compileErrorRules([{ when: (err: unknown) => (err as { retryable?: boolean }).retryable === true, kind: 'serviceUnavailable', headers: { 'retry-after': '30' } }]), { retryable: true }), profiles.hcp, { method: 'GET', path: '/mapi/tenants' });
    expect(rendered.status).toBe(503);
    expect(rendered.headers['Retry-After']).toBe('30');
    expect(rendered.headers['X-HCP-ErrorMessage']).toBeUndefined();
  });

  it('APIG: upstreamErrors maps a fetch failure caused by ECONNREFUSED to 502 APIG.0202 (seed 003 row 502)', async () => {
    const failure = await fetch(`http://127.0.0.1:${await closedPort()}/`).catch((error: unknown) => error);
    expect((failure as { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    const rendered = render(applyErrorRules(compileErrorRules(upstreamErrors), failure), profiles.apig, view);
    expect(rendered.status).toBe(502);
    expect(JSON.parse(rendered.body)).toEqual({ error_code: 'APIG.0202', error_msg: 'Backend unavailable', request_id: rendered.headers['X-Request-Id'] });
  });
});
