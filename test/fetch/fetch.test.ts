/**
 * `vendor-compat/fetch` in-process (Node 20's own Request and Response): `check`, `errorResponse`,
 * `wrap` (the streamed body limit whatever the handler does, the request id on successes, onError
 * sources) and `route`. The shared cases run over the wire in test/contract (target `fetch`).
 */
import createError from 'http-errors';
import { createVendorError, profiles, render } from '../support/internals';
import { vendorCompat } from '../../src/fetch';
import type { ErrorEvent } from '../../src/core/app-config';

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

function post(path: string, body: string | ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}): Request {
  return new Request(`http://api.test${path}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('vendor-compat/fetch', () => {
  it('check(): the profile\'s rejection for a Content-Type outside requestMediaTypes (RFC 9457 415), undefined for a good request', async () => {
    const vc = vendorCompat({ profile: 'problem', preconditions: { requestMediaTypes: ['application/json'] } });
    const rejected = vc.preconditions(post('/ConfigurationManager/v1/objects/ldevs', 'x', { 'content-type': 'text/plain', 'content-length': '1' })) as Response;
    const expected = render(createVendorError('unsupportedMediaType'), profiles.problem, { method: 'POST', path: '/ConfigurationManager/v1/objects/ldevs' });
    expect(rejected).toBeInstanceOf(Response);
    expect(rejected.headers).toBeInstanceOf(Headers);
    expect([rejected.status, rejected.headers.get('content-type'), await rejected.text()]).toEqual([415, 'application/problem+json', expected.body]);
    expect(vc.preconditions(post('/ConfigurationManager/v1/objects/ldevs', '{}', { 'content-type': 'application/json', 'content-length': '2' }))).toBeUndefined();
  });

  it('errorResponse(): HEAD carries the GET headers and no body (RFC 9110 §9.3.2)', async () => {
    const vc = vendorCompat({ profile: 'problem' });
    const get = vc.errorResponse(new Request('http://api.test/things/1'), createError(404, 'no such thing'));
    const head = vc.errorResponse(new Request('http://api.test/things/1', { method: 'HEAD' }), createError(404, 'no such thing'));
    const body = await get.text();
    expect([head.status, head.body, head.headers.get('content-length')]).toEqual([404, null, String(new TextEncoder().encode(body).length)]);
  });

  it('wrap(): a body streamed past maxBodyBytes is the profile\'s 413 even when the handler swallows the failed read', async () => {
    const events: ErrorEvent[] = [];
    const vc = vendorCompat({ profile: 'apig', preconditions: { maxBodyBytes: 10 }, onError: (event) => events.push(event) });
    const handler = vc.wrap(async (request) => {
      try {
        await request.arrayBuffer();
      } catch {
        // a handler that answers 200 whatever happened
      }
      return new Response('ok');
    });
    const res = await handler(post('/v1/upload', streamOf(['0123456', '789abc']), { 'content-type': 'application/json' }));
    const id = res.headers.get('x-request-id') as string;
    expect([res.status, res.headers.get('connection'), await res.text()]).toEqual([
      413,
      'close',
      `{"error_code":"APIG.0201","error_msg":"Request entity too large.","request_id":"${id}"}`,
    ]);
    expect(events.map((event) => [event.source, event.status, event.requestId])).toEqual([['precondition', 413, id]]);
  });

  it('wrap(): a body within the limit reaches the handler whole', async () => {
    const vc = vendorCompat({ profile: 'apig', preconditions: { maxBodyBytes: 10 } });
    const res = await vc.wrap(async (request) => new Response(String((await request.arrayBuffer()).byteLength)))(post('/v1/upload', streamOf(['01234', '56789']), { 'content-type': 'application/json' }));
    expect([res.status, await res.text()]).toEqual([200, '10']);
  });

  it('wrap(): X-Request-Id on a success, also on a Response whose headers are immutable (a fetch() result passed through)', async () => {
    const vc = vendorCompat({ profile: 'mpc' });
    const immutable = Response.redirect('http://api.test/elsewhere', 302);
    const res = await vc.wrap(() => immutable)(new Request('http://api.test/x'));
    expect([res.status, res.headers.get('location'), res.headers.get('x-request-id')]).toEqual([302, 'http://api.test/elsewhere', expect.stringMatching(/^[0-9a-f]{32}$/)]);
    expect(vc.requestIdOf(new Request('http://api.test/y'))).toMatch(/^[0-9a-f]{32}$/);
  });

  it('wrap(): thrown values of any shape, and a handler that returns no Response, get the profile\'s answer (onError source "route")', async () => {
    const events: ErrorEvent[] = [];
    const vc = vendorCompat({ profile: 'stratos', onError: (event) => events.push(event) });
    const thrownString = await vc.wrap(() => {
      throw 'plain string';
    })(new Request('http://api.test/a'));
    const noResponse = await vc.wrap(() => undefined as unknown as Response)(new Request('http://api.test/b'));
    expect([thrownString.status, await thrownString.text()]).toEqual([500, render(new Error('x'), profiles.stratos, { method: 'GET', path: '/a' }).body]);
    expect(noResponse.status).toBe(500);
    expect(events.map((event) => [event.source, event.error])).toEqual([['route', 'plain string'], ['route', expect.any(TypeError)]]);
  });

  it('notFound() and route(): the 404 and a route\'s own 405 with Allow; a bad override is a TypeError at once', async () => {
    const vc = vendorCompat({ profile: 'problem' });
    const route = vc.route({ methods: ['GET', 'POST'] });
    const res = await route.wrap(() => new Response('never'))(new Request('http://api.test/things', { method: 'DELETE' }));
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    expect(vc.notFound(new Request('http://api.test/nothing?x=1')).status).toBe(404);
    expect(() => vc.route({ maxBodyBytez: 1 } as never)).toThrow(TypeError);
    expect(() => vendorCompat({ profile: 'nope' } as never)).toThrow(TypeError);
    // The route table is compiled at once: a bad one is a TypeError here, never per request.
    expect(() => vendorCompat({ routes: 'GET /x' as never })).toThrow(/option "routes" must be an object/);
  });

  // In process: the route table judged in wrap (params before the handler), the parsed
  // body by vc.validate, for Requests built in the process (no Content-Length: the body the app
  // parsed decides). MPC's validation answer: 400 MPC.10202 "Invalid request parameter, ..."
  // (huawei-apig-mpc-and-stratos.md §2.1).
  describe('the route table', () => {
    const vc = vendorCompat({
      profile: 'mpc',
      routes: {
        'GET /v1/items/:id': { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } },
        'POST /v1/items': { schema: { body: { type: 'object', required: ['name'] } } },
      },
    });
    const handler = vc.wrap(async (request) => {
      const body: unknown = request.method === 'POST' ? await request.json() : undefined;
      return vc.validate(request, body) ?? Response.json({ body: body ?? null });
    });

    it.each([
      ['a path parameter, before the handler', new Request('http://api.test/v1/items/x'), 'Invalid request parameter, id must be integer.'],
      ['the body, by vc.validate', post('/v1/items', '{}', { 'content-type': 'application/json' }), 'Invalid request parameter, name is required.'],
    ])('%s: 400 MPC.10202 naming the field', async (_name, request, message) => {
      const res = await handler(request);
      expect([res.status, await res.json()]).toEqual([400, { error_code: 'MPC.10202', error_msg: message }]);
    });

    it('a valid request reaches the handler untouched; a known path with another method gets MPC\'s 405 answer', async () => {
      const ok = await handler(post('/v1/items', '{"name":"a"}', { 'content-type': 'application/json' }));
      expect([ok.status, await ok.json()]).toEqual([200, { body: { name: 'a' } }]);
      const other = await handler(new Request('http://api.test/v1/items', { method: 'DELETE' }));
      const expected = render(createVendorError('methodNotAllowed'), profiles.mpc, { method: 'DELETE', path: '/v1/items' });
      expect([other.status, await other.text()]).toEqual([expected.status, expected.body]);
    });

    it('vc.validate without a route table, or for a path outside it, lets every body through', () => {
      expect(vendorCompat({ profile: 'mpc' }).validate(post('/v1/items', '{}'), {})).toBeUndefined();
      expect(vc.validate(post('/v1/other', '{}'), {})).toBeUndefined();
    });
  });
});
