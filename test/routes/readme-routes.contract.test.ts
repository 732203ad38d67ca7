/**
 * The route-table example of docs/routes.md works as written, through Express 4/5,
 * Koa 2/3, Fastify 4/5, Hono, the Fetch entry and node:http: a route that widens the app's media types and body size is served; a
 * route's 413 and 405 go out before `100 Continue` (raw socket), while a widened route is invited
 * to send its large body. Statuses per profile: VSP answers a too-large body with 400 KART94002-E
 * and a method with 405 KART94050-E + Allow (vsp.json kinds); `problem` with 413 and 405 (RFC 9110
 * §15.5.14, §15.5.6).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { close, exchange, listen } from '../hooks/raw-client';
import { makeRouteServer, ROUTE_FRAMEWORKS, type EchoRoute } from '../support/route-apps';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as fetchVendorCompat } from '../../src/fetch';
import { vendorCompat as honoVendorCompat } from '../../src/hono';

const V = '/ConfigurationManager/v1/objects';
const MiB = 1024 * 1024;

/** The example's options, as written in docs/routes.md (`<!-- example: routes -->`; checked below). */
const DOC_OPTIONS = {
  preconditions: { maxBodyBytes: 1 * MiB },
  routes: {
    'GET /ConfigurationManager/v1/objects/ldevs': {},
    'POST /ConfigurationManager/v1/objects/ldevs': { maxBodyBytes: 16 * 1024 },
    'GET /ConfigurationManager/v1/objects/keys/backup': { responseMediaTypes: ['application/octet-stream'] },
    'POST /ConfigurationManager/v1/objects/keys/restore': { requestMediaTypes: ['application/octet-stream'], maxBodyBytes: 64 * MiB },
  },
} as const;

describe('docs/routes.md shows exactly these options', () => {
  it('evaluates the vendorCompat({...}) of its route-table example to { profile: "vsp", ...DOC_OPTIONS }', () => {
    const page = readFileSync(path.resolve(__dirname, '../../docs/routes.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(page.slice(page.indexOf('<!-- example: routes -->')))?.[1] ?? '';
    const literal = /vendorCompat\((\{[\s\S]*?\n\})\);/.exec(block)?.[1];
    if (literal === undefined) throw new Error('docs/routes.md has no vendorCompat({...}) in its routes example');
    expect(new Function(`return ${literal};`)()).toEqual({ profile: 'vsp', ...DOC_OPTIONS });
  });
});

const ECHO: EchoRoute[] = [
  { method: 'GET', path: `${V}/ldevs` },
  { method: 'POST', path: `${V}/ldevs`, readBody: true },
  { method: 'GET', path: `${V}/keys/backup`, produces: 'application/octet-stream' },
  { method: 'POST', path: `${V}/keys/restore`, readBody: true },
];

describe.each(ROUTE_FRAMEWORKS)('%s: the route-table example of docs/routes.md (vsp)', (framework) => {
  const server = makeRouteServer(framework, { profile: 'vsp', ...DOC_OPTIONS }, ECHO);

  it('serves a download whose route widens Accept to application/octet-stream (the app allows application/json)', async () => {
    const response = await request(server).get(`${V}/keys/backup`).set('Accept', 'application/octet-stream');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
  });

  it('answers that route\'s own 406 KART94060-E for an Accept it does not produce (its settings replace the app\'s)', async () => {
    const response = await request(server).get(`${V}/keys/backup`).set('Accept', 'application/json');
    expect(response.status).toBe(406);
    expect(JSON.parse(response.text).messageId).toBe('KART94060-E');
  });

  it('accepts an upload whose route widens Content-Type and body size (2 MiB over the app\'s 1 MiB)', async () => {
    const body = Buffer.alloc(2 * MiB, 1);
    const response = await request(server).post(`${V}/keys/restore`).set('Content-Type', 'application/octet-stream').send(body);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ received: 2 * MiB });
  });

  it('still answers 415 KART94150-E on the widened route for a type it does not list', async () => {
    const response = await request(server).post(`${V}/keys/restore`).set('Content-Type', 'application/json').send('{}');
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text).messageId).toBe('KART94150-E');
  });

  it('answers the tightened route\'s too-large body as VSP does (400 KART94002-E)', async () => {
    const response = await request(server).post(`${V}/ldevs`).set('Content-Type', 'application/json').send(JSON.stringify({ label: 'x'.repeat(20 * 1024) }));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).messageId).toBe('KART94002-E');
  });

  it('answers a method the path does not list with 405 KART94050-E and Allow', async () => {
    const response = await request(server).delete(`${V}/ldevs`);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
    expect(JSON.parse(response.text).messageId).toBe('KART94050-E');
  });
});

const CONTINUE_CASES = [
  { profile: 'vsp', tooLarge: 'HTTP/1.1 400 Bad Request', notAllowed: 'HTTP/1.1 405 Method Not Allowed' },
  { profile: 'problem', tooLarge: 'HTTP/1.1 413 Payload Too Large', notAllowed: 'HTTP/1.1 405 Method Not Allowed' },
] as const;

describe.each(ROUTE_FRAMEWORKS)('%s: the route table judges 100-continue (raw socket)', (framework) => {
  describe.each(CONTINUE_CASES)('profile $profile', ({ profile, tooLarge, notAllowed }) => {
    let port = 0;
    const server = makeRouteServer(framework, { profile, ...DOC_OPTIONS }, ECHO);
    beforeAll(async () => {
      port = await listen(server);
    });
    afterAll(() => close(server));

    const head = (method: string, path: string, type: string, length: number): string =>
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;

    it('refuses the route\'s too-large body before 100 Continue (the body is never invited)', async () => {
      const { text } = await exchange(port, [head('POST', `${V}/ldevs`, 'application/json', 20 * 1024)], { waitMs: 800 });
      expect(text.startsWith(tooLarge)).toBe(true);
      expect(text).not.toContain('100 Continue');
    });

    it('refuses a method the path does not list before 100 Continue, with Allow', async () => {
      const { text } = await exchange(port, [head('PUT', `${V}/ldevs`, 'application/json', 10)], { waitMs: 800 });
      expect(text.startsWith(notAllowed)).toBe(true);
      expect(text).toContain('\r\nAllow: GET, HEAD, POST\r\n');
      expect(text).not.toContain('100 Continue');
    });

    it('invites the widened route\'s large upload (100 Continue, then 200)', async () => {
      const length = 2 * MiB;
      const { text } = await exchange(port, [head('POST', `${V}/keys/restore`, 'application/octet-stream', length), Buffer.alloc(length, 7)], { waitMs: 1500, gapMs: 100 });
      expect(text.startsWith('HTTP/1.1 100 Continue\r\n')).toBe(true);
      expect(text).toContain('HTTP/1.1 200 OK');
      expect(text).toContain(`{"received":${length}}`);
    });
  });
});

describe('vc.route() stays a tighten-only helper', () => {
  it.each([
    ['Express', () => expressVendorCompat({ profile: 'vsp' }).route({ responseMediaTypes: ['application/octet-stream'] })],
    ['Koa', () => koaVendorCompat({ profile: 'vsp' }).route({ requestMediaTypes: ['application/octet-stream'] })],
    ['Express (body size)', () => expressVendorCompat({ profile: 'vsp', preconditions: { maxBodyBytes: 1024 } }).route({ maxBodyBytes: 4096 })],
    ['Fetch', () => fetchVendorCompat({ profile: 'vsp' }).route({ responseMediaTypes: ['application/octet-stream'] })],
    ['Hono', () => honoVendorCompat({ profile: 'vsp' }).route({ requestMediaTypes: ['application/octet-stream'] })],
    ['Fetch (body size)', () => fetchVendorCompat({ profile: 'vsp', preconditions: { maxBodyBytes: 1024 } }).route({ maxBodyBytes: 4096 })],
  ])('%s: a setting looser than the app\'s throws at startup, pointing at the route table', (_name, build) => {
    expect(build).toThrow(/vc\.route\(\) runs after the app's checks and can only tighten them, but .* accepts what the app's .* rejects\. Declare a route that widens/);
  });

  it('a tighter setting is fine', () => {
    expect(() => expressVendorCompat({ profile: 'vsp' }).route({ maxBodyBytes: 1024, methods: ['GET'] })).not.toThrow();
    expect(() => fetchVendorCompat({ profile: 'vsp' }).route({ maxBodyBytes: 1024, methods: ['GET'] })).not.toThrow();
    expect(() => honoVendorCompat({ profile: 'vsp' }).route({ maxBodyBytes: 1024, methods: ['GET'] })).not.toThrow();
  });
});
