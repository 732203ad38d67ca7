/**
 * Hono-specific behaviour (Hono 4): what Hono's compose does not pass to `onError` (a thrown
 * string) is answered by the middleware; headers set with `c.header()` before a failure are kept
 * unless they contradict the error (Hono merges them into the error answer otherwise); on
 * `@hono/node-server` error answers keep the vendor's reason phrase and an answer without
 * Content-Type stays without one; a request the server refuses (a backslash in the path) gets the
 * profile's 400 through `vc.requestError`. The shared cases run in test/contract (target `hono`).
 */
import http from 'node:http';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { createVendorError, profiles, render, uriTooLong } from '../support/internals';
import { vendorCompat } from '../../src/hono';
import { close, exchange, listen, parseResponses } from '../hooks/raw-client';

function appFor(profile: 'problem' | 'hcp' | 'vsp'): { app: Hono; vc: ReturnType<typeof vendorCompat> } {
  const vc = vendorCompat({ profile });
  const app = new Hono();
  app.use(vc.preconditions);
  app.get('/string', () => {
    throw 'a thrown string';
  });
  app.get('/etag', (c) => {
    c.header('ETag', '"v1"');
    c.header('X-Trace', 't1');
    throw new Error('boom');
  });
  app.get('/long', () => {
    throw uriTooLong();
  });
  app.onError(vc.errorHandler);
  app.notFound(vc.notFound);
  return { app, vc };
}

describe('vendor-compat/hono', () => {
  it('a thrown non-Error (Hono rethrows it past onError) gets the profile\'s 500 from the middleware', async () => {
    const res = await appFor('problem').app.request('/string');
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([500, 'application/problem+json', render('x', profiles.problem, { method: 'GET', path: '/string' }).body]);
  });

  it('c.header() before a failure: X-Trace is kept, ETag (contradicting the error) is not', async () => {
    const res = await appFor('vsp').app.request('/etag');
    expect([res.status, res.headers.get('x-trace'), res.headers.get('etag'), res.headers.get('content-type')]).toEqual([500, 't1', null, 'application/json;charset=UTF-8']);
  });

  it('HEAD of an unmatched route: the profile\'s 404 headers, no body', async () => {
    const res = await appFor('problem').app.request('/nothing', { method: 'HEAD' });
    expect([res.status, await res.text()]).toEqual([404, '']);
  });

  describe('on @hono/node-server', () => {
    let server: http.Server;
    let port: number;
    beforeAll(async () => {
      const { app, vc } = appFor('hcp');
      server = http.createServer(getRequestListener(app.fetch, { errorHandler: vc.requestError, overrideGlobalObjects: false }));
      port = await listen(server);
    });
    afterAll(() => close(server));

    it('HCP 414: the vendor\'s reason phrase "Request URI Too Large" and no Content-Type (the server would add text/plain)', async () => {
      const [res] = parseResponses((await exchange(port, ['GET /long HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'])).text);
      expect(res?.statusLine).toBe('HTTP/1.1 414 Request URI Too Large');
      expect(res?.headers['content-type']).toBeUndefined();
      expect(res?.headers['content-length']).toBe('0');
    });

    it('a backslash in the path (refused by @hono/node-server before Hono) gets the profile\'s badRequest, not a bare 400', async () => {
      const [res] = parseResponses((await exchange(port, ['GET /a\\b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'])).text);
      const expected = render(createVendorError('badRequest'), profiles.hcp, { method: 'GET', path: '/' });
      expect([res?.status, res?.headers['x-content-type-options'], res?.headers['content-length']]).toEqual([expected.status, 'nosniff', '0']);
    });
  });

  // vc.validate reads a JSON body with c.req.json() (cached: the handler gets the same
  // value) and answers a failure in the profile's words; MPC 400 MPC.10202 (huawei-apig-mpc-and-
  // stratos.md §2.1). Requests built in the process carry no Content-Length.
  describe('vc.validate and the route table', () => {
    const vc = vendorCompat({ profile: 'mpc', routes: { 'POST /v1/items': { schema: { body: { type: 'object', required: ['name'] } } } } });
    const app = new Hono();
    app.use(vc.preconditions);
    app.use(vc.validate);
    app.post('/v1/items', async (c) => c.json({ body: await c.req.json() }));
    app.get('/v1/plain', (c) => c.json({ ok: true }));
    app.onError(vc.errorHandler);
    app.notFound(vc.notFound);
    const json = (body: string): RequestInit => ({ method: 'POST', body, headers: { 'content-type': 'application/json' } });

    it('a body that fails the schema: 400 MPC.10202 naming the field', async () => {
      const res = await app.request('/v1/items', json('{}'));
      expect([res.status, await res.json()]).toEqual([400, { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, name is required.' }]);
    });

    it('a valid body reaches the handler, which reads the same parsed value', async () => {
      const res = await app.request('/v1/items', json('{"name":"a"}'));
      expect([res.status, await res.json()]).toEqual([200, { body: { name: 'a' } }]);
    });

    it('a streamed body past the route\'s maxBodyBytes while vc.validate reads it: one 413 answer, one onError event', async () => {
      const events: string[] = [];
      const limited = vendorCompat({
        profile: 'problem',
        onError: (event) => events.push(`${event.source} ${event.status}`),
        routes: { 'POST /v1/items': { maxBodyBytes: 8, schema: { body: { type: 'object' } } } },
      });
      const small = new Hono();
      small.use(limited.preconditions);
      small.use(limited.validate);
      small.post('/v1/items', async (c) => c.json(await c.req.json()));
      small.onError(limited.errorHandler);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`{"name":"${'x'.repeat(64)}"}`));
          controller.close();
        },
      });
      const res = await small.request('/v1/items', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(413); // RFC 9457 profile: the kind's own status (RFC 9110 §15.5.14)
      expect(events).toEqual(['precondition 413']);
    });

    it('invalid JSON gets the profile\'s badRequest; routes without a body schema are not read', async () => {
      const bad = await app.request('/v1/items', json('{'));
      const expected = render(createVendorError('badRequest'), profiles.mpc, { method: 'POST', path: '/v1/items' });
      expect([bad.status, await bad.text()]).toEqual([expected.status, expected.body]);
      expect((await app.request('/v1/plain')).status).toBe(200);
    });
  });
});
