'use strict';
/**
 * What the library adds per request on the server-level apps (bench/server-apps.js), in process:
 * each variant's request listener driven by light-my-request (no sockets, no load generator), one
 * GET at a time, in interleaved rounds, this process's CPU µs per request (user + system,
 * `process.cpuUsage()`: time the neighbours take is not counted). The socket groups
 * (`server/<target>/…`) give the ratio a user sees; on a shared machine they cannot resolve a few
 * percent, this can: the difference B − A in µs is what the library adds, and
 * A_server / (A_server + (B − A)) with A_server the bare server's CPU per request over sockets is
 * the server-level ratio it implies.
 *
 *   node bench/adapter-inject.js                  (after `npm run build`)
 *   TARGETS=fastify5,hono ROUNDS=7 REQUESTS=3000 node bench/adapter-inject.js
 *   INJECT_DIST=.bench-results/dist-before node bench/adapter-inject.js   (another build)
 *   INJECT_AB_DIST=.bench-results/dist-before node bench/adapter-inject.js
 *       (adds that build's vc (vsp) and vc (apig) as rows of their own, interleaved with the rest)
 */
const inject = require('light-my-request');
const { serverApps } = require('./server-apps');
const { REQUESTS: SHAPES } = require('./comparisons');
const { median } = require('./lib');

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const TARGETS = (process.env.TARGETS ?? 'fastify5,hono').split(',');
const DIST = process.env.INJECT_DIST;
const AB_DIST = process.env.INJECT_AB_DIST;

/** The variants of one target: A first, then what is compared with it. */
const VARIANTS = [
  { key: 'bare', label: 'bare', scenario: (id) => ({ app: `server-${id}-bare` }) },
  { key: 'empty', label: 'one empty hook/middleware (ref.)', scenario: (id) => ({ app: `server-${id}-empty` }), only: ['fastify5', 'fastify4', 'hono'] },
  { key: 'vsp', label: 'vc (vsp)', scenario: (id) => ({ app: `server-${id}-vc`, profile: 'vsp', dist: DIST }) },
  { key: 'header', label: 'X-Request-Id by hand', scenario: (id) => ({ app: `server-${id}-header` }) },
  { key: 'apig', label: 'vc (apig)', scenario: (id) => ({ app: `server-${id}-vc`, profile: 'apig', dist: DIST }) },
  ...(AB_DIST === undefined
    ? []
    : [
        { key: 'vsp-before', label: 'vc (vsp), other build', scenario: (id) => ({ app: `server-${id}-vc`, profile: 'vsp', dist: AB_DIST }) },
        { key: 'apig-before', label: 'vc (apig), other build', scenario: (id) => ({ app: `server-${id}-vc`, profile: 'apig', dist: AB_DIST }) },
      ]),
];

/** The server's `request` listener, once the app is ready (Fastify queues requests until then). */
function listenerOf(server) {
  const listener = server.listeners('request')[0];
  if (typeof listener !== 'function') throw new Error('no request listener');
  return listener;
}

async function run(handler, count) {
  const { method, path, headers } = SHAPES.get;
  const start = process.cpuUsage();
  let status = 0;
  for (let i = 0; i < count; i += 1) {
    const response = await inject(handler, { method, url: path, headers });
    status = response.statusCode;
  }
  const used = process.cpuUsage(start);
  return { us: (used.user + used.system) / count, status };
}

async function measureTarget(id) {
  const variants = VARIANTS.filter((variant) => variant.only === undefined || variant.only.includes(id)).map((variant) => ({
    ...variant,
    handler: listenerOf(serverApps[variant.scenario(id).app](variant.scenario(id))),
    samples: [],
  }));
  for (const variant of variants) {
    const { status } = await run(variant.handler, 500); // warm-up, and the status check
    if (status !== 200) throw new Error(`${id} ${variant.label} answered ${status}, expected 200`);
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) variant.samples.push((await run(variant.handler, REQUESTS)).us);
  }
  return variants.map((variant) => ({ key: variant.key, label: variant.label, us: median(variant.samples), min: Math.min(...variant.samples), max: Math.max(...variant.samples) }));
}

async function main() {
  const lines = ['| target | variant | median CPU µs / request | min–max | added vs its A (µs) |', '|---|---|---:|---|---:|'];
  for (const id of TARGETS) {
    const rows = await measureTarget(id);
    const us = Object.fromEntries(rows.map((row) => [row.key, row.us]));
    for (const row of rows) {
      const base = row.key.startsWith('apig') ? us.header : row.key === 'header' || row.key === 'bare' ? undefined : us.bare;
      lines.push(`| ${id} | ${row.label} | ${row.us.toFixed(2)} | ${row.min.toFixed(2)}–${row.max.toFixed(2)} | ${base === undefined ? '' : (row.us - base).toFixed(2)} |`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n${ROUNDS} interleaved rounds × ${REQUESTS} GET ${SHAPES.get.path} per variant; vc (apig) is compared with the hand-set header, the rest with bare.\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
