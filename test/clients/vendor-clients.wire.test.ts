/**
 * over the wire: the real clients' rules (shared/vendors/clients.md, cited by
 * line) hold for every way an error leaves the server (a thrown error, a rejected async route, the
 * unmatched-route answer, a precondition rejection, the raw-socket `clientError` answer) on every
 * adapter of test/support/frameworks.ts.
 */
import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import createError from 'http-errors';
import request from 'supertest';
import { FRAMEWORKS, makeServer, type TestRoute } from '../support/frameworks';
import { reasonOn } from '../support/runtime-differences';
import { close, exchange, listen, parseResponses } from '../hooks/raw-client';
import type { ProfileName } from '../support/internals';

const ROUTES: readonly TestRoute[] = [
  { method: 'POST', path: '/ok' },
  { method: 'GET', path: '/blank', throws: () => createError(409, '   ') },
  { method: 'GET', path: '/empty', throws: () => createError(400, '') },
  { method: 'GET', path: '/bare', throws: () => createError(400) },
  { method: 'GET', path: '/long', throws: () => createError(414) },
  { method: 'GET', path: '/masked', async: true, throws: () => new Error('db at 10.0.0.7') },
  {
    method: 'GET',
    path: '/ssb',
    throws: () => createError(409, 'Pool 3 is in use.', { details: { errorCode: '2E11-2205', cause: 'The pool holds LDEVs.', solution: 'Delete the LDEVs first.' } }),
  },
];

/** Ways an error answer leaves the server, each as a supertest request. */
const ANSWERS: ReadonlyArray<readonly [string, (server: http.Server) => request.Test]> = [
  ['a thrown error with a blank message', (server) => request(server).get('/blank')],
  ['a thrown error with an empty message', (server) => request(server).get('/empty')],
  ['a bare createError(400)', (server) => request(server).get('/bare')],
  ['a rejected async route (masked 500)', (server) => request(server).get('/masked')],
  ['the unmatched-route answer', (server) => request(server).get('/nowhere')],
  ['a precondition rejection (text/plain body)', (server) => request(server).post('/ok').set('Content-Type', 'text/plain').send('a')],
];

function reasonPhrase(res: request.Response): string | undefined {
  return (res as unknown as { res: IncomingMessage }).res.statusMessage;
}

describe.each(FRAMEWORKS)('the real clients’ rules through %s', (framework) => {
  const servers = new Map<ProfileName, http.Server>();
  const serverFor = (profile: ProfileName): http.Server => {
    let server = servers.get(profile);
    if (server === undefined) {
      server = makeServer(framework, { profile, preconditions: { requestMediaTypes: ['application/json'] } }, ROUTES);
      servers.set(profile, server);
    }
    return server;
  };
  afterAll(async () => {
    for (const server of servers.values()) if (server.listening) await close(server);
  });

  it.each(ANSWERS)('clients.md:80-83 (Stratos CLI): %s has a JSON body with a non-empty message', async (_label, send) => {
    const res = await send(serverFor('stratos'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    const body = JSON.parse(res.text) as { status?: unknown; message?: unknown };
    expect(body.status).toBe('error');
    expect(typeof body.message === 'string' && body.message.trim() !== '').toBe(true);
  });

  it.each(ANSWERS)('clients.md:57 (Cinder): %s on VSP has a body with a Content-Type', async (_label, send) => {
    const res = await send(serverFor('vsp'));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).not.toBe('');
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
  });

  it('clients.md:56, 66-68 (Cinder, vspone_block): a string errorCode is dropped on its own; message, cause and solution arrive', async () => {
    const res = await request(serverFor('vsp')).get('/ssb').expect(409);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(body).toMatchObject({ message: 'Pool 3 is in use.', cause: 'The pool holds LDEVs.', solution: 'Delete the LDEVs first.' });
    expect(body).not.toHaveProperty('errorCode');
  });

  it.each(['apig', 'mpc'] as const)('clients.md:28-29, 33, 36-37 (Huawei SDKs): every answer on %s has string error_code and error_msg, never null', async (profile) => {
    for (const [label, send] of ANSWERS) {
      const res = await send(serverFor(profile));
      expect(res.text).not.toBe('null');
      const body = JSON.parse(res.text) as Record<string, unknown>;
      expect({ label, code: typeof body.error_code, msg: typeof body.error_msg, blank: String(body.error_msg).trim() === '' }).toEqual({
        label,
        code: 'string',
        msg: 'string',
        blank: false,
      });
    }
  });

  it('clients.md:73-75 (hcpsdk): a bare 400 goes out as "400 - Bad Request (?)", a 414 with the seed-000 reason phrase', async () => {
    const bare = await request(serverFor('hcp')).get('/bare').expect(400);
    expect(`${bare.status} - ${reasonPhrase(bare)} (${(bare.headers['x-hcp-errormessage'] as string | undefined) ?? '?'})`).toBe('400 - Bad Request (?)');
    const long = await request(serverFor('hcp')).get('/long').expect(414);
    expect(reasonPhrase(long)).toBe(reasonOn(framework, 414, 'Request URI Too Large'));
    expect(long.headers['x-hcp-errormessage']).toBeUndefined();
  });
});

describe.each(FRAMEWORKS)('clients.md:80-83 (Stratos CLI): the raw-socket clientError answer through %s', (framework) => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = makeServer(framework, { profile: 'stratos' }, ROUTES);
    port = await listen(server);
  });
  afterAll(() => close(server));

  it('a malformed request gets a JSON body with a non-empty message', async () => {
    const { text } = await exchange(port, ['GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n']);
    const [response] = parseResponses(text);
    expect(response?.status).toBeGreaterThanOrEqual(400);
    const body = JSON.parse(response?.body ?? '') as { message?: unknown };
    expect(typeof body.message === 'string' && body.message.trim() !== '').toBe(true);
  });
});
