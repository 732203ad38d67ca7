/**
 * One app builder per supported framework version, so a contract suite can run the same cases
 * over Express 4, Express 5, Koa 2 and Koa 3 (finalhandler's `topDescribe` over transports).
 * Servers are plain `http.Server`s for supertest: no fixed ports, ever.
 */
import http from 'node:http';
import type { Express } from 'express';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import { vendorCompat as expressVendorCompat, type ExpressVendorCompatOptions } from '../../src/express';
import { vendorCompat as koaVendorCompat, type KoaVendorCompatOptions } from '../../src/koa';
import type { PreconditionOverrides } from '../../src/core/preconditions';

/* eslint-disable @typescript-eslint/no-require-imports */
const express5 = require('express') as typeof expressModuleType;
const express4 = require('express4') as typeof expressModuleType;
const Koa3 = require('koa') as typeof KoaType;
const Koa2 = require('koa2') as typeof KoaType;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The framework versions every contract test runs over. */
export const FRAMEWORKS = ['express5', 'express4', 'koa3', 'koa2'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** A test route: answers 200 JSON, or sets headers then throws (sync or async). */
export interface TestRoute {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  readonly path: string;
  /** Throw this (the function is called per request, so each request gets a fresh error). */
  readonly throws?: () => unknown;
  /** Throw from an async handler (a rejected promise) instead of synchronously. */
  readonly async?: boolean;
  /** Headers the route sets before it fails (to prove contradicting ones are removed). */
  readonly setHeaders?: Readonly<Record<string, string>>;
  /** Body of a successful answer (default `{ ok: true }`). */
  readonly body?: unknown;
  /**
   * Per-route precondition overrides, mounted as `vc.route(overrides)` for every method on the
   * path (Express `app.all(path, …)` before the handler; in Koa before the method match), so a
   * declared `methods` list can answer 405.
   */
  readonly preconditions?: PreconditionOverrides;
  /** Read the whole request body before answering `{ received: <bytes> }`. */
  readonly readBody?: boolean;
}

/** Reads a request body to its end; calls back only if it ends (not on abort or error). */
function readBody(req: http.IncomingMessage, done: (received: number) => void): void {
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  req.on('end', () => done(received));
  req.on('error', () => undefined);
}

export type AppOptions = ExpressVendorCompatOptions & KoaVendorCompatOptions;

function expressApp(expressModule: typeof expressModuleType, options: AppOptions, routes: readonly TestRoute[]): http.Server {
  const app: Express = expressModule();
  const vc = expressVendorCompat(options);
  app.use(vc.preconditions);
  for (const route of routes) {
    if (route.preconditions !== undefined) app.all(route.path, vc.route(route.preconditions));
    const register = app[route.method.toLowerCase() as 'get'].bind(app);
    register(route.path, (req, res, next) => {
      for (const [name, value] of Object.entries(route.setHeaders ?? {})) res.setHeader(name, value);
      if (route.readBody === true) {
        readBody(req, (received) => res.status(200).json({ received }));
        return;
      }
      if (route.throws === undefined) {
        res.status(200).json(route.body ?? { ok: true });
        return;
      }
      if (route.async === true) {
        // Express 4 does not catch rejected promises: hand the error to next() as users must.
        Promise.reject(route.throws()).catch(next);
        return;
      }
      throw route.throws();
    });
  }
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return vc.attach(http.createServer(app));
}

function koaApp(KoaClass: typeof KoaType, options: AppOptions, routes: readonly TestRoute[]): http.Server {
  const app = new KoaClass();
  app.silent = true; // 5xx are re-emitted on 'error'; keep test output clean
  const vc = koaVendorCompat(options);
  app.use(vc);
  const guarded = new Map(routes.filter((r) => r.preconditions !== undefined).map((r) => [r.path, vc.route(r.preconditions ?? {})]));
  app.use(async (ctx, next) => {
    const guard = guarded.get(ctx.path);
    if (guard === undefined) return next();
    return guard(ctx, next);
  });
  app.use(async (ctx, next) => {
    const path = ctx.path;
    const route = routes.find((r) => r.path === path && (r.method === ctx.method || (r.method === 'GET' && ctx.method === 'HEAD')));
    if (route === undefined) return next();
    for (const [name, value] of Object.entries(route.setHeaders ?? {})) ctx.set(name, value);
    if (route.readBody === true) {
      const received = await new Promise<number>((resolve) => readBody(ctx.req, resolve));
      ctx.status = 200;
      ctx.body = { received };
      return undefined;
    }
    if (route.throws === undefined) {
      ctx.status = 200;
      ctx.body = route.body ?? { ok: true };
      return undefined;
    }
    if (route.async === true) {
      await Promise.resolve();
    }
    throw route.throws();
  });
  return vc.attach(http.createServer(app.callback()));
}

/**
 * Builds a server for `framework` mounting vendor-compat with `options` and `routes`.
 *
 * @example
 * const server = makeServer('koa3', { profile: 'vsp' }, [{ method: 'GET', path: '/x', throws: () => createError(404) }])
 * await request(server).get('/x').expect(404)
 */
export function makeServer(framework: Framework, options: AppOptions, routes: readonly TestRoute[]): http.Server {
  switch (framework) {
    case 'express5':
      return expressApp(express5, options, routes);
    case 'express4':
      return expressApp(express4, options, routes);
    case 'koa3':
      return koaApp(Koa3, options, routes);
    case 'koa2':
      return koaApp(Koa2, options, routes);
  }
}
