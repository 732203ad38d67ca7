'use strict';
/**
 * The servers under test. Each factory returns an `http.Server` (not yet listening) for one
 * scenario; `bench/server.js` runs one of them per child process.
 *
 * Every variant of a comparison serves the same routes with the same handlers; only the part
 * being measured differs (vendor-compat's middleware, the error handler, the validator).
 *
 *   GET  /v1/items/:id     200 JSON            (happy path, preconditions)
 *   POST /v1/items         201 JSON echo       (happy path, preconditions; small JSON body)
 *   GET  /v1/tenants/:id   throws createError(404, 'Tenant <id> does not exist')   (error path)
 */
const http = require('node:http');
const path = require('node:path');
const createError = require('http-errors');

const DIST = path.join(__dirname, '..', 'dist');
/** The build under test; a scenario may name another one (`dist`, see BENCH_AB_DIST in run.js). */
let distDir = DIST;
/** For the hand-set request-id references: a distinct id per response. */
let counter = 0;
const ITEM = Object.freeze({ id: 'ldev-1', name: 'volume one', capacity: 1024, status: 'NORMAL' });

function loadDist(entry) {
  return require(path.join(distDir, `${entry}.cjs`));
}

function tenantError(id) {
  return createError(404, `Tenant ${id} does not exist`);
}

// --- Express -------------------------------------------------------------------------------

function expressRoutes(app, express) {
  app.get('/v1/items/:id', (req, res) => {
    res.json({ ...ITEM, id: req.params.id });
  });
  app.post('/v1/items', express.json(), (req, res) => {
    res.status(201).json({ created: true, name: req.body.name });
  });
  app.get('/v1/tenants/:id', (req) => {
    throw tenantError(req.params.id);
  });
}

/** What a user writes by hand: status from the error, JSON body, 5xx messages hidden. */
function minimalJsonErrorHandler(err, _req, res, _next) {
  const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
  res.status(status).json({ error: status < 500 ? err.message : 'Internal Server Error' });
}

function newExpress() {
  const express = require('express');
  const app = express();
  return { app, express };
}

const expressApps = {
  /** Bare Express 5: body parser and routes, Express's own 404 and error handling. */
  'express-bare'() {
    const { app, express } = newExpress();
    expressRoutes(app, express);
    return http.createServer(app);
  },
  /** Express 5 with vc.preconditions first and vc.notFound, vc.errorHandler last. */
  'express-vc'({ profile }) {
    const { app, express } = newExpress();
    const vc = loadDist('express').vendorCompat({ profile });
    app.use(vc.preconditions);
    expressRoutes(app, express);
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    return vc.attach(http.createServer(app));
  },
  /** A reference, not a contender: one empty middleware, the floor for any Express middleware. */
  'express-noop'() {
    const { app, express } = newExpress();
    app.use((_req, _res, next) => next());
    expressRoutes(app, express);
    return http.createServer(app);
  },
  /** A reference: bare, plus the one header APIG requires on every response, set by hand. */
  'express-header'() {
    const { app, express } = newExpress();
    app.use((_req, res, next) => {
      res.setHeader('X-Request-Id', `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`);
      next();
    });
    expressRoutes(app, express);
    return http.createServer(app);
  },
  'express-error-minimal'() {
    const { app, express } = newExpress();
    expressRoutes(app, express);
    app.use(minimalJsonErrorHandler);
    return http.createServer(app);
  },
  /** Unmatched routes answered by a hand-written JSON 404 (the counterpart of vc.notFound). */
  'express-notfound-minimal'() {
    const { app, express } = newExpress();
    expressRoutes(app, express);
    app.use((_req, res) => {
      res.status(404).json({ error: 'Not Found' });
    });
    app.use(minimalJsonErrorHandler);
    return http.createServer(app);
  },
  'express-notfound-vc'({ profile }) {
    const { app, express } = newExpress();
    const vc = loadDist('express').vendorCompat({ profile });
    expressRoutes(app, express);
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    return http.createServer(app);
  },
  /** The error handler alone, so that the comparison isolates it. */
  'express-error-vc'({ profile }) {
    const { app, express } = newExpress();
    const vc = loadDist('express').vendorCompat({ profile });
    expressRoutes(app, express);
    app.use(vc.errorHandler);
    return http.createServer(app);
  },
  /** No error handler: Express's finalhandler answers (NODE_ENV=production: no stack). */
  'express-error-default'() {
    const { app, express } = newExpress();
    expressRoutes(app, express);
    return http.createServer(app);
  },
};

// --- express-openapi-validator against vc.preconditions ---------------------------------------

const OPENAPI_SPEC = Object.freeze({
  openapi: '3.0.3',
  info: { title: 'bench', version: '1.0.0' },
  paths: {
    '/v1/items': {
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { 201: { description: 'created' } },
      },
    },
    '/v1/items/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'ok' } },
      },
    },
  },
});

/** A hand-written error handler that also forwards EOV's headers (Allow on 405). */
function eovErrorHandler(err, _req, res, _next) {
  const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (err.headers) res.set(err.headers);
  res.status(status).json({ error: status < 500 ? err.message : 'Internal Server Error' });
}

expressApps['express-eov'] = function expressEov() {
  const { app, express } = newExpress();
  const OpenApiValidator = require('express-openapi-validator');
  app.use(express.json());
  app.use(
    OpenApiValidator.middleware({
      apiSpec: JSON.parse(JSON.stringify(OPENAPI_SPEC)),
      validateRequests: true,
      validateResponses: false,
    }),
  );
  app.get('/v1/items/:id', (req, res) => {
    res.json({ ...ITEM, id: req.params.id });
  });
  app.post('/v1/items', (req, res) => {
    res.status(201).json({ created: true, name: req.body.name });
  });
  app.use(eovErrorHandler);
  return http.createServer(app);
};

/** vc.preconditions (profile defaults) and per-route settings from bench/precondition-routes.js. */
expressApps['express-vc-preconditions'] = function expressVcPreconditions({ profile }) {
  const { app, express } = newExpress();
  const vc = loadDist('express').vendorCompat({ profile });
  app.use(vc.preconditions);
  require('./precondition-routes')
    .expressRouteSettings(vc)
    .mount(app, express, {
      getItem: (req, res) => {
        res.json({ ...ITEM, id: req.params.id });
      },
      postItem: (req, res) => {
        res.status(201).json({ created: true, name: req.body.name });
      },
    });
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return vc.attach(http.createServer(app));
};

// --- Koa -----------------------------------------------------------------------------------

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const ITEM_PATH = /^\/v1\/items\/([^/]+)$/;
const TENANT_PATH = /^\/v1\/tenants\/([^/]+)$/;

/** A hand-written router (Koa ships none): the same three routes. */
async function koaRoutes(ctx) {
  if (ctx.method === 'GET') {
    const item = ITEM_PATH.exec(ctx.path);
    if (item) {
      ctx.body = { ...ITEM, id: item[1] };
      return;
    }
    const tenant = TENANT_PATH.exec(ctx.path);
    if (tenant) throw tenantError(tenant[1]);
  } else if (ctx.method === 'POST' && ctx.path === '/v1/items') {
    const body = await readJson(ctx.req);
    ctx.status = 201;
    ctx.body = { created: true, name: body.name };
  }
}

const koaApps = {
  'koa-bare'() {
    const Koa = require('koa');
    const app = new Koa();
    app.silent = true;
    app.use(koaRoutes);
    return http.createServer(app.callback());
  },
  /** A reference: one empty async middleware in front, the floor for any Koa middleware. */
  'koa-noop'() {
    const Koa = require('koa');
    const app = new Koa();
    app.silent = true;
    app.use(async (_ctx, next) => {
      await next();
    });
    app.use(koaRoutes);
    return http.createServer(app.callback());
  },
  /** A reference: bare, plus the one header APIG requires on every response, set by hand. */
  'koa-header'() {
    const Koa = require('koa');
    const app = new Koa();
    app.silent = true;
    app.use((ctx, next) => {
      ctx.res.setHeader('X-Request-Id', `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`);
      return next();
    });
    app.use(koaRoutes);
    return http.createServer(app.callback());
  },
  'koa-vc'({ profile }) {
    const Koa = require('koa');
    const app = new Koa();
    app.silent = true;
    const vc = loadDist('koa').vendorCompat({ profile });
    app.use(vc.preconditions);
    app.use(koaRoutes);
    return vc.attach(http.createServer(app.callback()));
  },
};

// --- node:http -------------------------------------------------------------------------------

function nodeRoute(req, res) {
  const url = req.url;
  if (req.method === 'GET') {
    const item = ITEM_PATH.exec(url);
    if (item) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ ...ITEM, id: item[1] }));
      return Promise.resolve();
    }
    const tenant = TENANT_PATH.exec(url);
    if (tenant) return Promise.reject(tenantError(tenant[1]));
  } else if (req.method === 'POST' && url === '/v1/items') {
    return readJson(req).then((body) => {
      res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ created: true, name: body.name }));
    });
  }
  return Promise.reject(createError(404));
}

const nodeApps = {
  /** Bare node:http: errors answered by a minimal JSON writer. */
  'node-bare'() {
    return http.createServer((req, res) => {
      nodeRoute(req, res).catch((err) => {
        const status = typeof err.status === 'number' ? err.status : 500;
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: status < 500 ? err.message : 'Internal Server Error' }));
      });
    });
  },
  /** A reference: bare, plus the one header APIG requires on every response, set by hand. */
  'node-header'() {
    return http.createServer((req, res) => {
      res.setHeader('X-Request-Id', `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`);
      nodeRoute(req, res).catch((err) => {
        const status = typeof err.status === 'number' ? err.status : 500;
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: status < 500 ? err.message : 'Internal Server Error' }));
      });
    });
  },
  /** node:http with `vc.attach` on the server and `vc.sendError` for anything the route throws. */
  'node-vc'({ profile }) {
    const vc = loadDist('node').vendorCompat({ profile });
    const server = http.createServer((req, res) => {
      nodeRoute(req, res).catch((err) => vc.sendError(req, res, err));
    });
    return vc.attach(server);
  },
  /** The same, with `vc.preconditions(req, res)` first (request id and the profile's checks). */
  'node-vc-preconditions'({ profile }) {
    const vc = loadDist('node').vendorCompat({ profile });
    const server = http.createServer((req, res) => {
      if (!vc.preconditions(req, res)) return;
      nodeRoute(req, res).catch((err) => vc.sendError(req, res, err));
    });
    return vc.attach(server);
  },
};

const FACTORIES = {
  ...expressApps,
  ...koaApps,
  ...nodeApps,
  ...require('./validation-apps').validationApps,
  ...require('./fastify-hono-apps').fastifyHonoApps,
  ...require('./server-apps').serverApps,
};

/**
 * Builds the server for a scenario `{ app, profile? }`. Throws for an unknown app.
 */
function buildServer(scenario) {
  const factory = FACTORIES[scenario.app];
  if (factory === undefined) throw new Error(`unknown bench app ${JSON.stringify(scenario.app)}`);
  if (typeof scenario.dist === 'string') distDir = path.resolve(scenario.dist);
  return factory(scenario);
}

module.exports = { buildServer, OPENAPI_SPEC, APPS: Object.keys(FACTORIES) };
