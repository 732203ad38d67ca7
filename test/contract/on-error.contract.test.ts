/**
 * Contract: `onError` is called exactly once for every error response the library
 * writes (a route's throw, an unmatched route, a precondition rejection, a `checkContinue` or
 * `checkExpectation` rejection, a `clientError`), with the original thrown value for route throws,
 * the status and code the vendor answered, and the request id the client sees; a hook that throws
 * or rejects changes nothing. Express 4 and 5, Koa 2 and 3, node:http.
 */
import type http from 'node:http';
import request from 'supertest';
import type { ErrorEvent, ProfileName, VendorCompatOptions } from '../support/internals';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as nodeVendorCompat } from '../../src/node';
import { requestIdOf } from '../../src/node/app-config';
import { close, exchange, listen, parseResponses, send } from '../hooks/raw-client';
import { installProcessSpies } from '../property/process-spies';
import { NODE_TARGETS, nodeTargetServer, type NodeTarget } from '../support/node-targets';

const TARGETS = NODE_TARGETS;
type Target = NodeTarget;

it('every Node adapter\'s vc.requestIdOf reads the one id kept beside the request (Koa: pass ctx)', () => {
  const req = { method: 'GET', headers: {} } as never;
  expect(expressVendorCompat({ profile: 'apig' }).requestIdOf(req)).toBeUndefined();
  expect(nodeVendorCompat({ profile: 'apig' }).requestIdOf(req)).toBeUndefined();
  expect(koaVendorCompat({ profile: 'apig' }).requestIdOf({ req } as never)).toBeUndefined();
});

const spies = installProcessSpies();
afterAll(() => {
  spies.restore();
  expect(spies.events).toEqual([]);
});

/** The route's own error, so the test can check `event.error` is the very value thrown. */
const boom = new Error('connect ECONNREFUSED 10.0.0.7:5432 (password=hunter2)');

/** One app per target: GET /boom throws `boom`, GET /ok succeeds, anything else is unmatched. */
function serverFor(target: Target, options: VendorCompatOptions): { server: http.Server; seen: Array<string | undefined> } {
  const seen: Array<string | undefined> = []; // requestIdOf(req) as the route saw it
  const server = nodeTargetServer(target, options, {
    '/ok': (req) => ({ id: requestIdOf(req) }),
    '/boom': (req) => {
      seen.push(requestIdOf(req));
      throw boom;
    },
  });
  return { server, seen };
}

/** The answers a client sees, one per source, and the events the hook saw. */
async function everySource(target: Target, profile: ProfileName, extra: Partial<VendorCompatOptions> = {}) {
  const events: ErrorEvent[] = [];
  const lines: string[] = [];
  const { server, seen } = serverFor(target, {
    profile,
    preconditions: { requestMediaTypes: ['application/json'] },
    ...extra,
    onError: (event) => {
      events.push(event);
      // What a logger would print: one JSON line per error, with the request id.
      lines.push(JSON.stringify({ level: event.status >= 500 ? 'error' : 'warn', requestId: event.requestId, status: event.status, code: event.code, source: event.source, method: event.method, path: event.path }));
    },
  } as VendorCompatOptions);
  const port = await listen(server);
  try {
    const route = await send(port, { method: 'GET', path: '/boom', headers: { 'x-request-id': 'lb-route-1' } });
    const notFound = await send(port, { method: 'GET', path: '/no/such/route' });
    const precondition = await send(port, { method: 'POST', path: '/ok', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    const continued = parseResponses((await exchange(port, ['POST /ok HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n'], { stopOnResponse: true, waitMs: 800 })).text);
    const expectation = parseResponses((await exchange(port, ['GET /ok HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n'], { stopOnResponse: true, waitMs: 800 })).text);
    const clientError = parseResponses((await exchange(port, ['GET /ok HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'], { stopOnResponse: true, waitMs: 800 })).text);
    // Hooks run after the write: give a last one time to be called.
    await new Promise((resolve) => setImmediate(resolve));
    return { events, lines, seen, route, notFound, precondition, continued, expectation, clientError };
  } finally {
    await close(server);
  }
}

describe.each(TARGETS)('onError through %s', (target) => {
  it('apig: exactly one event per error response, for every source, with the vendor\'s status and code and the client\'s X-Request-Id', async () => {
    const r = await everySource(target, 'apig');
    const ids = [
      r.route.headers['x-request-id'],
      r.notFound.headers['x-request-id'],
      r.precondition.headers['x-request-id'],
      r.continued[0]?.headers['x-request-id'],
      r.expectation[0]?.headers['x-request-id'],
      r.clientError[0]?.headers['x-request-id'],
    ];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    // seed 003 / §1.2: 500 APIG.0601 for the masked crash, 404 APIG.0101 unmatched, 400 APIG.0201
    // for the wrong Content-Type (415 is not an APIG status), the Expect rejections, the bad request.
    expect(r.events.map(({ error, ...rest }) => [error === undefined ? undefined : error === boom ? 'boom' : 'other', rest])).toEqual([
      ['boom', { status: 500, kind: 'internalServerError', code: 'APIG.0601', requestId: ids[0], method: 'GET', path: '/boom', source: 'route', mapped: false, profile: 'apig', written: true }],
      [undefined, { status: 404, kind: 'notFound', code: 'APIG.0101', requestId: ids[1], method: 'GET', path: '/no/such/route', source: 'notFound', mapped: false, profile: 'apig', written: true }],
      [undefined, { status: 400, kind: 'unsupportedMediaType', code: 'APIG.0201', requestId: ids[2], method: 'POST', path: '/ok', source: 'precondition', mapped: false, profile: 'apig', written: true }],
      [undefined, { status: 400, kind: 'unsupportedMediaType', code: 'APIG.0201', requestId: ids[3], method: 'POST', path: '/ok', source: 'checkContinue', mapped: false, profile: 'apig', written: true }],
      [undefined, { status: 400, kind: 'expectationFailed', code: 'APIG.0201', requestId: ids[4], method: 'GET', path: '/ok', source: 'checkExpectation', mapped: false, profile: 'apig', written: true }],
      [undefined, { status: 400, kind: 'badRequest', code: 'APIG.0201', requestId: ids[5], method: 'GET', path: '/ok', source: 'clientError', mapped: false, profile: 'apig', written: true }],
    ]);
    // The logged line carries the id the client saw (and the route saw through requestIdOf).
    expect(JSON.parse(r.lines[0] as string)).toEqual({ level: 'error', requestId: r.route.headers['x-request-id'], status: 500, code: 'APIG.0601', source: 'route', method: 'GET', path: '/boom' });
    expect(r.seen).toEqual([r.route.headers['x-request-id']]);
    expect(r.route.body).not.toContain('hunter2');
  });

  it('vsp with requestId.header: the load balancer\'s id reaches onError and requestIdOf, nothing extra goes on the wire', async () => {
    const r = await everySource(target, 'vsp', { requestId: { header: 'x-request-id' } });
    expect(r.route.status).toBe(500);
    expect(r.route.headers['x-request-id']).toBeUndefined(); // VSP sends no request id (S20, S24)
    expect(r.events.map((event) => [event.source, event.status])).toEqual([
      ['route', 500], ['notFound', 404], ['precondition', 415], ['checkContinue', 415], ['checkExpectation', 417], ['clientError', 400],
    ]);
    expect(r.events[0]?.requestId).toBe('lb-route-1');
    expect(r.seen).toEqual(['lb-route-1']);
    for (const event of r.events.slice(1)) expect(event.requestId).toMatch(/^[0-9a-f]{32}$/); // generated where none was sent
  });

  it('vsp without the requestId option: events carry no id', async () => {
    const r = await everySource(target, 'vsp');
    expect(r.events).toHaveLength(6);
    expect(r.events.map((event) => event.requestId)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it.each([
    ['throws', () => {
      throw new Error('logger down');
    }],
    ['returns a rejected promise', () => Promise.reject(new Error('logger down'))],
  ])('a hook that %s changes no response and crashes nothing', async (_what, hook) => {
    const { server } = serverFor(target, { profile: 'stratos', onError: hook });
    const res = await request(server).get('/boom').expect(500);
    expect(JSON.parse(res.text)).toEqual({ status: 'error', message: 'Internal server error' }); // seed 002 row 500
    await request(server).get('/nope').expect(404);
    await new Promise((resolve) => setImmediate(resolve));
  });
});

describe('requestId.generate', () => {
  it.each(TARGETS)('%s: the generator makes the id the client sees (apig)', async (target) => {
    let n = 0;
    const { server } = serverFor(target, { profile: 'apig', requestId: { generate: () => `gw-${++n}` } });
    const ok = await request(server).get('/ok').expect(200);
    expect(ok.headers['x-request-id']).toBe('gw-1');
    expect(JSON.parse(ok.text)).toEqual({ id: 'gw-1' });
  });
});
