'use strict';
/**
 * `npm run bench`: builds dist/ (the npm script does), then runs every comparison and the core
 * micro-benchmarks, and writes one markdown report to stdout and `.bench-results/latest.md`.
 *
 * Environment:
 *   BENCH_DURATION=2      seconds per measurement          BENCH_ROUNDS=5       interleaved rounds
 *   BENCH_WARMUP=1        seconds of warm-up per server    BENCH_CONNECTIONS=100
 *   BENCH_PIPELINING=10   requests in flight per connection
 *   BENCH_ONLY=happy/express,micro   comma-separated substrings of the group ids to run
 *   BENCH_QUICK=1         smoke check: 1 round of 1 s, short micro-benchmarks
 *   BENCH_MICRO_TIME=1000 milliseconds per micro-benchmark task
 *   BENCH_AB_DIST=.bench-results/dist-before   also run each vendor-compat variant against that build
 *                         (a copy of dist/ inside the project, so it resolves node_modules; labelled "[before]")
 *   BENCH_COLD_RUNS=20    fresh processes per entry point in the cold-start group (BENCH_ONLY=cold-start)
 *
 * Server-level groups (`server/…`, bench/server-groups.js) run with their own load (32
 * connections, no pipelining) whatever BENCH_CONNECTIONS and BENCH_PIPELINING say.
 */
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { fork } = require('node:child_process');
const autocannon = require('autocannon');
const { allGroups } = require('./comparisons');
const { settingsFromEnv, selected, median, formatInt, formatRatio, markdownTable, machineDescription } = require('./lib');
const { measureColdStarts, coldStartTable } = require('./cold-start');

const ROOT = path.join(__dirname, '..');
const RESULTS_DIR = path.join(ROOT, '.bench-results');
const HOST = '127.0.0.1';
const children = new Set();

// --- child processes -----------------------------------------------------------------------

function killAll() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping the servers\n`);
    killAll();
    process.exit(130);
  });
}

/** Forks `script` with an IPC channel; resolves with the child once it sent `{ type: 'ready' }`. */
function forkChild(script, args, { execArgv = [], env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, script), args, {
      execArgv,
      env: { ...process.env, NODE_ENV: 'production', ...env },
      // The servers' own logging (Express's default handler prints every error's stack) goes to
      // /dev/null: it must not cost the parent, which runs autocannon. Start-up errors come by IPC.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    children.add(child);
    let startError = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not start within 20 s`));
    }, 20000);
    child.once('exit', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${script} ${args.join(' ')} exited before it was ready (code ${code}, signal ${signal}) ${startError}`));
    });
    child.on('message', (message) => {
      if (message && message.type === 'error') startError = message.message;
      if (message && message.type === 'ready') {
        clearTimeout(timer);
        resolve({ child, port: message.port, message });
      }
    });
  });
}

/** Asks a child to exit cleanly (so a CPU profile gets written), then kills it after 5 s. */
function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    try {
      child.send({ type: 'exit' });
    } catch {
      child.kill('SIGKILL');
    }
  });
}

function startServer(scenario, options) {
  return forkChild('server.js', [JSON.stringify(scenario)], options);
}

// --- measuring -----------------------------------------------------------------------------

/** One request, to check that a server answers what the comparison claims to measure. */
function probe(port, request) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, method: request.method, path: request.path, headers: request.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('probe timed out')));
    req.end(request.body);
  });
}

let cpuRequestId = 0;

/** The server child's CPU time so far, in microseconds (user + system). */
function cpuOf(child) {
  return new Promise((resolve, reject) => {
    const id = (cpuRequestId += 1);
    const timer = setTimeout(() => reject(new Error('the server did not report its CPU time')), 5000);
    const onMessage = (message) => {
      if (message && message.type === 'cpu' && message.id === id) {
        clearTimeout(timer);
        child.removeListener('message', onMessage);
        resolve(message.usage.user + message.usage.system);
      }
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu', id });
  });
}

async function measure(server, request, settings, duration) {
  const port = server.port;
  const cpuBefore = await cpuOf(server.child);
  const result = await autocannon({
    url: `http://${HOST}:${port}${request.path}`,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections: settings.connections,
    pipelining: settings.pipelining,
    duration,
  });
  const cpuAfter = await cpuOf(server.child);
  const seconds = result.duration > 0 ? result.duration : duration;
  return {
    rps: result.requests.total / seconds,
    cpuPerRequest: result.requests.total > 0 ? (cpuAfter - cpuBefore) / result.requests.total : NaN,
    p50: result.latency.p50,
    errors: result.errors + result.timeouts + result.resets,
    statuses: Object.keys(result.statusCodeStats).join('/'),
  };
}

/** The order of a group's servers in round `r`: rotated, and reversed every other round. */
function roundOrder(count, r) {
  const order = Array.from({ length: count }, (_, i) => (i + r) % count);
  return r % 2 === 1 ? order.reverse() : order;
}

async function runGroup(group, runSettings) {
  const settings = group.load === undefined ? runSettings : { ...runSettings, ...group.load };
  const entries = [group.baseline, ...group.variants];
  const servers = [];
  try {
    for (const entry of entries) servers.push(await startServer(entry.scenario));
    const probes = [];
    for (const [i, entry] of entries.entries()) {
      const answer = await probe(servers[i].port, group.request);
      if (entry.status !== undefined && answer.status !== entry.status) {
        throw new Error(`${group.id}: ${entry.label} answered ${answer.status}, expected ${entry.status}: ${answer.body.slice(0, 200)}`);
      }
      probes.push(answer);
    }
    for (const server of servers) await measure(server, group.request, settings, settings.warmup);
    const samples = entries.map(() => []);
    const problems = [];
    for (let r = 0; r < settings.rounds; r += 1) {
      for (const i of roundOrder(entries.length, r)) {
        const sample = await measure(servers[i], group.request, settings, settings.duration);
        samples[i].push(sample);
        if (sample.errors > 0) problems.push(`${entries[i].label}: ${sample.errors} errors/timeouts in round ${r + 1}`);
        process.stderr.write(`  ${group.id} round ${r + 1} ${entries[i].label}: ${formatInt(sample.rps)} req/s\n`);
      }
    }
    const rows = entries.map((entry, i) => {
      const rps = samples[i].map((sample) => sample.rps);
      const cpu = samples[i].map((sample) => sample.cpuPerRequest);
      const roundRatios = samples[i].map((sample, r) => sample.rps / samples[0][r].rps);
      const cpuRatios = samples[i].map((sample, r) => samples[0][r].cpuPerRequest / sample.cpuPerRequest);
      return {
        entry,
        baseline: i === 0,
        status: probes[i].status,
        median: median(rps),
        min: Math.min(...rps),
        max: Math.max(...rps),
        p50: median(samples[i].map((sample) => sample.p50)),
        cpuPerRequest: median(cpu),
        // Headline: the median over rounds of B/A within the same round (A and B close in time).
        ratio: median(roundRatios),
        ratioOfMedians: median(rps) / median(samples[0].map((sample) => sample.rps)),
        roundRatios,
        // The same comparison from the servers' CPU time per request (A's over B's).
        cpuRatio: median(cpuRatios),
      };
    });
    return {
      group,
      rows,
      problems,
    };
  } finally {
    for (const server of servers) await stopChild(server.child);
  }
}

// --- micro-benchmarks --------------------------------------------------------------------------

function runMicro(settings) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'micro.js'), [], {
      env: { ...process.env, NODE_ENV: 'production', BENCH_MICRO_TIME: String(settings.microTime) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    let results;
    child.on('message', (message) => {
      if (message && message.type === 'results') results = message.results;
    });
    child.once('exit', (code) => {
      children.delete(child);
      if (code === 0 && results) resolve(results);
      else reject(new Error(`micro.js exited with code ${code}`));
    });
  });
}

// --- report --------------------------------------------------------------------------------

function verdict(row) {
  const target = row.entry.target;
  if (target === undefined) return { text: '', met: undefined };
  const met = row.ratio >= target.ratio;
  const by = ((row.ratio / target.ratio - 1) * 100).toFixed(1);
  return { text: `${target.text}: ${met ? 'met' : `**missed** (${by}%)`}`, met };
}

function groupTable(result) {
  const rows = result.rows.map((row) => {
    const spread = row.baseline ? '' : `${formatRatio(Math.min(...row.roundRatios))}–${formatRatio(Math.max(...row.roundRatios))}`;
    return [
      row.baseline ? `**A** ${row.entry.label}` : `B ${row.entry.label}`,
      String(row.status),
      formatInt(row.median),
      `${formatInt(row.min)}–${formatInt(row.max)}`,
      row.baseline ? '' : `**${formatRatio(row.ratio)}**`,
      spread,
      Number.isFinite(row.cpuPerRequest) ? row.cpuPerRequest.toFixed(1) : 'n/a',
      row.baseline ? '' : formatRatio(row.cpuRatio),
      verdict(row).text,
    ];
  });
  return markdownTable(
    ['server', 'status', 'median req/s', 'min–max', 'B/A', 'per-round B/A', 'server CPU µs/req', 'B/A by CPU', 'target'],
    rows,
  );
}

function microTable(results) {
  const rows = results.map((task) => [
    task.name,
    task.medianNs.toFixed(0),
    task.p75Ns.toFixed(0),
    task.targetNs === undefined ? '' : `< ${task.targetNs} ns: ${task.medianNs < task.targetNs ? 'met' : `**missed** (${((task.medianNs / task.targetNs - 1) * 100).toFixed(0)}% over)`}`,
  ]);
  return markdownTable(['task', 'median ns/op', 'p75 ns/op', 'target'], rows);
}

function report(settings, results, { micro, microError }, started, cold) {
  const lines = [
    `# vendor-compat benchmark, ${new Date().toISOString()}`,
    '',
    `Machine: ${machineDescription()}.`,
    `Settings: ${settings.rounds} rounds × ${settings.duration} s per server (warm-up ${settings.warmup} s), ` +
      `${settings.connections} connections × pipelining ${settings.pipelining}, autocannon in the parent process, ` +
      `each server in its own child process with NODE_ENV=production.${settings.quick ? ' **Quick mode: a smoke check, not a measurement.**' : ''}`,
    `Run time: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ];
  let section;
  for (const result of results) {
    if (result.group.section !== section) {
      section = result.group.section;
      lines.push(`## ${section}`, '');
    }
    lines.push(`### ${result.group.title} \`${result.group.id}\``, '');
    const load = result.group.load;
    if (load !== undefined) lines.push(`Load: ${load.connections} connections × pipelining ${load.pipelining} (this group's own).`, '');
    if (result.rows.length > 0) lines.push(groupTable(result), '');
    for (const problem of result.problems) lines.push(`- warning: ${problem}`);
    if (result.problems.length > 0) lines.push('');
    if (result.error) lines.push(`- **failed**: ${result.error}`, '');
  }
  if (micro) {
    lines.push('## Core micro-benchmarks (tinybench, per call)', '', microTable(micro), '');
  }
  if (microError) lines.push('## Core micro-benchmarks (tinybench, per call)', '', `- **failed**: ${microError}`, '');
  if (cold) {
    lines.push(
      `## Cold start (CPU ms of import + vendorCompat({ profile: '${cold.profile}' }) + the first rendered error; median of ${cold.runs} fresh processes per entry)`,
      '',
      coldStartTable(cold.summary, cold.profile),
      '',
    );
  }
  return lines.join('\n');
}

/** With BENCH_AB_DIST, each variant that loads vendor-compat also runs against that build. */
function withBuildUnderComparison(group, dist) {
  if (!dist) return group;
  const usesLibrary = (entry) => entry.scenario.profile !== undefined;
  const variants = group.variants.flatMap((variant) =>
    usesLibrary(variant)
      ? [{ ...variant, label: `${variant.label} [before]`, scenario: { ...variant.scenario, dist } }, variant]
      : [variant],
  );
  return { ...group, variants };
}

async function main() {
  const started = Date.now();
  const settings = settingsFromEnv();
  const groups = allGroups()
    .filter((group) => selected(settings, group.id))
    .map((group) => withBuildUnderComparison(group, process.env.BENCH_AB_DIST));
  const results = [];
  let micro;
  let microError;
  if (selected(settings, 'micro')) {
    process.stderr.write('bench: core micro-benchmarks\n');
    try {
      micro = await runMicro(settings);
    } catch (error) {
      // The server-level groups and the cold start still run; the report names the failure.
      microError = error.message;
      process.stderr.write(`bench: micro-benchmarks failed: ${microError}\n`);
    }
  }
  let cold;
  if (selected(settings, 'cold-start')) {
    const runs = Math.round(Number(process.env.BENCH_COLD_RUNS ?? (settings.quick ? 3 : 20)));
    process.stderr.write(`bench: cold start, ${runs} fresh processes per entry point\n`);
    cold = { runs, profile: 'apig', summary: measureColdStarts({ runs, profile: 'apig' }) };
  }
  for (const group of groups) {
    process.stderr.write(`bench: ${group.id} (${group.title})\n`);
    try {
      results.push(await runGroup(group, settings));
    } catch (error) {
      process.stderr.write(`bench: ${group.id} failed: ${error.message}\n`);
      results.push({ group, rows: [], problems: [], error: error.message });
    }
  }
  const markdown = report(
    settings,
    results.filter((result) => result.rows.length > 0 || result.error),
    { micro, microError },
    started,
    cold,
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), `${markdown}\n`);
  fs.writeFileSync(
    path.join(RESULTS_DIR, 'latest.json'),
    JSON.stringify({ settings, machine: machineDescription(), results, micro, cold }, (key, value) => (key === 'group' ? value.id : value), 2),
  );
  process.stdout.write(`${markdown}\n`);
  if (microError || results.some((result) => result.error)) process.exitCode = 1;
}

main()
  .catch((error) => {
    process.stderr.write(`bench: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(killAll);
