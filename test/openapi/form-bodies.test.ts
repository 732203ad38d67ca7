/**
 * Form bodies on Hono: `vc.validate` reads an `application/x-www-form-urlencoded` body itself
 * (`c.req.text()`, through Hono's body cache) and judges it by the operation's schema, values
 * coerced to the schema's types, repeated keys as arrays (OpenAPI "Style Values": `form`,
 * `explode: true`); the handler still reads it with `c.req.parseBody()`. A multipart body's parts
 * stay unjudged, and are in the startup report; so are form bodies, among the bodies judged only
 * where they reach validation parsed (on Express, Koa and Fastify that is the app's form parser).
 */
import { Hono } from 'hono';
import { vendorCompat } from '../../src/hono';
import { formatOpenapiReport, type OpenapiReport } from '../../src/core/openapi/report';
import { openapiReport } from '../../src/core/openapi/check';

const ok = { '200': { description: 'ok' } };
const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/calls': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: { type: 'object', required: ['To'], properties: { To: { type: 'string' }, Timeout: { type: 'integer', maximum: 600 }, Events: { type: 'array', items: { type: 'string', enum: ['initiated', 'ringing'] } } } },
            },
          },
        },
        responses: ok,
      },
    },
    '/files': { post: { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } }, responses: ok } },
  },
};

function app(): { app: Hono; reports: OpenapiReport[] } {
  const reports: OpenapiReport[] = [];
  const vc = vendorCompat({ profile: 'problem', openapi: DOCUMENT, onOpenapiReport: (report) => reports.push(report) });
  const hono = new Hono();
  hono.use(vc.preconditions);
  hono.use(vc.validate);
  hono.post('/calls', async (c) => c.json({ body: await c.req.parseBody({ all: true }) }, 200));
  hono.post('/files', async (c) => c.json({ fields: Object.keys(await c.req.parseBody()) }, 200));
  hono.onError(vc.errorHandler);
  hono.notFound(vc.notFound);
  return { app: hono, reports };
}

const form = (hono: Hono, body: string): Response | Promise<Response> =>
  hono.request('/calls', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('Hono: vc.validate judges application/x-www-form-urlencoded bodies', () => {
  const { app: hono } = app();

  it('a valid form body reaches the handler, which reads it with c.req.parseBody()', async () => {
    const answered = await form(hono, 'To=%2B15551234567&Timeout=30&Events=initiated&Events=ringing');
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ body: { To: '+15551234567', Timeout: '30', Events: ['initiated', 'ringing'] } });
  });

  it.each([
    ['a value of the wrong type', 'To=1&Timeout=soon', 'Timeout must be integer', '#/Timeout'],
    ['a value over its maximum', 'To=1&Timeout=601', 'Timeout must be <= 600', '#/Timeout'],
    ['an array item outside its enum', 'To=1&Events=answered', 'Events must be one of the allowed values', '#/Events/0'],
    ['a required field missing', 'Timeout=30', 'To is required', '#/To'],
  ])('%s is refused with the profile\'s 400', async (_what, body, detail, pointer) => {
    const refused = await form(hono, body);
    expect([refused.status, refused.headers.get('content-type')]).toEqual([400, 'application/problem+json']);
    expect(await refused.json()).toEqual({ type: 'about:blank', title: 'Bad Request', status: 400, detail, instance: '/calls', errors: [{ detail, pointer }] });
  });

  it('a multipart body passes unjudged (its parts are in the startup report)', async () => {
    const data = new FormData();
    data.append('file', new Blob(['x']), 'a.txt');
    const answered = await hono.request('/files', { method: 'POST', body: data });
    expect([answered.status, await answered.json()]).toEqual([200, { fields: ['file'] }]);
    expect(app().reports[0]?.items.map((item) => [item.at, item.operation])).toEqual([['#/paths/~1files/post/requestBody/content/multipart~1form-data/schema', 'POST /files']]);
  });
});

describe('the startup report lists form bodies among those judged only when parsed', () => {
  const FORM_REASON = "judged on the body the app's form parser gives (express.urlencoded(), Koa's body parser, @fastify/formbody) or the adapter reads (Hono's vc.validate); a body the app leaves unparsed is not judged";

  it('openapiReport and onOpenapiReport: `parserDependent`, apart from what is never judged', () => {
    const expected = {
      judged: 2,
      items: [{ at: '#/paths/~1files/post/requestBody/content/multipart~1form-data/schema', operation: 'POST /files', reason: 'the parts are not judged; the presence of a required body is' }],
      parserDependent: [{ at: '#/paths/~1calls/post/requestBody/content/application~1x-www-form-urlencoded/schema', operation: 'POST /calls', reason: FORM_REASON }],
    };
    expect(openapiReport(DOCUMENT)).toEqual(expected);
    expect(app().reports).toEqual([expected]);
  });

  it('formatOpenapiReport prints them after the parts not judged', () => {
    expect(formatOpenapiReport(openapiReport(DOCUMENT))).toBe(
      [
        '2 operations; 1 part not judged:',
        '  - #/paths/~1files/post/requestBody/content/multipart~1form-data/schema (POST /files): the parts are not judged; the presence of a required body is',
        '1 body judged only when parsed:',
        `  - #/paths/~1calls/post/requestBody/content/application~1x-www-form-urlencoded/schema (POST /calls): ${FORM_REASON}`,
      ].join('\n'),
    );
  });

  it('openapiStrict refuses only what is never judged: a document whose only such part is a form body loads', () => {
    const onlyForm = { ...DOCUMENT, paths: { '/calls': DOCUMENT.paths['/calls'] } };
    expect(() => vendorCompat({ openapi: onlyForm, openapiStrict: true })).not.toThrow();
    expect(() => vendorCompat({ openapi: DOCUMENT, openapiStrict: true })).toThrow(TypeError);
  });
});
