/**
 * `decodeError`: every built-in profile reads its own renderings back (every
 * kind, every method a rule names), recovers the kind by code, status and message in the
 * documented order, reports each reason an answer could not have come from the vendor, reads
 * every header container, and never throws for any input.
 */
import fc from 'fast-check';
import { kindAnswer } from '../../src/core/app-config';
import { decodeError, defineProfile, KIND_NAMES, profiles, render, type KindName, type ProfileName } from '../support/internals';
import { compiledOf } from '../../src/core/define-profile';
import { profileIndex } from '../../src/core/decode/profile-index';

const NAMES = Object.keys(profiles) as ProfileName[];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];
const ROWS = NAMES.flatMap((name) => METHODS.flatMap((method) => KIND_NAMES.map((kind) => [name, method, kind] as const)));

/**
 * Kinds whose answers to `method` show the same status, vendor code and message as `kind`'s
 * (what an answer carries is all a reader can go by: problem's 401s differ only in the message
 * that no undetailed answer shows, HCP's 403s only in a header message only a thrown one fills).
 */
const SHOWN = new Map<string, string>();
function twins(name: ProfileName, method: string, kind: KindName): KindName[] {
  const shown = (k: KindName): string => {
    const key = `${name} ${method} ${k}`;
    const known = SHOWN.get(key);
    if (known !== undefined) return known;
    const rendered = render(kindAnswer(k), profiles[name], { method, path: '/tenants/t1' });
    const decoded = decodeError(profiles[name], { status: rendered.status, headers: rendered.headers, body: rendered.body, method });
    const text = JSON.stringify([rendered.status, decoded.code, decoded.message]);
    SHOWN.set(key, text);
    return text;
  };
  return KIND_NAMES.filter((other) => shown(other) === shown(kind));
}

describe('every profile reads its own renderings back', () => {
  it.each(ROWS)('%s %s %s: conforms, and the kind is recovered (or one that answers identically)', (name, method, kind) => {
    const rendered = render(kindAnswer(kind), profiles[name], { method, path: '/tenants/t1' });
    const decoded = decodeError(profiles[name], { status: rendered.status, statusText: rendered.statusMessage, headers: rendered.headers, body: rendered.body, method });
    expect(decoded.problems).toEqual([]);
    expect(decoded.conforms).toBe(true);
    expect(decoded.status).toBe(rendered.status);
    expect(twins(name, method, kind)).toContain(decoded.kind);
    if (twins(name, method, kind).length === 1) expect(decoded.kind).toBe(kind);
    if (method !== 'HEAD') expect(decoded.code).toBe(compiledOf(profiles[name]).resolve(kind, method).code);
  });

  it.each(NAMES)('%s: a thrown 4xx message is read back', (name) => {
    const rendered = render(Object.assign(new Error('Tenant t1 does not exist'), { status: 404, expose: true }), profiles[name], { method: 'GET', path: '/t1' });
    expect(decodeError(profiles[name], { status: rendered.status, headers: rendered.headers, body: rendered.body }).message).toBe('Tenant t1 does not exist');
  });
});

describe('vendor specifics (HCP empty bodies, HEAD answers, method rules)', () => {
  it('HCP: an empty body with X-HCP-ErrorMessage (hitachi-hcp-and-vsp.md §1) gives the message and the kind', () => {
    const headers = { ...render(kindAnswer('unauthorized'), profiles.hcp, { method: 'GET', path: '/mapi' }).headers };
    const decoded = decodeError(profiles.hcp, { status: 403, headers: { ...headers, 'x-hcp-errormessage': 'The credentials provided are not valid.' }, body: '' });
    expect([decoded.conforms, decoded.kind, decoded.message, decoded.matchedBy]).toEqual([true, 'unauthorized', 'The credentials provided are not valid.', 'code+status+message']);
  });

  it('HCP: HEAD not found is 302 (seed 000, S2), decoded as notFound only with method HEAD', () => {
    const rendered = render(kindAnswer('notFound'), profiles.hcp, { method: 'HEAD', path: '/mapi/tenants/t1' });
    expect(decodeError(profiles.hcp, { status: 302, headers: rendered.headers, method: 'HEAD' }).kind).toBe('notFound');
    const asGet = decodeError(profiles.hcp, { status: 302, headers: rendered.headers });
    expect([asGet.kind, asGet.problems]).toEqual([undefined, ['no error kind is answered with 302 to any method']]);
  });

  it('APIG: a HEAD answer has no body; the status and headers decide', () => {
    const rendered = render(kindAnswer('notFound'), profiles.apig, { method: 'HEAD', path: '/x' });
    const decoded = decodeError(profiles.apig, { status: 404, headers: rendered.headers, method: 'HEAD' });
    expect([decoded.conforms, decoded.kind, decoded.code, decoded.requestId]).toEqual([true, 'notFound', undefined, rendered.headers['X-Request-Id']]);
    expect(decodeError(profiles.apig, { status: 404, headers: rendered.headers, body: '{}', method: 'HEAD' }).problems).toContain('a HEAD answer has a body');
  });

  it('VSP: GET forbidden is 404 KART94040-E (seed 001, S19): read as notFound, the kind RFC 9110 gives 404', () => {
    const rendered = render(kindAnswer('forbidden'), profiles.vsp, { method: 'GET', path: '/x' });
    expect(decodeError(profiles.vsp, { status: 404, headers: rendered.headers, body: rendered.body }).kind).toBe('notFound');
  });

  it('VSP: vendor fields come back in fields', () => {
    const rendered = render(kindAnswer('serviceUnavailable'), profiles.vsp, { method: 'GET', path: '/x' });
    const decoded = decodeError(profiles.vsp, { status: 503, headers: rendered.headers, body: rendered.body });
    expect(decoded.fields).toEqual({ solution: 'Wait for the time in the Retry-After header, and then run the request again.', solutionType: 'RETRY' });
  });

  it('MPC: a kind with its own body template (APIGW.0101 with request_id) is read with that template', () => {
    const rendered = render(kindAnswer('notFound'), profiles.mpc, { method: 'GET', path: '/x' });
    const decoded = decodeError(profiles.mpc, { status: 404, headers: rendered.headers, body: rendered.body });
    expect([decoded.conforms, decoded.kind, decoded.code, decoded.requestId]).toEqual([true, 'notFound', 'APIGW.0101', rendered.headers['X-Request-Id']]);
  });
});

describe('kind recovery order: code+status+message, then code+status, then status, then code', () => {
  const body = (code: string, message: string): string => JSON.stringify({ error_code: code, error_msg: message, request_id: 'a'.repeat(32) });
  const headers = { 'Content-Type': 'application/json', 'X-Request-Id': 'a'.repeat(32) };
  it.each([
    ['code+status+message', 413, 'APIG.0201', 'Request entity too large.', 'payloadTooLarge'],
    ['code+status', 400, 'APIG.0201', 'Volume name is empty', 'badRequest'],
    ['code+status', 401, 'APIG.0301', 'Token expired', 'unauthorized'],
    ['status', 400, 'APIG.9999', 'x', 'badRequest'],
    ['code', 418, 'APIG.0308', 'x', 'tooManyRequests'],
    ['fallback', 418, 'APIG.9999', 'x', 'badRequest'],
  ] as const)('%s: %i %s %j → %s', (matchedBy, status, code, message, kind) => {
    const decoded = decodeError(profiles.apig, { status, headers, body: body(code, message) });
    expect([decoded.matchedBy, decoded.kind]).toEqual([matchedBy, kind]);
  });
});

describe('what does not conform, and why', () => {
  const apig = render(kindAnswer('notFound'), profiles.apig, { method: 'GET', path: '/x' });
  it.each([
    ['a status the vendor does not document', { status: 415, headers: apig.headers, body: apig.body }, "status 415 is not one of the vendor's statuses (200, 201, 204, 400, 401, 403, 404, 405, 406, 407, 408, 409, 410, 412, 413, 414, 429, 494, 500, 501, 502, 503, 504)"],
    ['a body that is not JSON', { status: 404, headers: apig.headers, body: '<html>' }, 'body is not JSON or well-formed XML ("<html>"; not well-formed XML: Unclosed tag \'html\'. (line 1, column 1))'],
    ['a body of the wrong shape', { status: 404, headers: apig.headers, body: '{"code":1}' }, "body / must have required property 'error_code'"],
    ['no body', { status: 404, headers: apig.headers, body: '' }, 'no body, where the vendor sends one'],
    ['another Content-Type', { status: 404, headers: { ...apig.headers, 'Content-Type': 'text/html' }, body: apig.body }, 'Content-Type "text/html" (expected application/json)'],
    ['no request id header', { status: 404, headers: { 'Content-Type': 'application/json' }, body: apig.body }, 'no X-Request-Id header'],
    ['a request id that differs between header and body', { status: 404, headers: { ...apig.headers, 'X-Request-Id': 'b'.repeat(32) }, body: apig.body }, 'the request id in the body differs from the header'],
    ['another reason phrase', { status: 404, statusText: 'Nope', headers: apig.headers, body: apig.body }, 'reason phrase "Nope" (expected "Not Found")'],
  ])('%s', (_name, answer, problem) => {
    const decoded = decodeError(profiles.apig, answer);
    expect(decoded.problems).toContain(problem);
    expect(decoded.conforms).toBe(false);
  });

  it('HCP: a body, a Content-Type and a Cache-Control header are each a problem (S1: errors carry none)', () => {
    const headers = { ...render(kindAnswer('notFound'), profiles.hcp, { method: 'GET', path: '/mapi' }).headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
    expect(decodeError(profiles.hcp, { status: 404, headers, body: '{}' }).problems).toEqual([
      'Content-Type "application/json" on an answer the vendor sends without a body',
      'a body, where the vendor sends none (Content-Length: 0)',
      'a cache-control header, which the vendor never sends on errors',
    ]);
  });

  it('HCP: a missing X-HCP-SoftwareVersion is a problem (every error carries it, S1)', () => {
    expect(decodeError(profiles.hcp, { status: 404, headers: {} }).problems).toContain('no X-HCP-SoftwareVersion header');
  });
});

describe('header containers', () => {
  const rendered = render(kindAnswer('notFound'), profiles.apig, { method: 'GET', path: '/x' });
  const id = rendered.headers['X-Request-Id'] as string;
  it.each([
    ['a plain object, original case', rendered.headers],
    ['a plain object, upper case', Object.fromEntries(Object.entries(rendered.headers).map(([name, value]) => [name.toUpperCase(), value]))],
    ['a Fetch Headers', new Headers(rendered.headers)],
    ["Node's IncomingHttpHeaders", Object.fromEntries(Object.entries(rendered.headers).map(([name, value]) => [name.toLowerCase(), value]))],
    ["Node's rawHeaders", Object.entries(rendered.headers).flat()],
    ['[name, value] pairs', Object.entries(rendered.headers)],
  ])('%s', (_name, headers) => {
    const decoded = decodeError(profiles.apig, { status: 404, headers, body: rendered.body });
    expect([decoded.conforms, decoded.requestId]).toEqual([true, id]);
  });
});

describe('custom profiles', () => {
  it('a profile with its own body shape, code and header slot is read back', () => {
    const acme = defineProfile(
      {
        name: 'acme',
        title: 'ACME',
        headers: { 'X-Acme-Code': '{{code}}' },
        body: { contentType: 'application/vnd.acme.error+json', template: { error: { code: '{{code}}', text: '{{message}}', where: '{{path}}' } } },
        bodySchema: { type: 'object', required: ['error'] },
        kinds: { conflict: { status: 409, code: 'ACME-409', message: 'Already there.', sources: ['rfc9110'] } },
      },
      { extends: profiles.problem },
    );
    const rendered = render(kindAnswer('conflict'), acme, { method: 'PUT', path: '/things/1' });
    const decoded = decodeError(acme, { status: 409, headers: rendered.headers, body: rendered.body, method: 'PUT' });
    expect([decoded.conforms, decoded.kind, decoded.code, decoded.message, decoded.matchedBy]).toEqual([true, 'conflict', 'ACME-409', 'Already there.', 'code+status+message']);
    expect(profileIndex(acme)).toBe(profileIndex(acme)); // built once per profile
  });
});

describe('never throws', () => {
  const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
  it.each([
    ['null', null],
    ['a string', 'HTTP/1.1 404'],
    ['a Proxy that throws', hostile],
    ['headers that throw', { status: 404, headers: hostile }],
    ['a body that throws', { status: 404, body: hostile }],
    ['a 2 MB body', { status: 404, body: 'x'.repeat(2 * 1024 * 1024) }],
    ['a body of bytes', { status: 404, body: new TextEncoder().encode('{"error_code":"APIG.0101"}') }],
    ['a NaN status', { status: Number.NaN }],
  ])('%s', (_name, answer) => {
    let decoded: ReturnType<typeof decodeError> | undefined;
    expect(() => (decoded = decodeError(profiles.apig, answer as never))).not.toThrow();
    expect(decoded?.conforms).toBe(false);
    expect(decoded?.problems.length).toBeGreaterThan(0);
  });

  it('not a profile', () => {
    const decoded = decodeError({} as never, { status: 404 });
    expect([decoded.conforms, decoded.problems]).toEqual([false, ['the answer could not be decoded (vendor-compat: not a profile; build one with defineProfile())']]);
  });

  it('any status, headers and body (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.anything(), fc.anything(), fc.anything(), fc.string(), (name, status, headers, body, method) => {
        const decoded = decodeError(profiles[name], { status: status as number, headers, body, method });
        return typeof decoded.conforms === 'boolean' && Array.isArray(decoded.problems);
      }),
      { numRuns: 500 },
    );
  });
});
