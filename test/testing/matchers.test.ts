/**
 * `vendor-compat/testing` under Jest: `expect.extend(vendorErrorMatchers)` then
 * `expect(res).toBeVendorError('apig', …)`, and `expectVendorError` for node:assert users, over a
 * supertest response and a Fetch `Response` (fetch over 127.0.0.1:0, and Hono's `app.request()`);
 * light-my-request (Fastify's `inject`, whose cookie dependency is ESM only, which Jest on Node 20
 * cannot load) runs under Vitest (vitest.test.ts). For each option (kind, code, status, message)
 * a passing and a failing case, the failure message asserted. APIG's answers: seed-003 rows 404
 * (APIG.0101) and 409 (APIG.0201, "API request error.").
 */
import assert from 'node:assert';
import request from 'supertest';
import { expectVendorError, vendorErrorMatchers } from '../../src/testing';
import { CONFLICT_MESSAGE, expressApp, honoApp, listenExpress } from './apps';

expect.extend(vendorErrorMatchers);

const NOT_FOUND_AS_BAD_REQUEST = [
  'expected the response to be an error answer of apig (badRequest), got 404 Not Found APIG.0101:',
  '  - status 404 (expected 400)',
  '  - reason phrase "Not Found" (expected "Bad Request")',
  '  - vendor code APIG.0101 (expected APIG.0201)',
].join('\n');

let server: { base: string; close: () => Promise<void> };
beforeAll(async () => {
  server = await listenExpress();
});
afterAll(async () => {
  await server.close();
});

describe('supertest response (synchronous)', () => {
  const app = expressApp();

  it('kind: passes for APIG\'s 404, fails naming every difference for another kind', async () => {
    const res = await request(app).get('/missing');
    expect(res).toBeVendorError('apig', { kind: 'notFound' });
    expect(() => expect(res).toBeVendorError('apig', { kind: 'badRequest' })).toThrow(NOT_FOUND_AS_BAD_REQUEST);
  });

  it('code', async () => {
    const res = await request(app).get('/missing');
    expect(res).toBeVendorError('apig', { code: 'APIG.0101' });
    expect(() => expect(res).toBeVendorError('apig', { code: 'APIG.0201' })).toThrow(
      'expected the response to be an error answer of apig (code APIG.0201), got 404 Not Found APIG.0101:\n  - vendor code APIG.0101 (expected APIG.0201)',
    );
  });

  it('status', async () => {
    const res = await request(app).get('/volumes/vol1');
    expect(res).toBeVendorError('apig', { status: 409 });
    expect(() => expect(res).toBeVendorError('apig', { status: 404 })).toThrow(
      'expected the response to be an error answer of apig (status 404), got 409 Conflict APIG.0201:\n  - status 409 (expected 404)',
    );
  });

  it('message (a string or a RegExp)', async () => {
    const res = await request(app).get('/volumes/vol1');
    expect(res).toBeVendorError('apig', { kind: 'conflict', message: CONFLICT_MESSAGE });
    expect(res).toBeVendorError('apig', { message: /already exists/ });
    expect(() => expect(res).toBeVendorError('apig', { message: 'Volume vol2 already exists' })).toThrow(
      `expected the response to be an error answer of apig (message "Volume vol2 already exists"), got 409 Conflict APIG.0201:\n  - message "${CONFLICT_MESSAGE}" (expected "Volume vol2 already exists")`,
    );
  });

  it('an answer that is not APIG\'s: its body format is the difference', async () => {
    const res = await request(app).get('/plain');
    expect(() => expect(res).toBeVendorError('apig')).toThrow(
      [
        'expected the response to be an error answer of apig, got 404 Not Found:',
        '  - vendor code (none) (expected APIG.0101)',
        "  - body / must have required property 'error_code'",
        "  - body / must have required property 'error_msg'",
        "  - body / must have required property 'request_id'",
        '  - body / must NOT have additional properties',
      ].join('\n'),
    );
  });

  it('.not: a 200 is not an error answer; an APIG 404 is', async () => {
    expect(await request(app).get('/ok')).not.toBeVendorError('apig');
    const res = await request(app).get('/missing');
    expect(() => expect(res).not.toBeVendorError('apig')).toThrow('expected the response not to be an error answer of apig, but it is: 404 Not Found APIG.0101 (notFound)');
  });
});

describe('Fetch Response (asynchronous: await the matcher)', () => {
  it('fetch over loopback: kind passes, and fails with the probe\'s words', async () => {
    const res = await fetch(`${server.base}/missing`);
    await expect(res).toBeVendorError('apig', { kind: 'notFound', code: 'APIG.0101', status: 404 });
    await expect(expect(res).toBeVendorError('apig', { kind: 'badRequest' })).rejects.toThrow(NOT_FOUND_AS_BAD_REQUEST);
    expect((await res.json()) as unknown).toMatchObject({ error_code: 'APIG.0101' }); // the body is still there
  });

  it('Hono app.request(): passes, and fails with the probe\'s words', async () => {
    const app = honoApp();
    await expect(await app.request('/volumes/vol1')).toBeVendorError('apig', { kind: 'conflict', message: CONFLICT_MESSAGE });
    await expect(expect(await app.request('/volumes/vol1')).toBeVendorError('apig', { code: 'APIG.0101' })).rejects.toThrow(
      'expected the response to be an error answer of apig (code APIG.0101), got 409 Conflict APIG.0201:\n  - vendor code APIG.0201 (expected APIG.0101)',
    );
  });

  it('a Response whose body was already read is refused, saying what to pass instead', async () => {
    const res = await honoApp().request('/missing');
    await res.text();
    await expect(expect(res).toBeVendorError('apig')).rejects.toThrow('vendor-compat/testing: the Response body was already read');
  });
});

describe('expectVendorError (node:assert)', () => {
  const app = expressApp();

  it('returns what the answer says when it passes', async () => {
    const decoded = expectVendorError(await request(app).get('/volumes/vol1'), 'apig', { kind: 'conflict', code: 'APIG.0201', status: 409, message: CONFLICT_MESSAGE });
    expect([decoded.kind, decoded.code, decoded.message]).toEqual(['conflict', 'APIG.0201', CONFLICT_MESSAGE]);
  });

  it.each([
    ['kind', { kind: 'badRequest' as const }, NOT_FOUND_AS_BAD_REQUEST],
    ['code', { code: 'APIG.0201' }, 'expected the response to be an error answer of apig (code APIG.0201), got 404 Not Found APIG.0101:\n  - vendor code APIG.0101 (expected APIG.0201)'],
    ['status', { status: 400 }, 'expected the response to be an error answer of apig (status 400), got 404 Not Found APIG.0101:\n  - status 404 (expected 400)'],
    [
      'message',
      { message: 'Gone.' },
      'expected the response to be an error answer of apig (message "Gone."), got 404 Not Found APIG.0101:\n  - message "The API does not exist or has not been published in the environment." (expected "Gone.")',
    ],
  ])('%s: throws an AssertionError with every difference', async (_option, expected, message) => {
    const res = await request(app).get('/missing');
    assert.throws(() => expectVendorError(res, 'apig', expected), (error: unknown) => error instanceof assert.AssertionError && error.message === message);
  });

  it('a Fetch Response: a promise that rejects with the AssertionError', async () => {
    const res = await fetch(`${server.base}/missing`);
    await assert.rejects(expectVendorError(res, 'apig', { kind: 'badRequest' }), (error: unknown) => error instanceof assert.AssertionError && error.message === NOT_FOUND_AS_BAD_REQUEST);
    expect((await expectVendorError(await fetch(`${server.base}/missing`), 'apig', { kind: 'notFound' })).code).toBe('APIG.0101');
  });

  it('an unknown profile or kind is a TypeError', async () => {
    const res = await request(app).get('/missing');
    expect(() => expectVendorError(res, 'acme' as never)).toThrow(new TypeError('vendor-compat/testing: unknown profile "acme" (built in: problem, hcp, vsp, apig, mpc, stratos, s3, hcp-s3)'));
    expect(() => expectVendorError(res, 'apig', { kind: 'nope' as never })).toThrow(new TypeError('vendor-compat/testing: unknown kind "nope"'));
  });
});
