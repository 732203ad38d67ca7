/**
 * OpenAPI in: what a document becomes, and "anything unsupported is listed in one
 * clear error at startup, never silently ignored". Also: a custom profile can say how
 * validation failures read (profile data, validated by the profile schema).
 */
import { routesFromOpenapi } from '../../src/core/openapi/from-document';
import { defineProfile, profiles, render } from '../support/internals';
import { vendorCompat } from '../../src/express';
import { compileValidationAnswer } from '../../src/core/validation';
import request from 'supertest';
import { MEDIA_31, STORAGE_30 } from '../support/openapi-cases';
import { makeRouteServer } from '../support/route-apps';

const doc = (paths: object, extra: object = {}) => ({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths, ...extra });

describe('routesFromOpenapi', () => {
  it('reads every operation of both fixtures, under servers[0]\'s path (variables at their defaults)', () => {
    const storage = routesFromOpenapi(STORAGE_30);
    expect(storage.entries).toHaveLength(24);
    expect(storage.entries[0]).toMatchObject({ key: 'GET /objects/ldevs', prefix: '/ConfigurationManager/v1', openapi: true });
    expect(routesFromOpenapi(MEDIA_31).entries).toHaveLength(21);
  });

  it('maps requestBody.content and 2xx content to media types, and a required body', () => {
    const { entries } = routesFromOpenapi(STORAGE_30);
    const restore = entries.find((entry) => entry.key === 'POST /objects/keys/restore');
    expect(restore?.settings).toMatchObject({ requestMediaTypes: ['application/octet-stream'], responseMediaTypes: null });
    // A body without a JSON schema is accepted as it is (schema `true`), so its type is never a 415.
    expect(restore?.extra).toMatchObject({ bodyRequired: true, bodies: [{ mediaTypes: ['application/octet-stream'], schema: true }] });
    expect(entries.find((entry) => entry.key === 'GET /objects/keys/backup')?.settings.responseMediaTypes).toEqual(['application/octet-stream']);
  });

  it('does not modify the document', () => {
    const before = JSON.stringify(STORAGE_30);
    routesFromOpenapi(STORAGE_30);
    expect(JSON.stringify(STORAGE_30)).toBe(before);
  });

  it('lists every part it cannot judge in one report, each with its JSON Pointer and operation, and loads the rest', () => {
    const document = doc({
      '/a/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          parameters: [
            { name: 'session', in: 'cookie', schema: { type: 'string' } },
            { name: 'ids', in: 'query', style: 'pipeDelimited', schema: { type: 'array', items: { type: 'integer' } } },
            { name: 'q', in: 'query', style: 'matrix', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'ok' } },
        },
        post: {
          requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string' } } } }, 'application/xml': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'ok' } },
          servers: [{ url: '/other' }],
        },
      },
    });
    const { entries, report } = routesFromOpenapi(document);
    expect(entries.map((entry) => `${entry.prefix ?? ''} ${entry.key}`)).toEqual([' GET /a/{id}', '/other POST /a/{id}']);
    expect(report).toEqual([
      { at: '#/paths/~1a~1{id}/get/parameters/0', operation: 'GET /a/{id}', reason: 'cookie parameter "session" is not judged (path, query and header parameters are)' },
      { at: '#/paths/~1a~1{id}/get/parameters/2/style', operation: 'GET /a/{id}', reason: 'style "matrix" is not defined for query parameters (OpenAPI "Style Values"); the value of "q" is not judged, its presence is' },
      { at: '#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema', operation: 'POST /a/{id}', reason: 'the parts are not judged; the presence of a required body is' },
      { at: '#/paths/~1a~1{id}/post/requestBody/content/application~1xml/schema', operation: 'POST /a/{id}', reason: 'application/xml bodies are not judged against their schema; the presence of a required body is' },
    ]);
  });

  it('refuses, in one TypeError, what is not a document (a $ref it cannot resolve)', () => {
    const document = doc({ '/a': { get: { parameters: [{ $ref: 'other.yaml#/components/parameters/X' }], responses: { '200': { description: 'ok' } } } } });
    expect(() => routesFromOpenapi(document)).toThrow('vendor-compat: option "openapi": 1 unsupported or invalid part:\n  - #/paths/~1a/get/parameters/0: unsupported $ref "other.yaml#/components/parameters/X"');
  });

  it.each([
    [{ swagger: '2.0', paths: {} }, /only OpenAPI 3\.0\.x and 3\.1\.x documents are supported, got Swagger 2\.0/],
    ['openapi: 3.0.0', /must be an OpenAPI 3\.0 or 3\.1 document/],
    [{ openapi: '3.2.0', paths: {} }, /only OpenAPI 3\.0\.x and 3\.1\.x/],
  ])('rejects %j', (input, message) => {
    expect(() => routesFromOpenapi(input)).toThrow(message);
  });

  it('an unknown format in a document is an annotation (OpenAPI 3.0.3 §4.4: formats are open), judged once registered with `formats`', async () => {
    const document = doc({ '/a': { get: { parameters: [{ name: 'at', in: 'query', schema: { type: 'string', format: 'tomorrow' } }], responses: { '200': { description: 'ok' } } } } });
    const open = makeRouteServer('express5', { profile: 'problem', openapi: document }, [{ method: 'GET', path: '/a' }]);
    expect((await request(open).get('/a?at=yesterday')).status).toBe(200);
    const registered = makeRouteServer('express5', { profile: 'problem', openapi: document, formats: { tomorrow: /^tomorrow$/ } }, [{ method: 'GET', path: '/a' }]);
    expect((await request(registered).get('/a?at=tomorrow')).status).toBe(200);
    const refused = await request(registered).get('/a?at=yesterday');
    expect([refused.status, refused.body.status]).toEqual([400, 400]);
  });

  it('an unknown format in the app\'s own routes schemas still fails at startup (strict)', () => {
    expect(() => vendorCompat({ profile: 'vsp', routes: { 'GET /a': { schema: { query: { type: 'object', properties: { at: { type: 'string', format: 'tomorrow' } } } } } } })).toThrow(/unknown format "tomorrow"/);
  });

  it('a routes key refines the operation with the same method and path (prefix included); others add routes', async () => {
    const server = makeRouteServer('express5', {
      profile: 'vsp',
      openapi: STORAGE_30,
      routes: { 'POST /ConfigurationManager/v1/objects/keys/restore': { maxBodyBytes: 1024 }, 'GET /health': {} },
    }, [{ method: 'POST', path: '/ConfigurationManager/v1/objects/keys/restore', readBody: true }, { method: 'GET', path: '/health' }]);
    const big = await request(server).post('/ConfigurationManager/v1/objects/keys/restore').set('content-type', 'application/octet-stream').send(Buffer.alloc(2048));
    expect([big.status, JSON.parse(big.text).messageId]).toEqual([400, 'KART94002-E']); // VSP's too-large body
    const type = await request(server).post('/ConfigurationManager/v1/objects/keys/restore').set('content-type', 'application/json').send('{}');
    expect(type.status).toBe(415); // the document's media type still holds
    const other = await request(server).put('/health');
    expect([other.status, other.headers.allow]).toEqual([405, 'GET, HEAD']);
  });
});

describe('a custom profile says how validation failures read', () => {
  const acme = defineProfile(
    {
      name: 'acme',
      title: 'ACME',
      sources: [...profiles.problem.sources, { id: 'acme-docs', title: 'ACME API guide' }],
      validation: {
        kind: 'unprocessableEntity',
        code: 'ACME-422',
        message: 'Field {{field}} {{reason}}',
        rules: [{ keywords: ['required'], message: 'Missing field {{field}}', code: 'ACME-4221', sources: ['acme-docs'] }],
        sources: ['acme-docs'],
      },
    },
    { extends: profiles.problem },
  );

  it('renders with the section\'s kind, code and wording', () => {
    const answer = compileValidationAnswer(acme.document.validation);
    const rendered = render(answer([{ location: 'body', keyword: 'required', field: 'sku', pointer: '#/sku', reason: 'is required' }]), acme, { method: 'POST', path: '/orders' });
    expect(rendered.status).toBe(422);
    expect(JSON.parse(rendered.body)).toMatchObject({ status: 422, detail: 'Missing field sku', code: 'ACME-4221' });
  });

  it.each([
    [{ kind: 'badRequest', message: 'Bad {{path}}', sources: ['rfc9110'] }, /\/validation\/message/],
    [{ kind: 'nope', message: 'x', sources: ['rfc9110'] }, /\/validation\/kind/],
    [{ kind: 'badRequest', message: 'x', sources: ['unknown-source'] }, /\/validation\/sources: cites unknown source "unknown-source"/],
    [{ kind: 'badRequest', message: 'x', sources: ['rfc9110'], colour: 'red' }, /unknown property "colour"/],
  ])('an invalid section is a ProfileValidationError: %j', (validation, message) => {
    expect(() => defineProfile({ name: 'bad', validation }, { extends: profiles.problem })).toThrow(message);
  });
});
