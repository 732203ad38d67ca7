/**
 * `vendor-compat/testing` under Vitest itself (started by test/testing/vitest.test.ts): the
 * matcher through `expect.extend`, typed by the `declare module 'vitest'` augmentation, over a
 * supertest response, a light-my-request response (Fastify 5's `inject`) and Hono's
 * `app.request()` (a Fetch `Response`: awaited). A passing and a failing case per option, the
 * failure message asserted. APIG's answers: seed-003 rows 404 (APIG.0101) and 409 (APIG.0201).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { vendorErrorMatchers } from '../../../src/testing';
import { CONFLICT_MESSAGE, expressApp, fastifyApp, honoApp } from '../apps';

expect.extend(vendorErrorMatchers);

const NOT_FOUND_AS_BAD_REQUEST = [
  'expected the response to be an error answer of apig (badRequest), got 404 Not Found APIG.0101:',
  '  - status 404 (expected 400)',
  '  - reason phrase "Not Found" (expected "Bad Request")',
  '  - vendor code APIG.0101 (expected APIG.0201)',
].join('\n');

let fastify: FastifyInstance;
beforeAll(async () => {
  fastify = await fastifyApp();
});
afterAll(async () => {
  await fastify.close();
});

describe('supertest', () => {
  const app = expressApp();
  it('kind', async () => {
    const res = await request(app).get('/missing');
    expect(res).toBeVendorError('apig', { kind: 'notFound' });
    expect(() => expect(res).toBeVendorError('apig', { kind: 'badRequest' })).toThrowError(NOT_FOUND_AS_BAD_REQUEST);
  });
  it('code', async () => {
    const res = await request(app).get('/missing');
    expect(res).toBeVendorError('apig', { code: 'APIG.0101' });
    expect(() => expect(res).toBeVendorError('apig', { code: 'APIG.0201' })).toThrowError(
      'expected the response to be an error answer of apig (code APIG.0201), got 404 Not Found APIG.0101:\n  - vendor code APIG.0101 (expected APIG.0201)',
    );
  });
  it('status', async () => {
    const res = await request(app).get('/volumes/vol1');
    expect(res).toBeVendorError('apig', { status: 409 });
    expect(() => expect(res).toBeVendorError('apig', { status: 404 })).toThrowError(
      'expected the response to be an error answer of apig (status 404), got 409 Conflict APIG.0201:\n  - status 409 (expected 404)',
    );
  });
  it('message', async () => {
    const res = await request(app).get('/volumes/vol1');
    expect(res).toBeVendorError('apig', { message: CONFLICT_MESSAGE });
    expect(() => expect(res).toBeVendorError('apig', { message: 'Volume vol2 already exists' })).toThrowError(
      `expected the response to be an error answer of apig (message "Volume vol2 already exists"), got 409 Conflict APIG.0201:\n  - message "${CONFLICT_MESSAGE}" (expected "Volume vol2 already exists")`,
    );
  });
  it('.not', async () => {
    expect(await request(app).get('/ok')).not.toBeVendorError('apig');
  });
});

describe('light-my-request (Fastify inject)', () => {
  it('kind and status pass; a wrong kind fails', async () => {
    const res = await fastify.inject({ method: 'GET', url: '/missing' });
    expect(res).toBeVendorError('apig', { kind: 'notFound', status: 404, code: 'APIG.0101' });
    expect(() => expect(res).toBeVendorError('apig', { kind: 'badRequest' })).toThrowError(NOT_FOUND_AS_BAD_REQUEST);
  });
  it('message', async () => {
    const res = await fastify.inject({ method: 'GET', url: '/volumes/vol1' });
    expect(res).toBeVendorError('apig', { kind: 'conflict', message: CONFLICT_MESSAGE });
    expect(() => expect(res).toBeVendorError('apig', { message: 'other' })).toThrowError(`  - message "${CONFLICT_MESSAGE}" (expected "other")`);
  });
});

describe('Hono app.request() (a Fetch Response: awaited)', () => {
  it('kind passes; a wrong code fails', async () => {
    const app = honoApp();
    await expect(await app.request('/missing')).toBeVendorError('apig', { kind: 'notFound' });
    await expect(expect(await app.request('/missing')).toBeVendorError('apig', { code: 'APIG.0201' })).rejects.toThrowError(
      'expected the response to be an error answer of apig (code APIG.0201), got 404 Not Found APIG.0101:\n  - vendor code APIG.0101 (expected APIG.0201)',
    );
  });
});
