'use strict';
/**
 * Throughput on a large real document, in process: OpenAI's (../shared/openapi/openai.yaml, read in
 * place; 281 routes), Express 5 with no checks (the floor), vendor-compat (`vendorCompat({ openapi
 * })`, `vc.validate`) and express-openapi-validator (EOV), driven by light-my-request (no sockets, no
 * load generator: on a shared, loaded machine only CPU time resolves a difference), one request at
 * a time, in interleaved rounds, after the background compile has finished (the process idle). Reports
 * the median CPU µs per request of this process (user + system, `process.cpuUsage()`), and the
 * ratios to bare Express and to EOV. EOV answers this document's requests with a 500 (it fails on
 * the document at its first request): its row is what it costs, not validation.
 *
 * `node bench/openapi-inject.js` (after `npm run build`); ROUNDS=5 REQUESTS=1000 by default.
 */
const inject = require('light-my-request');
const { validationApps, CHAT_BODY, OPENAI_AVAILABLE, OPENAI_DOCUMENT } = require('./validation-apps');

if (!OPENAI_AVAILABLE) {
  console.log(`bench/openapi-inject.js: skipped: ${OPENAI_DOCUMENT} is absent (a third party's document, read in place, never copied into the repository)`);
  process.exit(0);
}

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REQUESTS = Number(process.env.REQUESTS ?? 1000);

function handlerOf(server) {
  const listener = server.listeners('request')[0];
  if (typeof listener !== 'function') throw new Error('no request listener');
  return listener;
}

/** Resolves once this process used under 10 ms of CPU in 500 ms (the background compile is over), or after 120 s. */
function idle() {
  const deadline = Date.now() + 120000;
  return new Promise((resolve) => {
    let last = process.cpuUsage();
    const poll = () => {
      const used = process.cpuUsage(last);
      last = process.cpuUsage();
      if ((used.user + used.system) / 1000 < 10 || Date.now() > deadline) resolve();
      else setTimeout(poll, 500);
    };
    setTimeout(poll, 500);
  });
}

const headers = { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'vendor-sdk/2.4.1 (linux; node 20)' };
const CASES = [
  { label: 'valid POST /v1/chat/completions, 429-byte body', payload: JSON.stringify(CHAT_BODY), vc: 200 },
  { label: 'invalid body (temperature of the wrong type)', payload: JSON.stringify({ ...CHAT_BODY, temperature: 'low' }), vc: 400 },
];

async function run(handler, payload, count) {
  const start = process.cpuUsage();
  let status = 0;
  for (let i = 0; i < count; i += 1) {
    const response = await inject(handler, { method: 'POST', url: '/v1/chat/completions', headers, payload });
    status = response.statusCode;
  }
  const used = process.cpuUsage(start);
  return { us: (used.user + used.system) / count, status };
}

async function main() {
  const APPS = [
    { label: 'bare Express 5 + express.json(), no checks', handler: handlerOf(validationApps['express-openai-bare']()), status: () => 200 },
    { label: 'vc openapi + vc.validate (problem)', handler: handlerOf(validationApps['express-openai-vc']({ profile: 'problem' })), status: (c) => c.vc },
    { label: 'express-openapi-validator (answers 500)', handler: handlerOf(validationApps['express-openai-eov']()), status: () => 500 },
  ];
  await idle();
  const lines = [`${new Date().toISOString()}; load average ${require('node:os').loadavg().map((load) => load.toFixed(1)).join(' ')}`, '', '| request | server | median µs/request (min–max) | bare / this | EOV / this |', '|---|---|---:|---:|---:|'];
  for (const c of CASES) {
    for (const app of APPS) {
      const { status } = await run(app.handler, c.payload, 300); // warm-up, and the status check
      if (status !== app.status(c)) throw new Error(`${app.label} answered ${status} for ${c.label}, expected ${app.status(c)}`);
    }
    const samples = APPS.map(() => []);
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? APPS.map((_, i) => i) : APPS.map((_, i) => APPS.length - 1 - i);
      for (const i of order) samples[i].push((await run(APPS[i].handler, c.payload, REQUESTS)).us);
    }
    const sorted = samples.map((list) => [...list].sort((a, b) => a - b));
    const medians = sorted.map((list) => list[Math.floor(list.length / 2)]);
    APPS.forEach((app, i) => {
      const range = `${sorted[i][0].toFixed(1)}–${sorted[i][sorted[i].length - 1].toFixed(1)}`;
      lines.push(`| ${i === 0 ? c.label : ''} | ${app.label} | ${medians[i].toFixed(1)} (${range}) | ${(medians[0] / medians[i]).toFixed(3)} | ${(medians[2] / medians[i]).toFixed(2)} |`);
    });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
