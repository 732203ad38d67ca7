/**
 * Echo apps with non-default routing settings, for the route-spelling differential test: the
 * adapters must follow each framework's own setting (Express `case sensitive routing` and
 * `strict routing`, @koa/router `sensitive` and `strict`, Fastify `caseSensitive`,
 * `ignoreTrailingSlash`, `ignoreDuplicateSlashes`, `useSemicolonDelimiter`, Hono `strict`).
 * Each handler echoes `{ params, query }` as its framework handed them over.
 */
import http from 'node:http';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import type fastifyModuleType from 'fastify';
import type { FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as fastifyVendorCompat } from '../../src/fastify';
import { vendorCompat as honoVendorCompat } from '../../src/hono';
import type { VendorCompatOptions } from '../../src/node/app-config';
import type { EchoRoute } from './route-apps';

/* eslint-disable @typescript-eslint/no-require-imports */
const express5 = require('express') as typeof expressModuleType;
const express4 = require('express4') as typeof expressModuleType;
const Koa3 = require('koa') as typeof KoaType;
const fastify5 = require('fastify') as typeof fastifyModuleType;
const fastify4 = require('fastify4') as typeof fastifyModuleType;
const { Router: KoaRouter } = require('@koa/router') as { Router: new (options?: object) => KoaRouterLike };
/* eslint-enable @typescript-eslint/no-require-imports */

interface KoaRouterLike {
  register(path: string, methods: string[], middleware: KoaType.Middleware): unknown;
  routes(): KoaType.Middleware;
}

/** The variants: a framework with settings other than its defaults. */
export const SPELLING_VARIANTS = [
  'express5 case-sensitive strict',
  'express4 case-sensitive strict',
  'koa3 sensitive strict router',
  'fastify5 caseSensitive false, ignoreTrailingSlash, ignoreDuplicateSlashes, useSemicolonDelimiter',
  'fastify4 caseSensitive false, ignoreDuplicateSlashes, useSemicolonDelimiter false',
  'hono strict false',
] as const;
export type SpellingVariant = (typeof SPELLING_VARIANTS)[number];

function expressApp(expressModule: typeof expressModuleType, options: VendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const app = expressModule();
  app.enable('case sensitive routing');
  app.enable('strict routing');
  const vc = expressVendorCompat(options);
  app.use(vc.preconditions);
  for (const route of routes) {
    app.get(route.path, (req, res) => {
      res.status(200).json({ params: { ...req.params }, query: { ...(req.query as object) } });
    });
  }
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return http.createServer(app);
}

function koaApp(options: VendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const app = new Koa3();
  app.silent = true;
  app.use(koaVendorCompat(options).preconditions);
  const router = new KoaRouter({ sensitive: true, strict: true });
  for (const route of routes) {
    router.register(route.path, ['GET'], (ctx) => {
      ctx.status = 200;
      ctx.body = { params: { ...(ctx as unknown as { params: object }).params }, query: { ...ctx.query } };
    });
  }
  app.use(router.routes());
  return http.createServer(app.callback());
}

/** Fastify with `settings` on its own server, holding requests until `app.ready()` (as server-kit's `deferredFastify`). */
function fastifyApp(factory: typeof fastifyModuleType, settings: object, options: VendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  let ready = false;
  const waiting: Array<() => void> = [];
  const app = factory({
    ...settings,
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        if (ready) handler(req, res);
        else waiting.push(() => handler(req, res));
      }),
  }) as unknown as FastifyInstance;
  void app.register(fastifyVendorCompat, options);
  void app.register(async (instance) => {
    for (const route of routes) {
      instance.get(route.path, async (request) => ({ params: { ...(request.params as object) }, query: { ...(request.query as object) } }));
    }
  });
  void app.ready().then(() => {
    ready = true;
    for (const run of waiting.splice(0)) run();
  });
  return app.server;
}

function honoApp(options: VendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  const app = new Hono({ strict: false });
  const vc = honoVendorCompat(options);
  app.use(vc.preconditions);
  for (const route of routes) {
    app.get(route.path, (c) => c.json({ params: { ...c.req.param() }, query: c.req.query() }, 200));
  }
  app.onError(vc.errorHandler);
  app.notFound(vc.notFound);
  return http.createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
}

/**
 * Builds the echo app of one variant.
 *
 * @example
 * const server = makeSpellingVariant('hono strict false', { profile: 'problem', routes }, echoRoutes)
 */
export function makeSpellingVariant(variant: SpellingVariant, options: VendorCompatOptions, routes: readonly EchoRoute[]): http.Server {
  switch (variant) {
    case 'express5 case-sensitive strict':
      return expressApp(express5, options, routes);
    case 'express4 case-sensitive strict':
      return expressApp(express4, options, routes);
    case 'koa3 sensitive strict router':
      return koaApp(options, routes);
    case 'fastify5 caseSensitive false, ignoreTrailingSlash, ignoreDuplicateSlashes, useSemicolonDelimiter':
      return fastifyApp(fastify5, { routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, useSemicolonDelimiter: true } }, options, routes);
    case 'fastify4 caseSensitive false, ignoreDuplicateSlashes, useSemicolonDelimiter false':
      return fastifyApp(fastify4, { caseSensitive: false, ignoreDuplicateSlashes: true, useSemicolonDelimiter: false }, options, routes);
    case 'hono strict false':
      return honoApp(options, routes);
  }
}
