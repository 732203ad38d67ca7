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
const { Bench } = require('tinybench');
const createError = require('http-errors');
const { PROFILES } = require('./comparisons');
const { preconditionTasks } = require('./precondition-routes');

const BATCH = 100;
const RENDER_TARGET_NS = 2000;
const lib = require(path.join(__dirname, '..', 'dist', 'index.cjs'));

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

async function main() {
  const time = Number(process.env.BENCH_MICRO_TIME ?? 1000);
  const tasks = [...renderTasks(), ...preconditionTasks(lib)];
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
  if (sink === -1) process.stdout.write('unreachable\n');
  if (process.send) process.send({ type: 'results', results });
  else {
    for (const result of results) {
      process.stdout.write(`${result.name.padEnd(44)} ${result.medianNs.toFixed(0).padStart(7)} ns/op (p75 ${result.p75Ns.toFixed(0)})\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
