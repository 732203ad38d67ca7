/**
 * What the README's Express section says about middleware order and non-errors,
 * checked on Express 4 and 5: mounted in the wrong place, `vc.errorHandler` never sees the route's
 * error (Express's own finalhandler answers: an HTML page with the stack outside production),
 * `vc.notFound` answers every request, `vc.preconditions` after the routes checks nothing they
 * answer; and `throw undefined` / `next()` are not errors in Express (Layer.handle_request calls
 * `next(err)` and router's `next(undefined)` means "go on"), so they reach the unmatched-route 404.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type expressModuleType from 'express';
import type { Express } from 'express';
import request from 'supertest';
import { vendorCompat } from '../../src/express';
import { conflict, createVendorError, profiles, render } from '../support/internals';

/* eslint-disable @typescript-eslint/no-require-imports */
const EXPRESS = [
  ['express4', require('express4') as typeof expressModuleType],
  ['express5', require('express') as typeof expressModuleType],
] as const;
/* eslint-enable @typescript-eslint/no-require-imports */

const STRATOS_409 = render(conflict('Pool is in use'), profiles.stratos, { method: 'GET', path: '/pools/3' });
const STRATOS_404 = render(createVendorError('notFound'), profiles.stratos, { method: 'GET', path: '/pools/3' }).body;

describe.each(EXPRESS)('middleware order on %s (README "Where each middleware goes")', (_name, createExpress) => {
  function app(build: (a: Express, vc: ReturnType<typeof vendorCompat>) => void, env = 'development', profile: 'stratos' | 'problem' = 'stratos'): Express {
    const a = createExpress();
    a.set('env', env);
    build(a, vendorCompat({ profile, preconditions: { requestMediaTypes: ['application/json'] } }));
    return a;
  }
  const route = (a: Express): void => {
    a.get('/pools/:id', () => {
      throw conflict('Pool is in use');
    });
  };

  it('in order (preconditions, routes, notFound, errorHandler): the vendor answer', async () => {
    const res = await request(
      app((a, vc) => {
        a.use(vc.preconditions);
        route(a);
        a.use(vc.notFound);
        a.use(vc.errorHandler);
      }),
    ).get('/pools/3');
    expect(res.status).toBe(409);
    expect(res.text).toBe(STRATOS_409.body);
  });

  it('errorHandler before the routes: Express answers with its HTML page and the stack', async () => {
    const res = await request(
      app((a, vc) => {
        a.use(vc.preconditions);
        a.use(vc.errorHandler);
        route(a);
      }),
    ).get('/pools/3');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(/^<!DOCTYPE html>[\s\S]*<pre>ConflictError: Pool is in use<br> &nbsp; &nbsp;at /);
  });

  it('errorHandler before the routes, NODE_ENV=production: the HTML page without the stack', async () => {
    const res = await request(
      app((a, vc) => {
        a.use(vc.errorHandler);
        route(a);
      }, 'production'),
    ).get('/pools/3');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<pre>Conflict</pre>');
  });

  it('notFound before the routes: every request is the vendor 404, no route runs', async () => {
    const res = await request(
      app((a, vc) => {
        a.use(vc.preconditions);
        a.use(vc.notFound);
        route(a);
        a.use(vc.errorHandler);
      }),
    ).get('/pools/3');
    expect(res.status).toBe(404);
    expect(res.text).toBe(STRATOS_404);
  });

  it('preconditions after the routes: a request the preconditions refuse (415, RFC 9457) reaches the route', async () => {
    const res = await request(
      app((a, vc) => {
        a.post('/pools', (_req, res2) => {
          res2.status(201).json({ created: true });
        });
        a.use(vc.preconditions);
        a.use(vc.notFound);
        a.use(vc.errorHandler);
      }, 'development', 'problem'),
    )
      .post('/pools')
      .set('Content-Type', 'text/plain')
      .send('x');
    expect(res.status).toBe(201);
    const inOrder = await request(
      app((a, vc) => {
        a.use(vc.preconditions);
        a.post('/pools', (_req, res2) => {
          res2.status(201).json({ created: true });
        });
        a.use(vc.notFound);
        a.use(vc.errorHandler);
      }, 'development', 'problem'),
    )
      .post('/pools')
      .set('Content-Type', 'text/plain')
      .send('x');
    expect(inOrder.status).toBe(415);
    expect(inOrder.headers['content-type']).toBe('application/problem+json');
  });
});

describe.each(EXPRESS)('not errors on %s (README "throw undefined and next()")', (_name, createExpress) => {
  function app(handler: expressModuleType.RequestHandler): Express {
    const a = createExpress();
    const vc = vendorCompat({ profile: 'stratos' });
    a.use(vc.preconditions);
    a.get('/pools/:id', handler);
    a.use(vc.notFound);
    a.use(vc.errorHandler);
    return a;
  }

  it.each([
    ['throw undefined', (): void => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw undefined;
    }],
    ['throw null', (): void => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw null;
    }],
    ['next()', (_req: unknown, _res: unknown, next: () => void): void => next()],
    ['next(undefined)', (_req: unknown, _res: unknown, next: (err?: unknown) => void): void => next(undefined)],
  ])('%s in a route is the unmatched-route 404, not a 500', async (_label, handler) => {
    const res = await request(app(handler as expressModuleType.RequestHandler)).get('/pools/3');
    expect(res.status).toBe(404);
    expect(res.text).toBe(STRATOS_404);
  });
});

describe.each(EXPRESS)('vc.attach on %s (README table, last row)', (_name, createExpress) => {
  /** An `Expect: fancy` request straight to the server: Node decides before Express runs. */
  async function unknownExpectation(attach: boolean): Promise<{ status: number; type: string | undefined; body: string }> {
    const app = createExpress();
    const vc = vendorCompat({ profile: 'problem' });
    app.use(vc.preconditions);
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    const server = http.createServer(app);
    if (attach) vc.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      return await new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/pools', headers: { Expect: 'fancy' } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
        });
        req.on('error', reject);
        req.end();
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('without attach, Node answers an unknown Expect itself: 417, no body, not the vendor', async () => {
    expect(await unknownExpectation(false)).toEqual({ status: 417, type: undefined, body: '' });
  });

  it('with attach, the vendor answers it (RFC 9457 417)', async () => {
    const answer = await unknownExpectation(true);
    expect({ status: answer.status, type: answer.type }).toEqual({ status: 417, type: 'application/problem+json' });
    expect(JSON.parse(answer.body)).toMatchObject({ title: 'Expectation Failed', status: 417 });
  });
});
