/**
 * Apps for the route-table and validation contract cases (test/support/route-cases.ts): the
 * library's route table (`routes` / `openapi`) in front of real routers, a real JSON body parser
 * and `vc.validate`, over Express 4 and 5, Koa 2 and 3 (@koa/router, @koa/bodyparser), Fastify 4
 * and 5 (its own JSON parser, then the plugin's `preHandler`), Hono 4 on `@hono/node-server`
 * (`vc.validate` reading `c.req.json()`), the plain Fetch entry (`vc.validate(request, body)`,
 * behind `@hono/node-server`) and plain node:http (`vendorCompat()`). Every route echoes what it received (`{ params, query, body }`), so a test can prove
 * a valid request reaches the route untouched. The other adapters' harness can mount the same
 * cases: each case is data (`RouteCase`).
 */
import http from 'node:http';
import { countBody, deferredFastify } from './server-kit';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import type fastifyModuleType from 'fastify';
import { Hono } from 'hono';
import { expressMount, fastifyPlugin, fetchMount, honoMount, koaMount, nodeMount, type MountOptions } from './mount';
import { ALL_TARGETS, fetchRuntimeServer, selectTargets, specOf, type Target, type TargetSpec } from './targets';
import { badRequest } from './internals';

/* eslint-disable @typescript-eslint/no-require-imports */
const { Router: KoaRouter } = require('@koa/router') as { Router: new () => KoaRouterLike };
const { bodyParser } = require('@koa/bodyparser') as { bodyParser: (options?: object) => KoaType.Middleware };
/* eslint-enable @typescript-eslint/no-require-imports */

type NodeVendorCompatOptions = MountOptions;

interface KoaRouterLike {
  register(path: string, methods: string[], middleware: KoaType.Middleware): unknown;
  routes(): KoaType.Middleware;
}

/** The targets these apps run on (test/support/targets.ts). */
export const ALL_ROUTE_FRAMEWORKS = ALL_TARGETS;
export type RouteFramework = Target;

/** All of them, or those `VC_FRAMEWORKS` names. */
export const ROUTE_FRAMEWORKS: readonly RouteFramework[] = selectTargets(process.env.VC_FRAMEWORKS);

/** A route the app mounts: Express-style path (`/ldevs/:id`), one method; it echoes what it got. */
export interface EchoRoute {
  readonly method: string;
  readonly path: string;
  /** Answer this content type (a download), instead of echoing JSON. */
  readonly produces?: string;
  /** Read the (unparsed) body to its end and answer `{ received: <bytes> }` (an upload). */
  readonly readBody?: boolean;
}

/** Reads a request body to its end. */
function received(req: http.IncomingMessage): Promise<number> {
  return new Promise((resolve) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => resolve(bytes));
  });
}

/** `{param}` → `:param` (OpenAPI path to Express/Koa path). */
export function expressPath(openapiPath: string): string {
  return openapiPath.replace(/\{([^}]+)\}/g, ':$1');
}

/** The echo routes of an OpenAPI document: every operation, under `servers[0]`'s path. */
export function echoRoutesOf(document: { paths: Record<string, Record<string, unknown>> }, prefix: string): EchoRoute[] {
  const routes: EchoRoute[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head']) {
      if (item[method] !== undefined) routes.push({ method: method.toUpperCase(), path: expressPath(prefix + path) });
    }
  }
  return routes;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

function expressApp(expressModule: typeof expressModuleType, options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const app = expressModule();
  const vc = expressMount(options);
  app.use(vc.preconditions);
  app.use(expressModule.json({ type: JSON_TYPES }));
  app.use(vc.validate);
  for (const route of routes) {
    const register = (app as unknown as Record<string, (path: string, handler: expressModuleType.RequestHandler) => void>)[route.method.toLowerCase()];
    register?.call(app, route.path, (req, res) => {
      if (route.readBody === true) {
        void received(req).then((bytes) => res.status(200).json({ received: bytes }));
        return;
      }
      if (route.produces !== undefined) {
        res.status(200).type(route.produces).send(Buffer.from('ok'));
        return;
      }
      res.status(200).json({ params: { ...req.params }, query: { ...(req.query as object) }, body: req.body ?? null });
    });
  }
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return vc.attach(http.createServer(app));
}

function koaApp(KoaClass: typeof KoaType, options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const app = new KoaClass();
  app.silent = true;
  const vc = koaMount(options);
  app.use(vc.preconditions);
  app.use(bodyParser({ enableTypes: ['json'], extendTypes: { json: JSON_TYPES } }));
  app.use(vc.validate);
  const router = new KoaRouter();
  for (const route of routes) {
    router.register(route.path, [route.method], async (ctx) => {
      ctx.status = 200;
      if (route.readBody === true) {
        ctx.body = { received: await received(ctx.req) };
        return;
      }
      if (route.produces !== undefined) {
        ctx.type = route.produces;
        ctx.body = Buffer.from('ok');
        return;
      }
      const params = (ctx as unknown as { params: Record<string, string> }).params;
      ctx.body = { params: { ...params }, query: { ...ctx.query }, body: (ctx.request as { body?: unknown }).body ?? null };
    });
  }
  app.use(router.routes());
  return vc.attach(http.createServer(app.callback()));
}

function matcherOf(path: string): RegExp {
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}/?$`);
}

function nodeApp(options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const vc = nodeMount(options);
  const compiled = routes.map((route) => ({ route, pattern: matcherOf(route.path) }));
  const server = http.createServer((req, res) => {
    if (!vc.preconditions(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      const type = req.headers['content-type'] ?? '';
      if (text !== '' && /json/.test(type)) {
        try {
          body = JSON.parse(text);
        } catch {
          vc.sendError(req, res, Object.assign(new Error('bad json'), { status: 400 }));
          return;
        }
      }
      if (!vc.validate(req, res, body)) return;
      const found = compiled.map(({ route, pattern }) => ({ route, match: pattern.exec(url.pathname) })).find(({ route, match }) => match !== null && (route.method === req.method || (route.method === 'GET' && req.method === 'HEAD')));
      if (found === undefined) {
        vc.notFound(req, res);
        return;
      }
      if (found.route.readBody === true) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: Buffer.concat(chunks).length }));
        return;
      }
      if (found.route.produces !== undefined) {
        res.writeHead(200, { 'content-type': found.route.produces }).end('ok');
        return;
      }
      const query: Record<string, string | string[]> = {};
      for (const [key, value] of url.searchParams) {
        const seen = query[key];
        query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ params: { ...found.match?.groups }, query, body }));
    });
  });
  return vc.attach(server);
}

/** Whether a Content-Type is JSON (`application/json`, `application/*+json`). */
function isJson(type: string | null | undefined): boolean {
  const essence = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[^/]+\+json$/.test(essence);
}

/** The query of a URL, repeated keys as arrays (what Express, Koa and Fastify give). */
function queryRecord(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

/**
 * Fastify 4 or 5: the plugin, Fastify's own JSON parser (plus `application/*+json`), a catch-all
 * parser that leaves other bodies unread (uploads count the raw bytes), then the routes in a
 * plugin registered after ours. The server is held back until `app.ready()`, as in frameworks.ts.
 */
function fastifyApp(factory: typeof fastifyModuleType, options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const { app, serve } = deferredFastify(factory);
  void app.register(fastifyPlugin, options);
  app.addContentTypeParser(/^application\/[^/;]+\+json/, { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, JSON.parse(text as string));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  void app.register(async (instance) => {
    const gets = new Set(routes.filter((route) => route.method === 'GET').map((route) => route.path));
    for (const route of routes) {
      if (route.method === 'HEAD' && gets.has(route.path)) continue; // Fastify adds HEAD for each GET
      instance.route({
        method: route.method as 'GET',
        url: route.path,
        handler: (request, reply) => {
          if (route.readBody === true) {
            void received(request.raw).then((bytes) => reply.code(200).send({ received: bytes }));
            return reply;
          }
          if (route.produces !== undefined) return reply.code(200).type(route.produces).send(Buffer.from('ok'));
          return reply.code(200).send({ params: { ...(request.params as object) }, query: { ...(request.query as object) }, body: request.body ?? null });
        },
      });
    }
  });
  return serve();
}

/** Hono 4 on `@hono/node-server`: `vc.preconditions`, `vc.validate`, the routes, errorHandler, notFound. */
function honoApp(spec: TargetSpec, options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const app = new Hono();
  const vc = honoMount(options);
  app.use(vc.preconditions);
  app.use(vc.validate);
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      if (route.readBody === true) return c.json({ received: await countBody(c.req.raw) }, 200);
      if (route.produces !== undefined) return c.body('ok', 200, { 'content-type': route.produces });
      let body: unknown = null;
      if (c.req.raw.body !== null && isJson(c.req.header('content-type'))) {
        try {
          body = await c.req.json(); // the value vc.validate parsed (Hono caches it)
        } catch {
          throw badRequest();
        }
      }
      return c.json({ params: { ...c.req.param() }, query: queryRecord(new URL(c.req.url)), body }, 200);
    });
  }
  app.onError(vc.errorHandler);
  app.notFound(vc.notFound);
  return nodeMount(options).attach(fetchRuntimeServer(spec, app.fetch, vc.requestError));
}

/**
 * The plain Fetch entry behind a real Fetch runtime server (`@hono/node-server`): `vc.wrap`, the
 * handler parses JSON and calls `vc.validate(request, body)`; the node entry's `attach` answers
 * what Node answers before any handler (Expect, parser errors).
 */
function fetchApp(spec: TargetSpec, options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const vc = fetchMount(options);
  const compiled = routes.map((route) => ({ route, pattern: matcherOf(route.path) }));
  const handler = vc.wrap(async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const found = compiled
      .map(({ route, pattern }) => ({ route, match: pattern.exec(url.pathname) }))
      .find(({ route, match }) => match !== null && (route.method === request.method || (route.method === 'GET' && request.method === 'HEAD')));
    if (found?.route.readBody === true) return Response.json({ received: await countBody(request) });
    let body: unknown; // undefined: no body parsed
    if (request.body !== null && isJson(request.headers.get('content-type'))) {
      const text = await request.text();
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          return vc.errorResponse(request, badRequest());
        }
      }
    }
    const rejection = vc.validate(request, body);
    if (rejection !== undefined) return rejection;
    if (found === undefined) return vc.notFound(request);
    if (found.route.produces !== undefined) return new Response('ok', { headers: { 'content-type': found.route.produces } });
    return Response.json({ params: { ...found.match?.groups }, query: queryRecord(url), body: body ?? null });
  });
  return nodeMount(options).attach(fetchRuntimeServer(spec, handler));
}

/**
 * Builds the app for `framework` with `options` (a route table or an OpenAPI document) and
 * echo `routes`.
 *
 * @example
 * const server = makeRouteServer('koa3', { profile: 'vsp', openapi: document }, echoRoutesOf(document, '/ConfigurationManager/v1'))
 */
export function makeRouteServer(framework: RouteFramework, options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const spec = specOf(framework);
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
