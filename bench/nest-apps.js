'use strict';
/**
 * Server-level apps for Nest (the root's Nest 12, loaded with Node's require(esm)) on its Express
 * and its Fastify platform, for bench/server-apps.js: `GET /v1/items/:id` → 200
 * `{ id, name, capacity, status }` from a controller, in three variants:
 *
 *   bare     Nest alone (its default body parsers, its own exception filter)
 *   header   Nest with X-Request-Id set by hand, where the module sets it (an Express middleware
 *            on the Express platform, an `onRequest` hook on Fastify)
 *   vc       Nest with `VendorCompatModule.forRoot({ profile })` imported, nothing else
 *
 * The server is Nest's own (the Express platform's `http.createServer(app)`, Fastify's through
 * `serverFactory`), returned at once for bench/server.js to listen on; requests that arrive
 * before `app.init()` has finished wait for it.
 */
const http = require('node:http');
const path = require('node:path');

const DIST = path.join(__dirname, '..', 'dist');
const ITEM = Object.freeze({ id: 'ldev-1', name: 'volume one', capacity: 1024, status: 'NORMAL' });
let counter = 0;

function handSetId() {
  return `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`;
}

function loadDist(entry, dist) {
  return require(path.join(dist === undefined ? DIST : path.resolve(dist), `${entry}.cjs`));
}

/** The controller, decorated as TypeScript's `experimentalDecorators` output does. */
function itemsController(common) {
  class ItemsController {
    show(id) {
      return { ...ITEM, id };
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(ItemsController.prototype, 'show');
  Object.defineProperty(ItemsController.prototype, 'show', Reflect.decorate([common.Get(':id')], ItemsController.prototype, 'show', descriptor));
  common.Param('id')(ItemsController.prototype, 'show', 0);
  Reflect.defineMetadata('design:paramtypes', [String], ItemsController.prototype, 'show');
  common.Controller('v1/items')(ItemsController);
  return ItemsController;
}

/**
 * @param {'express' | 'fastify'} platform
 * @param {'bare' | 'header' | 'vc'} variant
 */
function nestApp(platform, variant, { profile, dist }) {
  const common = require('@nestjs/common');
  const core = require('@nestjs/core');
  let ready = false;
  let handler;
  const waiting = [];
  const server = http.createServer((req, res) => (ready ? handler(req, res) : waiting.push(() => handler(req, res))));
  const imports = variant === 'vc' ? [loadDist('nest', dist).VendorCompatModule.forRoot({ profile })] : [];
  class AppModule {}
  common.Module({ imports, controllers: [itemsController(common)] })(AppModule);
  let adapter;
  if (platform === 'fastify') {
    const { FastifyAdapter } = require('@nestjs/platform-fastify');
    adapter = new FastifyAdapter({
      serverFactory: (h) => {
        handler = h;
        return server;
      },
    });
    if (variant === 'header') {
      adapter.getInstance().addHook('onRequest', (_request, reply, done) => {
        reply.raw.setHeader('X-Request-Id', handSetId());
        done();
      });
    }
  } else {
    const { ExpressAdapter } = require('@nestjs/platform-express');
    adapter = new ExpressAdapter();
    const initHttpServer = adapter.initHttpServer;
    adapter.initHttpServer = function initOnServer(options) {
      initHttpServer.call(this, options);
      handler = this.getInstance();
      this.httpServer = server;
    };
    if (variant === 'header') {
      adapter.getInstance().use((_req, res, next) => {
        res.setHeader('X-Request-Id', handSetId());
        next();
      });
    }
  }
  core.NestFactory.create(AppModule, adapter, { logger: false, abortOnError: false })
    .then(async (app) => {
      await app.init();
      if (platform === 'fastify') await adapter.getInstance().ready();
      ready = true;
      for (const run of waiting.splice(0)) run();
    })
    .catch((error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    });
  return server;
}

module.exports = { nestApp };
