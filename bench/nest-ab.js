'use strict';
/**
 * Nest with and without VendorCompatModule, loaded at the same time: the two servers of a
 * `server/nest-*` group (bench/nest-apps.js, each in its own bench/server.js child) get
 * autocannon at once, in every round, so the other processes of a shared machine weigh on both
 * alike (interleaved rounds, as bench/run.js runs them, see a different machine in each half).
 * The figure is the server's CPU time per request (`process.cpuUsage()` around each round,
 * divided by the requests answered); the ratio is without / with (≥ 0.95 is the target), the
 * median of the per-round ratios.
 *
 *   npm run build && node bench/nest-ab.js
 *   BENCH_ROUNDS=15 BENCH_DURATION=2 BENCH_CONNECTIONS=16 BENCH_PLATFORMS=express,fastify BENCH_PROFILE=vsp
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const autocannon = require('autocannon');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const DURATION = Number(process.env.BENCH_DURATION ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PLATFORMS = (process.env.BENCH_PLATFORMS ?? 'express,fastify').split(',');
const PROFILE = process.env.BENCH_PROFILE ?? 'vsp';
const URL_PATH = '/v1/items/ldev-1';

function start(scenario) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'server.js'), [JSON.stringify(scenario)], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (message) => {
      if (message && message.type === 'ready') resolve({ child, port: message.port });
      if (message && message.type === 'error') reject(new Error(message.message));
    });
    child.once('exit', (code) => reject(new Error(`${scenario.app} exited with ${code}`)));
  });
}

let nextId = 0;
function cpuOf(child) {
  return new Promise((resolve) => {
    const id = (nextId += 1);
    const listener = (message) => {
      if (message && message.type === 'cpu' && message.id === id) {
        child.off('message', listener);
        resolve(message.usage.user + message.usage.system);
      }
    };
    child.on('message', listener);
    child.send({ type: 'cpu', id });
  });
}

/** One server under load for `duration` s: µs of its CPU per request. */
async function load(server, duration) {
  const before = await cpuOf(server.child);
  const result = await autocannon({ url: `http://127.0.0.1:${server.port}${URL_PATH}`, connections: CONNECTIONS, duration });
  const after = await cpuOf(server.child);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`non-2xx ${result.non2xx}, errors ${result.errors}`);
  return { cpu: (after - before) / result.requests.total, rps: result.requests.total / duration };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

(async () => {
  const rows = [];
  for (const platform of PLATFORMS) {
    const bare = await start({ app: `server-nest-${platform}-bare` });
    const vc = await start({ app: `server-nest-${platform}-vc`, profile: PROFILE });
    await Promise.all([load(bare, 1), load(vc, 1)]);
    const ratios = [];
    const cpuBare = [];
    const cpuVc = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const [a, b] = await Promise.all([load(bare, DURATION), load(vc, DURATION)]);
      cpuBare.push(a.cpu);
      cpuVc.push(b.cpu);
      ratios.push(a.cpu / b.cpu);
      process.stderr.write(`  nest-${platform} round ${r + 1}: bare ${a.cpu.toFixed(1)} µs (${Math.round(a.rps)} req/s), vc ${b.cpu.toFixed(1)} µs (${Math.round(b.rps)} req/s), ${(a.cpu / b.cpu).toFixed(3)}\n`);
    }
    bare.child.send({ type: 'exit' });
    vc.child.send({ type: 'exit' });
    const sorted = [...ratios].sort((x, y) => x - y);
    rows.push([`Nest 12 (${platform} platform)`, median(cpuBare).toFixed(1), median(cpuVc).toFixed(1), median(ratios).toFixed(3), `${sorted[0].toFixed(3)}–${sorted[sorted.length - 1].toFixed(3)}`]);
  }
  process.stdout.write(`| server (${PROFILE}, GET JSON, ${ROUNDS} rounds of ${DURATION} s, both loaded at once) | bare: server CPU µs/request | + VendorCompatModule | bare / module (median) | per-round range |\n|---|---|---|---|---|\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
  process.exit(0);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
