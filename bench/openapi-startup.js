'use strict';
/**
 * Startup on a large real OpenAPI document: vendor-compat against express-openapi-validator (EOV),
 * each in a fresh process (its RSS is its own), on Express 5 with the same routes.
 *
 *   node bench/openapi-startup.js [document]   (default ../shared/openapi/openai.yaml; needs `npm run build`)
 *   VC_BENCH_RUNS=3     runs, the subjects alternating     VC_BENCH_WAIT_MS=3000   wait before the heavy route
 *
 * Per subject: construct time (the middleware built from the parsed document; wall and CPU), RSS after it,
 * the first answer (construct start → the first response, a GET), and a heavy route's first and
 * second request after the app has been up 3 s (the first-request penalty of its validator).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const DOCUMENT = path.resolve(process.env.VC_BENCH_DOCUMENT || (process.argv[2] !== '--child' && process.argv[2]) || path.join(__dirname, '..', '..', 'shared', 'openapi', 'openai.yaml'));

if (process.argv[2] !== '--child' && !fs.existsSync(DOCUMENT)) {
  console.log(`bench/openapi-startup.js: skipped: ${DOCUMENT} is absent (pass a document path, or keep ../shared/openapi beside the clone)`);
  process.exit(0);
}

function loadDocument() {
  const text = fs.readFileSync(DOCUMENT, 'utf8');
  return DOCUMENT.endsWith('.json') ? JSON.parse(text) : require('yaml').parse(text);
}

function expressPath(p) {
  return p.replace(/\{([^}]+)\}/g, ':$1');
}

function request(port, method, target, body) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function child(subject) {
  const document = loadDocument();
  const prefix = new URL(document.servers?.[0]?.url ?? 'http://x/').pathname.replace(/\/$/, '');
  global.gc?.();
  const express = require('express');
  const rssBefore = process.memoryUsage().rss;
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  const app = express();
  if (subject === 'vendor-compat') {
    const vc = require(path.join(__dirname, '..', 'dist', 'express.cjs')).vendorCompat({ profile: 'problem', openapi: document });
    app.use(vc.preconditions);
    app.use(express.json());
    app.use(vc.validate);
    mount(app, document, prefix);
    app.use(vc.errorHandler);
  } else {
    const OpenApiValidator = require('express-openapi-validator');
    app.use(express.json());
    app.use(OpenApiValidator.middleware({ apiSpec: document, validateRequests: true, validateResponses: false }));
    mount(app, document, prefix);
    app.use((error, _req, res, _next) => res.status(error.status ?? 500).json({ message: error.message }));
  }
  const constructMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuStarted);
  // CPU time (user + system, every thread of the process: the collector's too) resolves far better
  // than wall time on a shared, loaded machine.
  const constructCpuMs = (cpu.user + cpu.system) / 1000;
  const rssAfter = process.memoryUsage().rss;
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  const first = await request(port, 'GET', `${prefix}/models`);
  const firstAnswerMs = Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.VC_BENCH_WAIT_MS ?? 3000)));
  const heavyBody = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  // The POST path warmed first on another route (JSON parsing, the engine's code), so what remains is the route's own validator.
  const warmBody = JSON.stringify({ model: 'text-embedding-3-small', input: 'hi' });
  for (let i = 0; i < 20; i++) await request(port, 'POST', `${prefix}/embeddings`, warmBody);
  const heavyFirst = await request(port, 'POST', `${prefix}/chat/completions`, heavyBody);
  const heavySecond = await request(port, 'POST', `${prefix}/chat/completions`, heavyBody);
  server.close();
  process.stdout.write(JSON.stringify({ subject, constructMs, constructCpuMs, rssMiB: rssAfter / 1048576, rssGrowthMiB: (rssAfter - rssBefore) / 1048576, firstAnswerMs, firstStatus: first.status, heavyFirstMs: heavyFirst.ms, heavySecondMs: heavySecond.ms, heavyStatus: heavyFirst.status }));
}

function mount(app, document, prefix) {
  for (const [p, item] of Object.entries(document.paths ?? {})) {
    if (p.includes('?')) continue;
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      if (item[method] !== undefined) app[method](expressPath(prefix + p), (_req, res) => res.status(200).json({ ok: true }));
    }
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  const rows = [];
  const runs = Number(process.env.VC_BENCH_RUNS ?? 1);
  for (let run = 0; run < runs; run++) {
    for (const subject of ['vendor-compat', 'express-openapi-validator']) {
      const result = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', subject], { encoding: 'utf8', env: { ...process.env, VC_BENCH_DOCUMENT: DOCUMENT }, cwd: __dirname });
      if (result.status !== 0) throw new Error(`${subject}: ${result.stderr}`);
      rows.push(JSON.parse(result.stdout));
    }
  }
  const wait = Number(process.env.VC_BENCH_WAIT_MS ?? 3000) / 1000;
  console.log(`document: ${path.relative(process.cwd(), DOCUMENT)}; ${new Date().toISOString()}; load average ${require('node:os').loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  console.log(`| subject | construct (wall) | construct (CPU) | RSS after | first answer (GET) | heavy route, 1st request after ${wait} s | 2nd request |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.subject} | ${row.constructMs.toFixed(0)} ms | ${row.constructCpuMs.toFixed(0)} ms | ${row.rssMiB.toFixed(0)} MiB | ${row.firstAnswerMs.toFixed(0)} ms (${row.firstStatus}) | ${row.heavyFirstMs.toFixed(1)} ms (${row.heavyStatus}) | ${row.heavySecondMs.toFixed(1)} ms |`);
  }
}
