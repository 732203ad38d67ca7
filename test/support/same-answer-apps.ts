/**
 * One app per target for the differential suite (test/differential/same-answer.test.ts), each
 * written the way the README tells a user to write it on that framework: vendor-compat's
 * preconditions first, the framework's own JSON body reading, `validate`, the routes, the
 * unmatched-route and error handlers, the server hooks. Nothing maps an error by hand: what the
 * framework or the Fetch API throws (invalid JSON, a thrown string) goes where the adapter says.
 * Routes are data: a route throws, or answers `{ received: <the parsed body> }` (GET routes `{ ok: true }`).
 */
import http from 'node:http';
import { badRequest } from './internals';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import type fastifyModuleType from 'fastify';
import { Hono } from 'hono';
import { deferredFastify } from './server-kit';
import { expressMount, fastifyPlugin, fetchMount, honoMount, koaMount, nodeMount, type MountOptions } from './mount';
import { fetchRuntimeServer, specOf, type Target, type TargetSpec } from './targets';

/* eslint-disable @typescript-eslint/no-require-imports */
const { Router: KoaRouter } = require('@koa/router') as { Router: new () => KoaRouterLike };
const { bodyParser } = require('@koa/bodyparser') as { bodyParser: (options?: object) => KoaType.Middleware };
/* eslint-enable @typescript-eslint/no-require-imports */

interface KoaRouterLike {
  register(path: string, methods: string[], middleware: KoaType.Middleware): unknown;
  routes(): KoaType.Middleware;
}

/** A route: a literal path, one method; it throws `throws()`, or echoes. */
export interface SameAnswerRoute {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  /** Called per request: the value the route throws. Absent: the route answers 200. */
  readonly throws?: () => unknown;
}

/** Routes that read a body (every method but GET) echo it; GET routes answer `{ ok: true }`. */
function readsBody(route: SameAnswerRoute): boolean {
  return route.method !== 'GET';
}

function expressApp(expressModule: typeof expressModuleType, options: MountOptions, routes: readonly SameAnswerRoute[]): http.Server {
  const app = expressModule();
  const vc = expressMount(options);
  app.use(vc.preconditions);
  app.use(expressModule.json());
  app.use(vc.validate);
  for (const route of routes) {
    const register = (app as unknown as Record<string, (path: string, handler: expressModuleType.RequestHandler) => void>)[route.method.toLowerCase()];
    register?.call(app, route.path, (req, res) => {
      if (route.throws !== undefined) throw route.throws();
      res.status(200).json(readsBody(route) ? { received: (req.body as unknown) ?? null } : { ok: true });
    });
  }
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return vc.attach(http.createServer(app));
}

function koaApp(KoaClass: typeof KoaType, options: MountOptions, routes: readonly SameAnswerRoute[]): http.Server {
  const app = new KoaClass();
  app.silent = true; // 5xx are re-emitted on 'error'; keep test output clean
  const vc = koaMount(options);
  app.use(vc.preconditions);
  app.use(bodyParser());
  app.use(vc.validate);
  const router = new KoaRouter();
  for (const route of routes) {
    router.register(route.path, [route.method], (ctx) => {
      if (route.throws !== undefined) throw route.throws();
      ctx.status = 200;
      ctx.body = readsBody(route) ? { received: (ctx.request as { body?: unknown }).body ?? null } : { ok: true };
    });
  }
  app.use(router.routes());
  return vc.attach(http.createServer(app.callback()));
}

/** Fastify with the plugin first, its own JSON parser, the routes in a plugin registered after ours. */
function fastifyApp(factory: typeof fastifyModuleType, options: MountOptions, routes: readonly SameAnswerRoute[]): http.Server {
  const { app, serve } = deferredFastify(factory);
  void app.register(fastifyPlugin, options);
  void app.register(async (instance) => {
    for (const route of routes) {
      instance.route({
        method: route.method,
        url: route.path,
        handler: (request, reply) => {
          if (route.throws !== undefined) throw route.throws();
          return reply.code(200).send(readsBody(route) ? { received: request.body ?? null } : { ok: true });
        },
      });
    }
  });
  return serve();
}

/** Hono on `@hono/node-server`: preconditions, validate, routes reading `c.req.json()`, errorHandler, notFound. */
function honoApp(spec: TargetSpec, options: MountOptions, routes: readonly SameAnswerRoute[]): http.Server {
  const app = new Hono();
  const vc = honoMount(options);
  app.use(vc.preconditions);
  app.use(vc.validate);
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      if (route.throws !== undefined) throw route.throws();
      if (!readsBody(route)) return c.json({ ok: true }, 200);
      return c.json({ received: c.req.raw.body === null ? null : ((await c.req.json()) as unknown) }, 200);
    });
  }
  app.onError(vc.errorHandler);
  app.notFound(vc.notFound);
  return nodeMount(options).attach(fetchRuntimeServer(spec, app.fetch, vc.requestError));
}

/** The Fetch entry behind `@hono/node-server`: `vc.wrap`, routes by method and path, `request.json()`, `vc.validate`. */
function fetchApp(spec: TargetSpec, options: MountOptions, routes: readonly SameAnswerRoute[]): http.Server {
  const vc = fetchMount(options);
  const handler = vc.wrap(async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const route = routes.find((r) => r.path === path && r.method === method);
    if (route === undefined) return vc.notFound(request);
    if (route.throws !== undefined) throw route.throws();
    if (!readsBody(route)) return Response.json({ ok: true });
    const body: unknown = request.body === null ? null : await request.json();
    return vc.validate(request, body) ?? Response.json({ received: body });
  });
  return nodeMount(options).attach(fetchRuntimeServer(spec, handler));
}

/** Reads a Node request body to its end. */
function textOf(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** node:http through `vendorCompat()`: preconditions, a route match, `JSON.parse`, `validate`, `sendError`, `notFound`. */
function nodeApp(options: MountOptions, routes: readonly SameAnswerRoute[]): http.Server {
  const vc = nodeMount(options);
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, route: SameAnswerRoute): Promise<void> => {
    if (route.throws !== undefined) throw route.throws();
    if (!readsBody(route)) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ ok: true }));
      return;
    }
    const text = await textOf(req);
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw badRequest(); // as docs/node.md reads a JSON body: node:http has no body parser of its own
      }
    }
    if (!vc.validate(req, res, body)) return;
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ received: body }));
  };
  return vc.attach(
    http.createServer((req, res) => {
      if (!vc.preconditions(req, res)) return;
      const path = (req.url ?? '/').split('?')[0] as string;
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const route = routes.find((r) => r.path === path && r.method === method);
      if (route === undefined) {
        vc.notFound(req, res);
        return;
      }
      handle(req, res, route).catch((error: unknown) => vc.sendError(req, res, error));
    }),
  );
}

/**
 * Builds the app for `target`.
 *
 * @example
 * const server = makeSameAnswerServer('koa2', { profile: 'vsp' }, [{ method: 'GET', path: '/boom', throws: () => new Error('x') }])
 */
export function makeSameAnswerServer(target: Target, options: MountOptions, routes: readonly SameAnswerRoute[]): http.Server {
  const spec = specOf(target);
  switch (spec.family) {
    case 'express':
      return expressApp(spec.module(), options, routes);
    case 'koa':
      return koaApp(spec.module(), options, routes);
    case 'fastify':
      return fastifyApp(spec.module(), options, routes);
    case 'hono':
      return honoApp(spec, options, routes);
    case 'fetch':
      return fetchApp(spec, options, routes);
    case 'node':
      return nodeApp(options, routes);
  }
}
