/**
 * Contract: the RFC 9457 `problem` profile through Express 4, Express 5, Koa 2 and Koa 3.
 * Source: RFC 9457 §3.1 (members type, title, status, detail, instance) and §4.2.1 (about:blank).
 */
import createError from 'http-errors';
import request from 'supertest';
import { CONTRACT_FRAMEWORKS, itWhere, makeServer, type TestRoute } from '../support/frameworks';
import { conflict } from '../support/internals';

const routes: TestRoute[] = [
  { method: 'GET', path: '/ok' },
  { method: 'GET', path: '/tenant', throws: () => createError(404, 'Tenant t1 does not exist') },
  { method: 'GET', path: '/crash', throws: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42') },
  { method: 'PUT', path: '/dup', async: true, throws: () => conflict('Volume 12 already exists', { vendorCode: 'VOL.409' }) },
  { method: 'GET', path: '/etag', setHeaders: { ETag: '"abc"', 'Content-Type': 'text/csv', 'X-Trace': 't1' }, throws: () => createError(400, 'bad') },
  { method: 'POST', path: '/copy', embedInOk: true, throws: () => createError(409, 'Copy of <a & b> failed') },
];

/** RFC 9457 Appendix B: the XML form, `<problem xmlns="urn:ietf:rfc:7807">` with one element per member. */
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const TENANT_XML = `${XML_DECLARATION}<problem xmlns="urn:ietf:rfc:7807"><type>about:blank</type><title>Not Found</title><status>404</status><detail>Tenant t1 does not exist</detail><instance>/tenant</instance></problem>`;

describe.each(CONTRACT_FRAMEWORKS)('problem profile through %s', (framework) => {
  const server = makeServer(framework, { profile: 'problem' }, routes);

  it('passes a successful request through untouched', async () => {
    const res = await request(server).get('/ok').expect(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('renders an http-errors 404 as application/problem+json with detail and instance (RFC 9457 §3.1)', async () => {
    const res = await request(server).get('/tenant?x=1').expect(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.text)).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Tenant t1 does not exist',
      instance: '/tenant',
    });
  });

  it('never reveals a plain error message, stack or path on a 500', async () => {
    const res = await request(server).get('/crash').expect(500);
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, instance: '/crash' });
    expect(res.text).not.toMatch(/ECONNREFUSED|db\.js|10\.0\.0\.7|srv/);
  });

  it('maps a rejected async conflict with its vendorCode', async () => {
    const res = await request(server).put('/dup').expect(409);
    expect(JSON.parse(res.text)).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'Volume 12 already exists',
      instance: '/dup',
      code: 'VOL.409',
    });
  });

  itWhere(framework, 'headersBeforeThrow')('removes headers the route set that contradict the error, keeps the others', async () => {
    const res = await request(server).get('/etag').expect(400);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['x-trace']).toBe('t1');
  });

  it('answers unmatched routes with the profile 404', async () => {
    const res = await request(server).get('/nowhere').expect(404);
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, instance: '/nowhere' });
  });

  it('sends no body for HEAD', async () => {
    const res = await request(server).head('/tenant').expect(404);
    expect(res.text).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/problem+json');
  });
});

describe.each(CONTRACT_FRAMEWORKS)('problem profile: the format follows Accept through %s (RFC 9457 Appendix B; never a 406)', (framework) => {
  const server = makeServer(framework, { profile: 'problem' }, routes);

  it.each([
    ['application/problem+xml'],
    ['application/xml'],
    ['text/html;q=0.1, application/problem+xml'],
    ['application/json;q=0.2, application/xml;q=0.9'],
  ])('Accept: %s gets application/problem+xml, the same status, Vary: Accept', async (accept) => {
    const res = await request(server).get('/tenant').set('Accept', accept).expect(404);
    expect(res.headers['content-type']).toBe('application/problem+xml');
    expect(res.headers.vary).toBe('Accept');
    expect(res.text ?? res.body.toString('utf8')).toBe(TENANT_XML);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(TENANT_XML)));
  });

  it.each([[undefined], ['*/*'], ['text/html'], ['application/json'], ['application/problem+json, application/problem+xml'], ['image/png;q=0']])(
    'Accept: %s gets the default application/problem+json, never a 406',
    async (accept) => {
      const call = request(server).get('/tenant');
      if (accept !== undefined) void call.set('Accept', accept);
      const res = await call.expect(404);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers.vary).toBe('Accept');
      expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Tenant t1 does not exist', instance: '/tenant' });
    },
  );

  it('a precondition rejection and an unmatched route follow Accept too', async () => {
    const long = await request(server).get(`/${'a'.repeat(8001)}`).set('Accept', 'application/problem+xml').expect(414);
    expect(long.headers['content-type']).toBe('application/problem+xml');
    expect(long.text ?? long.body.toString('utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<problem xmlns="urn:ietf:rfc:7807"><type>about:blank<\/type><title>URI Too Long<\/title><status>414<\/status><instance>\/a+<\/instance><\/problem>$/);
    const missing = await request(server).get('/nowhere').set('Accept', 'application/problem+xml').expect(404);
    expect(missing.text ?? missing.body.toString('utf8')).toBe(`${XML_DECLARATION}<problem xmlns="urn:ietf:rfc:7807"><type>about:blank</type><title>Not Found</title><status>404</status><instance>/nowhere</instance></problem>`);
  });

  it('HEAD: the XML headers, no body', async () => {
    const res = await request(server).head('/tenant').set('Accept', 'application/problem+xml').expect(404);
    expect(res.headers['content-type']).toBe('application/problem+xml');
    expect(res.headers.vary).toBe('Accept');
    expect(res.text).toBeUndefined();
  });

  it('sendError/errorResponse with { embedInOk: true } answers 200 with the error body (as the s3 profile does for CopyObject), escaped as XML when asked', async () => {
    const json = await request(server).post('/copy').expect(200);
    expect(json.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(json.text)).toEqual({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'Copy of <a & b> failed', instance: '/copy' });
    const xml = await request(server).post('/copy').set('Accept', 'application/problem+xml').expect(200);
    expect(xml.text ?? xml.body.toString('utf8')).toBe(
      `${XML_DECLARATION}<problem xmlns="urn:ietf:rfc:7807"><type>about:blank</type><title>Conflict</title><status>409</status><detail>Copy of &lt;a &amp; b&gt; failed</detail><instance>/copy</instance></problem>`,
    );
  });
});
