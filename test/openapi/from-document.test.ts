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
    expect(restore?.extra).toMatchObject({ bodyRequired: true, bodies: [] });
    expect(entries.find((entry) => entry.key === 'GET /objects/keys/backup')?.settings.responseMediaTypes).toEqual(['application/octet-stream']);
  });

  it('does not modify the document', () => {
    const before = JSON.stringify(STORAGE_30);
    routesFromOpenapi(STORAGE_30);
    expect(JSON.stringify(STORAGE_30)).toBe(before);
  });

  it('lists every unsupported part in one TypeError, each with its JSON Pointer', () => {
    const document = doc({
      '/a/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          parameters: [
            { name: 'session', in: 'cookie', schema: { type: 'string' } },
            { name: 'ids', in: 'query', style: 'pipeDelimited', schema: { type: 'array', items: { type: 'integer' } } },
            { $ref: 'other.yaml#/components/parameters/X' },
          ],
          responses: { '200': { description: 'ok' } },
        },
        post: {
          requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string' } } } } } },
          responses: { '201': { description: 'ok' } },
          servers: [{ url: '/other' }],
        },
      },
    });
    let message = '';
    try {
      routesFromOpenapi(document);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^vendor-compat: option "openapi": 5 unsupported or invalid parts:\n/);
    expect(message).toContain('#/paths/~1a~1{id}/get/parameters/0: parameters in "cookie" are not supported');
    expect(message).toContain('#/paths/~1a~1{id}/get/parameters/1/style: style "pipeDelimited" is not supported');
    expect(message).toContain('#/paths/~1a~1{id}/get/parameters/2: unsupported $ref "other.yaml#/components/parameters/X"');
    expect(message).toContain('#/paths/~1a~1{id}/post/servers: operation-level servers are not supported');
    expect(message).toContain('#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema: a schema for multipart/form-data bodies cannot be validated');
  });

  it.each([
    [{ swagger: '2.0', paths: {} }, /only OpenAPI 3\.0\.x and 3\.1\.x documents are supported, got Swagger 2\.0/],
    ['openapi: 3.0.0', /must be an OpenAPI 3\.0 or 3\.1 document/],
    [{ openapi: '3.2.0', paths: {} }, /only OpenAPI 3\.0\.x and 3\.1\.x/],
  ])('rejects %j', (input, message) => {
    expect(() => routesFromOpenapi(input)).toThrow(message);
  });

  it('a schema problem in the document (unknown format) fails at startup through vendorCompat', () => {
    const document = doc({ '/a': { get: { parameters: [{ name: 'at', in: 'query', schema: { type: 'string', format: 'tomorrow' } }], responses: { '200': { description: 'ok' } } } } });
    expect(() => vendorCompat({ profile: 'vsp', openapi: document })).toThrow(/1 problem in request schemas:\n {2}- route "GET \/a" schema\.query: unknown format "tomorrow"/);
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
