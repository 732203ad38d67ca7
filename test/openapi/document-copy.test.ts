/**
 * The `openapi` option is read once, when the middleware is built: the library keeps one private
 * copy of the document, its schemas translated on the way (src/core/openapi/document-copy.ts), and
 * never reads the caller's object again. Changing the document afterwards (before the background
 * compile has even run) changes no verdict, on every adapter.
 */
// The tests change a document's nested members freely: JSON data typed loosely.
/* eslint-disable @typescript-eslint/no-explicit-any */
import request from 'supertest';
import { documentCopyOf, OpenapiDocumentCopy } from '../../src/core/openapi/document-copy';
import { translatedCopy } from '../../src/core/openapi/schema-dialect';
import { resolveAppConfig } from '../../src/core/app-config';
import { makeRouteServer, type RouteFramework } from '../support/route-apps';

const FRAMEWORKS: readonly RouteFramework[] = ['express5', 'fastify5', 'hono'];
const ok = { '200': { description: 'ok' } };

function pets(): Record<string, any> {
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/pets': {
        post: { requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } }, responses: ok },
        get: { parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 10 } }], responses: ok },
      },
    },
    components: { schemas: { Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, kind: { type: 'string', enum: ['cat', 'dog'] } } } } },
  };
}

/** Every object and array reachable from `value`. */
function objectsOf(value: unknown, into = new Set<object>()): Set<object> {
  if (value === null || typeof value !== 'object' || into.has(value)) return into;
  into.add(value);
  for (const item of Object.values(value)) objectsOf(item, into);
  return into;
}

/** What a caller might do to the document after building the middleware. */
function mutate(document: Record<string, any>): void {
  const pet = document.components.schemas.Pet;
  pet.required.push('kind');
  pet.properties.name.type = 'integer';
  pet.properties.kind.enum.push('fish');
  document.paths['/pets'].get.parameters[0].schema.maximum = 1000;
  document.paths['/pets'].post.requestBody.required = false;
  document.paths['/pets'].delete = { responses: ok };
  document.components.schemas = {};
}

describe.each(FRAMEWORKS)('a document changed after construct changes nothing (%s)', (framework) => {
  const document = pets();
  const server = makeRouteServer(framework, { profile: 'problem', openapi: document }, [
    { method: 'POST', path: '/pets' },
    { method: 'GET', path: '/pets' },
    { method: 'DELETE', path: '/pets' },
  ]);
  // Express and Hono build the middleware here: changed before the first request and before any
  // background compile turn. Fastify runs a plugin (and reads its options) at `ready()`: changed
  // once it has answered.
  if (framework !== 'fastify5') mutate(document);
  beforeAll(async () => {
    expect((await request(server).get('/pets?limit=10')).status).toBe(200);
    if (framework === 'fastify5') mutate(document);
  });
  afterAll(() => server.close());

  it('a body is judged by the schema as it was (name a string, kind optional and cat or dog)', async () => {
    expect((await request(server).post('/pets').set('content-type', 'application/json').send('{"name":"Rex"}')).status).toBe(200);
    const fish = await request(server).post('/pets').set('content-type', 'application/json').send('{"name":"Rex","kind":"fish"}');
    expect([fish.status, fish.body.status]).toEqual([400, 400]);
    const number = await request(server).post('/pets').set('content-type', 'application/json').send('{"name":1}');
    expect([number.status, number.body.status]).toEqual([400, 400]);
  });

  it('a required body stays required, a parameter keeps its maximum, an added operation is not allowed', async () => {
    const empty = await request(server).post('/pets');
    expect([empty.status, empty.body.status]).toEqual([400, 400]);
    const big = await request(server).get('/pets?limit=11');
    expect([big.status, big.body.status]).toEqual([400, 400]);
    const removed = await request(server).delete('/pets');
    expect([removed.status, removed.headers.allow, removed.body.status]).toEqual([405, 'POST, GET, HEAD', 405]);
  });
});

describe('the library\'s copy of a document', () => {
  it('is taken once, when the options are resolved, and shares no object with the caller\'s', () => {
    const document = pets();
    const config = resolveAppConfig({ openapi: document });
    const copy = config.options.openapi;
    expect(copy).toBeInstanceOf(OpenapiDocumentCopy);
    expect(documentCopyOf(copy)).toBe(copy); // the route table reads this one: no second copy
    const theirs = objectsOf(document);
    for (const object of objectsOf((copy as OpenapiDocumentCopy).document)) expect(theirs.has(object)).toBe(false);
  });

  it('translates 3.0 schemas while copying, and leaves the caller\'s untouched', () => {
    const document = pets();
    document.components.schemas.Tag = { type: 'string', nullable: true, enum: ['a'] };
    document.components.schemas.Range = { type: 'number', minimum: 0, exclusiveMinimum: true };
    const before = JSON.stringify(document);
    const copy = translatedCopy(document, '3.0');
    expect(JSON.stringify(document)).toBe(before);
    expect((copy.components as any).schemas.Tag).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect((copy.components as any).schemas.Range).toEqual({ type: 'number', exclusiveMinimum: 0 });
  });

  it('leaves out `x-` members of schemas, operations, path items and the document, keeps `x-vendor-compat` and data', () => {
    const copy = translatedCopy(
      {
        openapi: '3.1.0',
        'x-meta': { big: true },
        paths: {
          '/a': {
            'x-item': 1,
            post: { 'x-oaiMeta': { examples: ['...'] }, 'x-vendor-compat': { maxBodyBytes: 10 }, requestBody: { content: { 'application/json': { schema: { type: 'object', 'x-order': 1, properties: { 'x-name': { const: { 'x-data': 1 } } } } } } }, responses: ok },
          },
        },
      },
      '3.1',
    );
    expect(copy).toEqual({
      openapi: '3.1.0',
      paths: { '/a': { post: { 'x-vendor-compat': { maxBodyBytes: 10 }, requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { 'x-name': { const: { 'x-data': 1 } } } } } } }, responses: ok } } },
    });
  });

  it('keeps shared references shared, and a JSON "__proto__" key an own property', () => {
    const shared = { type: 'string' };
    const source = JSON.parse('{"openapi":"3.1.0","components":{"schemas":{"A":{"type":"object","properties":{"__proto__":{"type":"integer"}}}}}}');
    source.components.schemas.B = shared;
    source.components.schemas.C = { type: 'array', items: shared };
    const copy = translatedCopy(source, '3.1') as any;
    expect(copy.components.schemas.C.items).toBe(copy.components.schemas.B);
    expect(Object.prototype.hasOwnProperty.call(copy.components.schemas.A.properties, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy.components.schemas.A.properties)).toBe(Object.prototype);
  });

  it('refuses what is not JSON data, in the option\'s words', () => {
    expect(() => resolveAppConfig({ openapi: { openapi: '3.1.0', paths: { '/a': { get: { responses: ok, summary: () => 'x' } } } } })).toThrow(
      new TypeError('vendor-compat: option "openapi" must be plain JSON data (a function is not JSON data)'),
    );
  });
});

describe('a schema `$ref` that resolves nowhere', () => {
  const dangling = (): Record<string, any> => {
    const document = pets();
    document.components.schemas = { Other: { type: 'object', properties: { tag: { $ref: '#/components/schemas/Tag' } } } };
    return document;
  };

  it('refuses the document at construct, in the one TypeError (it used to leave the route\'s body unjudged)', () => {
    expect(() => makeRouteServer('express5', { profile: 'problem', openapi: dangling() }, [{ method: 'POST', path: '/pets' }])).toThrow(
      new TypeError(
        'vendor-compat: option "openapi": 2 unsupported or invalid parts:\n' +
          '  - $ref "#/components/schemas/Pet" (in a schema) resolves to nothing in #/components or #/paths\n' +
          '  - $ref "#/components/schemas/Tag" (in a schema) resolves to nothing in #/components or #/paths',
      ),
    );
  });

  it('a `#/` $ref inside a schema with its own `$id` is that resource\'s, not the document\'s: not checked here', () => {
    const document = pets();
    document.openapi = '3.1.0';
    document.components.schemas.Scoped = { $id: 'https://example.com/scoped', $defs: { a: { type: 'string' } }, properties: { a: { $ref: '#/$defs/a' } } };
    expect(() => resolveAppConfig({ openapi: document })).not.toThrow();
    expect([...(resolveAppConfig({ openapi: document }).options.openapi as OpenapiDocumentCopy).pointerRefs]).toEqual(['#/components/schemas/Pet']);
  });
});
