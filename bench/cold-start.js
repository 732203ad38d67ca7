'use strict';
/**
 * The cold-start group of `npm run bench`: for every entry point, `runs` fresh processes of
 * bench/cold-start-probe.js (import + `vendorCompat({ profile })` + the first rendered error, CPU
 * time from `process.cpuUsage()`), median per phase; beside it, the framework's own load time
 * (`require('express')` etc.) measured the same way.
 *
 *   node bench/cold-start.js [runs] [profile]          (after `npm run build`)
 *   COLD_DIST=.bench-results/dist-before node bench/cold-start.js   (an earlier build)
 */
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { median, markdownTable } = require('./lib');

const PROBE = path.join(__dirname, 'cold-start-probe.js');
/** The CPU budget of one cold start (import + vendorCompat + first render), in milliseconds. */
const TARGET_MS = 25;

/**
 * Entry point → the framework whose load time is shown beside it, and what an app has loaded
 * before the library (the column "after the framework": Node's module loader is warm, node:http
 * is loaded, as in any server).
 */
const ENTRIES = [
  ['root', undefined, undefined],
  ['express', 'express', 'express'],
  ['koa', 'koa', 'koa'],
  ['node', undefined, 'node:http'],
  ['fastify', 'fastify', 'fastify'],
  ['hono', 'hono', 'hono'],
  ['fetch', undefined, undefined],
];

function probeOnce(args, env) {
  const out = execFileSync(process.execPath, [PROBE, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

/** Median of each phase over `runs` fresh processes, interleaving the entries run by run. */
function measureColdStarts({ runs = 20, profile = 'apig', env = {}, frameworks = true } = {}) {
  const samples = new Map();
  const jobs = [];
  for (const [entry, framework, preload] of ENTRIES) {
    jobs.push([entry, [entry, profile], env]);
    if (preload !== undefined) jobs.push([`${entry}@${preload}`, [entry, profile], { ...env, COLD_PRELOAD: preload }]);
    if (frameworks && framework !== undefined) jobs.push([`framework:${framework}`, [`framework:${framework}`], env]);
  }
  for (let run = 0; run < runs; run += 1) {
    for (const [key, args, jobEnv] of jobs) {
      const sample = probeOnce(args, jobEnv);
      if (!key.startsWith('framework:') && sample.status !== 404) throw new Error(`${key}: the first render answered ${sample.status}, expected 404`);
      if (!samples.has(key)) samples.set(key, []);
      samples.get(key).push(sample);
    }
  }
  const summary = {};
  for (const [key, list] of samples) {
    summary[key] = {
      requireMs: median(list.map((s) => s.requireMs)),
      defineMs: median(list.map((s) => s.defineMs ?? 0)),
      renderMs: median(list.map((s) => s.renderMs ?? 0)),
      totalMs: median(list.map((s) => s.totalMs)),
      minMs: Math.min(...list.map((s) => s.totalMs)),
      maxMs: Math.max(...list.map((s) => s.totalMs)),
      runs: list.length,
    };
  }
  return summary;
}

function coldStartTable(summary, profile) {
  const rows = ENTRIES.map(([entry, framework, preload]) => {
    const row = summary[entry];
    const own = framework === undefined ? undefined : summary[`framework:${framework}`];
    const after = preload === undefined ? undefined : summary[`${entry}@${preload}`];
    return [
      entry === 'root' ? '`vendor-compat`' : `\`vendor-compat/${entry}\``,
      row.requireMs.toFixed(1),
      row.defineMs.toFixed(1),
      row.renderMs.toFixed(1),
      `**${row.totalMs.toFixed(1)}**`,
      `${row.minMs.toFixed(1)}–${row.maxMs.toFixed(1)}`,
      after === undefined ? '' : `${after.totalMs.toFixed(1)} (after \`${preload}\`)`,
      own === undefined ? '' : `${own.totalMs.toFixed(1)} (\`require('${framework}')\`)`,
      row.totalMs <= TARGET_MS ? `≤ ${TARGET_MS} ms: met` : `≤ ${TARGET_MS} ms: **missed** (+${(row.totalMs - TARGET_MS).toFixed(1)} ms)`,
    ];
  });
  return markdownTable(
    ['entry', 'import ms', `vendorCompat({ profile: '${profile}' }) ms`, 'first render ms', 'total CPU ms (median)', 'min–max', 'total, in an app that loaded its framework first', 'framework load ms', 'target'],
    rows,
  );
}

module.exports = { measureColdStarts, coldStartTable, TARGET_MS };

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 20);
  const profile = process.argv[3] ?? 'apig';
  const summary = measureColdStarts({ runs, profile });
  process.stdout.write(`${coldStartTable(summary, profile)}\n`);
}
