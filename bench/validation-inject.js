'use strict';
/**
 * The validation comparison of bench/validation-groups.js, in process: the same Express 5 apps
 * (express-openapi-validator vs vendor-compat with the same OpenAPI document, bench/validation-apps.js)
 * driven by light-my-request (Fastify's request injector, no sockets, no load generator), one
 * request at a time, in interleaved rounds. On a shared 2-core machine the socket benchmark's
 * load generator and the neighbours' processes swamp the difference; this measures only the
 * servers' own work per request. Reports the median CPU µs per request of this process (user +
 * system, `process.cpuUsage()`: time the neighbours take is not counted) and B/A (A's over B's),
 * with bare Express (no checks) as the ceiling no checker can pass.
 *
 * `node bench/validation-inject.js` (after `npm run build`); ROUNDS=5 REQUESTS=2000 by default.
 */
const inject = require('light-my-request');
const { validationApps, ITEM_BODY } = require('./validation-apps');

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);

function handlerOf(server) {
  const listener = server.listeners('request')[0];
  if (typeof listener !== 'function') throw new Error('no request listener');
  return listener;
}

const APPS = [
  { label: 'express-openapi-validator', handler: handlerOf(validationApps['express-eov-validate']()) },
  { label: 'vc openapi + vc.validate (problem)', handler: handlerOf(validationApps['express-vc-validate']({ profile: 'problem' })) },
  { label: 'vc openapi + vc.validate (vsp)', handler: handlerOf(validationApps['express-vc-validate']({ profile: 'vsp' })) },
  { label: 'bare Express 5 + express.json(), no checks (ceiling)', handler: handlerOf(validationApps['express-bare-json']()), ceiling: true },
];

const headers = { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'vendor-sdk/2.4.1 (linux; node 20)' };
const CASES = [
  { label: 'valid POST, 10-field body', status: 201, payload: JSON.stringify(ITEM_BODY), target: 1.2 },
  { label: 'invalid body (poolId of the wrong type)', status: 400, payload: JSON.stringify({ ...ITEM_BODY, poolId: 'seven' }), target: 1.5 },
];

async function run(handler, payload, count) {
  const start = process.cpuUsage();
  let status = 0;
  for (let i = 0; i < count; i += 1) {
    const response = await inject(handler, { method: 'POST', url: '/v1/items', headers, payload });
    status = response.statusCode;
  }
  const used = process.cpuUsage(start);
  return { us: (used.user + used.system) / count, status };
}

async function main() {
  const lines = ['| request | server | median µs/request | B/A | target |', '|---|---|---:|---:|---|'];
  for (const c of CASES) {
    for (const app of APPS) {
      const { status } = await run(app.handler, c.payload, 500); // warm-up, and the status check
      if (status !== c.status && !(app.ceiling && status === 201)) throw new Error(`${app.label} answered ${status} for ${c.label}, expected ${c.status}`);
    }
    const samples = APPS.map(() => []);
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? APPS.map((_, i) => i) : APPS.map((_, i) => APPS.length - 1 - i);
      for (const i of order) samples[i].push((await run(APPS[i].handler, c.payload, REQUESTS)).us);
    }
    const medians = samples.map((list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]);
    APPS.forEach((app, i) => {
      const ratio = i === 0 ? '' : (medians[0] / medians[i]).toFixed(2);
      const verdict = i === 0 || app.ceiling ? '' : medians[0] / medians[i] >= c.target ? `≥ ${c.target}: met` : `≥ ${c.target}: missed`;
      lines.push(`| ${i === 0 ? c.label : ''} | ${app.label} | ${medians[i].toFixed(1)} | ${ratio} | ${verdict} |`);
    });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
