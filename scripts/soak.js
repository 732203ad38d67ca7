#!/usr/bin/env node
/**
 * Soak test (`npm run soak`, not part of `npm test`): one in-process server per built-in profile,
 * built from `dist/` (Express 5, Express 4, Koa 3, Koa 2 and node:http, with `attach`), under a
 * mixed load over keep-alive for SOAK_SECONDS (default 60, total: the six servers run at once):
 *
 * - valid requests (GET and POST that succeed),
 * - failing requests: routes that throw every kind of value (http-errors of many statuses, plain
 *   errors, strings, null, undefined, BigInt, symbols, revoked Proxies, throwing getters, huge and
 *   CR/LF messages, invalid header maps, frozen and circular errors, details, vendorCode), sync
 *   and async, plus precondition violations (Content-Type, Accept, Expect, body size),
 * - malformed requests on raw sockets: bad request lines, invalid header bytes, header floods, a
 *   100 KB request line, a slowloris that never finishes its headers.
 *
 * It prints requests served, responses by status per profile, and RSS and heap at start, after
 * warm-up and at the end, and exits non-zero when memory grows by more than 10 % after warm-up,
 * or when any request goes unanswered (a response to a route that fails after its headers went
 * out is truncated by design and counted apart). Every figure after the start is taken alike: the
 * load pauses (in-flight requests finish, keep-alive sockets stay open), GC runs, the figure is
 * read, the load resumes. Heap: the median of the last three checkpoints against the median of
 * three readings at warm-up. RSS, which swings with pages not yet returned to the system: the
 * lowest of the last three checkpoints against the highest warm-up reading (a growing floor).
 *
 * `global.gc` is needed for stable figures: without `--expose-gc` the script re-runs itself with
 * it. Settings: SOAK_SECONDS (default 60), SOAK_WARMUP_SECONDS (default 20 % of it, at least 5),
 * SOAK_CONCURRENCY (keep-alive clients per server, default 4), SOAK_MEASURE_EVERY (seconds between
 * quiesced memory checkpoints, default 10), SOAK_SEED.
 */
'use strict';

const { spawnSync } = require('node:child_process');

if (typeof global.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status === null ? 1 : child.status);
}

const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(root, 'dist', 'index.cjs'))) {
  console.error('soak: dist/ is missing; run `npm run soak` (it builds first) or `npm run build`.');
  process.exit(2);
}
const createError = require('http-errors');
const { createVendorError, KIND_NAMES } = require(path.join(root, 'dist', 'index.cjs'));
const expressVendorCompat = require(path.join(root, 'dist', 'express.cjs')).vendorCompat;
const koaVendorCompat = require(path.join(root, 'dist', 'koa.cjs')).vendorCompat;
const { attach, sendError } = require(path.join(root, 'dist', 'node.cjs'));
const express5 = require('express');
const express4 = require('express4');
const Koa3 = require('koa');
const Koa2 = require('koa2');

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WARMUP = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.max(5, SECONDS * 0.2));
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 4);
const MEASURE_EVERY = Number(process.env.SOAK_MEASURE_EVERY ?? 10);
const GROWTH_LIMIT = 0.1;
let seed = Number(process.env.SOAK_SEED ?? 20260101) >>> 0;

/** mulberry32: a small seeded PRNG, so a run can be replayed with SOAK_SEED. */
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

// ------------------------------------------------------------------------------------------------
// What the routes throw
// ------------------------------------------------------------------------------------------------

function revoked() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}
function throwingGetter(target, key, value) {
  return Object.defineProperty(target, key, { enumerable: true, get() { throw value; } });
}
const STATUSES = [400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 417, 418, 422, 429, 431, 451, 500, 501, 502, 503, 504, 599];
const HUGE = 'x'.repeat(200_000);

/** Each entry builds a fresh thrown value. */
const THROWN = [
  () => createError(pick(STATUSES), 'Tenant t1 does not exist'),
  () => createError(pick(STATUSES), `bad\r\nSet-Cookie: evil=1 ${HUGE.slice(0, 5000)}`, { headers: { 'X-Note': 'a\r\nb', 'Bad Name': 'x', allow: ['GET', 'HEAD'] } }),
  () => createError(pick(STATUSES), 'with details', { details: { solution: 'Check.', cause: { nested: [1, 2, 3] } }, vendorCode: 'KART30005-E' }),
  () => createError(pick(STATUSES), 'expose', { expose: random() < 0.5 }),
  () => createVendorError(pick(KIND_NAMES), 'branded'),
  () => new Error('db password hunter2 at /srv/app/db.js:42'),
  () => Object.assign(new Error('status 0'), { status: pick([0, 99, 600, '404', Number.NaN]) }),
  () => Object.assign(new Error(HUGE), { status: 400 }),
  () => Object.assign(new Error('Größe 日本 \u0000\u2028'), { status: 409 }),
  () => Object.assign(new Error('headers'), { status: 503, headers: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`x-h${i}`, `v${i}\r\n`])) }),
  () => 'a string',
  () => null,
  () => undefined,
  () => BigInt(42),
  () => Symbol('thrown'),
  () => 42,
  () => revoked(),
  () => new Proxy(new Error('proxy'), { get() { throw BigInt(1); } }),
  () => throwingGetter(new Error('getter'), 'status', BigInt(7)),
  () => throwingGetter(createError(400, 'getter'), 'details', revoked()),
  () => Object.freeze(createError(409, 'frozen')),
  () => {
    const error = Object.assign(new Error('circular'), { status: 400 });
    error.details = { error };
    error.cause = error;
    return error;
  },
  () => {
    const text = 'z'.repeat(2000);
    const fan = (value) => Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, value]));
    return createError(400, 'dag', { details: fan(fan(fan(text))) });
  },
];

const nextThrown = () => pick(THROWN)();

// ------------------------------------------------------------------------------------------------
// Servers
// ------------------------------------------------------------------------------------------------

const SERVER_OPTIONS = { headersTimeout: 2000, requestTimeout: 5000, connectionsCheckingInterval: 250, keepAliveTimeout: 5000 };
const PLAN = [
  ['problem', 'express5'],
  ['hcp', 'express4'],
  ['vsp', 'koa3'],
  ['apig', 'koa2'],
  ['mpc', 'node'],
  ['stratos', 'express5'],
];

function lateFailure(res, fail) {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.write('partial');
  setImmediate(() => fail(new Error('late failure')));
}

function expressServer(expressModule, profile) {
  const app = expressModule();
  app.disable('x-powered-by');
  const vc = expressVendorCompat({ profile });
  app.use(vc.preconditions);
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  app.post('/echo', express5.json({ limit: '64kb' }), (req, res) => res.status(201).json({ got: typeof req.body }));
  app.get('/throw', () => {
    throw nextThrown();
  });
  app.get('/throw-async', (_req, _res, next) => {
    setImmediate(() => next(nextThrown() ?? new Error('falsy')));
  });
  app.get('/late', (_req, res, next) => lateFailure(res, next));
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return vc.attach(http.createServer(SERVER_OPTIONS, app));
}

function koaServer(KoaClass, profile) {
  const app = new KoaClass();
  app.silent = true;
  app.on('error', () => undefined);
  const vc = koaVendorCompat({ profile });
  app.use(vc.preconditions);
  app.use(async (ctx, next) => {
    switch (`${ctx.method} ${ctx.path}`) {
      case 'GET /ok':
        ctx.body = { ok: true };
        return;
      case 'POST /echo': {
        let size = 0;
        for await (const chunk of ctx.req) size += chunk.length;
        ctx.status = 201;
        ctx.body = { got: size };
        return;
      }
      case 'GET /throw':
        throw nextThrown();
      case 'GET /throw-async':
        await new Promise((resolve) => setImmediate(resolve));
        throw nextThrown();
      case 'GET /late':
        ctx.respond = false;
        await new Promise((_resolve, reject) => lateFailure(ctx.res, reject));
        return;
      default:
        await next();
    }
  });
  return vc.attach(http.createServer(SERVER_OPTIONS, app.callback()));
}

function nodeServer(profile) {
  const options = { profile };
  const server = http.createServer(SERVER_OPTIONS, (req, res) => {
    const fail = (error) => sendError(req, res, error, options);
    const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    if (route === 'GET /ok') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    if (route === 'POST /echo') {
      let size = 0;
      req.on('data', (chunk) => (size += chunk.length));
      req.on('end', () => res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ got: size })));
      req.on('error', fail);
      return undefined;
    }
    if (route === 'GET /throw') return void fail(nextThrown());
    if (route === 'GET /throw-async') return void setImmediate(() => fail(nextThrown()));
    if (route === 'GET /late') return void lateFailure(res, fail);
    return void fail(createError(404));
  });
  return attach(server, options);
}

function buildServer(profile, framework) {
  switch (framework) {
    case 'express5':
      return expressServer(express5, profile);
    case 'express4':
      return expressServer(express4, profile);
    case 'koa3':
      return koaServer(Koa3, profile);
    case 'koa2':
      return koaServer(Koa2, profile);
    default:
      return nodeServer(profile);
  }
}

// ------------------------------------------------------------------------------------------------
// Clients
// ------------------------------------------------------------------------------------------------

/** HTTP requests over keep-alive: [method, path, headers, body, expectation]. */
const HTTP_REQUESTS = [
  ['GET', '/ok', { accept: 'application/json' }, undefined, 'answer'],
  ['POST', '/echo', { 'content-type': 'application/json' }, '{"name":"vol1"}', 'answer'],
  ['GET', '/throw', {}, undefined, 'answer'],
  ['GET', '/throw', { 'x-request-id': 'client-chosen' }, undefined, 'answer'],
  ['HEAD', '/throw', {}, undefined, 'answer'],
  ['GET', '/throw-async', {}, undefined, 'answer'],
  ['GET', '/nowhere?x=%00%ZZ', {}, undefined, 'answer'],
  ['POST', '/echo', { 'content-type': 'text/plain' }, 'hello', 'answer'],
  ['POST', '/echo', { 'content-type': 'application/json;;;' }, '{}', 'answer'],
  ['GET', '/ok', { accept: 'text/html' }, undefined, 'answer'],
  ['GET', '/ok', { accept: `${'a/a;a=a;'.repeat(1000)}` }, undefined, 'answer'],
  ['POST', '/echo', { 'content-type': 'application/json', expect: 'x-weird' }, '{}', 'answer'],
  ['DELETE', '/ok', {}, undefined, 'answer'],
  ['GET', '/late', {}, undefined, 'truncated'],
];

/** Raw exchanges: bytes, then the server must answer once and close. */
const RAW_REQUESTS = [
  'GARBAGE\r\n\r\n',
  'GET /ok HTTP/9.9\r\nHost: x\r\n\r\n',
  'GET /ok HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n',
  'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  `GET /ok HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2000 }, (_, i) => `X-F${i}: vvvvvvvvvvvvvvvv\r\n`).join('')}\r\n`,
  `GET /${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
];
const SLOWLORIS = 'GET /ok HTTP/1.1\r\nHost: x\r\n';

function httpRequest(agent, port, [method, target, headers, body]) {
  return new Promise((resolve) => {
    const finalHeaders = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = http.request({ agent, host: '127.0.0.1', port, method, path: target, headers: finalHeaders, timeout: 15_000 }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve({ status: res.statusCode, complete: res.complete }));
      res.on('aborted', () => resolve({ status: res.statusCode, complete: false }));
      res.on('error', () => resolve({ status: res.statusCode, complete: false }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: undefined, error: error.code ?? error.message }));
    req.end(body);
  });
}

function rawRequest(port, bytes, { trickle = false } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = '';
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      socket.destroy();
      const statusLine = /^HTTP\/1\.1 (\d{3}) /.exec(data);
      resolve({ status: statusLine === null ? undefined : Number(statusLine[1]), closed });
    };
    const deadline = setTimeout(() => finish(false), 15_000);
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      socket.write(bytes);
      if (trickle) {
        const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('X-Slow: 1\r\n')), 200);
        socket.on('close', () => clearInterval(timer));
      }
    });
  });
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------

/** The element-wise median of memory readings. */
function medianOf(readings) {
  const median = (key) => {
    const sorted = readings.map((r) => r[key]).sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  return { rss: median('rss'), heapUsed: median('heapUsed'), external: median('external') };
}

/** Full GC, a pause for the freed pages to be returned, another GC, then the figures. */
async function memory() {
  global.gc();
  await new Promise((resolve) => setTimeout(resolve, 300));
  global.gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const targets = [];
  for (const [profile, framework] of PLAN) {
    const server = buildServer(profile, framework);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    targets.push({
      profile,
      framework,
      server,
      port: server.address().port,
      agent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
      stats: { requests: 0, byStatus: {}, unanswered: 0, truncated: 0, raw: 0 },
      failures: [],
    });
  }
  const start = await memory();
  console.log(`soak: ${targets.length} servers (${PLAN.map(([p, f]) => `${p}/${f}`).join(', ')}), ${SECONDS} s total, warm-up ${WARMUP} s, ${CONCURRENCY} keep-alive clients per server, seed ${process.env.SOAK_SEED ?? 20260101}, node ${process.version}`);
  console.log(`memory at start:      rss ${mb(start.rss)}, heap ${mb(start.heapUsed)}, external ${mb(start.external)}`);

  const began = Date.now();
  const stopAt = began + SECONDS * 1000;
  let warm;
  const samples = [];

  // Memory is compared like with like: the load pauses (no new request; in-flight ones finish;
  // keep-alive sockets stay open), then GC runs twice and the figure is taken, then the load resumes.
  let paused = null;
  let busy = 0;
  const gate = async () => {
    while (paused !== null) await paused.promise;
  };
  async function quiesced(measure) {
    let release;
    paused = { promise: new Promise((resolve) => (release = resolve)) };
    while (busy > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.SOAK_SETTLE_MS ?? 200)));
    const figure = await measure();
    const pausedAt = paused;
    paused = null;
    release();
    await pausedAt.promise;
    return figure;
  }
  const tracked = async (work) => {
    await gate();
    busy += 1;
    try {
      return await work();
    } finally {
      busy -= 1;
    }
  };

  const record = (target, outcome, expectation, label) => {
    target.stats.requests += 1;
    const key = outcome.status === undefined ? 'none' : String(outcome.status);
    target.stats.byStatus[key] = (target.stats.byStatus[key] ?? 0) + 1;
    if (expectation === 'truncated') {
      if (outcome.status === undefined && outcome.error !== 'ECONNRESET' && outcome.error !== 'socket hang up') record.unexpected(target, outcome, label);
      else target.stats.truncated += 1;
      return;
    }
    if (outcome.status === undefined || outcome.complete === false) record.unexpected(target, outcome, label);
  };
  record.unexpected = (target, outcome, label) => {
    target.stats.unanswered += 1;
    if (target.failures.length < 5) target.failures.push(`${label}: ${JSON.stringify(outcome)}`);
  };

  async function httpWorker(target) {
    while (Date.now() < stopAt) {
      const spec = pick(HTTP_REQUESTS);
      const outcome = await tracked(() => httpRequest(target.agent, target.port, spec));
      record(target, outcome, spec[4], `${spec[0]} ${spec[1].slice(0, 40)}`);
    }
  }
  async function rawWorker(target) {
    while (Date.now() < stopAt) {
      const bytes = pick(RAW_REQUESTS);
      const outcome = await tracked(() => rawRequest(target.port, bytes));
      target.stats.raw += 1;
      record(target, outcome.closed ? outcome : { ...outcome, status: undefined }, 'answer', `raw ${JSON.stringify(bytes.slice(0, 30))}`);
    }
  }
  async function slowWorker(target) {
    while (Date.now() < stopAt) {
      const outcome = await tracked(() => rawRequest(target.port, SLOWLORIS, { trickle: true }));
      target.stats.raw += 1;
      record(target, outcome.closed ? outcome : { ...outcome, status: undefined }, 'answer', 'slowloris');
    }
  }

  const sampler = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    samples.push({ elapsed: (Date.now() - began) / 1000, rss, heapUsed });
  }, 1000);

  const workers = targets.flatMap((target) => [
    ...Array.from({ length: CONCURRENCY }, () => httpWorker(target)),
    rawWorker(target),
    slowWorker(target),
  ]);
  const checkpoints = [];
  const warmReadings = [];
  const measurements = (async () => {
    await new Promise((resolve) => setTimeout(resolve, WARMUP * 1000));
    // The warm-up figure is the median of three quiesced readings, one second apart.
    for (let i = 0; i < 3; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      warmReadings.push(await quiesced(memory));
    }
    warm = medianOf(warmReadings);
    console.log(`memory after warm-up: rss ${mb(warm.rss)}, heap ${mb(warm.heapUsed)}, external ${mb(warm.external)} (t=${((Date.now() - began) / 1000).toFixed(0)} s, median of 3)`);
    // Quiesced checkpoints every MEASURE_EVERY seconds show the trend; the end figure is the
    // median of the last three.
    for (;;) {
      const wait = Math.min(MEASURE_EVERY * 1000, stopAt - Date.now() - 3000);
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
      const figure = await quiesced(memory);
      checkpoints.push({ elapsed: (Date.now() - began) / 1000, ...figure });
    }
    if (checkpoints.length === 0) checkpoints.push({ elapsed: (Date.now() - began) / 1000, ...(await quiesced(memory)) });
    return medianOf(checkpoints.slice(-3));
  })();
  const end = await measurements;
  await Promise.all(workers);
  clearInterval(sampler);

  for (const target of targets) {
    target.agent.destroy();
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
  }
  const after = await memory();

  let total = 0;
  let unanswered = 0;
  console.log('');
  console.log('profile  server    requests  raw     truncated  unanswered  responses by status');
  for (const { profile, framework, stats, failures } of targets) {
    total += stats.requests;
    unanswered += stats.unanswered;
    const statuses = Object.entries(stats.byStatus).sort(([a], [b]) => a.localeCompare(b)).map(([status, count]) => `${status}:${count}`).join(' ');
    console.log(`${profile.padEnd(8)} ${framework.padEnd(9)} ${String(stats.requests).padStart(8)}  ${String(stats.raw).padStart(6)}  ${String(stats.truncated).padStart(9)}  ${String(stats.unanswered).padStart(10)}  ${statuses}`);
    for (const failure of failures) console.log(`         unanswered: ${failure}`);
  }
  const seconds = (Date.now() - began) / 1000;
  console.log('');
  console.log(`requests served: ${total} in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} req/s), unanswered: ${unanswered}`);
  console.log(`memory at end:        rss ${mb(end.rss)}, heap ${mb(end.heapUsed)}, external ${mb(end.external)}; after closing the servers: rss ${mb(after.rss)}, heap ${mb(after.heapUsed)}`);
  // Heap (after GC) is steady to about 2 % here, so medians are compared. RSS also holds pages the
  // allocator and V8 have not returned yet and swings by about 10 % between quiesced readings with
  // no trend (see SECURITY.md), so a growing floor is what counts: the lowest of the last three
  // checkpoints against the highest warm-up reading.
  const heapGrowth = (end.heapUsed - warm.heapUsed) / warm.heapUsed;
  const rssFloor = Math.min(...checkpoints.slice(-3).map((c) => c.rss));
  const rssCeiling = Math.max(...warmReadings.map((r) => r.rss));
  const rssGrowth = (rssFloor - rssCeiling) / rssCeiling;
  console.log(`growth after warm-up: heap ${(heapGrowth * 100).toFixed(1)} % (median of the last 3 checkpoints vs median at warm-up), rss ${(rssGrowth * 100).toFixed(1)} % (lowest of the last 3 vs highest at warm-up); limit ${GROWTH_LIMIT * 100} %`);
  console.log(`checkpoints (after GC): ${checkpoints.map((c) => `t=${c.elapsed.toFixed(0)}s heap ${mb(c.heapUsed)} rss ${mb(c.rss)}`).join(', ')}`);
  const peak = samples.reduce((max, sample) => Math.max(max, sample.heapUsed), 0);
  console.log(`peak heap between GCs: ${mb(peak)}`);

  const problems = [];
  if (unanswered > 0) problems.push(`${unanswered} request(s) went unanswered`);
  if (heapGrowth > GROWTH_LIMIT) problems.push(`heap grew ${(heapGrowth * 100).toFixed(1)} % after warm-up`);
  if (rssGrowth > GROWTH_LIMIT) problems.push(`rss grew ${(rssGrowth * 100).toFixed(1)} % after warm-up`);
  if (total === 0) problems.push('no request was served');
  if (problems.length > 0) {
    console.error(`soak: FAIL: ${problems.join('; ')}`);
    process.exit(1);
  }
  console.log('soak: PASS');
}

process.on('unhandledRejection', (reason) => {
  console.error('soak: FAIL: unhandled rejection', reason);
  process.exit(1);
});
process.on('uncaughtException', (error) => {
  console.error('soak: FAIL: uncaught exception', error);
  process.exit(1);
});

main().catch((error) => {
  console.error('soak: FAIL:', error);
  process.exit(1);
});
