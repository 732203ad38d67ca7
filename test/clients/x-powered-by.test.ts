/**
 * no vendor sends `X-Powered-By`, and an error that carries
 * Express's default `X-Powered-By: Express` tells any client the API is an emulation. Every error
 * response the library writes goes out without it, on every adapter, whoever set it (Express's
 * init middleware, a route, another middleware). Successes are the app's own (`app.disable`).
 */
import http from 'node:http';
import request from 'supertest';
import createError from 'http-errors';
import { FRAMEWORKS, makeServer } from '../support/frameworks';
import { preconditions, sendError } from '../support/node-app';
import { FINGERPRINT_HEADERS } from '../../src/node/writer';
import { profiles, render, type ProfileName } from '../support/internals';

const PROFILES: readonly ProfileName[] = ['problem', 'hcp', 'vsp', 'apig', 'mpc', 'stratos'];
const ROUTES = [
  { method: 'GET', path: '/ok' },
  { method: 'GET', path: '/sync', throws: () => createError(409, 'exists'), setHeaders: { 'X-Powered-By': 'PHP/8.2' } },
  { method: 'GET', path: '/async', async: true, throws: () => new Error('boom'), setHeaders: { 'X-Powered-By': 'PHP/8.2' } },
] as const;

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('fingerprints: FINGERPRINT_HEADERS', () => {
  it('names X-Powered-By (lower case, as res.getHeaderNames() reports it)', () => {
    expect([...FINGERPRINT_HEADERS]).toEqual(['x-powered-by']);
  });

  it.each(PROFILES)('render (every adapter, Fetch ones included) never copies a thrown X-Powered-By header: %s', (profile) => {
    const thrown = createError(409, 'exists', { headers: { 'X-Powered-By': 'PHP/8.2', 'x-powered-by': 'ASP.NET', 'x-trace': 't1' } });
    const names = Object.keys(render(thrown, profiles[profile], { method: 'PUT', path: '/x' }).headers).map((name) => name.toLowerCase());
    expect(names).not.toContain('x-powered-by');
    expect(names).toContain('x-trace');
  });
});

describe.each(FRAMEWORKS)('fingerprints on %s: error responses never carry X-Powered-By', (framework) => {
  describe.each(PROFILES)('profile %s', (profile) => {
    let server: http.Server;
    beforeAll(() => {
      server = makeServer(framework, { profile, preconditions: { requestMediaTypes: ['application/json'] } }, ROUTES).listen(0, '127.0.0.1');
    });
    afterAll(() => closeServer(server));

    it('a thrown 4xx set after a route set X-Powered-By', async () => {
      const response = await request(server).get('/sync');
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('a rejected async route (masked 5xx)', async () => {
      const response = await request(server).get('/async');
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('the unmatched-route answer', async () => {
      const response = await request(server).get('/nowhere');
      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('a precondition rejection (a request body of a media type the API does not accept)', async () => {
      const response = await request(server).post('/ok').set('Content-Type', 'text/plain').send('a');
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });

  if (framework.startsWith('express')) {
    it('Express still sets it on the app’s own successes unless the app disables it (README)', async () => {
      const server = makeServer(framework, { profile: 'vsp' }, ROUTES).listen(0, '127.0.0.1');
      try {
        const response = await request(server).get('/ok');
        expect(response.status).toBe(200);
        expect(response.headers['x-powered-by']).toBe('Express');
      } finally {
        await closeServer(server);
      }
    });
  }
});

describe('fingerprints on node:http', () => {
  const options = { profile: 'vsp' } as const;
  let server: http.Server;
  beforeAll(() => {
    server = http
      .createServer((req, res) => {
        res.setHeader('X-Powered-By', 'node');
        if (!preconditions(req, res, options)) return;
        sendError(req, res, createError(404, 'No volume 7'), options);
      })
      .listen(0, '127.0.0.1');
  });
  afterAll(() => closeServer(server));

  it('sendError removes an X-Powered-By the handler set', async () => {
    const response = await request(server).get('/ConfigurationManager/v1/objects/ldevs/7');
    expect(response.status).toBe(404);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('a precondition rejection removes it too', async () => {
    const response = await request(server).post('/x').set('Content-Type', 'text/plain').send('a');
    expect(response.status).toBe(415);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
