/**
 * Contract: the `mpc` profile through Express 4, Express 5, Koa 2 and Koa 3. Every seed-004 row
 * the library can produce from a thrown error (plus the gateway's 429, §2.4) is produced through
 * each framework: MPC's own errors as {error_code, error_msg}, the shared gateway's in the APIG
 * shape with request_id, and X-Request-Id on every response (§2.1 [I]).
 * Reference: shared/vendors/huawei-apig-mpc-and-stratos.md §2.
 */
import createError from 'http-errors';
import request from 'supertest';
import { CONTRACT_FRAMEWORKS, makeServer, type TestRoute } from '../support/frameworks';
import { badRequest, createVendorError, methodNotAllowed, unsupportedMediaType, type KindName } from '../support/internals';

const HEX32 = /^[0-9a-f]{32}$/;

interface Row {
  readonly source: string;
  readonly status: number;
  readonly kind: KindName;
  readonly layer: 'mpc' | 'gateway';
  readonly code: string;
  readonly message: string;
}

/** seed-004 rows a thrown error produces (405 is tested below: MPC.10204 is a 400), plus §2.4's 429. */
const ROWS: readonly Row[] = [
  { source: 'seed-004', status: 400, kind: 'badRequest', layer: 'mpc', code: 'MPC.10202', message: 'Invalid request parameter.' },
  { source: 'seed-004', status: 401, kind: 'unauthorized', layer: 'mpc', code: 'MPC.10203', message: 'Identity authentication failed.' },
  { source: 'seed-004', status: 403, kind: 'forbidden', layer: 'mpc', code: 'MPC.10208', message: 'Failed to verify the tenant ID.' },
  {
    source: 'seed-004',
    status: 404,
    kind: 'notFound',
    layer: 'gateway',
    code: 'APIGW.0101',
    message: 'The API does not exist or has not been published in the environment.',
  },
  { source: 'seed-004', status: 406, kind: 'notAcceptable', layer: 'mpc', code: 'MPC.10125', message: 'Input data error.' },
  { source: 'seed-004', status: 407, kind: 'proxyAuthenticationRequired', layer: 'mpc', code: 'MPC.10203', message: 'Identity authentication failed.' },
  { source: 'seed-004', status: 408, kind: 'requestTimeout', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { source: 'seed-004', status: 409, kind: 'conflict', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { source: 'seed-004', status: 500, kind: 'internalServerError', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { source: 'seed-004', status: 501, kind: 'notImplemented', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { source: 'seed-004', status: 502, kind: 'badGateway', layer: 'gateway', code: 'APIGW.0202', message: 'Backend unavailable' },
  { source: 'seed-004', status: 503, kind: 'serviceUnavailable', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { source: 'seed-004', status: 504, kind: 'gatewayTimeout', layer: 'gateway', code: 'APIGW.0203', message: 'Backend timeout' },
  { source: '§2.4', status: 429, kind: 'tooManyRequests', layer: 'gateway', code: 'APIGW.0308', message: 'The throttling threshold has been reached.' },
];

const routes: TestRoute[] = [
  { method: 'GET', path: '/v1/p/transcodings' },
  ...ROWS.map((row): TestRoute => ({ method: 'GET', path: `/rows/${row.kind}`, throws: () => createVendorError(row.kind) })),
  { method: 'POST', path: '/v1/p/template/transcodings', async: true, throws: () => badRequest('The template name already exists.', { vendorCode: 'MPC.10091' }) },
  { method: 'PUT', path: '/v1/p/transcodings', throws: () => methodNotAllowed(['GET', 'HEAD']) },
  { method: 'POST', path: '/v1/p/thumbnails', throws: () => unsupportedMediaType() },
  { method: 'GET', path: '/crash', throws: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42') },
  { method: 'GET', path: '/limit', throws: () => createError(400, 'Invalid request parameter, start_time cannot be greater than end_time.') },
];

function expectMpcWire(res: request.Response, layer: 'mpc' | 'gateway', code: string, message: string): void {
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(res.headers['x-request-id']).toMatch(HEX32);
  if (layer === 'gateway') {
    expect(body).toEqual({ error_code: code, error_msg: message, request_id: res.headers['x-request-id'] });
  } else {
    expect(body).toEqual({ error_code: code, error_msg: message });
  }
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
}

describe.each(CONTRACT_FRAMEWORKS)('mpc profile through %s', (framework) => {
  const server = makeServer(framework, { profile: 'mpc' }, routes);

  it('§2.1 [I]: a successful response carries X-Request-Id and its body untouched', async () => {
    const res = await request(server).get('/v1/p/transcodings').expect(200);
    expect(res.headers['x-request-id']).toMatch(HEX32);
    expect(res.body).toEqual({ ok: true });
  });

  it.each(ROWS)('MPC $source row $status: a thrown $kind is $status $code ($layer body)', async (row) => {
    const res = await request(server).get(`/rows/${row.kind}`).expect(row.status);
    expectMpcWire(res, row.layer, row.code, row.message);
  });

  it('MPC seed-004 row 404: an unmatched route is the shared gateway\'s 404 APIGW.0101 with request_id', async () => {
    const res = await request(server).get('/v1/p/nowhere').expect(404);
    expectMpcWire(res, 'gateway', 'APIGW.0101', 'The API does not exist or has not been published in the environment.');
  });

  it('MPC seed-004 row 405 / §2.3: methodNotAllowed() is 400 MPC.10204 "Incorrect request method."', async () => {
    const res = await request(server).put('/v1/p/transcodings').expect(400);
    expectMpcWire(res, 'mpc', 'MPC.10204', 'Incorrect request method.');
  });

  it('§2.3: unsupportedMediaType() is 400 MPC.10205 (MPC documents no 415)', async () => {
    const res = await request(server).post('/v1/p/thumbnails').expect(400);
    expectMpcWire(res, 'mpc', 'MPC.10205', 'Incorrect request content type.');
  });

  it('§2.3: a rejected async duplicate-name error is 400 MPC.10091, not 409', async () => {
    const res = await request(server).post('/v1/p/template/transcodings').expect(400);
    expectMpcWire(res, 'mpc', 'MPC.10091', 'The template name already exists.');
  });

  it('§2.5: an http-errors 400 message with appended detail is kept verbatim', async () => {
    const res = await request(server).get('/limit').expect(400);
    expectMpcWire(res, 'mpc', 'MPC.10202', 'Invalid request parameter, start_time cannot be greater than end_time.');
  });

  it('a plain error is 500 MPC.10212 and never reveals its message', async () => {
    const res = await request(server).get('/crash').expect(500);
    expectMpcWire(res, 'mpc', 'MPC.10212', 'Operation failed.');
    expect(res.text).not.toMatch(/ECONNREFUSED|db\.js|10\.0\.0\.7|srv/);
  });
});
