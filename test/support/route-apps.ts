/**
 * Apps for the route-table and validation contract cases (test/support/route-cases.ts): the
 * library's route table (`routes` / `openapi`) in front of real routers, a real JSON body parser
 * and `vc.validate`, over Express 4 and 5, Koa 2 and 3 (@koa/router, @koa/bodyparser) and plain
 * node:http. Every route echoes what it received (`{ params, query, body }`), so a test can prove
 * a valid request reaches the route untouched. The other adapters' harness can mount the same
 * cases: each case is data (`RouteCase`).
 */
import http from 'node:http';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as nodeVendorCompat, type NodeVendorCompatOptions } from '../../src/node';

/* eslint-disable @typescript-eslint/no-require-imports */
const express5 = require('express') as typeof expressModuleType;
const express4 = require('express4') as typeof expressModuleType;
const Koa3 = require('koa') as typeof KoaType;
const Koa2 = require('koa2') as typeof KoaType;
const { Router: KoaRouter } = require('@koa/router') as { Router: new () => KoaRouterLike };
const { bodyParser } = require('@koa/bodyparser') as { bodyParser: (options?: object) => KoaType.Middleware };
/* eslint-enable @typescript-eslint/no-require-imports */

interface KoaRouterLike {
  register(path: string, methods: string[], middleware: KoaType.Middleware): unknown;
  routes(): KoaType.Middleware;
}

/** The targets these apps run on. */
export const ROUTE_FRAMEWORKS = ['express5', 'express4', 'koa3', 'koa2', 'node'] as const;
export type RouteFramework = (typeof ROUTE_FRAMEWORKS)[number];

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
  const vc = expressVendorCompat(options);
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
  const vc = koaVendorCompat(options);
  app.use(vc);
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
  const vc = nodeVendorCompat(options);
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

/**
 * Builds the app for `framework` with `options` (a route table or an OpenAPI document) and
 * echo `routes`.
 *
 * @example
 * const server = makeRouteServer('koa3', { profile: 'vsp', openapi: document }, echoRoutesOf(document, '/ConfigurationManager/v1'))
 */
export function makeRouteServer(framework: RouteFramework, options: NodeVendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  switch (framework) {
    case 'express5':
      return expressApp(express5, options, routes);
    case 'express4':
      return expressApp(express4, options, routes);
    case 'koa3':
      return koaApp(Koa3, options, routes);
    case 'koa2':
      return koaApp(Koa2, options, routes);
    case 'node':
      return nodeApp(options, routes);
  }
}
