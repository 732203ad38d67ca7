/**
 * Koa: a status of 400 or more with no body, set by any middleware below
 * (`ctx.status = 403`, `@koa/router`'s `allowedMethods()` 405 and 501), becomes the vendor's
 * answer for that status instead of Koa's plain-text reason phrase; `Allow` survives where the
 * vendor's status is 405 and is dropped where the vendor answers something else.
 */
import http from 'node:http';
import request from 'supertest';
import type KoaType from 'koa';
import Router from '@koa/router';
import type { ErrorEvent, ProfileName } from '../support/internals';
import { vendorCompat } from '../../src/koa';

/* eslint-disable @typescript-eslint/no-require-imports */
const Koa3 = require('koa') as typeof KoaType;
const Koa2 = require('koa2') as typeof KoaType;
/* eslint-enable @typescript-eslint/no-require-imports */

function app(Koa: typeof KoaType, profile: ProfileName, events: ErrorEvent[]): http.Server {
  const koa = new Koa();
  koa.silent = true;
  const vc = vendorCompat({ profile, onError: (event) => void events.push(event) });
  koa.use(vc.preconditions);
  const router = new Router();
  router.get('/volumes', (ctx) => {
    ctx.body = { volumes: [] };
  });
  router.post('/volumes', (ctx) => {
    ctx.status = 201;
    ctx.body = { id: 'v1' };
  });
  router.get('/forbidden', (ctx) => {
    ctx.status = 403;
  });
  koa.use(router.routes());
  koa.use(router.allowedMethods());
  return http.createServer(koa.callback());
}

/** Per profile: [status, parsed body or null, Allow] for DELETE /volumes (router 405) and a PROPFIND (router 501). */
const ROWS: ReadonlyArray<readonly [ProfileName, string, number, unknown, string | undefined]> = [
  // problem: RFC 9110 §15.5.6, 405 with Allow.
  ['problem', 'DELETE', 405, { type: 'about:blank', title: 'Method Not Allowed', status: 405, instance: '/volumes' }, 'HEAD, GET, POST'],
  // VSP seed 001 row 405 (KART94050-E, synthetic code per the profile's note); Allow passed through.
  ['vsp', 'DELETE', 405, {
    errorSource: '/volumes', messageId: 'KART94050-E', message: 'The specified method is not allowed for the resource specified by the URL.',
    solution: 'Check the HTTP method and the URL.', solutionType: 'SEE_ERROR_DETAIL', detailCode: '94050E-0',
  }, 'HEAD, GET, POST'],
  // HCP seed 000 row 405 lists PUT, POST, DELETE: a DELETE is a 405 (Allow kept).
  ['hcp', 'DELETE', 405, null, 'HEAD, GET, POST'],
  // APIG §1.2 quirk 6: a method the API does not define is 404 APIG.0101 "The API does not exist.": no Allow.
  ['apig', 'DELETE', 404, { error_code: 'APIG.0101', error_msg: 'The API does not exist.' }, undefined],
  // MPC §2.3: MPC.10204 "Incorrect request method." at 400: no Allow.
  ['mpc', 'DELETE', 400, { error_code: 'MPC.10204', error_msg: 'Incorrect request method.' }, undefined],
  // Stratos quirk 5: CXF's 405 goes through GenericExceptionMapper → 500 (profile note): no Allow.
  ['stratos', 'DELETE', 500, { status: 'error', message: 'HTTP 405 Method Not Allowed' }, undefined],
];

describe.each([['koa3', Koa3], ['koa2', Koa2]] as const)('Koa bare error statuses through %s', (_name, Koa) => {
  it.each(ROWS)('%s: @koa/router allowedMethods() %s → the vendor\'s %s', async (profile, method, status, body, allow) => {
    const events: ErrorEvent[] = [];
    const res = await request(app(Koa, profile, events))[method.toLowerCase() as 'delete']('/volumes');
    expect(res.status).toBe(status);
    expect(res.headers.allow).toBe(allow);
    if (body === null) expect(res.text).toBe('');
    // APIG's body carries the request id of its X-Request-Id header (huawei-apig-mpc-and-stratos.md §1.1).
    else expect(JSON.parse(res.text)).toEqual(profile === 'apig' ? { ...(body as object), request_id: res.headers['x-request-id'] } : body);
    expect(events.map((event) => [event.source, event.status, event.error])).toEqual([['route', status, undefined]]);
  });

  it('apig: ctx.status = 403 with no body is APIG.0306 "API access denied." (seed 003 row 403), not Koa\'s "Forbidden"', async () => {
    const res = await request(app(Koa, 'apig', [])).get('/forbidden').expect(403);
    expect(JSON.parse(res.text)).toEqual({ error_code: 'APIG.0306', error_msg: 'API access denied.', request_id: res.headers['x-request-id'] });
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('stratos: @koa/router 501 for an unknown method is the vendor\'s 500 (seed 002 row 500; Stratos documents no 501)', async () => {
    const res = await request(app(Koa, 'stratos', [])).propfind('/volumes').expect(500);
    expect(JSON.parse(res.text)).toEqual({ status: 'error', message: 'Internal server error' });
  });

  it('problem: the same 501 is RFC 9110 §15.6.2 Not Implemented', async () => {
    const res = await request(app(Koa, 'problem', [])).propfind('/volumes').expect(501);
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Not Implemented', status: 501, instance: '/volumes' });
  });

  it('a successful route is untouched', async () => {
    const res = await request(app(Koa, 'vsp', [])).post('/volumes').expect(201);
    expect(JSON.parse(res.text)).toEqual({ id: 'v1' });
  });
});
