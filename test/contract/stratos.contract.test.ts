/**
 * Contract: the `stratos` profile through Express 4, Express 5, Koa 2 and Koa 3. Every seed-002
 * error row (and the 401/406 the 4.1 code emits, §3.2) is produced through each framework as the
 * ResponseMessageBean envelope {"status":"error","message":...}; no request id is ever sent.
 * Reference: shared/vendors/huawei-apig-mpc-and-stratos.md §3.
 */
import createError from 'http-errors';
import request from 'supertest';
import { CONTRACT_FRAMEWORKS, makeServer, type TestRoute } from '../support/frameworks';
import { authenticationRequired, createVendorError, methodNotAllowed, unauthorized, unsupportedMediaType, type KindName } from '../support/internals';

interface Row {
  readonly source: string;
  readonly status: number;
  readonly kind: KindName;
  readonly message: string;
}

const ROWS: readonly Row[] = [
  { source: 'seed-002', status: 400, kind: 'badRequest', message: 'please checkyour input format' },
  { source: 'seed-002', status: 403, kind: 'authenticationRequired', message: 'The endpoint requires authentication' },
  { source: 'seed-002', status: 403, kind: 'forbidden', message: 'The user does not have required permissions to perform this operation' },
  { source: 'seed-002', status: 404, kind: 'notFound', message: 'HTTP 404 Not Found' },
  { source: 'seed-002', status: 409, kind: 'conflict', message: 'Resource already exists' },
  { source: 'seed-002', status: 500, kind: 'internalServerError', message: 'Internal server error' },
  { source: '§3.2', status: 401, kind: 'unauthorized', message: 'Authentication failed. Please check your username/password' },
  { source: '§3.2', status: 406, kind: 'notAcceptable', message: 'HTTP 406 Not Acceptable' },
];

const routes: TestRoute[] = [
  { method: 'GET', path: '/api/autoscalingPolicies', body: [{ id: 'autoscaling-policy-1' }] },
  ...ROWS.map((row): TestRoute => ({ method: 'GET', path: `/rows/${row.kind}`, throws: () => createVendorError(row.kind) })),
  { method: 'GET', path: '/api/autoscalingPolicies/missing', throws: () => createError(404, 'Autoscaling policy not found') },
  { method: 'POST', path: '/api/applications', async: true, throws: () => createError(409, 'Application already exists') },
  { method: 'GET', path: '/api/session', throws: () => unauthorized() },
  { method: 'GET', path: '/api/tenants', throws: () => authenticationRequired() },
  { method: 'PATCH', path: '/api/cartridges', throws: () => methodNotAllowed(['GET', 'HEAD']) },
  { method: 'POST', path: '/api/cartridges', throws: () => unsupportedMediaType() },
  { method: 'GET', path: '/crash', throws: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42') },
  { method: 'DELETE', path: '/api/tenants/t1', throws: () => createError(406, 'Please use the tenant deactivate method') },
];

function expectStratosWire(res: request.Response, message: string): void {
  expect(JSON.parse(res.text)).toEqual({ status: 'error', message });
  expect(res.text.startsWith('{"status":"error",')).toBe(true);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
  expect(res.headers['x-request-id']).toBeUndefined();
}

describe.each(CONTRACT_FRAMEWORKS)('stratos profile through %s', (framework) => {
  const server = makeServer(framework, { profile: 'stratos' }, routes);

  it('passes a successful GET through untouched and adds no request id (§5: none)', async () => {
    const res = await request(server).get('/api/autoscalingPolicies').expect(200);
    expect(res.body).toEqual([{ id: 'autoscaling-policy-1' }]);
    expect(res.headers['x-request-id']).toBeUndefined();
  });

  it.each(ROWS)('Stratos $source row $status: a thrown $kind is $status "$message"', async (row) => {
    const res = await request(server).get(`/rows/${row.kind}`).expect(row.status);
    expectStratosWire(res, row.message);
  });

  it('quirk 1: authenticationRequired() is 403 without a challenge; unauthorized() is 401 with WWW-Authenticate: Basic', async () => {
    const missing = await request(server).get('/api/tenants').expect(403);
    expectStratosWire(missing, 'The endpoint requires authentication');
    expect(missing.headers['www-authenticate']).toBeUndefined();
    const failed = await request(server).get('/api/session').expect(401);
    expectStratosWire(failed, 'Authentication failed. Please check your username/password');
    expect(failed.headers['www-authenticate']).toBe('Basic');
  });

  it('Stratos seed-002 row 404: a Stratos message ("Autoscaling policy not found") is the envelope message', async () => {
    const res = await request(server).get('/api/autoscalingPolicies/missing').expect(404);
    expectStratosWire(res, 'Autoscaling policy not found');
  });

  it('Stratos seed-002 row 404: an unmatched route is 404 "HTTP 404 Not Found"', async () => {
    const res = await request(server).get('/api/nowhere').expect(404);
    expectStratosWire(res, 'HTTP 404 Not Found');
  });

  it('Stratos seed-002 row 409: a rejected async "Application already exists" is 409', async () => {
    const res = await request(server).post('/api/applications').expect(409);
    expectStratosWire(res, 'Application already exists');
  });

  it('§3.2 406 row: DELETE /tenants/{domain} is 406 "Please use the tenant deactivate method"', async () => {
    const res = await request(server).delete('/api/tenants/t1').expect(406);
    expectStratosWire(res, 'Please use the tenant deactivate method');
  });

  it('quirk 5 [I]: methodNotAllowed() and unsupportedMediaType() go through GenericExceptionMapper as 500', async () => {
    expectStratosWire(await request(server).patch('/api/cartridges').expect(500), 'HTTP 405 Method Not Allowed');
    expectStratosWire(await request(server).post('/api/cartridges').expect(500), 'HTTP 415 Unsupported Media Type');
  });

  it('Stratos seed-002 row 500: a plain error is 500 "Internal server error" and never reveals its message', async () => {
    const res = await request(server).get('/crash').expect(500);
    expectStratosWire(res, 'Internal server error');
    expect(res.text).not.toMatch(/ECONNREFUSED|db\.js|10\.0\.0\.7|srv/);
  });
});
