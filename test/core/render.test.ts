/**
 * render(thrown, profile, view): the engine's mechanisms, exercised through a small test profile
 * built with `extends` (vendor behaviour itself is tested per profile under test/profiles).
 */
import { validateHeaderValue } from 'node:http';
import createError from 'http-errors';
import { defineProfile } from '../../src/core/define-profile';
import { render } from '../../src/core/render';
import { conflict, forbidden, methodNotAllowed, notFound, serviceUnavailable } from '../../src/core/errors';
import { profiles } from '../../src/profiles';

const engine = defineProfile(
  {
    name: 'engine-test',
    title: 'Engine test profile',
    statuses: [...profiles.problem.statuses, 302].sort((a, b) => a - b),
    reasonPhrases: { '414': 'Request URI Too Large' },
    headers: { 'X-Version': '{{vars.version}}', 'X-Detail': '{{detail}}' },
    vars: { version: '9.0.0.2', retryAfter: '30' },
    requestId: { header: 'X-Request-Id', onSuccess: true },
    body: { contentType: 'application/json', template: { code: '{{code}}', msg: '{{message}}', id: '{{requestId}}', hint: '{{fields.hint}}' } },
    // `gone` has no body: an empty body is validated as null (profile-types.ts bodySchema).
    bodySchema: { anyOf: [{ type: 'null' }, { type: 'object', required: ['msg', 'id'] }] },
    fields: { hint: 'profile-wide' },
    kinds: {
      forbidden: { status: 403, code: 'E403', message: 'Denied.', sources: ['rfc9110'], headers: { 'X-Detail': '{{message}}' } },
      serviceUnavailable: { status: 503, code: 'E503', message: 'Busy.', sources: ['rfc9110'], headers: { 'Retry-After': '{{vars.retryAfter}}' }, fields: { hint: 'retry' } },
      gone: { status: 404, code: 'E404', message: 'Not here.', sources: ['rfc9110'], body: null },
    },
    methodRules: [
      { methods: ['HEAD'], kinds: { notFound: { status: 302 }, forbidden: { status: 302, headers: {} } }, sources: ['rfc9110'] },
      { exceptMethods: ['PUT', 'POST', 'DELETE'], kinds: { methodNotAllowed: { status: 404, message: 'No such resource.' } }, sources: ['rfc9110'] },
    ],
  },
  { extends: profiles.problem },
);
const view = (method = 'GET', path = '/v1/things/1') => ({ method, path, requestId: 'acbc548ac6f2a0dbdb9e3518a7c0ff84' });

describe('render: placeholders and kind entries', () => {
  it('fills code, message, request id and merged fields', () => {
    const out = render(forbidden(), engine, view());
    expect(out.status).toBe(403);
    expect(out.statusMessage).toBe('Forbidden');
    expect(out.payload).toEqual({ code: 'E403', msg: 'Denied.', id: 'acbc548ac6f2a0dbdb9e3518a7c0ff84', hint: 'profile-wide' });
    expect(out.headers).toEqual({
      'X-Version': '9.0.0.2',
      'X-Detail': 'Denied.',
      'X-Request-Id': 'acbc548ac6f2a0dbdb9e3518a7c0ff84',
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(out.body)),
    });
  });

  it('lets a thrown vendorCode and details override the entry', () => {
    const out = render(conflict('dup', { vendorCode: 'X-1', details: { hint: 'rename' } }), engine, view('PUT'));
    expect(out.payload).toEqual({ code: 'X-1', msg: 'dup', id: 'acbc548ac6f2a0dbdb9e3518a7c0ff84', hint: 'rename' });
    expect(out.headers['X-Detail']).toBe('dup');
  });

  it('applies per-app vars (Retry-After seconds) and kind-level fields', () => {
    const out = render(serviceUnavailable(), engine, view(), { vars: { retryAfter: '120' } });
    expect(out.headers['Retry-After']).toBe('120');
    expect(out.payload).toMatchObject({ code: 'E503', msg: 'Busy.', hint: 'retry' });
  });

  it('renders an empty body with Content-Length 0 and no Content-Type for a null body template', () => {
    const out = render(createError(410), engine, view());
    expect(out.status).toBe(404);
    expect(out.body).toBe('');
    expect(out.payload).toBeNull();
    expect(out.headers['Content-Length']).toBe('0');
    expect(out.headers['Content-Type']).toBeUndefined();
  });

  it('uses the profile reason phrase where the vendor differs from RFC 9110', () => {
    expect(render(createError(414), engine, view()).statusMessage).toBe('Request URI Too Large');
  });

  it('generates a 32-hex request id when the view has none, a new one per call', () => {
    const a = render(notFound(), engine, { method: 'GET', path: '/' });
    const b = render(notFound(), engine, { method: 'GET', path: '/' });
    expect(a.headers['X-Request-Id']).toMatch(/^[0-9a-f]{32}$/);
    expect((a.payload as { id: string }).id).toBe(a.headers['X-Request-Id']);
    expect(a.headers['X-Request-Id']).not.toBe(b.headers['X-Request-Id']);
  });
});

describe('render: method rules', () => {
  it('answers HEAD not-found with the rule status and no body', () => {
    const out = render(notFound(), engine, view('HEAD'));
    expect(out.status).toBe(302);
    expect(out.body).toBe('');
  });

  it('replaces kind headers when a rule gives its own (HEAD forbidden drops X-Detail)', () => {
    const out = render(forbidden(), engine, view('HEAD'));
    expect(out.status).toBe(302);
    expect(out.headers['X-Detail']).toBeUndefined();
  });

  it.each([
    ['GET', 404, 'No such resource.'],
    ['PATCH', 404, 'No such resource.'],
    ['PUT', 405, 'The method is not allowed for this resource.'],
    ['DELETE', 405, 'The method is not allowed for this resource.'],
  ])('exceptMethods: methodNotAllowed on %s answers %i', (method, status, msg) => {
    const out = render(methodNotAllowed(['GET', 'HEAD']), engine, view(method));
    expect(out.status).toBe(status);
    expect((out.payload as { msg: string }).msg).toBe(msg);
  });

  it('resolves unusual methods without caching them without bound', () => {
    for (let i = 0; i < 200; i++) expect(render(methodNotAllowed(['GET', 'HEAD']), engine, view(`X${i}`)).status).toBe(404);
  });
});

describe('render: headers from the thrown error', () => {
  it('sends err.headers (Allow) sanitized, but never framing or request-id headers', () => {
    const err = createError(405, 'no', {
      headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/html', 'Content-Length': '99', 'X-Request-Id': 'spoofed', 'X-Note': 'a\r\nb', 'bad name': 'x' },
    });
    const out = render(err, engine, view('PUT'));
    expect(out.headers.Allow).toBe('GET, HEAD');
    expect(out.headers['X-Note']).toBe('a b');
    expect(out.headers.allow).toBeUndefined();
    expect(out.headers['Content-Type']).toBe('application/json');
    expect(out.headers['Content-Length']).toBe(String(Buffer.byteLength(out.body)));
    expect(out.headers['X-Request-Id']).toBe('acbc548ac6f2a0dbdb9e3518a7c0ff84');
    expect(Object.keys(out.headers).filter((name) => /^content-type$/i.test(name))).toHaveLength(1);
    expect(out.headers['bad name']).toBeUndefined();
  });

  it('lets err.headers replace a profile header of the same name, case-insensitively', () => {
    const out = render(serviceUnavailable('x', { headers: { 'retry-after': '5' } }), engine, view());
    expect(out.headers['Retry-After']).toBe('5');
    expect(out.headers['retry-after']).toBeUndefined();
  });

  it.each([
    ['www-authenticate', 'WWW-Authenticate'],
    ['dnt', 'DNT'],
    ['x-rate-limit', 'X-Rate-Limit'],
    ['X-Custom-CASE', 'X-Custom-Case'],
  ])('spells an error-supplied %s header conventionally as %s', (name, spelled) => {
    // WWW-Authenticate goes on a 401 only (RFC 9110 §15.5.2; test/core/thrown-headers.test.ts).
    const out = render(createError(name === 'www-authenticate' ? 401 : 409, 'm', { headers: { [name]: 'v' } }), engine, view('PUT'));
    expect(out.headers[spelled]).toBe('v');
  });
});

describe('render: safety', () => {
  it('turns a message full of control and non-Latin-1 characters into a valid header value', () => {
    const out = render(createError(409, 'Größe\r\nSet-Cookie: a=b\u0000\u2028 日本'), engine, view('PUT'));
    for (const [name, value] of Object.entries(out.headers)) expect(() => validateHeaderValue(name, value)).not.toThrow();
    expect(out.headers['X-Detail']).toBe('Gr%C3%B6%C3%9Fe Set-Cookie: a=b %E2%80%A8 %E6%97%A5%E6%9C%AC');
  });

  it('never shows a 5xx message or stack, whatever was thrown', () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'id') at /srv/app/routes/users.js:17:9");
    const out = render(err, engine, view());
    expect(out.status).toBe(500);
    expect(out.body).not.toMatch(/TypeError|Cannot read|srv|users\.js/);
    expect(JSON.stringify(out.headers)).not.toMatch(/TypeError|Cannot read|srv/);
  });

  it('survives a view with a missing method or path', () => {
    const out = render(notFound(), profiles.problem, { method: undefined as never, path: undefined as never });
    expect(out.status).toBe(404);
    expect(out.payload).toMatchObject({ instance: '/' });
  });
});

describe('render: thrown details that break the bodySchema are dropped one by one', () => {
  const typed = defineProfile(
    {
      name: 'typed-details',
      requestId: { header: 'X-Request-Id', onSuccess: false },
      body: { contentType: 'application/json', template: { msg: '{{message}}', id: '{{requestId}}', a: '{{fields.a}}', b: '{{fields.b}}', c: '{{fields.c}}' } },
      bodySchema: {
        type: 'object',
        required: ['msg'],
        properties: { msg: { type: 'string' }, a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'object', required: ['x'] } },
      },
    },
    { extends: profiles.problem },
  );

  it('keeps every valid member and drops only the invalid ones', () => {
    const out = render(createError(409, 'dup', { details: { a: 'kept', b: 'not an integer', c: { y: 1 } } }), typed, view('PUT'));
    expect(out.payload).toEqual({ msg: 'dup', id: 'acbc548ac6f2a0dbdb9e3518a7c0ff84', a: 'kept' });
    expect(typed.validateBody(out.payload)).toEqual([]);
  });

  it('keeps them all when they are all valid, and renders once', () => {
    const out = render(createError(409, 'dup', { details: { a: 'kept', b: 7, c: { x: true } } }), typed, view('PUT'));
    expect(out.payload).toEqual({ msg: 'dup', id: 'acbc548ac6f2a0dbdb9e3518a7c0ff84', a: 'kept', b: 7, c: { x: true } });
  });

  it('keeps the one generated request id across the retries (header and body agree)', () => {
    const out = render(createError(409, 'dup', { details: { a: 1, b: 2 } }), typed, { method: 'PUT', path: '/x' });
    const id = out.headers['X-Request-Id'];
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(out.payload).toEqual({ msg: 'dup', id, b: 2 });
  });
});
