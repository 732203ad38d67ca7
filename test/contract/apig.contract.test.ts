/**
 * Contract: the `apig` profile through Express 4, Express 5, Koa 2 and Koa 3. Every seed-003 row
 * (and §1.2 row) the library can produce from a thrown error is produced through each framework,
 * with X-Request-Id on every response, success included (§1.3: "Returned for all valid requests").
 * Reference: shared/vendors/huawei-apig-mpc-and-stratos.md §1.
 */
import type { IncomingMessage } from 'node:http';
import createError from 'http-errors';
import request from 'supertest';
import { CONTRACT_FRAMEWORKS, makeServer, type TestRoute } from '../support/frameworks';
import { reasonOn } from '../support/runtime-differences';
import { createVendorError, forbidden, headersTooLarge, payloadTooLarge, tooManyRequests, uriTooLong, type KindName } from '../support/internals';

const HEX32 = /^[0-9a-f]{32}$/;

interface Row {
  readonly source: string;
  readonly status: number;
  readonly kind: KindName;
  readonly code: string;
  readonly message: string;
}

/** Rows producible from a thrown error: seed-003 (405 is APIG's app-quota status) plus §1.2. */
const ROWS: readonly Row[] = [
  { source: 'seed-003', status: 400, kind: 'badRequest', code: 'APIG.0201', message: 'API request error.' },
  { source: 'seed-003', status: 401, kind: 'unauthorized', code: 'APIG.0301', message: 'Incorrect IAM authentication information.' },
  { source: 'seed-003', status: 403, kind: 'forbidden', code: 'APIG.0306', message: 'API access denied.' },
  { source: 'seed-003', status: 404, kind: 'notFound', code: 'APIG.0101', message: 'The API does not exist or has not been published in the environment.' },
  { source: 'seed-003', status: 406, kind: 'notAcceptable', code: 'APIG.0201', message: 'API request error.' },
  { source: 'seed-003', status: 407, kind: 'proxyAuthenticationRequired', code: 'APIG.0201', message: 'API request error.' },
  { source: 'seed-003', status: 408, kind: 'requestTimeout', code: 'APIG.0201', message: 'API request error.' },
  { source: 'seed-003', status: 409, kind: 'conflict', code: 'APIG.0201', message: 'API request error.' },
  { source: 'seed-003', status: 410, kind: 'gone', code: 'APIG.0201', message: 'API request error.' },
  { source: 'seed-003', status: 412, kind: 'preconditionFailed', code: 'APIG.0201', message: 'API request error.' },
  { source: 'seed-003', status: 500, kind: 'internalServerError', code: 'APIG.0601', message: 'Internal server error.' },
  { source: 'seed-003', status: 501, kind: 'notImplemented', code: 'APIG.0601', message: 'Internal server error.' },
  { source: 'seed-003', status: 502, kind: 'badGateway', code: 'APIG.0202', message: 'Backend unavailable' },
  { source: 'seed-003', status: 503, kind: 'serviceUnavailable', code: 'APIG.0613', message: 'The IAM service is currently unavailable.' },
  { source: 'seed-003', status: 504, kind: 'gatewayTimeout', code: 'APIG.0203', message: 'Backend timeout' },
  { source: '§1.2', status: 413, kind: 'payloadTooLarge', code: 'APIG.0201', message: 'Request entity too large.' },
  { source: '§1.2', status: 414, kind: 'uriTooLong', code: 'APIG.0201', message: 'Request URI too large.' },
  { source: '§1.2', status: 429, kind: 'tooManyRequests', code: 'APIG.0308', message: 'The throttling threshold has been reached.' },
  { source: '§1.2', status: 494, kind: 'headersTooLarge', code: 'APIG.0201', message: 'Request headers too large.' },
];

const routes: TestRoute[] = [
  { method: 'GET', path: '/ok' },
  { method: 'POST', path: '/created', body: { id: 'g1' } },
  ...ROWS.map((row): TestRoute => ({ method: 'GET', path: `/rows/${row.kind}`, throws: () => createVendorError(row.kind) })),
  { method: 'GET', path: '/tenant', throws: () => createError(404, 'Tenant t1 does not exist') },
  { method: 'GET', path: '/crash', throws: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42') },
  { method: 'PUT', path: '/ip', async: true, throws: () => forbidden('The IP address is not authorized to access the API.', { vendorCode: 'APIG.0402' }) },
  { method: 'POST', path: '/upload', async: true, throws: () => payloadTooLarge() },
  { method: 'GET', path: '/long', throws: () => uriTooLong() },
  { method: 'GET', path: '/headers', throws: () => headersTooLarge() },
  { method: 'GET', path: '/throttled', setHeaders: { ETag: '"v1"', 'Content-Type': 'text/csv' }, throws: () => tooManyRequests() },
];

function json(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

/** The wire reason phrase (supertest does not type `res`, superagent's IncomingMessage). */
function reasonOf(res: request.Response): string | undefined {
  return (res as unknown as { res?: IncomingMessage }).res?.statusMessage;
}

function expectApigWire(res: request.Response, code: string, message: string): void {
  const body = json(res.text);
  expect(body).toEqual({ error_code: code, error_msg: message, request_id: expect.stringMatching(HEX32) });
  expect(res.headers['x-request-id']).toBe(body.request_id);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
}

describe.each(CONTRACT_FRAMEWORKS)('apig profile through %s', (framework) => {
  const server = makeServer(framework, { profile: 'apig' }, routes);

  it('§1.3: a successful response carries X-Request-Id (32 lowercase hex) and its body untouched', async () => {
    const res = await request(server).get('/ok').expect(200);
    expect(res.headers['x-request-id']).toMatch(HEX32);
    expect(res.body).toEqual({ ok: true });
  });

  it('§1.3: two successful responses carry different X-Request-Id values', async () => {
    const first = await request(server).get('/ok').expect(200);
    const second = await request(server).post('/created').expect(200);
    expect(first.headers['x-request-id']).toMatch(HEX32);
    expect(second.headers['x-request-id']).toMatch(HEX32);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it.each(ROWS)('APIG $source row $status: a thrown $kind is $status $code with X-Request-Id = request_id', async (row) => {
    const res = await request(server).get(`/rows/${row.kind}`).expect(row.status);
    expectApigWire(res, row.code, row.message);
  });

  it('APIG seed-003 row 404: an unmatched route is 404 APIG.0101 "…has not been published in the environment."', async () => {
    const res = await request(server).get('/v1/nowhere').expect(404);
    expectApigWire(res, 'APIG.0101', 'The API does not exist or has not been published in the environment.');
  });

  it('§1.2 494 row / quirk 6: headersTooLarge() goes out as 494 "Request Header Or Cookie Too Large"', async () => {
    const res = await request(server).get('/headers').expect(494);
    expect(reasonOf(res)).toBe(reasonOn(framework, 494, 'Request Header Or Cookie Too Large'));
    expectApigWire(res, 'APIG.0201', 'Request headers too large.');
  });

  it('§1.2 413/414 rows: payloadTooLarge() (async) and uriTooLong() are 413 and 414 APIG.0201', async () => {
    expectApigWire(await request(server).post('/upload').send({ a: 1 }).expect(413), 'APIG.0201', 'Request entity too large.');
    expectApigWire(await request(server).get('/long').expect(414), 'APIG.0201', 'Request URI too large.');
  });

  it('§1.2 429 row / §1.3: throttling is 429 APIG.0308 with no Retry-After; the route ETag and Content-Type are dropped', async () => {
    const res = await request(server).get('/throttled').expect(429);
    expectApigWire(res, 'APIG.0308', 'The throttling threshold has been reached.');
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.headers.etag).toBeUndefined();
  });

  it('a 4xx http-errors message becomes error_msg under the profile code', async () => {
    const res = await request(server).get('/tenant').expect(404);
    expectApigWire(res, 'APIG.0101', 'Tenant t1 does not exist');
  });

  it('§1.2 403 row: a rejected async forbidden() with vendorCode APIG.0402 keeps that code', async () => {
    const res = await request(server).put('/ip').expect(403);
    expectApigWire(res, 'APIG.0402', 'The IP address is not authorized to access the API.');
  });

  it('a plain error is 500 APIG.0601 and never reveals its message', async () => {
    const res = await request(server).get('/crash').expect(500);
    expectApigWire(res, 'APIG.0601', 'Internal server error.');
    expect(res.text).not.toMatch(/ECONNREFUSED|db\.js|10\.0\.0\.7|srv/);
  });

  it('HEAD of a failing route sends the error headers with X-Request-Id and no body', async () => {
    const res = await request(server).head('/tenant').expect(404);
    expect(res.text).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(HEX32);
    expect(res.headers['content-type']).toBe('application/json');
  });
});
