/**
 * One server builder for the Node adapters (Express 4 and 5, Koa 2 and 3, node:http) where a test
 * needs routes that are functions of the request: a route returns the JSON body to send, or throws
 * (rejects) with the error under test, and connect-style middleware (http-proxy-middleware) can be
 * mounted on Express and node:http. The adapter is mounted the way the README says: preconditions
 * first, routes, unmatched routes, the error handler, the server hooks.
 */
import http from 'node:http';
import type { VendorCompatOptions } from './internals';
import { expressMount, koaMount, nodeMount } from './mount';
import { specOf } from './targets';

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
  const spec = specOf(target);
  if (spec.family === 'express') {
    const app = spec.module()();
    const vc = expressMount(options);
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
  if (spec.family === 'koa') {
    const app = new (spec.module())();
    app.silent = true; // 5xx are re-emitted on 'error'; keep test output clean
    const vc = koaMount(options);
    app.use(vc.preconditions);
    app.use(async (ctx) => {
      const route = routes[ctx.path];
      if (route !== undefined) ctx.body = await route(ctx.req);
    });
    return vc.attach(http.createServer(app.callback()));
  }
  const vc = nodeMount(options);
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
