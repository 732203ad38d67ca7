'use strict';
/**
 * Core micro-benchmarks with tinybench, against the built dist/index.cjs: rendering an error per
 * profile (an http-errors 404 with a message, a plain 500) and evaluating the preconditions on a
 * typical request per profile.
 *
 * Each tinybench iteration runs BATCH calls, so the timer's own cost (about 0.1 µs) is spread
 * over them; the reported figure is the median iteration time divided by BATCH.
 *
 * Run alone: `node bench/micro.js` (after `npm run build`). Under `bench/run.js` the results go to
 * the parent over IPC.
 */
const path = require('node:path');
const http = require('node:http');
const { Bench } = require('tinybench');
const createError = require('http-errors');
const { PROFILES } = require('./comparisons');
const { preconditionTasks } = require('./precondition-routes');

const BATCH = 100;
const RENDER_TARGET_NS = 2000;
const DIST = path.resolve(process.env.BENCH_MICRO_DIST ?? path.join(__dirname, '..', 'dist'));
// The package's exports plus the internals measured here (bench/internals.js: read from dist's chunks).
const lib = require('./internals')(DIST);

let sink = 0;

function renderTasks() {
  const notFound = createError(404, 'Tenant t1 does not exist');
  const crash = new Error('connect ECONNREFUSED 10.0.0.7:5432 (password=hunter2)');
  const view = { method: 'GET', path: '/v1/tenants/t1' };
  const tasks = [];
  for (const name of PROFILES) {
    const profile = lib.profiles[name];
    tasks.push({ name: `render ${name}: 404 http-error`, targetNs: RENDER_TARGET_NS, fn: () => lib.render(notFound, profile, view) });
    tasks.push({ name: `render ${name}: plain 500`, targetNs: RENDER_TARGET_NS, fn: () => lib.render(crash, profile, view) });
  }
  return tasks;
}

/**
 * Request ids (target <= 100 ns per id): the random-pool generator against the per-process
 * prefix + counter it replaced (rebuilt here as the reference, it is no longer in dist), and error
 * rules: matching `upstreamErrors` against a `fetch failed` whose cause is ECONNREFUSED, and a miss.
 */
const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
function counterIds() {
  const hex32 = (v) => HEX_BYTE[v >>> 24] + HEX_BYTE[(v >>> 16) & 0xff] + HEX_BYTE[(v >>> 8) & 0xff] + HEX_BYTE[v & 0xff];
  const prefix = 'acbc548ac6f2a0db' + hex32(0);
  let low = 0;
  return () => prefix + hex32((low = (low + 1) >>> 0));
}
function idAndRuleTasks() {
  const counter = counterIds();
  const rules = lib.compileErrorRules([...lib.upstreamErrors, { code: '23505', kind: 'conflict' }]);
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
  const domain = new Error('no rule for this one');
  // Reading a character makes V8 flatten a concatenated id, as setHeader will: both pay it here.
  return [
    { name: 'request id: nextRequestId (random pool)', targetNs: 100, fn: () => lib.nextRequestId().charCodeAt(31) },
    { name: 'request id: prefix + counter (reference, before)', fn: () => counter().charCodeAt(31) },
    { name: 'error rules: upstreamErrors, fetch failed → ECONNREFUSED', fn: () => rules(refused) },
    { name: 'error rules: upstreamErrors + 1, no match', fn: () => rules(domain) },
  ];
}

/**
 * The mean cost of an id, refills included: the tinybench median above hides them (a pool of 256
 * ids is refilled in one call, so most batches of 100 have none). 11 rounds of 100 whole pools,
 * CPU time, median round.
 */
function measureIdMean() {
  const IDS = 256 * 100;
  const rounds = [];
  for (let round = 0; round < 12; round += 1) {
    const start = process.cpuUsage();
    for (let i = 0; i < IDS; i += 1) sink ^= lib.nextRequestId().charCodeAt(31);
    const used = process.cpuUsage(start);
    if (round > 0) rounds.push(((used.user + used.system) * 1000) / IDS);
  }
  rounds.sort((a, b) => a - b);
  return { name: 'request id: nextRequestId, mean per id (refills included)', medianNs: rounds[5], p75Ns: rounds[8], samples: rounds.length, targetNs: 100 };
}

/**
 * The adapters' own cost per request (request id, preconditions), on request/response objects
 * shaped as each framework hands them over. Express 5 swaps both prototypes per request
 * (express/lib/application.js `app.handle`), which gives every request its own V8 hidden class:
 * every property added to, or missing from, such a `req` costs far more than on the plain objects
 * Koa and node:http pass. The objects are built before the clock starts (they are one-shot: an id
 * is assigned once per request), so this uses its own loop rather than tinybench: ROUNDS rounds of
 * PAIRS calls in chunks of CHUNK, timed by CPU time, median round.
 */
function measureAdapters() {
  const express = require('express');
  const expressVc = require(path.join(DIST, 'express.cjs'));
  const nodeVc = require(path.join(DIST, 'node.cjs'));
  const view = require('./precondition-routes').typicalViews().get;
  const app = express();
  const next = () => undefined;
  const build = (expressShaped) => {
    const req = new http.IncomingMessage(null);
    req.method = view.method;
    req.url = view.url;
    req.headers = view.headers;
    const res = new http.ServerResponse(req);
    if (expressShaped) {
      // What app.handle and the router do before the first middleware runs.
      req.res = res;
      res.req = req;
      Object.setPrototypeOf(req, app.request);
      Object.setPrototypeOf(res, app.response);
      res.locals = Object.create(null);
      req.next = next;
      req.baseUrl = '';
      req.originalUrl = req.url;
    }
    return [req, res];
  };
  const tasks = [];
  for (const profile of ['apig', 'vsp', 'problem']) {
    const vc = expressVc.vendorCompat({ profile });
    const nodeChecks = nodeVc.vendorCompat({ profile }).preconditions;
    tasks.push({ name: `Express: vc.preconditions (${profile}), typical GET`, expressShaped: true, fn: (req, res) => vc.preconditions(req, res, next) });
    tasks.push({ name: `node: vc.preconditions (${profile}), typical GET`, expressShaped: false, fn: (req, res) => nodeChecks(req, res) });
  }
  // The floor for apig and mpc: the one header set by hand, a distinct id each.
  let counter = 0;
  const byHand = (req, res) => res.setHeader('X-Request-Id', `acbc548ac6f2a0db${(0x100000000 + (counter = (counter + 1) >>> 0)).toString(16).slice(1)}00000000`);
  tasks.push({ name: 'Express: X-Request-Id set by hand (reference)', expressShaped: true, fn: byHand });
  tasks.push({ name: 'node: X-Request-Id set by hand (reference)', expressShaped: false, fn: byHand });
  const quick = Number(process.env.BENCH_MICRO_TIME ?? 1000) < 500;
  const PAIRS = quick ? 5000 : 50000;
  const ROUNDS = quick ? 3 : 7;
  const CHUNK = 200;
  const rounds = tasks.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    tasks.forEach((task, i) => {
      // In chunks of CHUNK pairs, so that they die young as a server's requests do (50,000 live
      // at once made the garbage collector the largest cost), timed by this process's CPU time:
      // the machine is shared, and the wall clock counts the other processes' turns.
      let cpu = 0;
      for (let done = 0; done < PAIRS; done += CHUNK) {
        const pairs = Array.from({ length: CHUNK }, () => build(task.expressShaped));
        const start = process.cpuUsage();
        for (const [req, res] of pairs) task.fn(req, res);
        const used = process.cpuUsage(start);
        cpu += used.user + used.system;
      }
      rounds[i].push((cpu * 1000) / PAIRS);
    });
  }
  return tasks.map((task, i) => {
    const sorted = rounds[i].sort((a, b) => a - b);
    return { name: task.name, medianNs: sorted[Math.floor(sorted.length / 2)], p75Ns: sorted[Math.floor(sorted.length * 0.75)], samples: ROUNDS };
  });
}

async function main() {
  const time = Number(process.env.BENCH_MICRO_TIME ?? 1000);
  const tasks = [...renderTasks(), ...preconditionTasks(lib), ...idAndRuleTasks()];
  const bench = new Bench({ time, warmupTime: Math.min(250, time / 2) });
  for (const task of tasks) {
    bench.add(task.name, () => {
      for (let i = 0; i < BATCH; i += 1) {
        const out = task.fn();
        sink ^= out === undefined ? 1 : typeof out === 'object' && out !== null ? 2 : 3;
      }
    });
  }
  await bench.run();
  const results = bench.tasks.map((benchTask, i) => {
    const latency = benchTask.result?.latency;
    if (latency === undefined || benchTask.result.error) {
      throw new Error(`${benchTask.name} failed: ${benchTask.result?.error?.stack ?? 'no result'}`);
    }
    return {
      name: benchTask.name,
      medianNs: (latency.p50 * 1e6) / BATCH,
      p75Ns: (latency.p75 * 1e6) / BATCH,
      samples: latency.samples.length,
      targetNs: tasks[i].targetNs,
    };
  });
  results.push(measureIdMean());
  results.push(...measureAdapters());
  // Koa 3's middleware alone on real Koa contexts (bench/koa-micro.js).
  results.push(...(await require('./koa-micro').measureKoaMiddleware()));
  if (sink === -1) process.stdout.write('unreachable\n');
  if (process.send) process.send({ type: 'results', results });
  else {
    for (const result of results) {
      process.stdout.write(`${result.name.padEnd(44)} ${result.medianNs.toFixed(0).padStart(7)} ns/op (p75 ${result.p75Ns.toFixed(0)})\n`);
    }
  }
}

module.exports = { measureAdapters };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
