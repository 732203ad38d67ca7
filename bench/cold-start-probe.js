'use strict';
let started = process.cpuUsage(); // first line: everything below is charged to the cold start
/**
 * One cold start, in a fresh process: `import` of one entry point + `vendorCompat({ profile })` +
 * the first rendered error, measured with `process.cpuUsage()` (user + system CPU) from the first
 * line of this script. Prints one JSON line: { entry, profile, requireMs, defineMs, renderMs,
 * totalMs, status }.
 *
 *   node bench/cold-start-probe.js express apig
 *   node bench/cold-start-probe.js framework:express      (the framework's own load time)
 *
 * The first render goes through each adapter's own unmatched-route path (`notFound`) with the
 * smallest stand-ins the adapter reads (a real `IncomingMessage`/`ServerResponse` pair without a
 * socket, a Fetch `Request`); building the stand-ins is not counted (it is the server's or the
 * runtime's work, not the library's), so `totalMs` = require + define + render.
 *
 * Environment: COLD_DIST=path/to/dist (default: ./dist); COLD_PACKAGES=1 adds `packages`, the
 * npm packages loaded by then (after the measurement, from `require.cache`); COLD_PRELOAD=express
 * (a module name) loads that module first and starts the clock after it: the library's cost in
 * an app that has already loaded its framework (Node's module loader warmed up, node:http loaded).
 */
const path = require('node:path');

if (process.env.COLD_PRELOAD) {
  require(process.env.COLD_PRELOAD);
  started = process.cpuUsage();
}

const entry = process.argv[2] ?? 'express';
const profile = process.argv[3] ?? 'apig';
const dist = path.resolve(process.env.COLD_DIST ?? path.join(__dirname, '..', 'dist'));

/** CPU milliseconds (user + system) since `from`. */
function cpuMs(from) {
  const usage = process.cpuUsage(from);
  return (usage.user + usage.system) / 1000;
}

/** The framework packages the bench compares against (the name each resolves to in node_modules). */
const FRAMEWORKS = {
  express: 'express',
  express4: 'express4',
  koa: 'koa',
  koa2: 'koa2',
  fastify: 'fastify',
  fastify4: 'fastify4',
  hono: 'hono',
  'hono-node-server': '@hono/node-server',
};

function nodePair() {
  const http = require('node:http');
  const req = new http.IncomingMessage(null);
  req.method = 'GET';
  req.url = '/missing';
  req.originalUrl = '/missing';
  req.headers = { host: 'localhost', accept: 'application/json' };
  req.rawHeaders = ['Host', 'localhost', 'Accept', 'application/json'];
  const res = new http.ServerResponse(req);
  return { req, res };
}

function fetchRequest() {
  return new Request('http://localhost/missing', { headers: { accept: 'application/json' } });
}

/** The stand-ins and the one call that renders the first error through `entry`'s own path. */
const ENTRIES = {
  root: {
    file: 'index.cjs',
    define: (lib) => lib.profiles[profile],
    stage: () => undefined,
    render: (lib, built) => lib.render(lib.notFound(), built, { method: 'GET', path: '/missing', headers: {} }).status,
  },
  express: {
    file: 'express.cjs',
    define: (lib) => lib.vendorCompat({ profile }),
    stage: nodePair,
    render: (lib, vc, { req, res }) => {
      vc.notFound(req, res, (error) => {
        throw error ?? new Error('notFound called next()');
      });
      return res.statusCode;
    },
  },
  koa: {
    file: 'koa.cjs',
    define: (lib) => lib.vendorCompat({ profile }),
    stage: () => {
      const { req, res } = nodePair();
      return { req, res, ctx: { req, res, method: 'GET', originalUrl: '/missing', respond: true } };
    },
    render: (lib, vc, { ctx, res }) => {
      vc.notFound(ctx);
      return res.statusCode;
    },
  },
  node: {
    file: 'node.cjs',
    define: (lib) => lib.vendorCompat({ profile }),
    stage: nodePair,
    render: (lib, vc, { req, res }) => {
      vc.notFound(req, res);
      return res.statusCode;
    },
  },
  fastify: {
    file: 'fastify.cjs',
    // The plugin registered on the smallest stand-in of a Fastify instance that keeps its handlers.
    define: (lib) => {
      const handlers = {};
      const app = {
        version: '5.0.0',
        hasDecorator: () => false,
        decorate: () => undefined,
        addHook: () => undefined,
        setErrorHandler: (handler) => (handlers.error = handler),
        setNotFoundHandler: (handler) => (handlers.notFound = handler),
        initialConfig: {},
      };
      let failure;
      lib.vendorCompat(app, { profile }, (error) => (failure = error));
      if (failure) throw failure;
      return handlers;
    },
    stage: nodePair,
    render: (lib, handlers, { req, res }) => {
      handlers.notFound({ raw: req, url: '/missing' }, { raw: res, hijack: () => undefined, getHeaders: () => ({}) });
      return res.statusCode;
    },
  },
  hono: {
    file: 'hono.cjs',
    define: (lib) => lib.vendorCompat({ profile }),
    stage: fetchRequest,
    render: (lib, vc, request) => vc.notFound({ req: { raw: request }, env: undefined }).status,
  },
  fetch: {
    file: 'fetch.cjs',
    define: (lib) => lib.vendorCompat({ profile }),
    stage: fetchRequest,
    render: (lib, vc, request) => vc.notFound(request).status,
  },
};

function main() {
  if (entry.startsWith('framework:')) {
    const name = FRAMEWORKS[entry.slice('framework:'.length)];
    if (name === undefined) throw new Error(`unknown framework ${entry}`);
    require(name);
    return { entry, requireMs: cpuMs(started), totalMs: cpuMs(started) };
  }
  const spec = ENTRIES[entry];
  if (spec === undefined) throw new Error(`unknown entry ${entry}; one of ${Object.keys(ENTRIES).join(', ')}`);
  const lib = require(path.join(dist, spec.file));
  const requireMs = cpuMs(started);
  const beforeDefine = process.cpuUsage();
  const built = spec.define(lib);
  const defineMs = cpuMs(beforeDefine);
  const stage = spec.stage(); // not counted: the server's or the runtime's objects
  const beforeRender = process.cpuUsage();
  const status = spec.render(lib, built, stage);
  const renderMs = cpuMs(beforeRender);
  const result = { entry, profile, requireMs, defineMs, renderMs, totalMs: requireMs + defineMs + renderMs, status };
  return process.env.COLD_PACKAGES === '1' ? { ...result, packages: loadedPackages() } : result;
}

/** The npm packages in `require.cache`, by name. */
function loadedPackages() {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const at = file.lastIndexOf(`node_modules${path.sep}`);
    if (at === -1) continue;
    const parts = file.slice(at + 'node_modules/'.length).split(path.sep);
    names.add(parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  return [...names].sort();
}

process.stdout.write(`${JSON.stringify(main())}\n`);
