/**
 * Express-specific contract (GUIDE habit 5): the error handler keeps 4 parameters (pillarjs/router
 * layer.js decides by `fn.length`), headers already sent means the socket is destroyed rather
 * than a second response written, options are validated when the middleware is built.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { vendorCompat } from '../../src/express';
import { defineProfile, profiles } from '../support/internals';

describe('vendorCompat() for Express', () => {
  it('returns named middleware, the error handler with exactly 4 parameters', () => {
    const vc = vendorCompat({ profile: 'problem' });
    expect(vc.errorHandler).toHaveLength(4);
    expect(vc.errorHandler.name).toBe('errorHandler');
    expect(vc.notFound.name).toBe('notFound');
    expect(vc.preconditions.name).toBe('preconditions');
    expect(vc.profile).toBe(profiles.problem);
  });

  it('accepts a profile object as well as a name', () => {
    const custom = defineProfile({ name: 'custom' }, { extends: profiles.problem });
    expect(vendorCompat({ profile: custom }).profile).toBe(custom);
  });

  it.each([
    [{ profile: 'nope' }, 'vendor-compat: unknown profile "nope"; expected one of problem, hcp, vsp, apig, mpc, stratos, s3, hcp-s3 or a defineProfile() result'],
    [{ profile: 42 }, 'vendor-compat: option "profile" must be a profile name or a defineProfile() result'],
    [{ profile: { name: 'fake' } }, 'vendor-compat: not a profile; build one with defineProfile()'],
    [{ profle: 'vsp' }, 'vendor-compat: unknown option "profle"; expected one of profile, vars, preconditions, errors, onError, requestId, routes, openapi, faults, formats, openapiStrict, onOpenapiReport'],
    [{ profile: 'hcp', vars: { sofwareVersion: '9.7' } }, 'vendor-compat: unknown var "sofwareVersion" for profile "hcp"; its vars are softwareVersion (default "9.0.0.2")'],
    [{ profile: 'apig', vars: { retryAfter: '1' } }, 'vendor-compat: unknown var "retryAfter" for profile "apig"; this profile has no vars'],
    [{ errors: [{ code: 'ECONNREFUSED', kind: 'badGatway' }] }, 'vendor-compat: errors[0] has kind "badGatway", which is not a canonical kind (see KIND_NAMES)'],
    [{ errors: [{ kind: 'notFound' }] }, 'vendor-compat: errors[0] needs at least one of instanceOf, name, code, when'],
    [{ onError: 'log' }, 'vendor-compat: option "onError" must be a function (event) => void'],
    [{ requestId: { header: 'x request id' } }, 'vendor-compat: requestId.header must be a header name such as "x-request-id", got "x request id"'],
    [{ requestId: { generator: () => 'x' } }, 'vendor-compat: unknown requestId option "generator"; expected generate, header'],
    [{ vars: { retryAfter: 30 } }, 'vendor-compat: option "vars" must be an object of strings'],
    ['vsp', 'vendor-compat: options must be an object, e.g. vendorCompat({ profile: "vsp" })'],
  ])('throws a TypeError at construction for %p', (options, message) => {
    expect(() => vendorCompat(options as never)).toThrow(new TypeError(message));
  });

  it('destroys the connection when a route fails after the headers were sent (nothing written twice)', async () => {
    const app = express();
    const vc = vendorCompat({ profile: 'problem' });
    app.get('/stream', (_req, res, next) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial');
      next(new Error('upstream broke'));
    });
    app.use(vc.errorHandler);
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const outcome = await new Promise<{ status?: number; body: string; aborted: boolean }>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/stream' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('aborted', () => resolve({ status: res.statusCode, body, aborted: true }));
        res.on('error', () => resolve({ status: res.statusCode, body, aborted: true }));
        res.on('end', () => resolve({ status: res.statusCode, body, aborted: false }));
      });
      req.on('error', () => resolve({ body: '', aborted: true }));
    });
    server.close();
    expect(outcome).toEqual({ status: 200, body: 'partial', aborted: true });
  });

  it('maps errors passed to next() by earlier middleware (body-parser 400)', async () => {
    const app = express();
    const vc = vendorCompat({ profile: 'problem' });
    app.use(vc.preconditions);
    app.post('/items', express.json(), (_req, res) => void res.sendStatus(201));
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    const res = await request(app).post('/items').set('Content-Type', 'application/json').send('{"broken":').expect(400);
    expect(JSON.parse(res.text)).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, instance: '/items' });
    expect(res.text).not.toMatch(/SyntaxError|at JSON\.parse/);
  });
});
