/**
 * Contract: the RFC 9457 `problem` profile through Express 4, Express 5, Koa 2 and Koa 3.
 * Source: RFC 9457 §3.1 (members type, title, status, detail, instance) and §4.2.1 (about:blank).
 */
import createError from 'http-errors';
import request from 'supertest';
import { FRAMEWORKS, itWhere, makeServer, type TestRoute } from '../support/frameworks';
import { conflict } from '../support/internals';

const routes: TestRoute[] = [
  { method: 'GET', path: '/ok' },
  { method: 'GET', path: '/tenant', throws: () => createError(404, 'Tenant t1 does not exist') },
  { method: 'GET', path: '/crash', throws: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42') },
  { method: 'PUT', path: '/dup', async: true, throws: () => conflict('Volume 12 already exists', { vendorCode: 'VOL.409' }) },
  { method: 'GET', path: '/etag', setHeaders: { ETag: '"abc"', 'Content-Type': 'text/csv', 'X-Trace': 't1' }, throws: () => createError(400, 'bad') },
];

describe.each(FRAMEWORKS)('problem profile through %s', (framework) => {
  const server = makeServer(framework, { profile: 'problem' }, routes);

  it('passes a successful request through untouched', async () => {
    const res = await request(server).get('/ok').expect(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('renders an http-errors 404 as application/problem+json with detail and instance (RFC 9457 §3.1)', async () => {
    const res = await request(server).get('/tenant?x=1').expect(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.text)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Tenant t1 does not exist',
      instance: '/tenant',
    });
  });

  it('never reveals a plain error message, stack or path on a 500', async () => {
    const res = await request(server).get('/crash').expect(500);
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, instance: '/crash' });
    expect(res.text).not.toMatch(/ECONNREFUSED|db\.js|10\.0\.0\.7|srv/);
  });

  it('maps a rejected async conflict with its vendorCode', async () => {
    const res = await request(server).put('/dup').expect(409);
    expect(JSON.parse(res.text)).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'Volume 12 already exists',
      instance: '/dup',
      code: 'VOL.409',
    });
  });

  itWhere(framework, 'headersBeforeThrow')('removes headers the route set that contradict the error, keeps the others', async () => {
    const res = await request(server).get('/etag').expect(400);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['x-trace']).toBe('t1');
  });

  it('answers unmatched routes with the profile 404', async () => {
    const res = await request(server).get('/nowhere').expect(404);
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, instance: '/nowhere' });
  });

  it('sends no body for HEAD', async () => {
    const res = await request(server).head('/tenant').expect(404);
    expect(res.text).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/problem+json');
  });
});
