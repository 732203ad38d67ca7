'use strict';
/**
 * Server-level comparison apps for all nine targets: each serves the same JSON GET route,
 * `GET /v1/items/:id` → 200 `{ id, name, capacity, status }`, in three variants:
 *
 *   server-<target>-bare     the framework alone
 *   server-<target>-header   the framework setting X-Request-Id by hand (the floor for apig/mpc)
 *   server-<target>-vc       the framework with vendor-compat mounted as its README says
 *   server-<target>-empty    (Fastify, Hono) one empty `onRequest` hook / middleware: what any
 *                            plugin that hooks every request costs (a reference, no target)
 *
 * Targets: express5, express4, koa3, koa2, fastify5, fastify4, hono (on @hono/node-server),
 * fetch (the Fetch entry behind @hono/node-server's request listener), node (node:http), and
 * nest-express, nest-fastify (Nest 12 with VendorCompatModule, bench/nest-apps.js).
 */
const http = require('node:http');
const path = require('node:path');

const DIST = path.join(__dirname, '..', 'dist');
const ITEM = Object.freeze({ id: 'ldev-1', name: 'volume one', capacity: 1024, status: 'NORMAL' });
const ITEM_PATH = /^\/v1\/items\/([^/?]+)(?:\?|$)/;
let counter = 0;

function loadDist(entry, dist) {
  return require(path.join(dist === undefined ? DIST : path.resolve(dist), `${entry}.cjs`));
}

/** A distinct id per response, as cheap as a hand-written one gets. */
function handSetId() {
  return `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`;
}

// --- Express 4 / 5 ---------------------------------------------------------------------------

function expressApp(moduleName, variant, { profile, dist }) {
  const express = require(moduleName);
  const app = express();
  let vc;
  if (variant === 'vc') {
    vc = loadDist('express', dist).vendorCompat({ profile });
    app.use(vc.preconditions);
  } else if (variant === 'header') {
    app.use((_req, res, next) => {
      res.setHeader('X-Request-Id', handSetId());
      next();
    });
  }
  app.get('/v1/items/:id', (req, res) => {
    res.json({ ...ITEM, id: req.params.id });
  });
  if (vc !== undefined) {
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    return vc.attach(http.createServer(app));
  }
  return http.createServer(app);
}

// --- Koa 2 / 3 -------------------------------------------------------------------------------

function koaApp(moduleName, variant, { profile, dist }) {
  const Koa = require(moduleName);
  const app = new Koa();
  app.silent = true;
  let vc;
  if (variant === 'vc') {
    vc = loadDist('koa', dist).vendorCompat({ profile });
    app.use(vc.preconditions);
  } else if (variant === 'header') {
    app.use((ctx, next) => {
      ctx.res.setHeader('X-Request-Id', handSetId());
      return next();
    });
  }
  app.use((ctx) => {
    const match = ctx.method === 'GET' ? ITEM_PATH.exec(ctx.url) : null;
    if (match === null) {
      ctx.status = 404;
      return;
    }
    ctx.body = { ...ITEM, id: match[1] };
  });
  const server = http.createServer(app.callback());
  return vc === undefined ? server : vc.attach(server);
}

// --- Fastify 4 / 5 ---------------------------------------------------------------------------

/** A Fastify app on a plain http.Server (serverFactory), answering only once it is ready. */
function fastifyApp(moduleName, variant, { profile, dist }) {
  const Fastify = require(moduleName);
  let ready = false;
  const waiting = [];
  const app = Fastify({
    serverFactory: (handler) => http.createServer((req, res) => (ready ? handler(req, res) : waiting.push(() => handler(req, res)))),
  });
  if (variant === 'vc') app.register(loadDist('fastify', dist).default, { profile });
  else if (variant === 'empty') app.addHook('onRequest', (_request, _reply, done) => done());
  else if (variant === 'header') {
    app.addHook('onRequest', (_request, reply, done) => {
      reply.raw.setHeader('X-Request-Id', handSetId());
      done();
    });
  }
  app.register(async (routes) => {
    routes.get('/v1/items/:id', async (request) => ({ ...ITEM, id: request.params.id }));
  });
  app.ready().then(() => {
    ready = true;
    for (const run of waiting.splice(0)) run();
  });
  return app.server;
}

// --- Hono on @hono/node-server ---------------------------------------------------------------

function honoApp(variant, { profile, dist }) {
  const { Hono } = require('hono');
  const { getRequestListener } = require('@hono/node-server');
  const app = new Hono();
  let vc;
  if (variant === 'vc') {
    vc = loadDist('hono', dist).vendorCompat({ profile });
    app.use(vc.preconditions);
  } else if (variant === 'empty') {
    app.use(async (_c, next) => {
      await next();
    });
  } else if (variant === 'header') {
    app.use(async (c, next) => {
      c.header('X-Request-Id', handSetId());
      await next();
    });
  }
  app.get('/v1/items/:id', (c) => c.json({ ...ITEM, id: c.req.param('id') }));
  if (vc !== undefined) {
    app.onError(vc.errorHandler);
    app.notFound(vc.notFound);
    return http.createServer(getRequestListener(app.fetch, { errorHandler: vc.requestError }));
  }
  return http.createServer(getRequestListener(app.fetch));
}

// --- The Fetch entry behind @hono/node-server ---------------------------------------------------

/** A plain Fetch handler: what a Worker's `fetch` looks like. */
function fetchHandler(request) {
  const match = request.method === 'GET' ? ITEM_PATH.exec(request.url.slice(request.url.indexOf('/', 8))) : null;
  if (match === null) return new Response(null, { status: 404 });
  return Response.json({ ...ITEM, id: match[1] });
}

function fetchApp(variant, { profile, dist }) {
  const { getRequestListener } = require('@hono/node-server');
  if (variant === 'vc') {
    const vc = loadDist('fetch', dist).vendorCompat({ profile });
    const handler = vc.wrap((request) => {
      const response = fetchHandler(request);
      return response.status === 404 ? vc.notFound(request) : response;
    });
    return http.createServer(getRequestListener(handler));
  }
  if (variant === 'header') {
    return http.createServer(
      getRequestListener((request) => {
        const response = fetchHandler(request);
        response.headers.set('X-Request-Id', handSetId());
        return response;
      }),
    );
  }
  return http.createServer(getRequestListener(fetchHandler));
}

// --- node:http -------------------------------------------------------------------------------

function nodeRoute(req, res) {
  const match = req.method === 'GET' ? ITEM_PATH.exec(req.url) : null;
  if (match === null) return false;
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ ...ITEM, id: match[1] }));
  return true;
}

function nodeApp(variant, { profile, dist }) {
  if (variant === 'vc') {
    const vc = loadDist('node', dist).vendorCompat({ profile });
    return vc.attach(
      http.createServer((req, res) => {
        if (!vc.preconditions(req, res)) return;
        if (!nodeRoute(req, res)) vc.notFound(req, res);
      }),
    );
  }
  return http.createServer((req, res) => {
    if (variant === 'header') res.setHeader('X-Request-Id', handSetId());
    if (!nodeRoute(req, res)) {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end('{"error":"Not Found"}');
    }
  });
}

/** target id → [title, factory(variant, scenario)]. */
const TARGETS = {
  express5: ['Express 5', (variant, scenario) => expressApp('express', variant, scenario)],
  express4: ['Express 4', (variant, scenario) => expressApp('express4', variant, scenario)],
  koa3: ['Koa 3', (variant, scenario) => koaApp('koa', variant, scenario)],
  koa2: ['Koa 2', (variant, scenario) => koaApp('koa2', variant, scenario)],
  fastify5: ['Fastify 5', (variant, scenario) => fastifyApp('fastify', variant, scenario)],
  fastify4: ['Fastify 4', (variant, scenario) => fastifyApp('fastify4', variant, scenario)],
  hono: ['Hono 4 (@hono/node-server)', honoApp],
  fetch: ['Fetch entry (@hono/node-server)', fetchApp],
  node: ['node:http', nodeApp],
  // Nest 12 on its two platforms, with VendorCompatModule imported (bench/nest-apps.js).
  'nest-express': ['Nest 12 (Express platform)', (variant, scenario) => require('./nest-apps').nestApp('express', variant, scenario)],
  'nest-fastify': ['Nest 12 (Fastify platform)', (variant, scenario) => require('./nest-apps').nestApp('fastify', variant, scenario)],
};

const serverApps = {};
for (const [id, [, factory]] of Object.entries(TARGETS)) {
  for (const variant of ['bare', 'header', 'vc', 'empty']) serverApps[`server-${id}-${variant}`] = (scenario) => factory(variant, scenario);
}

module.exports = { serverApps, TARGETS };
