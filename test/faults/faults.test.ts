/**
 * Fault injection (the `faults` option) on every adapter: a rule (method, path pattern,
 * probability, delay) or the `X-Vendor-Compat-Fault` header answers with the profile's kind
 * through the same engine, reported to `onError` with source `'fault'`; refused at startup in
 * production unless `allowInProduction`. APIG's answers: seed-003 rows 503 (APIG.0613), 429
 * (APIG.0308), 504 (apig-errors), 409 (APIG.0201).
 */
import request from 'supertest';
import type http from 'node:http';
import { FRAMEWORKS, makeServer, type AppOptions } from '../support/frameworks';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as fetchVendorCompat } from '../../src/fetch';
import { compileFaults } from '../../src/core/engine/faults';
import { expectVendorError } from '../../src/testing';
import type { ErrorEvent } from '../../src';

jest.setTimeout(30000);

describe.each(FRAMEWORKS)('%s', (framework) => {
  const events: ErrorEvent[] = [];
  const options: AppOptions = {
    profile: 'apig',
    onError: (event) => void events.push(event),
    faults: {
      rules: [
        { method: 'POST', path: '/v1/volumes', kind: 'serviceUnavailable' },
        { path: '/v1/slow/*', kind: 'gatewayTimeout', delayMs: 150 },
        { path: '/v1/never', kind: 'conflict', probability: 0 },
      ],
    },
  };
  let server: http.Server;
  beforeAll(() => {
    server = makeServer(framework, options, [
      { method: 'GET', path: '/v1/volumes' },
      { method: 'POST', path: '/v1/volumes' },
      { method: 'GET', path: '/v1/slow/x' },
      { method: 'GET', path: '/v1/never' },
    ]);
  });
  beforeEach(() => {
    events.length = 0;
  });

  it('a rule matching method and path answers its kind, reported with source "fault"', async () => {
    const res = await request(server).post('/v1/volumes').send({ name: 'vol1' });
    expect(res.status).toBe(503);
    expectVendorError(res, 'apig', { kind: 'serviceUnavailable', code: 'APIG.0613' });
    expect(events.map((event) => [event.source, event.kind, event.status, event.code, event.method, event.path])).toEqual([['fault', 'serviceUnavailable', 503, 'APIG.0613', 'POST', '/v1/volumes']]);
  });

  it('another method on the path reaches the route', async () => {
    const res = await request(server).get('/v1/volumes');
    expect([res.status, res.body]).toEqual([200, { ok: true }]);
    expect(events).toEqual([]);
  });

  it('the header names any kind: X-Vendor-Compat-Fault: tooManyRequests', async () => {
    const res = await request(server).get('/v1/volumes').set('X-Vendor-Compat-Fault', 'tooManyRequests');
    expect(res.status).toBe(429);
    expectVendorError(res, 'apig', { kind: 'tooManyRequests', code: 'APIG.0308' });
    expect(events.map((event) => event.source)).toEqual(['fault']);
  });

  it('a header naming no kind is ignored', async () => {
    const res = await request(server).get('/v1/volumes').set('X-Vendor-Compat-Fault', 'nothing');
    expect(res.status).toBe(200);
  });

  it('a rule\'s delay is waited before the answer', async () => {
    const started = Date.now();
    const res = await request(server).get('/v1/slow/x');
    expect(res.status).toBe(504);
    expectVendorError(res, 'apig', { kind: 'gatewayTimeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('probability 0 never answers', async () => {
    const res = await request(server).get('/v1/never');
    expect(res.status).toBe(200);
  });
});

describe('the faults option', () => {
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  it('is refused at startup when NODE_ENV is production (node adapters and the Fetch entry)', () => {
    process.env.NODE_ENV = 'production';
    const message = 'vendor-compat: option "faults": refused: NODE_ENV is "production" (set allowInProduction: true to inject faults there)';
    expect(() => expressVendorCompat({ profile: 'apig', faults: { rules: [] } })).toThrow(new TypeError(message));
    expect(() => fetchVendorCompat({ profile: 'apig', faults: {} })).toThrow(new TypeError(message));
    expect(() => expressVendorCompat({ profile: 'apig', faults: { allowInProduction: true } })).not.toThrow();
    expect(() => expressVendorCompat({ profile: 'apig' })).not.toThrow();
  });

  it.each([
    [{ rules: [{ kind: 'nope' }] }, 'rules[0].kind must be a kind name (e.g. "serviceUnavailable")'],
    [{ rules: [{ kind: 'conflict', probability: 2 }] }, 'rules[0].probability must be a number from 0 to 1'],
    [{ rules: [{ kind: 'conflict', path: 'v1' }] }, 'rules[0].path must be a path pattern starting with "/" or a RegExp'],
    [{ rules: [{ kind: 'conflict', delayMs: -1 }] }, 'rules[0].delayMs must be a number of milliseconds from 0 to 300000'],
    [{ header: 'bad header' }, 'header must be a header name or false'],
  ])('%j is a TypeError naming the bad value', (faults, message) => {
    expect(() => compileFaults(faults, { production: false })).toThrow(new TypeError(`vendor-compat: option "faults": ${message}`));
  });

  it('probability draws from random; ** spans segments; header: false turns the header off', () => {
    const draws = [0.05, 0.5];
    const faults = compileFaults({ header: false, rules: [{ path: '/v1/**', kind: 'badGateway', probability: 0.1 }] }, { production: false });
    const facts = { method: 'GET', url: '/v1/a/b?x=1', headers: { 'x-vendor-compat-fault': 'conflict' } };
    const seeded = compileFaults({ header: false, random: () => draws.shift() ?? 1, rules: [{ path: '/v1/**', kind: 'badGateway', probability: 0.1 }] }, { production: false });
    expect([seeded?.(facts), seeded?.(facts)]).toEqual([{ kind: 'badGateway', delayMs: 0 }, undefined]);
    expect(faults).toBeDefined();
    expect(compileFaults(undefined, { production: true })).toBeUndefined();
  });
});
