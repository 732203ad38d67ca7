'use strict';
/**
 * The cold-start group of `npm run bench`: for every entry point, `runs` fresh processes of
 * bench/cold-start-probe.js (import + `vendorCompat({ profile })` + the first rendered error, CPU
 * time from `process.cpuUsage()`), median per phase; beside it, the framework's own load time
 * (`require('express')` etc.) measured the same way.
 *
 *   node bench/cold-start.js [runs] [profile]          (after `npm run build`)
 *   COLD_DIST=.bench-results/dist-before node bench/cold-start.js   (an earlier build)
 *   COLD_AB_DIST=.bench-results/dist-before node bench/cold-start.js
 *       (before/after: every probe of dist/ is followed by the same probe of the other build, so
 *       that drift on the machine hits both alike; the table gets a "before" column)
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

/**
 * Median of each phase over `runs` fresh processes, interleaving the entries run by run. With
 * `abDist` (another build's dist/), each library probe is followed by the same probe of that
 * build, recorded under `before:<key>`.
 */
function measureColdStarts({ runs = 20, profile = 'apig', env = {}, frameworks = true, abDist } = {}) {
  const samples = new Map();
  const jobs = [];
  for (const [entry, framework, preload] of ENTRIES) {
    jobs.push([entry, [entry, profile], env]);
    if (abDist !== undefined) jobs.push([`before:${entry}`, [entry, profile], { ...env, COLD_DIST: abDist }]);
    if (preload !== undefined) {
      jobs.push([`${entry}@${preload}`, [entry, profile], { ...env, COLD_PRELOAD: preload }]);
      if (abDist !== undefined) jobs.push([`before:${entry}@${preload}`, [entry, profile], { ...env, COLD_PRELOAD: preload, COLD_DIST: abDist }]);
    }
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
    const before = summary[`before:${entry}`];
    const beforeAfter = preload === undefined ? undefined : summary[`before:${entry}@${preload}`];
    const ab = before === undefined
      ? []
      : [`${before.totalMs.toFixed(1)}${beforeAfter === undefined ? '' : ` / ${beforeAfter.totalMs.toFixed(1)}`}`];
    return [
      entry === 'root' ? '`vendor-compat`' : `\`vendor-compat/${entry}\``,
      row.requireMs.toFixed(1),
      row.defineMs.toFixed(1),
      row.renderMs.toFixed(1),
      `**${row.totalMs.toFixed(1)}**`,
      `${row.minMs.toFixed(1)}–${row.maxMs.toFixed(1)}`,
      after === undefined ? '' : `${after.totalMs.toFixed(1)} (after \`${preload}\`)`,
      own === undefined ? '' : `${own.totalMs.toFixed(1)} (\`require('${framework}')\`)`,
      ...ab,
      row.totalMs <= TARGET_MS ? `≤ ${TARGET_MS} ms: met` : `≤ ${TARGET_MS} ms: **missed** (+${(row.totalMs - TARGET_MS).toFixed(1)} ms)`,
    ];
  });
  const abHeader = summary[`before:${ENTRIES[0][0]}`] === undefined ? [] : ['before: total / after the framework'];
  return markdownTable(
    ['entry', 'import ms', `vendorCompat({ profile: '${profile}' }) ms`, 'first render ms', 'total CPU ms (median)', 'min–max', 'total, in an app that loaded its framework first', 'framework load ms', ...abHeader, 'target'],
    rows,
  );
}

module.exports = { measureColdStarts, coldStartTable, TARGET_MS };

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 20);
  const profile = process.argv[3] ?? 'apig';
  const abDist = process.env.COLD_AB_DIST ? path.resolve(process.env.COLD_AB_DIST) : undefined;
  const summary = measureColdStarts({ runs, profile, abDist });
  process.stdout.write(`${coldStartTable(summary, profile)}\n`);
}
