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
import { createVendorError, profiles, render, uriTooLong } from '../../src';
import { vendorCompat } from '../../src/hono';
import { close, exchange, listen, parseResponses } from '../hooks/raw-client';

function appFor(profile: 'problem' | 'hcp' | 'vsp'): { app: Hono; vc: ReturnType<typeof vendorCompat> } {
  const vc = vendorCompat({ profile });
  const app = new Hono();
  app.use(vc.middleware);
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
  app.onError(vc.onError);
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
});
