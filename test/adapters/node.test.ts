/** The plain node:http entry: sendError for handlers, never throwing. */
import http from 'node:http';
import request from 'supertest';
import createError from 'http-errors';
import { vendorCompat as nodeVendorCompat } from '../../src/node';
import { attach, sendError } from '../support/node-app';

const options = { profile: 'problem' } as const;

describe('sendError(req, res, error, options)', () => {
  it('writes the profile rendering and returns true', async () => {
    let written: boolean | undefined;
    const server = http.createServer((req, res) => {
      written = sendError(req, res, createError(404, 'Tenant t1 does not exist'), options);
    });
    const res = await request(server).get('/mapi/tenants/t1?verbose=true').expect(404);
    expect(written).toBe(true);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Tenant t1 does not exist', instance: '/mapi/tenants/t1' });
  });

  it('returns false instead of throwing when the response already ended', async () => {
    let second: boolean | undefined;
    const server = http.createServer((req, res) => {
      res.end('done');
      second = sendError(req, res, new Error('late'), options);
    });
    const res = await request(server).get('/').expect(200);
    expect(res.text).toBe('done');
    expect(second).toBe(false);
  });

  it('throws a TypeError for a bad profile name, before any request', () => {
    const server = http.createServer();
    expect(() => sendError({} as never, {} as never, new Error('x'), { profile: 'nope' as never })).toThrow(TypeError);
    server.close();
  });
});

describe('vendorCompat(options) for node:http (the same shape as the other adapters)', () => {
  it('compiles once: a bad option throws at construction, not per request', () => {
    expect(() => nodeVendorCompat({ profile: 'vsp', preconditions: { maxBodyBytes: -1 } })).toThrow(
      new TypeError('vendor-compat: preconditions.maxBodyBytes must be null or an integer >= 0, got -1'),
    );
  });

  it('vc.route(overrides) is the app settings plus the route\'s, in one pass: 405 + Allow and the app\'s 415 (VSP seed 001 rows 405, 415)', async () => {
    const vc = nodeVendorCompat({ profile: 'vsp' });
    const volumes = vc.route({ methods: ['GET', 'POST'], maxBodyBytes: 16 });
    const server = http.createServer((req, res) => {
      if (!volumes(req, res)) return;
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    const wrongMethod = await request(server).delete('/ConfigurationManager/v1/objects/ldevs').expect(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(wrongMethod.text).messageId).toBe('KART94050-E');
    const wrongType = await request(server).post('/ConfigurationManager/v1/objects/ldevs').set('Content-Type', 'text/plain').send('x').expect(415);
    expect(JSON.parse(wrongType.text).messageId).toBe('KART94150-E');
    const tooLarge = await request(server).post('/ConfigurationManager/v1/objects/ldevs').set('Content-Type', 'application/json').send('{"name":"a very long volume name"}').expect(400);
    expect(JSON.parse(tooLarge.text).messageId).toBe('KART94002-E'); // VSP has no 413: seed 001 row 400 (profile note)
    await request(server).get('/ConfigurationManager/v1/objects/ldevs').expect(200, '{"ok":true}');
  });

  it('vc.sendError and vc.notFound write the profile\'s answers (stratos seed 002 rows 404, 500)', async () => {
    const vc = nodeVendorCompat({ profile: 'stratos' });
    const server = http.createServer((req, res) => {
      if (!vc.preconditions(req, res)) return;
      if (req.url === '/api/crash') vc.sendError(req, res, new Error('secret'));
      else vc.notFound(req, res);
    });
    const crash = await request(server).get('/api/crash').expect(500);
    expect(JSON.parse(crash.text)).toEqual({ status: 'error', message: 'Internal server error' });
    const missing = await request(server).get('/api/nope').expect(404);
    expect(JSON.parse(missing.text)).toEqual({ status: 'error', message: 'HTTP 404 Not Found' });
  });

  it('the older functions with an options constant reuse one compiled app', () => {
    const constant = { profile: 'apig' } as const;
    const server = http.createServer();
    expect(attach(server, constant)).toBe(server);
    expect(attach(server, constant)).toBe(server); // attaching again is a no-op
    expect(server.listenerCount('clientError')).toBe(1);
  });
});
