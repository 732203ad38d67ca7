'use strict';
/**
 * The happy path before and after a change, per adapter: the same app (a JSON GET route behind
 * vendor-compat, profile vsp) built once against the current dist/ and once against another
 * build (BENCH_AB_DIST, a dist/ of the earlier commit inside the project), each in its own child
 * process, loaded with autocannon in interleaved rounds. The figure is the server's CPU time per
 * request (process.cpuUsage around each round, divided by the requests answered): far less
 * sensitive than requests per second to other processes on a shared machine. Ratios are
 * before / after (above 1: the change is faster).
 *
 *   BENCH_AB_DIST=.bench-results/dist-before node bench/engine-ab.js
 *   BENCH_ROUNDS=5 BENCH_DURATION=2 BENCH_CONNECTIONS=32 BENCH_ADAPTERS=express,hono
 */
const path = require('node:path');
const http = require('node:http');
const { fork } = require('node:child_process');

const ADAPTERS = (process.env.BENCH_ADAPTERS ?? 'express,koa,node,fastify,hono,fetch').split(',');

/** Child: build one app against `dist` and serve it. */
function serve(adapter, dist) {
  const lib = (name) => require(path.join(dist, `${name}.cjs`));
  const body = JSON.stringify({ ok: true });
  const json = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  let server;
  if (adapter === 'express') {
    const express = require('express');
    const app = express();
    app.set('x-powered-by', false);
    const vc = lib('express').vendorCompat({ profile: 'vsp' });
    app.use(vc.preconditions);
    app.get('/v1/items', (_req, res) => res.json({ ok: true }));
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    server = http.createServer(app);
  } else if (adapter === 'koa') {
    const Koa = require('koa');
    const app = new Koa();
    const vc = lib('koa').vendorCompat({ profile: 'vsp' });
    app.use(typeof vc === 'function' ? vc : vc.preconditions); // the earlier build's vc was the middleware
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    server = http.createServer(app.callback());
  } else if (adapter === 'node') {
    const vc = lib('node').vendorCompat({ profile: 'vsp' });
    server = http.createServer((req, res) => {
      if (!vc.preconditions(req, res)) return;
      json(res);
    });
  } else if (adapter === 'fastify') {
    const fastify = require('fastify');
    let handler;
    server = http.createServer((req, res) => handler(req, res));
    const app = fastify({ serverFactory: (h) => ((handler = h), server) });
    app.register(lib('fastify').vendorCompat, { profile: 'vsp' });
    app.register(async (instance) => instance.get('/v1/items', async () => ({ ok: true })));
    return app.ready().then(() => server);
  } else if (adapter === 'hono') {
    const { Hono } = require('hono');
    const { getRequestListener } = require('@hono/node-server');
    const app = new Hono();
    const vc = lib('hono').vendorCompat({ profile: 'vsp' });
    app.use(vc.preconditions ?? vc.middleware);
    app.get('/v1/items', (c) => c.json({ ok: true }));
    server = http.createServer(getRequestListener(app.fetch));
  } else {
    const { getRequestListener } = require('@hono/node-server');
    const vc = lib('fetch').vendorCompat({ profile: 'vsp' });
    server = http.createServer(getRequestListener(vc.wrap(() => Response.json({ ok: true }))));
  }
  return Promise.resolve(server);
}

if (process.argv[2] === '--child') {
  serve(process.argv[3], process.argv[4]).then((server) => {
    server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
    process.on('message', (m) => {
      if (m.type === 'cpu') process.send({ type: 'cpu', usage: process.cpuUsage() });
      if (m.type === 'exit') process.exit(0);
    });
  });
  return;
}

const autocannon = require('autocannon');
const ROOT = path.join(__dirname, '..');
const AFTER = path.join(ROOT, 'dist');
const BEFORE = path.resolve(ROOT, process.env.BENCH_AB_DIST ?? '.bench-results/dist-before');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION = Number(process.env.BENCH_DURATION ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

function start(adapter, dist) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', adapter, dist], { env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m) => (m.type === 'ready' ? resolve({ child, port: m.port }) : reject(new Error('no ready'))));
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}

const cpuOf = (child) => new Promise((resolve) => {
  child.once('message', (m) => resolve(m.usage.user + m.usage.system));
  child.send({ type: 'cpu' });
});

async function round(server) {
  const before = await cpuOf(server.child);
  const result = await autocannon({ url: `http://127.0.0.1:${server.port}/v1/items`, connections: CONNECTIONS, duration: DURATION });
  const after = await cpuOf(server.child);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`non-2xx ${result.non2xx}, errors ${result.errors}`);
  return (after - before) / result.requests.total; // µs of server CPU per request
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

(async () => {
  const rows = [];
  for (const adapter of ADAPTERS) {
    const a = await start(adapter, BEFORE);
    const b = await start(adapter, AFTER);
    await autocannon({ url: `http://127.0.0.1:${a.port}/v1/items`, connections: CONNECTIONS, duration: 1 });
    await autocannon({ url: `http://127.0.0.1:${b.port}/v1/items`, connections: CONNECTIONS, duration: 1 });
    const ratios = [];
    const cpuA = [];
    const cpuB = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const x = i % 2 === 0 ? await round(a) : undefined;
      const y = await round(b);
      const z = x === undefined ? await round(a) : x;
      cpuA.push(z);
      cpuB.push(y);
      ratios.push(z / y);
    }
    a.child.send({ type: 'exit' });
    b.child.send({ type: 'exit' });
    rows.push([adapter, median(cpuA).toFixed(2), median(cpuB).toFixed(2), median(ratios).toFixed(3)]);
    process.stderr.write(`${adapter}: before ${median(cpuA).toFixed(2)} µs, after ${median(cpuB).toFixed(2)} µs, before/after ${median(ratios).toFixed(3)}\n`);
  }
  process.stdout.write(`| adapter (vsp, GET JSON) | before: server CPU µs/request | after | before / after (median of ${ROUNDS} interleaved rounds) |\n|---|---|---|---|\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
