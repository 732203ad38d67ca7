/**
 * `vendor-compat/nest` on real Nest apps: Nest 12 (the newest major npm serves), Nest 11 and Nest 10, each
 * on the Express and the Fastify platform, started on 127.0.0.1 port 0 in a child process
 * (test/nest/support/child.ts: Nest 12 is ES modules only, which Jest's runtime cannot load) and
 * reached with supertest. Expected answers cite the profile rows they come from
 * (src/profiles/*.json `sources`: seed-000 HCP, seed-001 VSP, seed-003 APIG, RFC 9110/9457).
 */
import http from 'node:http';
import net from 'node:net';
import request from 'supertest';
import { NEST_MAJORS, PLATFORMS, nestHost, type NestHost, type RemoteApp } from './support/harness';
import type { AppSpec } from './support/apps';

jest.setTimeout(120_000);

const ID = /^[0-9a-f]{32}$/;

/** A request line longer than Node's header limit (16 KiB): answered by the `clientError` hook. */
function rawExchange(url: string, text: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('end', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(text);
  });
}

describe.each(NEST_MAJORS)('Nest %i', (major) => {
  let host: NestHost;
  beforeAll(async () => {
    host = await nestHost(major);
  });
  afterAll(async () => {
    await host?.stop();
  });

  describe.each(PLATFORMS)('on the %s platform', (platform) => {
    const apps = new Map<string, RemoteApp>();
    const appFor = async (spec: Omit<AppSpec, 'platform'>): Promise<RemoteApp> => {
      const key = JSON.stringify(spec);
      let app = apps.get(key);
      if (app === undefined) {
        app = await host.start({ ...spec, platform });
        apps.set(key, app);
      }
      return app;
    };

    describe('item 1: importing VendorCompatModule is the whole setup', () => {
      it('starts, and a route answers with the request id the client sees (RequestId decorator and VendorCompatService agree)', async () => {
        const app = await appFor({ profile: 'apig' });
        const res = await request(app.url).get('/v1/volumes').query({ limit: '5' });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ requestId: expect.stringMatching(ID), sameId: true, limit: '5' });
      });

      it('runs the preconditions before Nest: an unsupported Content-Type gets the profile 415 (VSP KART94150-E, seed-001 row 415)', async () => {
        const app = await appFor({ profile: 'vsp' });
        const res = await request(app.url).post('/v1/volumes').set('Content-Type', 'text/plain').send('x');
        expect(res.status).toBe(415);
        expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
        expect(res.body).toEqual({
          errorSource: '/v1/volumes',
          messageId: 'KART94150-E',
          message: 'The media type specified in the Content-Type header is not supported.',
          solution: 'Specify application/json in the Content-Type header.',
          solutionType: 'SEE_ERROR_DETAIL',
          detailCode: '94150E-0',
        });
      });

      it('installs the clientError hook on the server Nest created: a 20,000-byte request line gets the profile 414 (RFC 9110 §15.5.15)', async () => {
        const app = await appFor({ profile: 'problem' });
        const answer = await rawExchange(app.url, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
        expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 414 URI Too Long');
        expect(answer).toContain('Content-Type: application/problem+json');
        const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        expect(JSON.parse(body)).toEqual({ type: 'about:blank', title: 'URI Too Long', status: 414, instance: expect.stringMatching(/^\/a+$/) });
      });

      it('judges maxBodyBytes while a chunked body streams, before the body parser reads it (RFC 9112 §7.1)', async () => {
        const app = await appFor({ profile: 'problem', maxBodyBytes: 1000 });
        const { port } = new URL(app.url);
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port: Number(port), method: 'POST', path: '/v1/volumes', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.write(`{"name":"${'x'.repeat(3000)}`);
          req.end('"}');
        });
        expect(answer).toEqual({ status: 413, body: '{"type":"about:blank","title":"Payload Too Large","status":413,"instance":"/v1/volumes"}' });
      });

            it('takes its options from forRootAsync (an injected config provider)', async () => {
        const app = await appFor({ profile: 'problem', async: true });
        const res = await request(app.url).get('/v1/volumes/domain');
        expect(res.status).toBe(403);
        expect(res.text).toBe('{"type":"about:blank","title":"Forbidden","status":403,"detail":"Quota of tenant t1 exceeded","instance":"/v1/volumes/domain"}');
      });

      it('validates bodies by the route table (`routes`) before the handler, in RFC 9457 words', async () => {
        const app = await appFor({ profile: 'problem', routes: true });
        const bad = await request(app.url).post('/v1/routed').send({ name: 1 });
        expect(bad.status).toBe(400);
        expect(bad.body).toEqual({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'name must be string',
          instance: '/v1/routed',
          errors: [{ detail: 'name must be string', pointer: '#/name' }],
        });
        const good = await request(app.url).post('/v1/routed').send({ name: 'x' });
        expect(good.status).toBe(200);
        expect(good.body).toEqual({ routed: true });
      });
    });

    describe('item 2: the filter maps every thrown value through the same rules', () => {
      const problem = (status: number, title: string, instance: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'about:blank', title, status, ...extra, instance });

      it.each([
        ['missing', 404, problem(404, 'Not Found', '/v1/volumes/missing', { detail: 'Volume missing does not exist' })],
        // getResponse() as an object: its `message`
        ['object', 403, problem(403, 'Forbidden', '/v1/volumes/object', { detail: 'Tenant t1 may not read volumes' })],
        // `new BadRequestException()`: Nest's reason phrase is no message
        ['plain', 400, problem(400, 'Bad Request', '/v1/volumes/plain')],
        // a 5xx HttpException with a cause: masked, as every adapter masks a 5xx message
        ['caused', 502, problem(502, 'Bad Gateway', '/v1/volumes/caused')],
        // the app's `errors` rule for a domain error
        ['domain', 403, problem(403, 'Forbidden', '/v1/volumes/domain', { detail: 'Quota of tenant t1 exceeded' })],
        // an http-errors error
        ['http-errors', 409, problem(409, 'Conflict', '/v1/volumes/http-errors', { detail: 'Name taken' })],
        // upstreamErrors: fetch failed, caused by ECONNREFUSED
        ['upstream', 502, problem(502, 'Bad Gateway', '/v1/volumes/upstream')],
        // anything else: masked 500, no message
        ['boom', 500, problem(500, 'Internal Server Error', '/v1/volumes/boom')],
        // a thrown string
        ['string', 500, problem(500, 'Internal Server Error', '/v1/volumes/string')],
      ])('GET /v1/volumes/%s → %i in RFC 9457 form', async (id, status, body) => {
        const app = await appFor({ profile: 'problem' });
        const res = await request(app.url).get(`/v1/volumes/${id}`);
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toBe('application/problem+json');
        expect(res.body).toEqual(body);
        expect(res.text).not.toMatch(/secret|Internal server error"|statusCode/);
      });

      it("answers an exception thrown in a Nest middleware (on Fastify the filter gets Node's response: middie runs middleware with Node's objects)", async () => {
        const app = await appFor({ profile: 'problem' });
        const res = await request(app.url).get('/v1/blocked');
        expect(res.status).toBe(403);
        expect(res.text).toBe('{"type":"about:blank","title":"Forbidden","status":403,"detail":"Blocked by middleware","instance":"/v1/blocked"}');
      });

      it("answers a body over the platform's limit (body-parser 100 KB, Fastify 1 MiB) with the profile 413 (RFC 9110 §15.5.14)", async () => {
        const app = await appFor({ profile: 'problem' });
        const res = await request(app.url).post('/v1/volumes').set('Content-Type', 'application/json').send(`{"name":"${'x'.repeat(2_000_000)}"}`);
        expect(res.status).toBe(413);
        expect(res.text).toBe('{"type":"about:blank","title":"Payload Too Large","status":413,"instance":"/v1/volumes"}');
      });

      it('honours err.headers: an HttpException with Retry-After (RFC 9110 §10.2.3) and an http-errors header', async () => {
        const app = await appFor({ profile: 'problem' });
        const limited = await request(app.url).get('/v1/volumes/limited');
        expect(limited.status).toBe(429);
        expect(limited.headers['retry-after']).toBe('30');
        expect(limited.body).toEqual(problem(429, 'Too Many Requests', '/v1/volumes/limited', { detail: 'Slow down' }));
        const conflict = await request(app.url).get('/v1/volumes/http-errors');
        expect(conflict.headers['x-conflict']).toBe('name');
      });

      (major >= 12 ? it : it.skip)('takes an HttpException errorCode (Nest 12) as the vendor code: VSP messageId (seed-001 row 409)', async () => {
        const app = await appFor({ profile: 'vsp' });
        const res = await request(app.url).get('/v1/volumes/conflict');
        expect(res.status).toBe(409);
        expect(res.body).toEqual({
          errorSource: '/v1/volumes/conflict',
          messageId: 'KART40051-E',
          message: 'Volume conflict exists',
          solution: 'Check the status of the resource.',
          solutionType: 'SEE_ERROR_DETAIL',
          detailCode: '40051E-0',
        });
      });

      it('answers invalid JSON (the body parser) as the vendor 400 with the vendor text (APIG.0201, seed-003 row 400)', async () => {
        const app = await appFor({ profile: 'apig' });
        const res = await request(app.url).post('/v1/volumes').set('Content-Type', 'application/json').send('{"name":');
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error_code: 'APIG.0201', error_msg: 'API request error.', request_id: expect.stringMatching(ID) });
        expect(res.text).not.toMatch(/JSON|Unexpected/);
      });
    });

    describe("item 3: Nest's own answers in the vendor's words", () => {
      it('answers an unknown route with the profile 404 and none of Nest text (APIG.0101, seed-003 row 404)', async () => {
        const app = await appFor({ profile: 'apig' });
        const res = await request(app.url).get('/v1/nope');
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error_code: 'APIG.0101', error_msg: 'The API does not exist or has not been published in the environment.', request_id: expect.stringMatching(ID) });
        expect(res.text).not.toContain('Cannot');
      });

      it.each(['GET', 'DELETE'])('answers %s on a POST-only resource with 405 and Allow: POST (RFC 9110 §15.5.6)', async (method) => {
        const app = await appFor({ profile: 'problem' });
        const res = await request(app.url)[method === 'GET' ? 'get' : 'delete']('/v1/jobs');
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe('POST');
        expect(res.text).toBe('{"type":"about:blank","title":"Method Not Allowed","status":405,"instance":"/v1/jobs"}');
      });

      it('builds Allow under a global prefix (VSP KART94050-E, seed-001 row 405)', async () => {
        const app = await appFor({ profile: 'vsp', prefix: 'api' });
        const res = await request(app.url).put('/api/v1/jobs');
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe('POST');
        expect(res.body.messageId).toBe('KART94050-E');
      });

      it('builds Allow under URI versioning (RFC 9457 problem)', async () => {
        const app = await appFor({ profile: 'problem', prefix: 'api', version: '2' });
        const res = await request(app.url).delete('/api/v2/v1/jobs');
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe('POST');
        const unknown = await request(app.url).delete('/api/v3/v1/jobs');
        expect(unknown.status).toBe(404);
      });

            it('keeps HCP substitutes: GET on a POST-only resource is 404, DELETE is 405 (seed-000 row 405: PUT, POST, DELETE only)', async () => {
        const app = await appFor({ profile: 'hcp' });
        const get = await request(app.url).get('/v1/jobs');
        expect(get.status).toBe(404);
        expect(get.headers.allow).toBeUndefined();
        const del = await request(app.url).delete('/v1/jobs');
        expect(del.status).toBe(405);
        expect(del.headers.allow).toBe('POST');
        expect(del.text).toBe('');
      });

      it('answers a ValidationPipe failure in APIG words, naming the parameter (APIG.2011, ref §1.1)', async () => {
        const app = await appFor({ profile: 'apig' });
        const res = await request(app.url).post('/v1/volumes').send({ name: 7, capacityInGB: 5 });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error_code: 'APIG.2011', error_msg: 'Invalid parameter value,parameterName:name. Please refer to the support documentation', request_id: expect.stringMatching(ID) });
      });

      it('lists every failure with JSON Pointers in RFC 9457 `errors` (RFC 9457 §3)', async () => {
        const app = await appFor({ profile: 'problem' });
        const res = await request(app.url).post('/v1/volumes').send({ capacityInGB: 5, extra: true });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'extra is not a supported parameter',
          instance: '/v1/volumes',
          errors: [
            { detail: 'extra is not a supported parameter', pointer: '#/extra' },
            { detail: 'name is required', pointer: '#/name' },
          ],
        });
      });

      it("answers a forbidden property with VSP's KART40038-E and a missing one with KART20008-E (S21)", async () => {
        const app = await appFor({ profile: 'vsp' });
        const extra = await request(app.url).post('/v1/volumes').send({ name: 'v', capacityInGB: 5, extra: true });
        expect(extra.status).toBe(400);
        expect(extra.body.messageId).toBe('KART40038-E');
        expect(extra.body.message).toBe('An unsupported parameter is specified in the request body, or the hierarchy of the specified parameter is invalid (attribute = extra)');
        const missing = await request(app.url).post('/v1/volumes').send({ capacityInGB: 5 });
        expect(missing.body).toEqual({ errorSource: '/v1/volumes', messageId: 'KART20008-E', message: 'Required parameters are not specified.', solution: 'Check parameters.', solutionType: 'SEE_ERROR_DETAIL', detailCode: '20008E-0' });
      });

      it('names a failing query parameter with its name and `in`, not a body pointer (RFC 9457 §3)', async () => {
        const app = await appFor({ profile: 'problem' });
        const res = await request(app.url).get('/v1/volumes').query({ limit: 'many' });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'limit must match /^\\d+$/ regular expression',
          instance: '/v1/volumes',
          errors: [{ detail: 'limit must match /^\\d+$/ regular expression', parameter: 'limit', in: 'query' }],
        });
      });

      it("names a missing body member in HCP's X-HCP-ErrorMessage (seed-000 row 400, S1)", async () => {
        const app = await appFor({ profile: 'hcp' });
        const res = await request(app.url).post('/v1/volumes').send({ capacityInGB: 5 });
        expect(res.status).toBe(400);
        expect(res.headers['x-hcp-errormessage']).toBe("'name' parameter is required.");
        expect(res.text).toBe('');
      });
    });

    describe('item 4: onError once per failed request, with the id the client saw', () => {
      it('VendorCompatService.sendError answers from a callback outside Nest (the reply of either platform), once', async () => {
        const app = await appFor({ profile: 'problem', trustRequestId: true });
        const id = `manual-${platform}`;
        const res = await request(app.url).get('/v1/volumes/manual/send').set('X-Request-Id', id);
        expect(res.status).toBe(409);
        expect(res.text).toBe('{"type":"about:blank","title":"Conflict","status":409,"detail":"Manual conflict","instance":"/v1/volumes/manual/send"}');
        const events = (await app.events()).filter((event) => event.requestId === id);
        expect(events).toEqual([{ status: 409, source: 'route', requestId: id, errorName: 'ConflictException' }]);
      });

      it.each([
        ['a route throw', 'get', '/v1/volumes/boom', 500, 'route'],
        ['an unknown route', 'get', '/v1/nope', 404, 'notFound'],
        ['a method the resource lacks', 'delete', '/v1/jobs', 404, 'precondition'],
        ['a ValidationPipe failure', 'post', '/v1/volumes', 400, 'validation'],
        ['invalid JSON', 'post', '/v1/volumes', 400, 'route'],
      ] as const)('%s', async (name, method, path, status, source) => {
        const app = await appFor({ profile: 'apig', trustRequestId: true });
        const id = `client-${platform}-${name.replace(/\W/g, '')}`;
        let call = request(app.url)[method](path).set('X-Request-Id', id);
        if (name === 'invalid JSON') call = call.set('Content-Type', 'application/json').send('{"x"');
        else if (method === 'post') call = call.send({ capacityInGB: 5 });
        const res = await call;
        expect(res.status).toBe(status);
        expect(res.body.request_id).toBe(id);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const events = (await app.events()).filter((event) => event.requestId === id);
        expect(events).toEqual([expect.objectContaining({ status, source, requestId: id })]);
      });
    });
  });
});
