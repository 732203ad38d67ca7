/**
 * Koa-specific contract (koa docs/error-handling.md): the middleware is first, re-emits 5xx on
 * app 'error' (as ctx.onerror would), leaves 4xx silent, and maps unmatched routes (status 404
 * with no body) without touching a route that set its own 404 body.
 */
import Koa from 'koa';
import request from 'supertest';
import createError from 'http-errors';
import { vendorCompat } from '../../src/koa';

function appWith(route: Koa.Middleware, profile: 'problem' | 'stratos' = 'problem'): { app: Koa; errors: unknown[] } {
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (err: unknown) => errors.push(err));
  app.use(vendorCompat({ profile }).preconditions);
  app.use(route);
  return { app, errors };
}

describe('vendorCompat() for Koa', () => {
  it('emits app "error" for a 5xx with the original error', async () => {
    const boom = new Error('db down');
    const { app, errors } = appWith(() => {
      throw boom;
    });
    await request(app.callback()).get('/').expect(500);
    expect(errors).toEqual([boom]);
  });

  it('does not emit for a 4xx', async () => {
    const { app, errors } = appWith(() => {
      throw createError(409, 'exists');
    });
    await request(app.callback()).get('/').expect(409);
    expect(errors).toEqual([]);
  });

  it('emits when the vendor answers a client-error kind with a 5xx (Stratos 405 → 500, CXF GenericExceptionMapper)', async () => {
    const err = createError(405, 'no');
    const { app, errors } = appWith(() => {
      throw err;
    }, 'stratos');
    const res = await request(app.callback()).get('/').expect(500);
    expect(JSON.parse(res.text)).toEqual({ status: 'error', message: 'no' }); // a 405 http-error is expose: true
    expect(errors).toEqual([err]);
  });

  it('maps an unmatched route (no body set) to the profile 404', async () => {
    const { app } = appWith(async (_ctx, next) => next());
    const res = await request(app.callback()).get('/missing').expect(404);
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, instance: '/missing' });
  });

  it('leaves a route that answered 404 with its own body alone', async () => {
    const { app } = appWith((ctx) => {
      ctx.status = 404;
      ctx.body = { custom: true };
    });
    const res = await request(app.callback()).get('/x').expect(404);
    expect(res.body).toEqual({ custom: true });
  });

  it('keeps Koa\'s own headers off the error (Content-Type is the profile\'s)', async () => {
    const { app } = appWith((ctx) => {
      ctx.type = 'text/html';
      ctx.set('ETag', '"v1"');
      throw createError(400, 'bad input');
    });
    const res = await request(app.callback()).get('/').expect(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers.etag).toBeUndefined();
  });

  it('exposes attach and the profile', () => {
    const vc = vendorCompat({ profile: 'problem' });
    expect(typeof vc.attach).toBe('function');
    expect(vc.profile.name).toBe('problem');
  });
});
