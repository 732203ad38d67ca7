/**
 * The contract suite's Nest targets (`nest-express`, `nest-fastify`): a Nest app built from the
 * same route table (`TestRoute[]`) and options as every other target, with
 * `VendorCompatModule.forRoot(options)` imported and nothing else, on Nest's Express or Fastify
 * platform, listening on 127.0.0.1 port 0.
 *
 * Nest 12 is ES modules only, which Jest's CommonJS runtime cannot load; Node's own `require`
 * can (require(esm), Node 20.19+). So Nest is loaded by Node's loader, outside Jest's registry,
 * and handed to the library under test (loaded by Jest like every other adapter) with
 * `jest.doMock('@nestjs/common' | '@nestjs/core')`. The route table's errors, the options and
 * their `errors` rules stay the test file's own values (no copy, no serialisation), in one
 * process: no child, no IPC, one Nest app per `makeServer` call.
 *
 * `makeServer` is synchronous and hands supertest a server at once: the server Nest's platform
 * runs on (given to it before it creates one), holding connections until the app is initialised.
 */
import http from 'node:http';
import type net from 'node:net';
import type { TestRoute } from '../../support/frameworks';
import type * as NestEntry from '../../../src/nest';
import type { VendorCompatOptions } from '../../../src/core/app-config';
import type { RouteTableOptions } from '../../../src/core/routes/types';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

/** The Nest packages, as Node's loader loads them. */
interface NativeNest {
  readonly common: any;
  readonly core: any;
  readonly platformExpress: any;
  readonly platformFastify: any;
}

let native: NativeNest | undefined;

/**
 * Node's own `require` (Jest hands test code a `module` whose `createRequire` is Jest's; the
 * class it extends is Node's `Module`), and Nest through it.
 */
function nativeNest(): NativeNest {
  if (native !== undefined) return native;
  const jestModule = require('node:module') as object;
  const NodeModule = Object.getPrototypeOf(jestModule) as { createRequire: (path: string) => NodeJS.Require };
  const load = NodeModule.createRequire(__filename);
  native = {
    common: load('@nestjs/common'),
    core: load('@nestjs/core'),
    platformExpress: load('@nestjs/platform-express'),
    platformFastify: load('@nestjs/platform-fastify'),
  };
  return native;
}

/** The library's Nest entry, bound to Node-loaded Nest. */
function nestEntry(nest: NativeNest): typeof NestEntry {
  jest.doMock('@nestjs/common', () => nest.common);
  jest.doMock('@nestjs/core', () => nest.core);
  return require('../../../src/nest') as typeof NestEntry;
}

/** Apps to close when the test file ends. */
const running = new Set<{ close: () => Promise<void> }>();
if (typeof afterAll === 'function') {
  afterAll(async () => {
    const apps = [...running];
    running.clear();
    await Promise.all(apps.map((app) => app.close().catch(() => undefined)));
  });
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

/**
 * The route table's per-path precondition overrides as the module's `routes` option (a key with
 * no method: every method on the path), the Nest way to say what `vc.route(overrides)` says on
 * Express.
 */
function routeTable(routes: readonly TestRoute[]): RouteTableOptions | undefined {
  const entries = routes.flatMap((route) => (route.preconditions === undefined ? [] : [[route.path, route.preconditions] as const]));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** One controller serving the route table: a handler per route, answering 200 as the other targets do. */
function controllerFor(nest: NativeNest, platform: 'express' | 'fastify', routes: readonly TestRoute[], service: unknown): unknown {
  const { common } = nest;
  class ContractController {
    constructor(readonly vc: NestEntry.VendorCompatService) {}
  }
  common.Inject(service)(ContractController, undefined, 0);
  routes.forEach((route, index) => {
    const name = `route${String(index)}`;
    const handler = function (this: unknown, req: any, res: any): unknown {
      for (const [header, value] of Object.entries(route.setHeaders ?? {})) {
        if (platform === 'fastify') res.header(header, value);
        else res.setHeader(header, value);
      }
      if (route.readBody === true) {
        const raw = (platform === 'fastify' ? req.raw : req) as http.IncomingMessage;
        return new Promise((resolve) => readBody(raw, (received) => resolve({ received })));
      }
      if (route.throws === undefined) return route.body ?? { ok: true };
      if (route.embedInOk === true) {
        // The service's sendError, as a route answers with an adapter's (Fastify's reply is hijacked).
        (this as ContractController).vc.sendError(req, res, route.throws(), { embedInOk: true });
        return undefined;
      }
      if (route.async === true) return Promise.resolve().then(() => Promise.reject(route.throws?.()));
      throw route.throws();
    };
    const descriptor: PropertyDescriptor = { value: handler, writable: true, configurable: true };
    // Applied as TypeScript's decorator output applies them (last first); this realm's `Reflect`
    // has no `decorate`: Nest's metadata lives in the `Reflect` of the realm Node loaded it in.
    for (const decorate of [common.RequestMapping({ path: route.path, method: common.RequestMethod[route.method] }), common.HttpCode(200)].reverse()) decorate(ContractController.prototype, name, descriptor);
    Object.defineProperty(ContractController.prototype, name, descriptor);
    common.Req()(ContractController.prototype, name, 0);
    // Nest sends the handler's value, but for a route that answers through sendError itself.
    common.Res({ passthrough: route.embedInOk !== true })(ContractController.prototype, name, 1);
  });
  common.Controller()(ContractController);
  return ContractController;
}

/**
 * Builds the app on `server` (Nest's own server: the Express platform's request listener, or
 * Fastify's through `serverFactory`) and initialises it without listening: supertest listens.
 */
async function startNest(server: http.Server, platform: 'express' | 'fastify', options: VendorCompatOptions, routes: readonly TestRoute[]): Promise<void> {
  const nest = nativeNest();
  const { VendorCompatModule, VendorCompatService } = nestEntry(nest);
  const table = routeTable(routes);
  const moduleOptions = table === undefined ? options : { ...options, routes: { ...table, ...(options.routes as RouteTableOptions | undefined) } };
  class AppModule {}
  nest.common.Module({ imports: [VendorCompatModule.forRoot(moduleOptions as never)], controllers: [controllerFor(nest, platform, routes, VendorCompatService)] })(AppModule);
  let adapter: any;
  if (platform === 'fastify') {
    adapter = new nest.platformFastify.FastifyAdapter({
      serverFactory: (handler: http.RequestListener) => server.on('request', handler),
    });
    // As the Fastify target does: one catch-all parser that leaves the body unread.
    const instance = adapter.getInstance();
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request: unknown, _payload: unknown, done: (error: null) => void) => done(null));
  } else {
    adapter = new nest.platformExpress.ExpressAdapter();
    // The server Nest creates (`http.createServer(expressApp)`) is this one.
    const initHttpServer = adapter.initHttpServer as (this: any, options: unknown) => void;
    adapter.initHttpServer = function initOnServer(this: any, initOptions: unknown): void {
      initHttpServer.call(this, initOptions);
      server.on('request', this.getInstance());
      this.httpServer = server;
    };
  }
  // No body parser, as the Express target has none: routes read the raw body themselves.
  const app = await nest.core.NestFactory.create(AppModule, adapter, { logger: false, bodyParser: false, abortOnError: false });
  running.add(app);
  await app.init();
  if (platform === 'fastify') await adapter.getInstance().ready();
  if (app.getHttpServer() !== server) throw new Error('Nest did not take the server it was given');
}

/**
 * Nest's own HTTP server for an app built from `options` and `routes`, returned at once (for the
 * synchronous `makeServer`): connections wait until the app is initialised, then go to Node's
 * HTTP parser as on any server. supertest listens on it (port 0) as on every other target.
 *
 * @example
 * const server = nestContractServer('fastify', { profile: 'hcp' }, [{ method: 'GET', path: '/ok' }])
 * await request(server).get('/ok').expect(200)
 */
export function nestContractServer(platform: 'express' | 'fastify', options: VendorCompatOptions, routes: readonly TestRoute[]): http.Server {
  const server = http.createServer();
  const parse = server.listeners('connection') as Array<(socket: net.Socket) => void>;
  server.removeAllListeners('connection');
  const held: net.Socket[] = [];
  const hold = (socket: net.Socket): void => void held.push(socket);
  server.on('connection', hold);
  startNest(server, platform, options, routes).then(
    () => {
      server.removeListener('connection', hold);
      for (const listener of parse) server.on('connection', listener);
      for (const socket of held.splice(0)) server.emit('connection', socket);
    },
    (error: unknown) => {
      if (process.env.VC_NEST_DEBUG !== undefined) console.error(error);
      for (const socket of held.splice(0)) socket.destroy();
      server.removeListener('connection', hold);
      server.on('connection', (socket: net.Socket) => socket.destroy());
    },
  );
  return server;
}
