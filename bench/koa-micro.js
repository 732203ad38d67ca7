'use strict';
/**
 * The Koa adapter's own cost per request, on real Koa 3 contexts.
 *
 * `measureKoa`: the whole of `app.handleRequest(ctx, fn)` (what `app.callback()` runs per
 * request: the composed middleware, the route, Koa's `respond`) over contexts built beforehand from
 * an `IncomingMessage` with the typical GET's headers and a `ServerResponse` with no socket (Node
 * buffers the response). The rows differ only in what runs before the route: nothing (bare Koa
 * 3), one empty async middleware, the X-Request-Id header set by hand, vendor-compat per profile.
 *
 * `measureKoaMiddleware`: the first middleware alone, with a `next` that returns a settled
 * promise; it resolves differences of tens of ns where the whole request does not.
 *
 * Both build PAIRS fresh contexts per row and round, in chunks of CHUNK (built untimed, then run
 * and awaited inside the clock: the promise jobs are part of the cost), rows interleaved, order
 * reversed every other round, the first round a warm-up. Timed by the process's CPU time
 * (`process.cpuUsage`, user + system), not the wall clock: the machine is shared, and wall time
 * counts the other processes' turns on the cores. Reported: the median round, its fastest, and for
 * `measureKoa` "added": the median over the rounds of each round's difference to the bare row of
 * the same round (paired, as bench/run.js pairs its rounds), with the ratio a server would see,
 * (F + bare) / (F + bare + added), F being what this leaves out per request (the socket, the
 * parser, the write: `BENCH_KOA_FIXED_NS`, default 30,000 ns, about what bare Koa 3 spends per
 * GET by CPU on the bench machine beyond this loop).
 *
 *   node bench/koa-micro.js                      # after npm run build
 *   BENCH_MICRO_DIST=.bench-results/dist-before node bench/koa-micro.js
 *   BENCH_KOA_ONLY='(apig),by hand' node bench/koa-micro.js   # bare Koa 3 and the rows naming these
 */
const path = require('node:path');
const http = require('node:http');

const DIST = path.resolve(process.env.BENCH_MICRO_DIST ?? path.join(__dirname, '..', 'dist'));
const CHUNK = 200;
const FIXED_NS = Number(process.env.BENCH_KOA_FIXED_NS ?? 30000);

const ITEM = Object.freeze({ id: 'ldev-1', name: 'volume one', capacity: 1024, status: 'NORMAL' });
const ITEM_PATH = /^\/v1\/items\/([^/]+)$/;

/** The route of bench/apps.js `koaRoutes` for the GET. */
async function koaRoute(ctx) {
  if (ctx.method === 'GET') {
    const item = ITEM_PATH.exec(ctx.path);
    if (item) ctx.body = { ...ITEM, id: item[1] };
  }
}

let counter = 0;
const VARIANTS = {
  'bare Koa 3': () => [],
  '+ one empty async middleware (reference)': () => [
    async (_ctx, next) => {
      await next();
    },
  ],
  '+ X-Request-Id set by hand (reference)': () => [
    (ctx, next) => {
      ctx.res.setHeader('X-Request-Id', `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`);
      return next();
    },
  ],
};
for (const profile of ['vsp', 'hcp', 'stratos', 'problem', 'apig', 'mpc']) {
  VARIANTS[`+ vc (${profile})`] = () => [require(path.join(DIST, 'koa.cjs')).vendorCompat({ profile }).preconditions];
}

function appFor(variant) {
  const Koa = require('koa');
  const app = new Koa();
  app.silent = true;
  for (const middleware of VARIANTS[variant]()) app.use(middleware);
  app.use(koaRoute);
  return { app, fn: app.compose ? app.compose(app.middleware) : require('koa-compose')(app.middleware) };
}

function contexts(app, count, view) {
  const out = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const req = new http.IncomingMessage(null);
    req.method = view.method;
    req.url = view.url;
    req.headers = view.headers;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    const res = new http.ServerResponse(req);
    out[i] = app.createContext(req, res);
  }
  return out;
}

/**
 * Returns one row per variant: median ns per request, p75, and the ratio to bare Koa 3.
 */
async function measureKoa({ pairs, rounds } = {}) {
  const quick = Number(process.env.BENCH_MICRO_TIME ?? 1000) < 500;
  const PAIRS = pairs ?? (quick ? 2000 : 10000);
  const ROUNDS = rounds ?? (quick ? 3 : 9);
  const view = require('./precondition-routes').typicalViews().get;
  const only = (process.env.BENCH_KOA_ONLY ?? '').split(',').filter(Boolean);
  const names = Object.keys(VARIANTS).filter((name, i) => i === 0 || only.length === 0 || only.some((part) => name.includes(part)));
  const apps = names.map(appFor);
  const samples = names.map(() => []);
  for (let round = 0; round < ROUNDS + 1; round += 1) {
    const order = round % 2 === 0 ? names.map((_, i) => i) : names.map((_, i) => names.length - 1 - i);
    for (const i of order) {
      const { app, fn } = apps[i];
      // Small chunks, so that the contexts die young as a server's do (5,000 live at once spent
      // half the time in the garbage collector).
      let cpu = 0;
      let first;
      for (let done = 0; done < PAIRS; done += CHUNK) {
        const ctxs = contexts(app, CHUNK, view);
        first ??= ctxs[0];
        const pending = new Array(CHUNK);
        const start = process.cpuUsage();
        for (let k = 0; k < CHUNK; k += 1) pending[k] = app.handleRequest(ctxs[k], fn);
        await Promise.all(pending);
        const used = process.cpuUsage(start);
        cpu += used.user + used.system;
      }
      const ns = (cpu * 1000) / PAIRS;
      if (first.status !== 200 || !first.res.headersSent) throw new Error(`${names[i]}: the request was not answered 200`);
      if (round > 0) samples[i].push(ns); // round 0 warms up
    }
  }
  const medians = samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], p75: sorted[Math.floor(sorted.length * 0.75)], min: sorted[0], max: sorted[sorted.length - 1] };
  });
  const bare = medians[0].median;
  // Paired: each round's difference to the bare row of the same round, median over the rounds.
  const paired = samples.map((s) => {
    const diffs = s.map((ns, round) => ns - samples[0][round]).sort((a, b) => a - b);
    return diffs[Math.floor(diffs.length / 2)];
  });
  return names.map((name, i) => ({
    name: `Koa 3 request, typical GET: ${name}`,
    medianNs: medians[i].median,
    p75Ns: medians[i].p75,
    rangeNs: [medians[i].min, medians[i].max],
    addedNs: paired[i],
    addedMinNs: medians[i].min - medians[0].min,
    ratio: (FIXED_NS + bare) / (FIXED_NS + bare + paired[i]),
    samples: ROUNDS,
  }));
}

/**
 * The middleware alone: each variant's first middleware called on a real Koa 3 context whose
 * route already ran (status 200, a JSON body), with a `next` that returns a resolved promise, as
 * koa-compose's `dispatch` does for a finished route. CHUNK contexts per batch, the batch's
 * promises awaited inside the clock (the promise jobs are part of the cost); CPU time; ROUNDS
 * rounds, median and fastest. Resolves differences of tens of ns where the whole request does not.
 */
async function measureKoaMiddleware({ pairs, rounds } = {}) {
  const quick = Number(process.env.BENCH_MICRO_TIME ?? 1000) < 500;
  const PAIRS = pairs ?? (quick ? 2000 : 20000);
  const ROUNDS = rounds ?? (quick ? 3 : 15);
  const view = require('./precondition-routes').typicalViews().get;
  const only = (process.env.BENCH_KOA_ONLY ?? '').split(',').filter(Boolean);
  const names = Object.keys(VARIANTS).filter((name, i) => i > 0 && (only.length === 0 || only.some((part) => name.includes(part))));
  names.unshift('+ plain `return next()` (reference)');
  const middlewares = names.map((name) => (name.startsWith('+ plain') ? (_ctx, next) => next() : VARIANTS[name]()[0]));
  const { app } = appFor('bare Koa 3');
  const done = () => Promise.resolve();
  const samples = names.map(() => []);
  for (let round = 0; round < ROUNDS + 1; round += 1) {
    const order = round % 2 === 0 ? names.map((_, i) => i) : names.map((_, i) => names.length - 1 - i);
    for (const i of order) {
      const middleware = middlewares[i];
      let cpu = 0;
      for (let at = 0; at < PAIRS; at += CHUNK) {
        const ctxs = contexts(app, CHUNK, view);
        for (const ctx of ctxs) ctx.body = { ...ITEM };
        const pending = new Array(CHUNK);
        const start = process.cpuUsage();
        for (let k = 0; k < CHUNK; k += 1) pending[k] = middleware(ctxs[k], done);
        await Promise.all(pending);
        const used = process.cpuUsage(start);
        cpu += used.user + used.system;
      }
      if (round > 0) samples[i].push((cpu * 1000) / PAIRS);
    }
  }
  return names.map((name, i) => {
    const sorted = [...samples[i]].sort((a, b) => a - b);
    return { name: `Koa 3 middleware alone: ${name}`, medianNs: sorted[Math.floor(sorted.length / 2)], p75Ns: sorted[Math.floor(sorted.length * 0.75)], minNs: sorted[0], samples: ROUNDS };
  });
}

module.exports = { measureKoa, measureKoaMiddleware, VARIANTS };

if (require.main === module) {
  measureKoa().then(async (rows) => {
    for (const row of rows) {
      process.stdout.write(
        `${row.name.padEnd(72)} ${row.medianNs.toFixed(0).padStart(6)} ns (range ${row.rangeNs.map((n) => n.toFixed(0)).join('–')}) added ${row.addedNs.toFixed(0).padStart(5)} ns (min vs min ${row.addedMinNs.toFixed(0)})  ratio ${row.ratio.toFixed(3)}\n`,
      );
    }
    for (const row of await measureKoaMiddleware()) {
      process.stdout.write(`${row.name.padEnd(72)} ${row.medianNs.toFixed(0).padStart(6)} ns (fastest round ${row.minNs.toFixed(0)})\n`);
    }
  }, (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
