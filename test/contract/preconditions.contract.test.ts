/**
 * Contract: every precondition check, for every profile, through Express 5, Express 4, Koa 3
 * and Koa 2 (with `vc.attach` on the server, as users mount it).
 *
 * Part 1 turns every check on with app-wide and per-route overrides, so each profile answers
 * each violation; the expected response is `render()` of the check's canonical kind through the
 * profile, because that *is* the contract ("each violation is answered by rendering the matching
 * canonical kind"). Part 2 asserts literal vendor responses from each profile's own defaults
 * (shared/vendors rows), and Part 3 literal RFC 9457 bodies for every check.
 */
import type http from 'node:http';
import { createVendorError, profiles, render, type KindName } from '../support/internals';
import { CONTRACT_FRAMEWORKS, makeServer, type TestRoute } from '../support/frameworks';
import { close, exchange, listen, parseResponses, send, type SentResponse } from '../hooks/raw-client';

type ProfileName = keyof typeof profiles;
const PROFILE_NAMES: readonly ProfileName[] = ['hcp', 'vsp', 'apig', 'mpc', 'stratos', 'problem'];

/** App-wide overrides that switch every check on (route overrides tighten some further). */
const APP = {
  maxUriBytes: 64,
  maxBodyBytes: 16,
  requestMediaTypes: ['application/json'],
  contentTypeRequiredWithBody: true,
  responseMediaTypes: ['application/json'],
  requireContentLength: false,
} as const;

const ROUTES: TestRoute[] = [
  { method: 'GET', path: '/things', preconditions: { methods: ['GET', 'POST'] } },
  { method: 'POST', path: '/things', readBody: true },
  { method: 'POST', path: '/strict', readBody: true, preconditions: { requireContentLength: true } },
  { method: 'POST', path: '/small', readBody: true, preconditions: { maxBodyBytes: 4 } },
];

const JSON_TYPE = { 'content-type': 'application/json' };

/** The profile's rendering of `kind`: the status, headers and body the response must have. */
function expectRendered(res: SentResponse, name: ProfileName, kind: KindName, [method, path]: [string, string], headers?: Record<string, string>): void {
  const profile = profiles[name];
  const requestId = profile.document.requestId === undefined ? undefined : String(res.headers[profile.document.requestId.header.toLowerCase()]);
  const expected = render(createVendorError(kind, undefined, headers === undefined ? {} : { headers }), profile, { method, path, requestId });
  expect(res.status).toBe(expected.status);
  expect(res.body).toBe(expected.body);
  for (const [header, value] of Object.entries(expected.headers)) expect([header, res.headers[header.toLowerCase()]]).toEqual([header, value]);
}

describe.each(CONTRACT_FRAMEWORKS)('preconditions through %s', (framework) => {
  describe.each(PROFILE_NAMES)('profile %s, every check switched on', (name) => {
    let server: http.Server;
    let port: number;
    beforeAll(async () => {
      server = makeServer(framework, { profile: name, preconditions: APP }, ROUTES);
      port = await listen(server);
    });
    afterAll(() => close(server));

    it('lets a request that meets every precondition through', async () => {
      const res = await send(port, { method: 'POST', path: '/things', headers: { 'content-type': 'application/json; charset=UTF-8', accept: 'application/*' }, body: '{}' });
      expect([res.status, res.body]).toEqual([200, '{"received":2}']);
    });

    it('counts a chunked body within the limit and lets it through', async () => {
      const res = await send(port, { method: 'POST', path: '/things', headers: JSON_TYPE, body: ['{"a":', '1}'] });
      expect([res.status, res.body]).toEqual([200, '{"received":7}']);
    });

    it('414: a request-target longer than maxUriBytes gets the profile\'s uriTooLong', async () => {
      expectRendered(await send(port, { method: 'GET', path: `/things?q=${'a'.repeat(64)}` }), name, 'uriTooLong', ['GET', '/things']);
    });

    it('417: an expectation other than 100-continue gets the profile\'s expectationFailed (checkExpectation hook)', async () => {
      expectRendered(await send(port, { method: 'GET', path: '/things', headers: { expect: 'x-unknown' } }), name, 'expectationFailed', ['GET', '/things']);
    });

    it('417: the middleware answers it too where Node skips Expect (HTTP/1.0)', async () => {
      const [res] = parseResponses((await exchange(port, ['GET /things HTTP/1.0\r\nExpect: x-unknown\r\n\r\n'])).text);
      const expected = render(createVendorError('expectationFailed'), profiles[name], { method: 'GET', path: '/things', requestId: res?.headers['x-request-id'] });
      expect([res?.status, res?.body]).toEqual([expected.status, expected.body]);
    });

    it('405: a method the route does not declare gets methodNotAllowed, with Allow where the answer is 405 (RFC 9110 §15.5.6)', async () => {
      const res = await send(port, { method: 'DELETE', path: '/things' });
      const is405 = res.status === 405;
      expectRendered(res, name, 'methodNotAllowed', ['DELETE', '/things'], is405 ? { allow: 'GET, HEAD, POST' } : undefined);
      expect(res.headers.allow).toBe(is405 ? 'GET, HEAD, POST' : undefined);
    });

    it('405 goes through the profile\'s method rules (HCP: only PUT, POST and DELETE get 405; a substitute carries no Allow)', async () => {
      const res = await send(port, { method: 'PATCH', path: '/things' });
      const is405 = res.status === 405;
      expectRendered(res, name, 'methodNotAllowed', ['PATCH', '/things'], is405 ? { allow: 'GET, HEAD, POST' } : undefined);
      expect(res.headers.allow).toBe(is405 ? 'GET, HEAD, POST' : undefined);
    });

    it('411: a chunked body where the route requires Content-Length gets lengthRequired', async () => {
      expectRendered(await send(port, { method: 'POST', path: '/strict', headers: JSON_TYPE, body: ['{', '}'] }), name, 'lengthRequired', ['POST', '/strict']);
    });

    it('413: a Content-Length above maxBodyBytes gets payloadTooLarge before the body is read', async () => {
      const res = await send(port, { method: 'POST', path: '/things', headers: JSON_TYPE, body: `{"a":"${'x'.repeat(20)}"}` });
      expectRendered(res, name, 'payloadTooLarge', ['POST', '/things']);
      expect(res.headers.connection).toBe('close');
    });

    it('413: a chunked body that streams past maxBodyBytes gets payloadTooLarge while streaming', async () => {
      const res = await send(port, { method: 'POST', path: '/things', headers: JSON_TYPE, body: Array.from({ length: 40 }, () => '"xxxxxxxx",') });
      expectRendered(res, name, 'payloadTooLarge', ['POST', '/things']);
      expect(res.headers.connection).toBe('close');
    });

    it('413: a route can tighten the app\'s body limit', async () => {
      expectRendered(await send(port, { method: 'POST', path: '/small', headers: JSON_TYPE, body: '[1,2]' }), name, 'payloadTooLarge', ['POST', '/small']);
    });

    it('415: a body without Content-Type gets unsupportedMediaType where it is required', async () => {
      expectRendered(await send(port, { method: 'POST', path: '/things', body: '{}' }), name, 'unsupportedMediaType', ['POST', '/things']);
    });

    it('415: a Content-Type outside the accepted media types gets unsupportedMediaType', async () => {
      expectRendered(await send(port, { method: 'POST', path: '/things', headers: { 'content-type': 'text/plain' }, body: '{}' }), name, 'unsupportedMediaType', ['POST', '/things']);
    });

    it('400: a malformed Content-Type gets badRequest', async () => {
      expectRendered(await send(port, { method: 'POST', path: '/things', headers: { 'content-type': 'application/json;' }, body: '{}' }), name, 'badRequest', ['POST', '/things']);
    });

    it('406: an Accept that allows none of the response media types gets notAcceptable', async () => {
      expectRendered(await send(port, { method: 'GET', path: '/things', headers: { accept: 'text/html, application/json;q=0' } }), name, 'notAcceptable', ['GET', '/things']);
    });

    it('406 for HEAD carries the headers and no body (RFC 9110 §9.3.2)', async () => {
      const res = await send(port, { method: 'HEAD', path: '/things', headers: { accept: 'text/html' } });
      expectRendered(res, name, 'notAcceptable', ['HEAD', '/things']);
      expect(res.body).toBe('');
    });

    it('400: an invalid Content-Length gets badRequest in the vendor format (clientError hook)', async () => {
      const [res] = parseResponses((await exchange(port, ['POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n'])).text);
      const expected = render(createVendorError('badRequest'), profiles[name], { method: 'POST', path: '/things', requestId: res?.headers['x-request-id'] });
      expect([res?.status, res?.body]).toEqual([expected.status, expected.body]);
    });

    it('400: Content-Length together with Transfer-Encoding gets badRequest (RFC 9112 §6.1)', async () => {
      const { text } = await exchange(port, ['POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n']);
      const [res] = parseResponses(text);
      const expected = render(createVendorError('badRequest'), profiles[name], { method: 'POST', path: '/things', requestId: res?.headers['x-request-id'] });
      expect([res?.status, res?.body]).toEqual([expected.status, expected.body]);
    });

    it.each([['gzip'], ['gzip, chunked'], ['chunked, gzip'], ['Chunked, chunked'], ['identity']])(
      '501: Transfer-Encoding %j (a coding Node would hand on undecoded or unframed) gets notImplemented and the connection closes (RFC 9112 §6.1)',
      async (coding) => {
        const { text } = await exchange(port, [`POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: ${coding}\r\n\r\n2\r\n{}\r\n0\r\n\r\n`]);
        const responses = parseResponses(text);
        expect(responses).toHaveLength(1);
        const [res] = responses;
        const expected = render(createVendorError('notImplemented'), profiles[name], { method: 'POST', path: '/things', requestId: res?.headers['x-request-id'] });
        expect([res?.status, res?.body]).toEqual([expected.status, expected.body]);
        expect(res?.headers.connection).toBe('close');
      },
    );
  });

  describe('vendor defaults, literal responses (shared/vendors)', () => {
    const servers: http.Server[] = [];
    async function portFor(name: ProfileName, routes: TestRoute[] = ROUTES): Promise<number> {
      const server = makeServer(framework, { profile: name }, routes);
      servers.push(server);
      return listen(server);
    }
    afterAll(() => Promise.all(servers.map(close)));

    it('VSP 411 KART94110-E for a chunked POST without Content-Length (hitachi §2(a) 411, §2(b))', async () => {
      const res = await send(await portFor('vsp'), { method: 'POST', path: '/things', headers: JSON_TYPE, body: ['{', '}'] });
      expect(res.status).toBe(411);
      expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
      expect(JSON.parse(res.body)).toEqual({
        errorSource: '/things',
        messageId: 'KART94110-E',
        message: 'The Content-Length header must be specified.',
        solution: 'Specify the Content-Length header, and then run the request again.',
        solutionType: 'SEE_ERROR_DETAIL',
        detailCode: '94110E-0',
      });
    });

    it('VSP 406 KART94060-E for an Accept it cannot produce (hitachi §2(a) 406)', async () => {
      const res = await send(await portFor('vsp'), { method: 'GET', path: '/things', headers: { accept: 'application/xml' } });
      expect(res.status).toBe(406);
      expect(JSON.parse(res.body)).toMatchObject({ errorSource: '/things', messageId: 'KART94060-E' });
    });

    it('HCP 415 with an empty body for a body without Content-Type (hitachi §1(a) 415, §1(b))', async () => {
      const res = await send(await portFor('hcp'), { method: 'POST', path: '/things', body: '<x/>' });
      expect(res.status).toBe(415);
      expect(res.body).toBe('');
      expect(res.headers['content-length']).toBe('0');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('HCP 415, not 406, for an Accept it cannot produce (hitachi §1(a) 415: "in Content-Type or Accept")', async () => {
      const res = await send(await portFor('hcp'), { method: 'GET', path: '/mapi/tenants', headers: { accept: 'text/csv' } });
      expect(res.status).toBe(415);
      expect(res.body).toBe('');
    });

    it('HCP accepts application/xml and application/json; charset="UTF-8" bodies (hitachi §1(b))', async () => {
      const port = await portFor('hcp');
      expect((await send(port, { method: 'POST', path: '/things', headers: { 'content-type': 'application/xml' }, body: '<a/>' })).status).toBe(200);
      expect((await send(port, { method: 'POST', path: '/things', headers: { 'content-type': 'application/json; charset="UTF-8"' }, body: '{}' })).status).toBe(200);
    });

    it('HCP 405 with Allow for a DELETE, 404 without Allow for a PATCH (hitachi §1(a) 405, §1(d) 4)', async () => {
      const port = await portFor('hcp');
      const del = await send(port, { method: 'DELETE', path: '/things' });
      expect([del.status, del.headers.allow, del.body]).toEqual([405, 'GET, HEAD, POST', '']);
      const patch = await send(port, { method: 'PATCH', path: '/things' });
      expect([patch.status, patch.headers.allow]).toEqual([404, undefined]);
    });

    it('APIG answers an undeclared method with 404 APIG.0101 "The API does not exist." (huawei §1.2 405 row)', async () => {
      const res = await send(await portFor('apig'), { method: 'PUT', path: '/things' });
      expect(res.status).toBe(404);
      expect(res.headers.allow).toBeUndefined();
      expect(JSON.parse(res.body)).toMatchObject({ error_code: 'APIG.0101', error_msg: 'The API does not exist.' });
    });

    it('HCP 414 for 4,096 bytes after /mapi (hitachi §1(a) 414)', async () => {
      const res = await send(await portFor('hcp'), { method: 'GET', path: `/mapi/${'a'.repeat(4095)}` });
      expect(res.status).toBe(414);
      expect(res.body).toBe('');
    });

    it('MPC 400 MPC.10205 "Incorrect request content type." for a wrong Content-Type (huawei §2.3)', async () => {
      const res = await send(await portFor('mpc'), { method: 'POST', path: '/things', headers: { 'content-type': 'text/plain' }, body: 'x' });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error_code: 'MPC.10205', error_msg: 'Incorrect request content type.' });
    });

    it('APIG 413 APIG.0201 "Request entity too large." above 12 MB, with request_id = X-Request-Id (huawei §1.2 413)', async () => {
      const res = await send(await portFor('apig'), { method: 'POST', path: '/things', headers: { ...JSON_TYPE, 'content-length': String(12582913) }, body: '' });
      expect(res.status).toBe(413);
      const body = JSON.parse(res.body) as { request_id: string };
      expect(body).toEqual({ error_code: 'APIG.0201', error_msg: 'Request entity too large.', request_id: res.headers['x-request-id'] });
      expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
    });

    it('APIG 414 APIG.0201 "Request URI too large." above 32 KiB (huawei §1.2 414)', async () => {
      const res = await send(await portFor('apig'), { method: 'GET', path: `/${'a'.repeat(32768)}` });
      expect(res.status).toBe(414);
      expect(JSON.parse(res.body)).toMatchObject({ error_code: 'APIG.0201', error_msg: 'Request URI too large.' });
    });

    it('Stratos answers an unsupported Content-Type the way its GenericExceptionMapper does (huawei §3.5 5)', async () => {
      const res = await send(await portFor('stratos'), { method: 'POST', path: '/things', headers: { 'content-type': 'text/plain' }, body: 'x' });
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body)).toEqual({ status: 'error', message: 'HTTP 415 Unsupported Media Type' });
    });
  });

  // The violation's detail is diagnostic only: rendering it as the message would replace the
  // vendors' own texts, so problem bodies carry no `detail` member (RFC 9457 §3.1.4: optional).
  describe('RFC 9457 problem profile, literal bodies for every check', () => {
    let server: http.Server;
    let port: number;
    beforeAll(async () => {
      server = makeServer(framework, { profile: 'problem', preconditions: APP }, ROUTES);
      port = await listen(server);
    });
    afterAll(() => close(server));

    it.each<[string, () => Promise<SentResponse>, number, string, string]>([
      ['414', () => send(port, { method: 'GET', path: `/things?q=${'a'.repeat(64)}` }), 414, 'URI Too Long', '/things'],
      ['417', () => send(port, { method: 'GET', path: '/things', headers: { expect: 'x-unknown' } }), 417, 'Expectation Failed', '/things'],
      ['405', () => send(port, { method: 'PUT', path: '/things' }), 405, 'Method Not Allowed', '/things'],
      ['411', () => send(port, { method: 'POST', path: '/strict', headers: JSON_TYPE, body: ['{', '}'] }), 411, 'Length Required', '/strict'],
      ['413', () => send(port, { method: 'POST', path: '/things', headers: JSON_TYPE, body: 'x'.repeat(17) }), 413, 'Payload Too Large', '/things'],
      ['415', () => send(port, { method: 'POST', path: '/things', headers: { 'content-type': 'text/plain' }, body: 'x' }), 415, 'Unsupported Media Type', '/things'],
      ['400', () => send(port, { method: 'POST', path: '/things', headers: { 'content-type': 'json' }, body: 'x' }), 400, 'Bad Request', '/things'],
      ['406', () => send(port, { method: 'GET', path: '/things', headers: { accept: 'image/png' } }), 406, 'Not Acceptable', '/things'],
    ])('%s as application/problem+json', async (_status, call, status, title, instance) => {
      const res = await call();
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.body)).toEqual({ type: 'about:blank', title, status, instance });
    });

    it('405 carries Allow with HEAD after GET', async () => {
      expect((await send(port, { method: 'PUT', path: '/things' })).headers.allow).toBe('GET, HEAD, POST');
    });
  });
});
