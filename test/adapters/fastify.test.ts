/**
 * Fastify-specific contract (Fastify 4 and 5, each on a real loopback server): the plugin applies
 * app-wide, Fastify's own errors (fastify `lib/errors.js` codes: body too large, unsupported media
 * type, ajv validation, invalid and empty JSON, bad URL) are answered in the profile's words with
 * the vendor's exact Content-Type (no `; charset=utf-8`) and header spelling, route `config`
 * declares per-route preconditions, and the server hooks win over Fastify's own `clientError`
 * answer (a 20,000-byte request line gets the profile's 414, not Fastify's 431).
 * The common cases run over every adapter in test/contract.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type fastifyModuleType from 'fastify';
import type { FastifyInstance } from 'fastify';
import createError from 'http-errors';
import { createVendorError, profiles, render, type KindName } from '../support/internals';
import { fastifyErrors, vendorCompat, type FastifyVendorCompatOptions } from '../../src/fastify';
import type { ErrorEvent } from '../../src/core/app-config';
import { exchange, parseResponses, send } from '../hooks/raw-client';

/* eslint-disable @typescript-eslint/no-require-imports */
const VERSIONS: ReadonlyArray<[string, typeof fastifyModuleType]> = [
  ['fastify5', require('fastify') as typeof fastifyModuleType],
  ['fastify4', require('fastify4') as typeof fastifyModuleType],
];
/* eslint-enable @typescript-eslint/no-require-imports */

type ProfileName = keyof typeof profiles;

interface Raw {
  readonly status: number;
  readonly statusMessage: string;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

/** One request with the raw header pairs as received (names as the server spelled them). */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function header(raw: Raw, name: string): string | undefined {
  for (let i = 0; i + 1 < raw.rawHeaders.length; i += 2) if (raw.rawHeaders[i]?.toLowerCase() === name) return raw.rawHeaders[i + 1];
  return undefined;
}

/** The profile's answer for `kind` (the request id read back from the response). */
function expected(name: ProfileName, kind: KindName, method: string, path: string, requestId: string | undefined): ReturnType<typeof render> {
  return render(createVendorError(kind), profiles[name], { method, path, requestId });
}

/** Status, every rendered header with the rendered spelling, and the body bytes. */
function expectAnswer(raw: Raw, name: ProfileName, kind: KindName, method: string, path: string): void {
  const want = expected(name, kind, method, path, header(raw, 'x-request-id'));
  expect([raw.status, raw.statusMessage]).toEqual([want.status, want.statusMessage]);
  for (const [headerName, value] of Object.entries(want.headers)) {
    const index = raw.rawHeaders.indexOf(headerName);
    expect([headerName, index === -1 ? undefined : raw.rawHeaders[index + 1]]).toEqual([headerName, value]);
  }
  expect(raw.body).toBe(want.body);
}

async function start(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

describe.each(VERSIONS)('vendor-compat/fastify on %s', (_label, Fastify) => {
  const apps: FastifyInstance[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  /** An app with the default parsers (Fastify's own errors) and a few routes. */
  async function appWith(options: FastifyVendorCompatOptions, fastifyOptions: Record<string, unknown> = {}): Promise<{ app: FastifyInstance; port: number }> {
    const app = Fastify(fastifyOptions);
    apps.push(app);
    await app.register(vendorCompat, options);
    app.post('/v1/volumes', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({ ok: true }));
    app.get('/v1/volumes/:id', { config: { vendorCompat: { methods: ['GET', 'DELETE'] } } }, async (request) => {
      throw createError(404, `Volume ${(request.params as { id: string }).id} does not exist`);
    });
    app.post('/v1/small', { config: { vendorCompat: { maxBodyBytes: 4 } } }, async (request) => ({ received: request.body }));
    app.get('/v1/ok', async () => ({ ok: true }));
    await app.register(
      async (child) => {
        child.get('/boom', async () => {
          throw new Error('db password hunter2');
        });
      },
      { prefix: '/child' },
    );
    return { app, port: await start(app) };
  }

  describe.each<ProfileName>(['apig', 'vsp', 'hcp', 'problem'])('profile %s: Fastify\'s own errors in the vendor\'s words (fastify lib/errors.js)', (name) => {
    let port: number;
    beforeAll(async () => {
      ({ port } = await appWith({ profile: name }, { bodyLimit: 64 }));
    });

    it.each<[string, string, string, Record<string, string>, string | undefined, KindName]>([
      ['FST_ERR_CTP_BODY_TOO_LARGE (a body above bodyLimit)', 'POST', '/v1/volumes', { 'content-type': 'application/json' }, JSON.stringify({ name: 'x'.repeat(100) }), 'payloadTooLarge'],
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE (no parser for text/csv)', 'POST', '/v1/volumes', { 'content-type': 'text/csv' }, 'a,b', 'unsupportedMediaType'],
      ['FST_ERR_VALIDATION (the route schema, ajv)', 'POST', '/v1/volumes', { 'content-type': 'application/json' }, '{}', 'badRequest'],
      ['invalid JSON (SyntaxError 400 / FST_ERR_CTP_INVALID_JSON_BODY)', 'POST', '/v1/volumes', { 'content-type': 'application/json' }, '{"name":', 'badRequest'],
      ['FST_ERR_BAD_URL (a path the router cannot decode, answered before Fastify)', 'GET', '/v1/volumes/%E0%A4%A', {}, undefined, 'badRequest'],
    ])('%s', async (...[, method, path, headers, body, kind]) => {
      const raw = await rawRequest(port, method, path, headers, body);
      expectAnswer(raw, name, kind, method, path);
      expect(header(raw, 'content-type') ?? '').not.toMatch(/charset=utf-8$/);
    });

    it('FST_ERR_CTP_EMPTY_JSON_BODY: application/json with an empty body answers badRequest', async () => {
      const raw = await rawRequest(port, 'POST', '/v1/volumes', { 'content-type': 'application/json', 'content-length': '0' }, '');
      expectAnswer(raw, name, 'badRequest', 'POST', '/v1/volumes');
    });

    it('an unmatched route answers the profile\'s notFound; an error thrown in an encapsulated child plugin is rendered too (skip-override)', async () => {
      expectAnswer(await rawRequest(port, 'GET', '/nothing?x=1'), name, 'notFound', 'GET', '/nothing');
      const raw = await rawRequest(port, 'GET', '/child/boom');
      expectAnswer(raw, name, 'internalServerError', 'GET', '/child/boom');
      expect(raw.body).not.toContain('hunter2');
    });

    it('route config: a method the route does not declare gets methodNotAllowed (405 with Allow where the vendor answers 405)', async () => {
      const raw = await rawRequest(port, 'PUT', '/v1/volumes/12');
      const is405 = raw.status === 405;
      const want = render(createVendorError('methodNotAllowed', undefined, is405 ? { headers: { allow: 'GET, HEAD, DELETE' } } : {}), profiles[name], { method: 'PUT', path: '/v1/volumes/12', requestId: header(raw, 'x-request-id') });
      expect([raw.status, raw.body, header(raw, 'allow')]).toEqual([want.status, want.body, is405 ? 'GET, HEAD, DELETE' : undefined]);
    });

    it('route config: maxBodyBytes tightens the app\'s limit for that route', async () => {
      const raw = await rawRequest(port, 'POST', '/v1/small', { 'content-type': 'application/json' }, '[1,2,3]');
      expectAnswer(raw, name, 'payloadTooLarge', 'POST', '/v1/small');
    });

    it('HEAD gets the error headers and no body (RFC 9110 §9.3.2)', async () => {
      const raw = await rawRequest(port, 'HEAD', '/v1/volumes/12');
      const want = render(createError(404, 'Volume 12 does not exist'), profiles[name], { method: 'HEAD', path: '/v1/volumes/12', requestId: header(raw, 'x-request-id') });
      expect([raw.status, raw.body, header(raw, 'content-length')]).toEqual([want.status, '', want.headers['Content-Length']]);
    });
  });

  it('APIG: the literal answer, with the vendor\'s header spelling and X-Request-Id on success too (huawei §1.2 413)', async () => {
    const { port } = await appWith({ profile: 'apig' }, { bodyLimit: 64 });
    const raw = await rawRequest(port, 'POST', '/v1/volumes', { 'content-type': 'application/json' }, JSON.stringify({ name: 'x'.repeat(100) }));
    const id = header(raw, 'x-request-id') as string;
    expect(raw.status).toBe(413);
    expect(raw.rawHeaders).toEqual(expect.arrayContaining(['X-Request-Id', id, 'Content-Type', 'application/json']));
    expect(raw.body).toBe(`{"error_code":"APIG.0201","error_msg":"Request entity too large.","request_id":"${id}"}`);
    const ok = await rawRequest(port, 'GET', '/v1/ok');
    expect([ok.status, header(ok, 'x-request-id')]).toEqual([200, expect.stringMatching(/^[0-9a-f]{32}$/)]);
  });

  it('onError sees Fastify\'s own error as thrown (source "route") and unmatched routes as "notFound"; onResponse hooks still run', async () => {
    const events: ErrorEvent[] = [];
    const responded: number[] = [];
    const app = Fastify({ bodyLimit: 8 });
    apps.push(app);
    await app.register(vendorCompat, { profile: 'problem', onError: (event) => events.push(event) });
    app.addHook('onResponse', async (_request, reply) => {
      responded.push(reply.statusCode);
    });
    app.post('/x', async () => ({ ok: true }));
    const port = await start(app);
    await rawRequest(port, 'POST', '/x', { 'content-type': 'application/json' }, '{"a":"0123456789"}');
    await rawRequest(port, 'GET', '/y');
    expect(events.map((event) => [event.source, event.status, event.kind, (event.error as { code?: string } | undefined)?.code])).toEqual([
      ['route', 413, 'payloadTooLarge', 'FST_ERR_CTP_BODY_TOO_LARGE'],
      ['notFound', 404, 'notFound', undefined],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(responded).toEqual([413, 404]);
  });

  it('the app\'s own errors rules come before Fastify\'s', async () => {
    const { port } = await appWith({ profile: 'vsp', errors: [{ code: 'FST_ERR_VALIDATION', kind: 'unprocessableEntity', vendorCode: 'KART40041-E' }] });
    const raw = await rawRequest(port, 'POST', '/v1/volumes', { 'content-type': 'application/json' }, '{}');
    expect(JSON.parse(raw.body)).toMatchObject({ messageId: 'KART40041-E' });
  });

  it('invalid plugin options fail the registration with a TypeError naming the option', async () => {
    const app = Fastify();
    apps.push(app);
    await expect(app.register(vendorCompat, { profile: 'nope' } as never)).rejects.toThrow(TypeError);
    const other = Fastify();
    apps.push(other);
    await expect(other.register(vendorCompat, { profil: 'vsp' } as never)).rejects.toThrow(/unknown option "profil"/);
    const third = Fastify();
    apps.push(third);
    // The route table is compiled at registration: a bad one fails it, never later.
    await expect(third.register(vendorCompat, { routes: 'GET /x' as never })).rejects.toThrow(/option "routes" must be an object/);
  });

  it('a route config looser than the app\'s fails when the route is declared, pointing at the route table', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(vendorCompat, { profile: 'vsp' });
    let thrown: unknown;
    try {
      app.get('/x', { config: { vendorCompat: { responseMediaTypes: ['application/octet-stream'] } } }, async () => ({}));
      await app.ready();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/can only tighten them, but responseMediaTypes .* Declare a route that widens/);
  });

  it('an invalid route config fails when the route is declared (TypeError naming the key)', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(vendorCompat, { profile: 'vsp' });
    let thrown: unknown;
    try {
      app.get('/x', { config: { vendorCompat: { maxBodyBytez: 1 } as never } }, async () => ({}));
      await app.ready();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/unknown precondition "maxBodyBytez"/);
  });

  // a route of the route table replaces the app's settings, so it may widen them; for a
  // body Fastify's own parser reads, that includes Fastify's bodyLimit (VSP: 400 KART94002-E for a
  // body too large, vsp.json kinds.payloadTooLarge).
  describe('the route table widens Fastify\'s bodyLimit for its routes (JSON bodies Fastify parses)', () => {
    let port: number;
    beforeAll(async () => {
      const app = Fastify({ bodyLimit: 1024 });
      apps.push(app);
      await app.register(vendorCompat, { profile: 'vsp', preconditions: { maxBodyBytes: 1024 }, routes: { 'POST /v1/big': { maxBodyBytes: 64 * 1024 }, 'POST /v1/small': {} } });
      app.post('/v1/big', async (request) => ({ length: JSON.stringify(request.body).length }));
      app.post('/v1/small', async () => ({ ok: true }));
      port = await start(app);
    });
    const body = JSON.stringify({ label: 'x'.repeat(8 * 1024) });

    it('a body above Fastify\'s bodyLimit but within the route\'s maxBodyBytes reaches the route, parsed', async () => {
      const raw = await rawRequest(port, 'POST', '/v1/big', { 'content-type': 'application/json' }, body);
      expect([raw.status, JSON.parse(raw.body)]).toEqual([200, { length: body.length }]);
    });

    it('the app\'s limit still holds on a route that does not widen it (400 KART94002-E)', async () => {
      const raw = await rawRequest(port, 'POST', '/v1/small', { 'content-type': 'application/json' }, body);
      expect([raw.status, JSON.parse(raw.body).messageId]).toEqual([400, 'KART94002-E']);
    });
  });

  it('exports Fastify\'s error rules in the shape of the errors option', () => {
    expect(fastifyErrors).toEqual(expect.arrayContaining([{ code: 'FST_ERR_CTP_BODY_TOO_LARGE', kind: 'payloadTooLarge', message: '' }]));
    expect(Object.isFrozen(fastifyErrors)).toBe(true);
  });

  // over raw sockets, the server hooks answer in the profile's format.
  describe.each<ProfileName>(['apig', 'vsp', 'hcp', 'problem'])('raw sockets, profile %s', (name) => {
    let port: number;
    beforeAll(async () => {
      const app = Fastify();
      apps.push(app);
      await app.register(vendorCompat, { profile: name, preconditions: { maxBodyBytes: 16 } });
      app.post('/v1/upload', async () => ({ ok: true }));
      port = await start(app);
    });

    it('a 20,000-byte request line gets the profile\'s uriTooLong, not Fastify\'s 431 JSON', async () => {
      const { text } = await exchange(port, [`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
      const [res] = parseResponses(text);
      const want = expected(name, 'uriTooLong', 'GET', `/${'a'.repeat(1023)}`, res?.headers['x-request-id']);
      expect([res?.status, res?.headers['content-type'], res?.body]).toEqual([want.status, want.headers['Content-Type'], want.body]);
      expect(text).not.toContain('Exceeded maximum allowed HTTP header size');
    });

    it('a malformed request line gets the profile\'s badRequest, not Fastify\'s "Client Error"', async () => {
      const { text } = await exchange(port, ['GET /v1 HTTP/1.1 junk\r\nHost: x\r\n\r\n']);
      const [res] = parseResponses(text);
      const want = expected(name, 'badRequest', 'GET', '/v1', res?.headers['x-request-id']);
      expect([res?.status, res?.body]).toEqual([want.status, want.body]);
      expect(text).not.toContain('Client Error');
    });

    it('Expect: 100-continue with a body above maxBodyBytes gets the profile\'s payloadTooLarge instead of 100 Continue', async () => {
      const { text } = await exchange(port, ['POST /v1/upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n'], { stopOnResponse: true });
      const [res, ...rest] = parseResponses(text);
      const want = expected(name, 'payloadTooLarge', 'POST', '/v1/upload', res?.headers['x-request-id']);
      expect([res?.status, res?.body]).toEqual([want.status, want.body]);
      expect(rest).toEqual([]);
      expect(text).not.toContain('100 Continue');
    });

    it('Expect: 100-continue within the limits gets 100 Continue and the route\'s answer', async () => {
      const res = await send(port, { method: 'POST', path: '/v1/upload', headers: { 'content-type': 'application/json', 'content-length': '2', expect: '100-continue' }, body: '{}' });
      expect([res.status, res.body]).toEqual([200, '{"ok":true}']);
    });

    it('an expectation other than 100-continue gets the profile\'s expectationFailed (checkExpectation)', async () => {
      const { text } = await exchange(port, ['GET /v1/upload HTTP/1.1\r\nHost: x\r\nExpect: x-unknown\r\n\r\n'], { waitMs: 300 });
      const [res] = parseResponses(text);
      const want = expected(name, 'expectationFailed', 'GET', '/v1/upload', res?.headers['x-request-id']);
      expect([res?.status, res?.body]).toEqual([want.status, want.body]);
    });
  });
});
