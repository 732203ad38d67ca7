/**
 * One app builder per target (test/support/targets.ts): Express 4 and 5, Koa 2 and 3, Fastify 4
 * and 5, Hono 4 and the plain Fetch entry behind a real Fetch runtime server (`@hono/node-server`),
 * and plain node:http through `vendorCompat()`, so a contract suite runs the same cases on each;
 * for the contract suite (`CONTRACT_FRAMEWORKS`), also Nest 12 on its Express and its Fastify
 * platform with `VendorCompatModule` (test/nest/support/contract-app.ts).
 * Adapters are mounted through test/support/mount.ts only. Servers are plain `http.Server`s for
 * supertest: no fixed ports, ever. `VC_FRAMEWORKS=fastify5,hono npx jest test/contract` runs a subset.
 */
import http from 'node:http';
import { countBody, deferredFastify } from './server-kit';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import type fastifyModuleType from 'fastify';
import { Hono } from 'hono';
import { expressMount, fastifyPlugin, fetchMount, honoMount, koaMount, nodeMount, type FetchRouteMount, type MountOptions } from './mount';
import { ALL_TARGETS, fetchRuntimeServer, selectNestTargets, selectTargets, specOf, type AnyTargetSpec, type NestTarget, type Target, type TargetSpec } from './targets';
import { nestContractServer } from '../nest/support/contract-app';
import type { PreconditionOverrides } from '../../src/core/preconditions';
import type { FastifyVendorCompat } from '../../src/fastify';

/** `sendError` options of an `embedInOk` route. */
const EMBED = { embedInOk: true } as const;

/** Every target the contract suite knows. */
export const ALL_FRAMEWORKS = ALL_TARGETS;
export type Framework = Target | NestTarget;

/** The targets every suite built on `makeServer` runs over (all of them, or those `VC_FRAMEWORKS` names). */
export const FRAMEWORKS: readonly Framework[] = selectTargets(process.env.VC_FRAMEWORKS);

/**
 * The contract suite's targets (test/contract): {@link FRAMEWORKS} and Nest on its Express and
 * its Fastify platform (`nest-express`, `nest-fastify`; `VC_FRAMEWORKS` filters them too).
 */
export const CONTRACT_FRAMEWORKS: readonly Framework[] = [...FRAMEWORKS, ...selectNestTargets(process.env.VC_FRAMEWORKS)];

/**
 * What a contract case may need that not every target can do; such a case runs through
 * `itWhere(framework, need)` and is skipped, for the reason given here, where the target cannot:
 * - `headersBeforeThrow`: a route sets response headers, then throws. A Fetch handler that throws
 *   has no response at all, so there are no headers it set to keep or remove (`fetch`; Hono has
 *   `c.header()`, which the adapter honours).
 */
export type Need = 'headersBeforeThrow';
const CANNOT: Readonly<Partial<Record<AnyTargetSpec['family'], readonly Need[]>>> = { fetch: ['headersBeforeThrow'] };

/**
 * `it`, or `it.skip` where `framework` cannot do what the case needs (see {@link Need}).
 *
 * @example
 * itWhere(framework, 'headersBeforeThrow')('keeps unrelated headers the route set', async () => { … })
 */
export function itWhere(framework: Framework, need: Need): jest.It {
  return CANNOT[specOf(framework).family]?.includes(need) === true ? it.skip : it;
}

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
  /** Answer the thrown error with the adapter's `sendError`/`errorResponse` and `{ embedInOk: true }`. */
  readonly embedInOk?: boolean;
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

export type AppOptions = MountOptions;

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

/** The route for a request: the same method, or GET for HEAD (as every framework does). */
function routeFor(routes: readonly TestRoute[], method: string | undefined, path: string): TestRoute | undefined {
  return routes.find((r) => r.path === path && r.method === method) ?? (method === 'HEAD' ? routes.find((r) => r.path === path && r.method === 'GET') : undefined);
}

/** Per-path precondition overrides (a route's apply to every method on its path). */
function preconditionsByPath(routes: readonly TestRoute[]): Map<string, PreconditionOverrides> {
  return new Map(routes.filter((r) => r.preconditions !== undefined).map((r) => [r.path, r.preconditions as PreconditionOverrides]));
}

function expressApp(expressModule: typeof expressModuleType, options: AppOptions, routes: readonly TestRoute[]): http.Server {
  const app = expressModule();
  const vc = expressMount(options);
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
      if (route.embedInOk === true) {
        vc.sendError(req, res, route.throws(), EMBED);
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
  const vc = koaMount(options);
  app.use(vc.preconditions);
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
    if (route.embedInOk === true) {
      vc.sendError(ctx, route.throws(), EMBED);
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
 * Fastify 4 or 5 with the plugin registered first. Every body goes to one catch-all parser that
 * leaves the stream unread (as Express and Koa leave it), so `readBody` routes count the raw bytes.
 * The server is Fastify's own (`serverFactory`), held back until `app.ready()`, so that the
 * synchronous `makeServer` can hand it to supertest at once.
 */
function fastifyApp(factory: typeof fastifyModuleType, options: AppOptions, routes: readonly TestRoute[]): http.Server {
  const { app, serve } = deferredFastify(factory);
  void app.register(fastifyPlugin, options);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const byPath = preconditionsByPath(routes);
  // Routes go in a plugin registered after ours, so that its onRoute hook sees them (the routes of
  // an app that `await`s the registration, as the README does, are declared after it anyway).
  void app.register(async (instance) => {
    for (const route of routes) {
      const overrides = byPath.get(route.path);
      instance.route({
        method: route.method,
        url: route.path,
        config: overrides === undefined ? {} : { vendorCompat: overrides },
        handler: (request, reply) => {
          for (const [name, value] of Object.entries(route.setHeaders ?? {})) void reply.header(name, value);
          if (route.readBody === true) {
            readBody(request.raw, (received) => void reply.code(200).send({ received }));
            return reply;
          }
          if (route.throws === undefined) return reply.code(200).send(route.body ?? { ok: true });
          if (route.embedInOk === true) {
            (instance as unknown as { vendorCompat: FastifyVendorCompat }).vendorCompat.sendError(request, reply, route.throws(), EMBED);
            return reply;
          }
          if (route.async === true) return Promise.resolve().then(() => Promise.reject(route.throws?.()));
          throw route.throws();
        },
      });
    }
  });
  return serve();
}

/**
 * Hono 4 on `@hono/node-server` (its request listener, what `serve` and `createAdaptorServer`
 * use): preconditions first, route guards, routes, errorHandler, notFound. On Node the server
 * hooks (Expect, parser errors) come from the node entry's `attach`: Hono never sees those
 * requests. `requestError` answers what the runtime refuses before Hono runs (a backslash in the path).
 */
function honoApp(spec: TargetSpec, options: AppOptions, routes: readonly TestRoute[]): http.Server {
  const app = new Hono();
  const vc = honoMount(options);
  app.use(vc.preconditions);
  for (const [path, overrides] of preconditionsByPath(routes)) app.use(path, vc.route(overrides));
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => {
      for (const [name, value] of Object.entries(route.setHeaders ?? {})) c.header(name, value);
      if (route.readBody === true) return c.json({ received: await countBody(c.req.raw) }, 200);
      if (route.throws === undefined) return c.json((route.body ?? { ok: true }) as object, 200);
      if (route.embedInOk === true) return vc.errorResponse(c, route.throws(), EMBED);
      if (route.async === true) await Promise.resolve();
      throw route.throws();
    });
  }
  app.onError(vc.errorHandler);
  app.notFound(vc.notFound);
  return nodeMount(options).attach(fetchRuntimeServer(spec, app.fetch, vc.requestError));
}

/**
 * The plain Fetch entry behind a real Fetch runtime server (`@hono/node-server`): `vc.wrap`
 * around a handler that routes by path, with `vc.route(overrides).wrap` for a path's own
 * preconditions. A Fetch handler that throws has no response, so headers a throwing route "set"
 * do not exist here (the contract cases about keeping them skip this target). Served over Node,
 * the server hooks come from the node entry's `attach` (a Fetch handler never sees the requests
 * Node answers itself), as the Fetch entry's documentation says.
 */
function fetchApp(spec: TargetSpec, options: AppOptions, routes: readonly TestRoute[]): http.Server {
  const vc = fetchMount(options);
  const guards = new Map<string, FetchRouteMount>([...preconditionsByPath(routes)].map(([path, overrides]) => [path, vc.route(overrides)]));
  const routeHandler = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const route = routeFor(routes, request.method, path);
    if (route === undefined) return vc.notFound(request);
    if (route.readBody === true) return Response.json({ received: await countBody(request) });
    if (route.throws === undefined) return Response.json(route.body ?? { ok: true }, { headers: route.setHeaders });
    if (route.embedInOk === true) return vc.errorResponse(request, route.throws(), EMBED);
    if (route.async === true) await Promise.resolve();
    throw route.throws();
  };
  const wrapped = new Map([...guards].map(([path, guard]) => [path, guard.wrap(routeHandler)]));
  const handler = vc.wrap((request) => (wrapped.get(new URL(request.url).pathname) ?? routeHandler)(request));
  return nodeMount(options).attach(fetchRuntimeServer(spec, handler));
}

/** Plain node:http through the node entry's `vendorCompat()`: preconditions, a path match, sendError. */
function nodeApp(options: AppOptions, routes: readonly TestRoute[]): http.Server {
  const vc = nodeMount(options);
  const guards = new Map([...preconditionsByPath(routes)].map(([path, overrides]) => [path, vc.route(overrides)]));
  const server = http.createServer((req, res) => {
    const path = pathOf(req.url);
    // A route's check runs instead of the app's (one pass, with the route's settings over the app's).
    if (!(guards.get(path) ?? vc.preconditions)(req, res)) return;
    const route = routeFor(routes, req.method, path);
    if (route === undefined) {
      vc.notFound(req, res);
      return;
    }
    for (const [name, value] of Object.entries(route.setHeaders ?? {})) res.setHeader(name, value);
    const json = (body: unknown): void => {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    };
    if (route.readBody === true) {
      readBody(req, (received) => json({ received }));
      return;
    }
    if (route.throws === undefined) {
      json(route.body ?? { ok: true });
      return;
    }
    if (route.embedInOk === true) {
      vc.sendError(req, res, route.throws(), EMBED);
      return;
    }
    if (route.async === true) {
      Promise.resolve()
        .then(() => Promise.reject(route.throws?.()))
        .catch((error: unknown) => vc.sendError(req, res, error));
      return;
    }
    try {
      throw route.throws();
    } catch (error) {
      vc.sendError(req, res, error);
    }
  });
  return vc.attach(server);
}

/**
 * Builds a server for `framework` mounting vendor-compat with `options` and `routes`.
 *
 * @example
 * const server = makeServer('koa3', { profile: 'vsp' }, [{ method: 'GET', path: '/x', throws: () => createError(404) }])
 * await request(server).get('/x').expect(404)
 */
export function makeServer(framework: Framework, options: AppOptions, routes: readonly TestRoute[]): http.Server {
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
    case 'nest':
      return nestContractServer(spec.platform, options, routes);
  }
}
