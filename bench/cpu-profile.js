'use strict';
/**
 * Where a server's time goes: runs one scenario under `node --cpu-prof`, loads it with
 * autocannon, stops it cleanly (so V8 writes the profile) and prints the top self-time functions.
 *
 *   npm run build && node bench/cpu-profile.js express-vc apig get [seconds]
 *   node bench/cpu-profile.js summarize path/to/file.cpuprofile
 *
 * Arguments: app (see bench/apps.js), profile (or '-'), request (get, post, error, wrongType,
 * wrongMethod from bench/comparisons.js), seconds (default 10). Profiles are kept under
 * .bench-results/cpu/.
 */
const fs = require('node:fs');
const path = require('node:path');
const { fork } = require('node:child_process');
const autocannon = require('autocannon');
const { REQUESTS } = require('./comparisons');

const OUT_DIR = path.join(__dirname, '..', '.bench-results', 'cpu');
const TOP = Number(process.env.BENCH_TOP ?? 25);

function shortUrl(url) {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const modules = clean.lastIndexOf('node_modules/');
  if (modules !== -1) return clean.slice(modules + 'node_modules/'.length);
  const root = path.join(__dirname, '..') + path.sep;
  return clean.startsWith(root) ? clean.slice(root.length) : clean;
}

/** Self time per function (name, file, line), from the profile's samples and time deltas. */
function summarize(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
  });
  const byFunction = new Map();
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id).callFrame;
    const key = `${frame.functionName || '(anonymous)'}\u0000${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
  }
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  const ours = [...byFunction].filter(([key]) => key.includes('\u0000dist/')).reduce((sum, [, micros]) => sum + micros, 0);
  const lines = [
    `${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled; vendor-compat (dist/) self time ${((ours / total) * 100).toFixed(1)}%`,
    '',
    '| self % | self ms | function | where |',
    '| ---: | ---: | --- | --- |',
    ...rows.map(([key, micros]) => {
      const space = key.indexOf('\u0000');
      return `| ${((micros / total) * 100).toFixed(1)} | ${(micros / 1000).toFixed(0)} | \`${key.slice(0, space)}\` | ${key.slice(space + 1)} |`;
    }),
  ];
  return lines.join('\n');
}

async function profileScenario(app, profile, requestName, seconds) {
  const request = REQUESTS[requestName];
  if (request === undefined) throw new Error(`unknown request ${requestName}; one of ${Object.keys(REQUESTS).join(', ')}`);
  const dir = path.join(OUT_DIR, `${app}-${profile}-${requestName}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const scenario = profile === '-' ? { app } : { app, profile };
  const child = fork(path.join(__dirname, 'server.js'), [JSON.stringify(scenario)], {
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  process.on('SIGINT', () => process.exit(130));
  try {
    const port = await new Promise((resolve, reject) => {
      child.on('message', (message) => message && message.type === 'ready' && resolve(message.port));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const result = await autocannon({
      url: `http://127.0.0.1:${port}${request.path}`,
      method: request.method,
      headers: request.headers,
      body: request.body,
      connections: 100,
      pipelining: 10,
      duration: seconds,
    });
    process.stdout.write(`${app} ${profile} ${requestName}: ${Math.round(result.requests.total / result.duration)} req/s under the profiler\n\n`);
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.send({ type: 'exit' });
    });
  } finally {
    process.removeListener('exit', kill);
    kill();
  }
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no profile written in ${dir}`);
  return path.join(dir, file);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'summarize') {
    process.stdout.write(`${summarize(rest[0])}\n`);
    return;
  }
  if (!command) {
    process.stderr.write('usage: node bench/cpu-profile.js <app> <profile|-> <request> [seconds]\n');
    process.exitCode = 2;
    return;
  }
  const file = await profileScenario(command, rest[0] ?? '-', rest[1] ?? 'get', Number(rest[2] ?? 10));
  process.stdout.write(`${summarize(file)}\n\nprofile: ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
