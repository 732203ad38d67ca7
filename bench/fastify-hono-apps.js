'use strict';
/**
 * Fastify 5 and Hono 4 (on @hono/node-server) servers for the bench, the same three routes as
 * bench/apps.js: GET /v1/items/:id (200), POST /v1/items (201, JSON body), GET /v1/tenants/:id
 * (throws createError(404, …)). Each has a bare variant, a variant with the one header APIG sets on
 * every response set by hand (the floor for `apig`/`mpc`), and the vendor-compat variant.
 */
const http = require('node:http');
const path = require('node:path');
const createError = require('http-errors');

const DIST = path.join(__dirname, '..', 'dist');
const ITEM = Object.freeze({ id: 'ldev-1', name: 'volume one', capacity: 1024, status: 'NORMAL' });
let counter = 0;

function loadDist(entry, dist) {
  return require(path.join(dist === undefined ? DIST : path.resolve(dist), `${entry}.cjs`));
}

function handSetId() {
  return `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`;
}

/** A Fastify app on a plain http.Server (serverFactory), ready before the server listens. */
function fastifyServer(setup) {
  const Fastify = require('fastify');
  let ready = false;
  const waiting = [];
  const app = Fastify({
    serverFactory: (handler) => http.createServer((req, res) => (ready ? handler(req, res) : waiting.push(() => handler(req, res)))),
  });
  setup(app);
  app.register(async (routes) => {
    routes.get('/v1/items/:id', async (request) => ({ ...ITEM, id: request.params.id }));
    routes.post('/v1/items', async (request, reply) => reply.code(201).send({ created: true, name: request.body.name }));
    routes.get('/v1/tenants/:id', async (request) => {
      throw createError(404, `Tenant ${request.params.id} does not exist`);
    });
  });
  app.ready().then(() => {
    ready = true;
    for (const run of waiting.splice(0)) run();
  });
  return app.server;
}

/** A Hono app served by @hono/node-server's request listener. */
function honoServer(setup, finish) {
  const { Hono } = require('hono');
  const { getRequestListener } = require('@hono/node-server');
  const app = new Hono();
  const extra = setup(app) || {};
  app.get('/v1/items/:id', (c) => c.json({ ...ITEM, id: c.req.param('id') }));
  app.post('/v1/items', async (c) => c.json({ created: true, name: (await c.req.json()).name }, 201));
  app.get('/v1/tenants/:id', (c) => {
    throw createError(404, `Tenant ${c.req.param('id')} does not exist`);
  });
  if (finish) finish(app);
  return http.createServer(getRequestListener(app.fetch, extra));
}

/** What a user writes by hand for Hono: status from the error, JSON body, 5xx messages hidden. */
function honoMinimalOnError(err, c) {
  const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
  return c.json({ error: status < 500 ? err.message : 'Internal Server Error' }, status);
}

const fastifyHonoApps = {
  'fastify-bare'() {
    return fastifyServer(() => undefined);
  },
  'fastify-header'() {
    return fastifyServer((app) => {
      app.addHook('onRequest', (_request, reply, done) => {
        reply.raw.setHeader('X-Request-Id', handSetId());
        done();
      });
    });
  },
  /** Fastify with a hand-written JSON error handler (the error-path baseline). */
  'fastify-error-minimal'() {
    return fastifyServer((app) => {
      app.setErrorHandler((err, _request, reply) => {
        const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
        reply.code(status).send({ error: status < 500 ? err.message : 'Internal Server Error' });
      });
    });
  },
  'fastify-vc'({ profile, dist }) {
    const vendorCompat = loadDist('fastify', dist).default;
    return fastifyServer((app) => {
      app.register(vendorCompat, { profile });
    });
  },
  'hono-bare'() {
    return honoServer(() => undefined, (app) => app.onError(honoMinimalOnError));
  },
  'hono-header'() {
    return honoServer((app) => {
      app.use(async (c, next) => {
        c.header('X-Request-Id', handSetId());
        await next();
      });
    }, (app) => app.onError(honoMinimalOnError));
  },
  'hono-vc'({ profile, dist }) {
    const vc = loadDist('hono', dist).vendorCompat({ profile });
    return honoServer(
      (app) => {
        app.use(vc.preconditions);
        return { errorHandler: vc.requestError };
      },
      (app) => {
        app.onError(vc.errorHandler);
        app.notFound(vc.notFound);
      },
    );
  },
};

module.exports = { fastifyHonoApps };
