/**
 * Regressions for the bugs the property suites (test/property) found, one named case each, so a
 * reintroduced bug fails with a readable name instead of a shrunk counterexample.
 */
import http from 'node:http';
import createError from 'http-errors';
import request from 'supertest';
import type KoaType from 'koa';
import { conflict, normalize, profiles, render } from '../support/internals';
import { MAX_DETAIL_BUDGET } from '../../src/core/normalize';
import { attach } from '../support/node-app';
import { writeRenderedResponse } from '../../src/node/writer';
import { exchange } from './raw';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { installProcessSpies } from '../property/process-spies';
import { close, listen } from '../property/http-client';

/* eslint-disable @typescript-eslint/no-require-imports */
const Koa3 = require('koa') as typeof KoaType;
const Koa2 = require('koa2') as typeof KoaType;
/* eslint-enable @typescript-eslint/no-require-imports */

const view = { method: 'GET', path: '/v1/things' } as const;

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('regressions found by the property suites', () => {
  it('normalize survives `details` that is a revoked Proxy (Array.isArray throws on one)', () => {
    const thrown = createError(400, 'bad input', { details: revokedProxy() });
    expect(() => normalize(thrown)).not.toThrow();
    expect(normalize(thrown).details).toBeUndefined();
    expect(render(thrown, profiles.vsp, view).status).toBe(400);
  });

  it('a client error the vendor answers with a 5xx keeps its message private unless it says expose: true (Stratos 405 → 500)', () => {
    const plain = render({ status: 405, message: 'Zq9 secret' }, profiles.stratos, view);
    expect(plain.status).toBe(500);
    expect(plain.payload).toEqual({ status: 'error', message: 'HTTP 405 Method Not Allowed' });
    // http-errors says expose: true on every 4xx: GenericExceptionMapper's 500 then carries it.
    const exposed = render(createError(405, 'Method PATCH is not allowed'), profiles.stratos, view);
    expect(exposed.payload).toEqual({ status: 'error', message: 'Method PATCH is not allowed' });
  });

  it('a client error the vendor answers with a 5xx keeps its message private unless it says expose: true (HCP 429 → 503)', () => {
    const plain = render(Object.assign(new Error('Zq9 secret'), { status: 429 }), profiles.hcp, view);
    expect(plain.status).toBe(503);
    expect(JSON.stringify(plain.headers)).not.toContain('Zq9');
    // X-HCP-ErrorMessage only when there is more to tell (seed-000 row 503), so none.
    expect(plain.headers['X-HCP-ErrorMessage']).toBeUndefined();
  });

  it('thrown details that would break the vendor body schema are dropped, a valid vendorCode is kept (VSP solution: 42)', () => {
    const rendered = render(conflict('Volume 12 already exists', { vendorCode: 'KART30005-E', details: { solution: 42 } }), profiles.vsp, { method: 'POST', path: '/ConfigurationManager/v1/objects/ldevs' });
    expect(profiles.vsp.validateBody(rendered.payload)).toEqual([]);
    expect(rendered.payload).toMatchObject({ messageId: 'KART30005-E', message: 'Volume 12 already exists', solution: profiles.vsp.document.kinds.conflict.fields?.solution ?? expect.any(String) });
  });

  it('thrown details that would break the body are dropped (problem `type` that is not a string)', () => {
    const rendered = render(createError(400, 'bad', { details: { type: 42 } }), profiles.problem, view);
    expect(profiles.problem.validateBody(rendered.payload)).toEqual([]);
    expect(rendered.payload).toMatchObject({ type: 'about:blank', detail: 'bad' });
  });

  it(`details are bounded in total size (${MAX_DETAIL_BUDGET} units): shared references cannot expand into megabytes`, () => {
    const text = 'z'.repeat(2000);
    const fan = (value: unknown): Record<string, unknown> => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, value]));
    const details = normalize(createError(400, 'bad', { details: fan(fan(fan(text))) })).details;
    expect(details).toBeDefined();
    expect(JSON.stringify(details).length).toBeLessThanOrEqual(MAX_DETAIL_BUDGET + 1024);
  });
});

describe.each([
  ['koa3', Koa3],
  ['koa2', Koa2],
])('regressions in the Koa adapter through %s', (_name, KoaClass) => {
  /** Serves one request on 127.0.0.1 and closes the server. */
  async function once(route: KoaType.Middleware, listener?: (err: unknown) => void): Promise<number> {
    const koa = new KoaClass();
    koa.silent = true;
    if (listener !== undefined) koa.on('error', listener);
    koa.use(koaVendorCompat({ profile: 'problem' }).preconditions);
    koa.use(route);
    const server = http.createServer(koa.callback());
    try {
      const res = await request(`http://127.0.0.1:${await listen(server)}`).get('/');
      return res.status;
    } finally {
      await close(server);
    }
  }

  it("a 5xx whose `status` getter throws a BigInt cannot become an unhandled rejection (Koa's onerror formats it with %j)", async () => {
    const spies = installProcessSpies();
    try {
      const thrown = Object.defineProperty(new Error('x'), 'status', {
        get() {
          throw BigInt(10);
        },
      });
      expect(
        await once(() => {
          throw thrown;
        }),
      ).toBe(500);
      await new Promise((resolve) => setImmediate(resolve));
      expect(spies.events).toEqual([]);
    } finally {
      spies.restore();
    }
  });

  it('a thrown value that is not an Error reaches app.on("error") as an Error, as Koa\'s own ctx.onerror does', async () => {
    const emitted: unknown[] = [];
    const spies = installProcessSpies();
    try {
      expect(await once(() => Promise.reject(revokedProxy()), (err) => emitted.push(err))).toBe(500);
      expect(await once(() => Promise.reject(BigInt(7)), (err) => emitted.push(err))).toBe(500);
      expect(await once(() => Promise.reject({ code: 'E1' }), (err) => emitted.push(err))).toBe(500);
      expect(emitted.map((err) => (err as Error).message)).toEqual(['non-error thrown: object', 'non-error thrown: bigint', 'non-error thrown: {"code":"E1"}']);
      expect(emitted.every((err) => err instanceof Error)).toBe(true);
      expect(spies.events).toEqual([]);
    } finally {
      spies.restore();
    }
  });

  it('a listener that throws does not turn the answered request into a rejection', async () => {
    const spies = installProcessSpies();
    try {
      const status = await once(
        () => {
          throw new Error('db down');
        },
        () => {
          throw new Error('listener bug');
        },
      );
      expect(status).toBe(500);
      await new Promise((resolve) => setImmediate(resolve));
      expect(spies.events).toEqual([]);
    } finally {
      spies.restore();
    }
  });
});

describe('regressions found by the soak (scripts/soak.js)', () => {
  it.each([
    ['a response that failed after its headers (abortStartedResponse)', 'GET /late HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a clientError answer on the raw socket (writeRenderedToSocket)', 'GARBAGE\r\n\r\n'],
  ])('the writer does not hold a closed socket for 5 s: its destroy timer is cleared on close (%s)', async (_label, bytes) => {
    const realSetTimeout = global.setTimeout;
    const writerTimers: unknown[] = [];
    const setSpy = jest.spyOn(global, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const timer = realSetTimeout(callback, ms);
      if (ms === 5000) writerTimers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const clearSpy = jest.spyOn(global, 'clearTimeout');
    const server = attach(
      http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('partial');
        writeRenderedResponse(res, render(new Error('late'), profiles.problem, view));
      }),
      { profile: 'problem' },
    );
    try {
      const port = await listen(server);
      const result = await exchange(port, [bytes], { deadlineMs: 4000 }); // not 5000: only the writer's timer has that delay
      expect(result.closedByServer).toBe(true);
      expect(writerTimers).toHaveLength(1);
      const cleared = (): boolean => clearSpy.mock.calls.some(([timer]) => timer === writerTimers[0]);
      // The server side closes within milliseconds; the timer would otherwise live 5 s.
      for (let i = 0; i < 60 && !cleared(); i++) await new Promise((resolve) => realSetTimeout(resolve, 50));
      expect(cleared()).toBe(true);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
      await close(server);
    }
  });
});
