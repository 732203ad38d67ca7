/**
 * The request-id echo: where a vendor sends a request id (APIG and MPC `X-Request-Id`), the id is
 * always generated (32 lowercase hex) and never copied from the request, so a client cannot put
 * its own bytes into the response headers or body through it. Profiles without a request id send
 * none, whatever the client sent.
 */
import createError from 'http-errors';
import request from 'supertest';
import { profiles, type ProfileName } from '../support/internals';
import { FRAMEWORKS, makeServer } from '../support/frameworks';
import { close, listen } from '../property/http-client';
import { exchange, parseResponses } from './raw';

const CLIENT_IDS = ['acbc548ac6f2a0db0000000000000001', 'client-chosen', '<script>alert(1)</script>', 'a\tb', 'x'.repeat(4000)];
const GENERATED = /^[0-9a-f]{32}$/;

describe.each(FRAMEWORKS)('request ids through %s', (framework) => {
  describe.each(['apig', 'mpc'] as const)('%s (sends X-Request-Id on every response)', (profile) => {
    const server = makeServer(framework, { profile }, [
      { method: 'GET', path: '/ok' },
      { method: 'GET', path: '/fail', throws: () => createError(409, 'exists') },
    ]);
    let base = '';
    beforeAll(async () => {
      base = `http://127.0.0.1:${await listen(server)}`;
    });
    afterAll(() => close(server));

    it.each(CLIENT_IDS)('never echoes a client X-Request-Id (%s), on errors and on success', async (clientId) => {
      for (const path of ['/fail', '/ok', '/nowhere']) {
        const res = await request(base).get(path).set('X-Request-Id', clientId);
        const id = res.headers['x-request-id'] as string;
        expect(id).toMatch(GENERATED);
        expect(id).not.toBe(clientId);
        if (res.status >= 400 && profile === 'apig') expect(JSON.parse(res.text).request_id).toBe(id);
        expect(res.text).not.toContain(clientId.slice(0, 64));
      }
    });
  });

  describe.each(['problem', 'hcp', 'vsp', 'stratos'] as const)('%s (no request id)', (profile: ProfileName) => {
    const server = makeServer(framework, { profile }, [{ method: 'GET', path: '/fail', throws: () => createError(409, 'exists') }]);
    let base = '';
    beforeAll(async () => {
      base = `http://127.0.0.1:${await listen(server)}`;
    });
    afterAll(() => close(server));

    it('sends no X-Request-Id even when the client sent one', async () => {
      const res = await request(base).get('/fail').set('X-Request-Id', 'client-chosen');
      expect(res.headers['x-request-id']).toBeUndefined();
      expect(profiles[profile].document.requestId).toBeUndefined();
    });
  });
});

it('the clientError path (a malformed request answered on the raw socket) generates its id too', async () => {
  const server = makeServer('express5', { profile: 'apig' }, []);
  const port = await listen(server);
  try {
    const result = await exchange(port, ['GET /x HTTP/1.1\r\nHost: x\r\nX-Request-Id: client-chosen\r\nX-Bad: a\u0000b\r\n\r\n']);
    const [response] = parseResponses(result.data);
    const id = response?.headers.find(([name]) => name.toLowerCase() === 'x-request-id')?.[1];
    expect(response?.status).toBe(400);
    expect(id).toMatch(GENERATED);
    expect(JSON.parse(response?.body.toString('utf8') ?? '').request_id).toBe(id);
  } finally {
    await close(server);
  }
});
