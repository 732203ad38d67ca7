/**
 * Contract: the `hcp` profile (HCP management API) through Express 4, Express 5, Koa 2 and Koa 3.
 * Each seed-000 row a thrown error can produce is produced over the wire, with the exact status,
 * reason phrase, headers and (empty) body. Precondition-driven rows (414 from a long URL, 415 from
 * a Content-Type) are covered here through thrown errors only.
 * On a Fetch runtime the status line and a missing Content-Type are the runtime's
 * (test/support/runtime-differences.ts). Seed: shared/seeds/000_69097fa8191c9f70.txt. Reference: shared/vendors/hitachi-hcp-and-vsp.md §1.
 */
import type { IncomingMessage } from 'node:http';
import createError from 'http-errors';
import request from 'supertest';
import { CONTRACT_FRAMEWORKS, itWhere, makeServer, type TestRoute } from '../support/frameworks';
import { headersOn, reasonOn } from '../support/runtime-differences';
import {
  authenticationRequired,
  badRequest,
  conflict,
  forbidden,
  methodNotAllowed,
  notAcceptable,
  notFound,
  notImplemented,
  serviceUnavailable,
  unsupportedMediaType,
  uriTooLong,
} from '../support/internals';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'; connect-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'self'; frame-ancestors 'self';",
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-xss-protection': '1; mode=block',
};

/**
 * Headers the transport adds to every response; everything else is the profile's. Not
 * X-Powered-By: no error carries it, so a leak fails the header comparisons.
 */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive']);

/** The reason phrase on the status line (superagent keeps the Node IncomingMessage as `res`). */
function reasonPhrase(res: request.Response): string | undefined {
  return (res as unknown as { res: IncomingMessage }).res.statusMessage;
}

function profileHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !TRANSPORT_HEADERS.has(name)));
}

/** The complete header set of an HCP error response (S1), lower-cased as Node delivers it. */
function hcpHeaders(errorMessage?: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-hcp-softwareversion': '9.0.0.2',
    ...SECURITY_HEADERS,
    ...(errorMessage === undefined ? {} : { 'x-hcp-errormessage': errorMessage }),
    ...extra,
    'content-length': '0',
  };
}

const T = '/mapi/tenants/t1';
const routes: TestRoute[] = [
  { method: 'GET', path: '/mapi/ok' },
  { method: 'GET', path: T, throws: () => notFound('Tenant t1 does not exist.') },
  { method: 'GET', path: '/mapi/tenants/secret', throws: () => forbidden() },
  { method: 'POST', path: '/mapi/users', throws: () => badRequest("'password' parameter is required.") },
  { method: 'GET', path: '/mapi/unable', throws: () => notImplemented() },
  { method: 'GET', path: '/mapi/anonymous', throws: () => authenticationRequired() },
  { method: 'GET', path: '/mapi/badpass', async: true, throws: () => createError(401, 'Invalid user name or password.') },
  { method: 'PUT', path: T, throws: () => methodNotAllowed(['GET', 'HEAD']) },
  { method: 'POST', path: T, async: true, throws: () => methodNotAllowed(['GET', 'HEAD']) },
  { method: 'DELETE', path: '/mapi/tenants/t2', throws: () => createError(405) },
  { method: 'GET', path: '/mapi/services', throws: () => methodNotAllowed(['GET', 'HEAD']) },
  { method: 'PUT', path: '/mapi/tenants/t1/namespaces/ns1', async: true, throws: () => conflict() },
  { method: 'DELETE', path: '/mapi/tenants/t1/namespaces/ns1', throws: () => conflict('Namespace ns1 holds objects.') },
  { method: 'GET', path: '/mapi/long', throws: () => uriTooLong() },
  { method: 'POST', path: '/mapi/media', throws: () => unsupportedMediaType() },
  { method: 'GET', path: '/mapi/accept', throws: () => notAcceptable() },
  { method: 'GET', path: '/mapi/crash', throws: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42') },
  { method: 'GET', path: '/mapi/busy', async: true, throws: () => serviceUnavailable('replica hcp2 at 10.0.0.8 lagging') },
  {
    method: 'GET',
    path: '/mapi/cached',
    setHeaders: { 'Cache-Control': 'no-cache,no-store,must-revalidate', Expires: 'Thu, 01 Jan 1970 00:00:00 GMT', ETag: '"v1"', 'X-Trace': 't1' },
    throws: () => badRequest('Invalid verbose value.'),
  },
];

describe.each(CONTRACT_FRAMEWORKS)('hcp profile through %s', (framework) => {
  const server = makeServer(framework, { profile: 'hcp' }, routes);

  it('HCP seed-000 row 200: a successful request passes through untouched', async () => {
    const res = await request(server).get('/mapi/ok').expect(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers['x-hcp-errormessage']).toBeUndefined();
  });

  it('HCP seed-000 row 302 (S2, quirk 1): HEAD on a missing resource answers 302 Found with no body and no Location', async () => {
    const res = await request(server).head(T).expect(302);
    expect(reasonPhrase(res)).toBe(reasonOn(framework, 302, 'Found'));
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders('Tenant t1 does not exist.')));
    expect(res.text ?? '').toBe('');
  });

  it('HCP seed-000 row 302 (S2): HEAD on a resource the account may not access answers 302 without X-HCP-ErrorMessage', async () => {
    const res = await request(server).head('/mapi/tenants/secret').expect(302);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 302: HEAD on an unmatched route answers 302', async () => {
    const res = await request(server).head('/mapi/nowhere').expect(302);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 400 (S1 example): the error text travels only in X-HCP-ErrorMessage, with Content-Length: 0', async () => {
    const res = await request(server).post('/mapi/users').expect(400);
    expect(reasonPhrase(res)).toBe(reasonOn(framework, 400, 'Bad Request'));
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders("'password' parameter is required.")));
    expect(res.text).toBe('');
  });

  it('HCP seed-000 row 401 (quirk 2): "unable to handle the request" answers 401 with no challenge', async () => {
    const res = await request(server).get('/mapi/unable').expect(401);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
    expect(res.text).toBe('');
  });

  it('HCP seed-000 row 403 (S1, quirk 2): missing credentials answer 403, not 401 (no more information: no X-HCP-ErrorMessage)', async () => {
    const res = await request(server).get('/mapi/anonymous').expect(403);
    expect(reasonPhrase(res)).toBe(reasonOn(framework, 403, 'Forbidden'));
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 403 (S1, quirk 2): a rejected http-errors 401 answers 403 with its message', async () => {
    const res = await request(server).get('/mapi/badpass').expect(403);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders('Invalid user name or password.')));
  });

  it('HCP seed-000 row 403: forbidden on GET with no message sends no X-HCP-ErrorMessage ("if more information about the error is available")', async () => {
    const res = await request(server).get('/mapi/tenants/secret').expect(403);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 404: a missing resource on GET exposes its message in X-HCP-ErrorMessage', async () => {
    const res = await request(server).get(`${T}?verbose=true`).expect(404);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders('Tenant t1 does not exist.')));
    expect(res.text).toBe('');
  });

  it('HCP seed-000 row 404: an unmatched route answers 404 with no X-HCP-ErrorMessage', async () => {
    const res = await request(server).get('/mapi/nowhere').expect(404);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it.each([
    ['PUT', T],
    ['POST', T],
    ['DELETE', '/mapi/tenants/t2'],
  ] as const)('HCP seed-000 row 405 (quirk 4): %s answers 405 Method Not Allowed', async (method, path) => {
    const res = await request(server)[method.toLowerCase() as 'put'](path).expect(405);
    expect(reasonPhrase(res)).toBe(reasonOn(framework, 405, 'Method Not Allowed'));
    // methodNotAllowed(allow) sets Allow (RFC 9110 §15.5.6); DELETE throws a bare createError(405).
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders(undefined, method === 'DELETE' ? {} : { allow: 'GET, HEAD' })));
  });

  it('HCP seed-000 row 405 (quirk 4): a method error on GET answers 404 (405 is PUT/POST/DELETE only)', async () => {
    const res = await request(server).get('/mapi/services').expect(404);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 409 (quirk 4): a PUT of an existing resource answers 409 Conflict', async () => {
    const res = await request(server).put('/mapi/tenants/t1/namespaces/ns1').expect(409);
    expect(reasonPhrase(res)).toBe(reasonOn(framework, 409, 'Conflict'));
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 403 (S2): a conflict on DELETE (namespace holds objects) answers 403', async () => {
    const res = await request(server).delete('/mapi/tenants/t1/namespaces/ns1').expect(403);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders('Namespace ns1 holds objects.')));
  });

  it('HCP seed-000 row 414 (quirk 8): uriTooLong() answers 414 Request URI Too Large', async () => {
    const res = await request(server).get('/mapi/long').expect(414);
    expect(reasonPhrase(res)).toBe(reasonOn(framework, 414, 'Request URI Too Large'));
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 415: an unsupported Content-Type answers 415', async () => {
    const res = await request(server).post('/mapi/media').expect(415);
    expect(reasonPhrase(res)).toBe(reasonOn(framework, 415, 'Unsupported Media Type'));
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 415 (no 406): an unsupported Accept type answers 415', async () => {
    const res = await request(server).get('/mapi/accept').expect(415);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  it('HCP seed-000 row 500: an internal error reveals nothing, not even in X-HCP-ErrorMessage', async () => {
    const res = await request(server).get('/mapi/crash').expect(500);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
    expect(JSON.stringify(res.headers)).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|db\.js/);
  });

  it('HCP seed-000 row 503: a rejected async 503 never sends the thrown message (nor any X-HCP-ErrorMessage), and no Retry-After', async () => {
    const res = await request(server).get('/mapi/busy').expect(503);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders()));
  });

  itWhere(framework, 'headersBeforeThrow')('quirk 7 (S1): Cache-Control, Expires and representation headers set by the route are removed; others kept', async () => {
    const res = await request(server).get('/mapi/cached').expect(400);
    expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders('Invalid verbose value.', { 'x-trace': 't1' })));
  });

  it('S1: X-HCP-SoftwareVersion follows the app vars', async () => {
    const custom = makeServer(framework, { profile: 'hcp', vars: { softwareVersion: '9.7.0.12' } }, routes);
    const res = await request(custom).get('/mapi/nowhere').expect(404);
    expect(res.headers['x-hcp-softwareversion']).toBe('9.7.0.12');
  });
});
