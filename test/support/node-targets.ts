/**
 * One server builder for the Node adapters (Express 4 and 5, Koa 2 and 3, node:http) where a test
 * needs routes that are functions of the request: a route returns the JSON body to send, or throws
 * (rejects) with the error under test, and connect-style middleware (http-proxy-middleware) can be
 * mounted on Express and node:http. The adapter is mounted the way the README says: preconditions
 * first, routes, unmatched routes, the error handler, the server hooks.
 */
import http from 'node:http';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import type { VendorCompatOptions } from './internals';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as nodeVendorCompat } from '../../src/node';

/* eslint-disable @typescript-eslint/no-require-imports */
const express5 = require('express') as typeof expressModuleType;
const express4 = require('express4') as typeof expressModuleType;
const Koa3 = require('koa') as typeof KoaType;
const Koa2 = require('koa2') as typeof KoaType;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The Node adapters. */
export const NODE_TARGETS = ['express5', 'express4', 'koa3', 'koa2', 'node'] as const;
export type NodeTarget = (typeof NODE_TARGETS)[number];

/** A route: the JSON body to answer 200 with, or a throw / rejection. Koa passes `ctx.req`. */
export type RouteFunction = (req: http.IncomingMessage) => unknown;
/** Connect-style middleware (http-proxy-middleware). */
export type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: (err?: unknown) => void) => unknown;

/** Where a connect middleware reports an error it cannot pass to `next` (http-proxy-middleware `on.error`). */
export type SendError = (req: http.IncomingMessage, res: http.ServerResponse, err: unknown) => void;

function sendJson(res: http.ServerResponse, body: unknown): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * Builds the server. `mounts(sendError)` returns path-prefixed middleware (Express and node:http
 * only; Koa has no connect mounting).
 *
 * @example
 * const server = nodeTargetServer('koa3', { profile: 'apig' }, { '/boom': () => { throw new Error('x') } })
 */
export function nodeTargetServer(
  target: NodeTarget,
  options: VendorCompatOptions,
  routes: Readonly<Record<string, RouteFunction>>,
  mounts: (sendError: SendError) => Readonly<Record<string, Middleware>> = () => ({}),
): http.Server {
  if (target === 'express5' || target === 'express4') {
    const app = (target === 'express5' ? express5 : express4)();
    const vc = expressVendorCompat(options);
    app.use(vc.preconditions);
    for (const [path, route] of Object.entries(routes)) {
      // Express 4 does not catch a rejected promise: hand it to next(), as users must.
      app.all(path, (req, res, next) => void Promise.resolve().then(() => route(req)).then((body) => sendJson(res, body), next));
    }
    for (const [path, middleware] of Object.entries(mounts((req, res, err) => vc.sendError(req, res, err)))) app.use(path, middleware as never);
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    return vc.attach(http.createServer(app));
  }
  if (target === 'koa3' || target === 'koa2') {
    const app = new (target === 'koa3' ? Koa3 : Koa2)();
    app.silent = true; // 5xx are re-emitted on 'error'; keep test output clean
    const vc = koaVendorCompat(options);
    app.use(vc.preconditions);
    app.use(async (ctx) => {
      const route = routes[ctx.path];
      if (route !== undefined) ctx.body = await route(ctx.req);
    });
    return vc.attach(http.createServer(app.callback()));
  }
  const vc = nodeVendorCompat(options);
  const mounted = Object.entries(mounts((req, res, err) => vc.sendError(req, res, err)));
  return vc.attach(
    http.createServer((req, res) => {
      if (!vc.preconditions(req, res)) return;
      const path = (req.url ?? '/').split('?')[0] as string;
      const route = routes[path];
      if (route !== undefined) {
        void Promise.resolve()
          .then(() => route(req))
          .then((body) => sendJson(res, body), (err: unknown) => vc.sendError(req, res, err));
        return;
      }
      const mount = mounted.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
      if (mount !== undefined) return void mount[1](req, res, () => vc.notFound(req, res));
      vc.notFound(req, res);
    }),
  );
}
