/**
 * OpenAPI semantics a request is judged by: 3.0's `nullable` and `readOnly` as OpenAPI 3.0.3
 * §4.7.24 defines them, every parameter style of the "Style Values" table read back from the raw
 * target (the same verdict whatever the framework's query parser: Express 4's `qs`, Fastify's
 * `querystring`, Hono's `URLSearchParams`), form bodies by their schema, and the startup report.
 */
import type expressModule from 'express';
import http from 'node:http';
import request from 'supertest';
import { expressMount } from '../support/mount';
import { routesFromOpenapi } from '../../src/core/openapi/from-document';
import { resolveAppConfig } from '../../src/core/app-config';
import { appRoutesOf } from '../../src/core/routes/app-routes';
import type { OpenapiReport } from '../../src/core/openapi/report';
import { makeRouteServer, type RouteFramework } from '../support/route-apps';

const doc = (version: string, paths: object, components: object = {}) => ({ openapi: version, info: { title: 't', version: '1' }, paths, components });
const ok = { '200': { description: 'ok' } };
const FRAMEWORKS: readonly RouteFramework[] = ['express4', 'express5', 'fastify5', 'hono'];

// Express 4 (its `qs` query parser), typed as Express (the same API).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express4 = require('express4') as typeof expressModule;

const BUGS = doc(
  '3.0.3',
  {
    '/tags': { post: { requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { colour: { nullable: true, enum: ['red', 'blue'] } } } } } }, responses: ok } },
    '/pets': { post: { requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } }, responses: ok } },
    '/search': { get: { parameters: [{ $ref: '#/components/parameters/Filter' }], responses: ok } },
    '/inline': { get: { parameters: [{ name: 'where', in: 'query', required: true, schema: { type: 'object', properties: { filter: { type: 'integer' } }, required: ['filter'] } }], responses: ok } },
  },
  {
    schemas: {
      Id: { type: 'integer', readOnly: true },
      Pet: { type: 'object', required: ['id', 'serial', 'name'], properties: { id: { type: 'integer', readOnly: true }, serial: { $ref: '#/components/schemas/Id' }, name: { type: 'string' }, secret: { type: 'string', writeOnly: true } } },
      Filter: { type: 'object', properties: { filter: { type: 'integer' } }, required: ['filter'] },
    },
    parameters: { Filter: { name: 'where', in: 'query', required: true, schema: { $ref: '#/components/schemas/Filter' } } },
  },
);
const BUG_ROUTES = [
  { method: 'POST', path: '/tags' },
  { method: 'POST', path: '/pets' },
  { method: 'GET', path: '/search' },
  { method: 'GET', path: '/inline' },
];

describe.each(FRAMEWORKS)('OpenAPI 3.0.3 semantics on %s', (framework) => {
  const server = makeRouteServer(framework, { profile: 'problem', openapi: BUGS }, BUG_ROUTES);
  afterAll(() => server.close());

  it('`nullable: true` without `type` in the same Schema Object has no effect: null is judged by the rest (enum refuses it) (§4.7.24.1 nullable)', async () => {
    const refused = await request(server).post('/tags').set('content-type', 'application/json').send('{"colour":null}');
    expect([refused.status, refused.body.status]).toEqual([400, 400]);
    expect((await request(server).post('/tags').set('content-type', 'application/json').send('{"colour":"red"}')).status).toBe(200);
  });

  it('a `readOnly` property listed in `required` is not required in a request, inline or by $ref (§4.7.24.1 readOnly)', async () => {
    expect((await request(server).post('/pets').set('content-type', 'application/json').send('{"name":"Rex"}')).status).toBe(200);
    const missing = await request(server).post('/pets').set('content-type', 'application/json').send('{"id":1}');
    expect([missing.status, missing.body.status]).toEqual([400, 400]); // `name` is still required
  });

  it.each(['/search', '/inline'])('an object query parameter (%s: by $ref or inline) is read in its form style: `filter=1` is { filter: 1 }', async (path) => {
    expect((await request(server).get(`${path}?filter=1`)).status).toBe(200);
    const wrong = await request(server).get(`${path}?filter=x`);
    expect([wrong.status, wrong.body.status]).toEqual([400, 400]);
    const absent = await request(server).get(path);
    expect([absent.status, absent.body.status]).toEqual([400, 400]);
  });
});

const STYLES = doc('3.1.0', {
  '/q': {
    get: {
      parameters: [
        { name: 'csv', in: 'query', explode: false, schema: { type: 'array', items: { type: 'integer' }, maxItems: 3 } },
        { name: 'multi', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
        { name: 'space', in: 'query', style: 'spaceDelimited', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
        { name: 'pipe', in: 'query', style: 'pipeDelimited', explode: false, schema: { type: 'array', items: { type: 'integer' } } },
        { name: 'deep', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object', properties: { R: { type: 'integer' } }, additionalProperties: false } },
        { name: 'pair', in: 'query', explode: false, schema: { type: 'object', properties: { R: { type: 'integer' } }, additionalProperties: false } },
        { name: 'x-ids', in: 'header', schema: { type: 'array', items: { type: 'integer' } } },
      ],
      responses: ok,
    },
  },
  '/p/{ids}/{label}/{matrix}': {
    get: {
      parameters: [
        { name: 'ids', in: 'path', required: true, schema: { type: 'array', items: { type: 'integer' } } },
        { name: 'label', in: 'path', required: true, style: 'label', schema: { type: 'array', items: { type: 'integer' } } },
        { name: 'matrix', in: 'path', required: true, style: 'matrix', explode: true, schema: { type: 'array', items: { type: 'integer' } } },
      ],
      responses: ok,
    },
  },
});

describe.each(FRAMEWORKS)('OpenAPI "Style Values" read from the raw target on %s', (framework) => {
  const server = makeRouteServer(framework, { profile: 'problem', openapi: STYLES }, [
    { method: 'GET', path: '/q' },
    { method: 'GET', path: '/p/:ids/:label/:matrix' },
  ]);
  afterAll(() => server.close());

  it.each([
    ['csv=1,2,3', 200],
    ['csv=1,2,3,4', 400], // maxItems
    ['csv=1,x', 400],
    ['multi=1&multi=2', 200],
    ['multi=1', 200],
    ['multi=x', 400],
    ['space=1%202', 200],
    ['space=1%20x', 400],
    ['pipe=1|2', 200],
    ['pipe=1|x', 400],
    ['deep[R]=100', 200],
    ['deep[R]=x', 400],
    ['deep[G]=1', 400], // additionalProperties: false
    ['pair=R,100', 200],
    ['pair=R,x', 400],
  ])('GET /q?%s → %i', async (query, status) => {
    expect((await request(server).get(`/q?${query}`)).status).toBe(status);
  });

  it.each([
    ['1,2', 200],
    ['1,x', 400],
  ])('a header array in `simple` style: x-ids: %s → %i', async (value, status) => {
    expect((await request(server).get('/q').set('x-ids', value)).status).toBe(status);
  });

  it.each([
    ['/p/1,2/.3,4/;matrix=5;matrix=6', 200],
    ['/p/1,x/.3,4/;matrix=5', 400],
    ['/p/1/.3,x/;matrix=5', 400],
    ['/p/1/.3.4/;matrix=5', 400], // `label`, explode false: `.3,4`; `.3.4` is one value, not an integer
    ['/p/1/.3/;matrix=x', 400],
  ])('path styles simple, label, matrix: GET %s → %i', async (path, status) => {
    expect((await request(server).get(path)).status).toBe(status);
  });
});

describe('form bodies are judged by their schema (the framework\'s form parser: Express 4 `urlencoded`)', () => {
  const document = doc('3.0.1', {
    '/calls': {
      post: {
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['To'], properties: { To: { type: 'string', format: 'phone-number' }, Timeout: { type: 'integer' }, Events: { type: 'array', items: { type: 'string', enum: ['initiated', 'ringing'] } } } } } } },
        responses: ok,
      },
    },
  });
  const app = express4();
  const vc = expressMount({ profile: 'problem', openapi: document });
  app.use(vc.preconditions);
  app.use(express4.urlencoded({ extended: false }));
  app.use(vc.validate);
  app.post('/calls', (req, res) => {
    res.status(200).json(req.body);
  });
  app.use(vc.errorHandler);
  const server = vc.attach(http.createServer(app));
  afterAll(() => server.close());
  const form = (body: string) => request(server).post('/calls').set('content-type', 'application/x-www-form-urlencoded').send(body);

  it('coerces strings to the schema\'s types and reads repeated keys as arrays; a custom format is an annotation', async () => {
    const answered = await form('To=%2B15551234567&Timeout=30&Events=initiated&Events=ringing');
    expect([answered.status, answered.body]).toEqual([200, { To: '+15551234567', Timeout: '30', Events: ['initiated', 'ringing'] }]); // the handler reads the framework's values
    expect((await form('To=1&Events=initiated')).status).toBe(200); // one value for an array
  });

  it.each([
    ['Timeout=30', 'To is required'],
    ['To=1&Timeout=soon', 'Timeout is not an integer'],
    ['To=1&Events=answered', 'Events outside its enum'],
  ])('refuses %s (%s)', async (body) => {
    const refused = await form(body);
    expect([refused.status, refused.body.status]).toEqual([400, 400]);
  });
});

describe('the startup report: once, complete; openapiStrict refuses', () => {
  const document = doc('3.1.0', {
    '/upload': { post: { parameters: [{ name: 'sid', in: 'cookie', schema: { type: 'string' } }], requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } }, responses: ok } },
    '/ok': { get: { responses: ok } },
  });

  it('onOpenapiReport receives every unjudged part in one call', () => {
    const reports: OpenapiReport[] = [];
    expressMount({ profile: 'problem', openapi: document, onOpenapiReport: (report) => reports.push(report) });
    expect(reports).toEqual([{ judged: 2, items: routesFromOpenapi(document).report, parserDependent: [] }]);
    expect(reports[0]?.items.map((item) => item.at)).toEqual(['#/paths/~1upload/post/parameters/0', '#/paths/~1upload/post/requestBody/content/multipart~1form-data/schema']);
  });

  it('openapiStrict: true throws one TypeError listing them all', () => {
    expect(() => expressMount({ profile: 'problem', openapi: document, openapiStrict: true })).toThrow(
      new TypeError(
        'vendor-compat: option "openapi" (openapiStrict): 2 operations; 2 parts not judged:\n' +
          '  - #/paths/~1upload/post/parameters/0 (POST /upload): cookie parameter "sid" is not judged (path, query and header parameters are)\n' +
          '  - #/paths/~1upload/post/requestBody/content/multipart~1form-data/schema (POST /upload): the parts are not judged; the presence of a required body is',
      ),
    );
  });

  it('a multipart body is accepted as it is (its type is declared), never a 415', async () => {
    const server = makeRouteServer('express5', { profile: 'problem', openapi: document }, [{ method: 'POST', path: '/upload', readBody: true }]);
    const answered = await request(server).post('/upload').field('a', '1');
    server.close();
    expect(answered.status).toBe(200);
  });
});

describe('servers: Path-Item and Operation servers, variables, RFC 3986 path characters', () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    servers: [{ url: 'https://{region}.example.com/{base}+beta;v=1', variables: { region: { default: 'eu' }, base: { default: 'api' } } }],
    paths: {
      '/items': { get: { responses: ok }, post: { servers: [{ url: '/write' }], responses: ok } },
      '/hosts': { servers: [{ url: 'https://other.example.com' }], get: { responses: ok } },
    },
  };

  it('routes each operation under its own servers\' path (operation, else path item, else document; RFC 3986 §3.3 sub-delims kept)', () => {
    const routes = appRoutesOf(resolveAppConfig({ openapi: document }));
    expect(routes?.table.lookup('GET', '/api+beta;v=1/items')?.route?.key).toBe('GET /items');
    expect(routes?.table.lookup('POST', '/write/items')?.route?.key).toBe('POST /items');
    expect(routes?.table.lookup('GET', '/hosts')?.route?.key).toBe('GET /hosts'); // a host-only server: the path is unchanged
    expect(routesFromOpenapi(document).report).toEqual([]);
  });
});
