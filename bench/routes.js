'use strict';
/**
 * Route-table and validation micro-benchmarks, against the built dist/index.cjs:
 *
 * - route lookup (`table.lookup(method, path)`, rou3's radix tree) with 5, 50 and 500 routes, a
 *   static and a parameterised path, hit and miss; beside it, the same 500 routes as a list of
 *   regular expressions tested in order (what a hand-written router does), for contrast;
 * - validation of a typical 10-field JSON body (`validateBody`, ajv compiled at startup), valid
 *   and invalid, and the before-the-route stage (path parameter, query, header).
 *
 * Each tinybench iteration runs BATCH calls; the figure is the median iteration time / BATCH.
 * `node bench/routes.js` (after `npm run build`); BENCH_MICRO_TIME=300 for a short run.
 */
const path = require('node:path');
const { Bench } = require('tinybench');
const { ITEM_BODY, ITEM_SCHEMA } = require('./validation-apps');

const BATCH = 100;
// The package's exports plus the internals measured here (bench/internals.js: read from dist's chunks).
const lib = require('./internals')(path.join(__dirname, '..', 'dist'));
let sink = 0;

function routeKeys(count) {
  const keys = [];
  for (let i = 0; i < count; i += 1) {
    keys.push(i % 2 === 0 ? `GET /ConfigurationManager/v1/objects/resource${i}/{id}` : `POST /ConfigurationManager/v1/objects/resource${i}`);
  }
  return keys;
}

/** The route table an app with these routes gets (profile vsp's preconditions, no schemas). */
function tableOf(count) {
  return lib.routeTableOf(routeKeys(count));
}

/** The reference: a regex per route, tested in order until one matches (a linear scan). */
function regexListOf(count) {
  const list = routeKeys(count).map((key) => {
    const [method, route] = key.split(' ');
    return { method, pattern: new RegExp(`^${route.replace(/\{[^}]+\}/g, '([^/]+)')}/?$`) };
  });
  return (method, url) => {
    for (const entry of list) if (entry.method === method && entry.pattern.test(url)) return entry;
    return undefined;
  };
}

function lookupTasks() {
  const tasks = [];
  for (const count of [5, 50, 500]) {
    const table = tableOf(count);
    const last = count % 2 === 0 ? count - 2 : count - 1; // the last GET route: the worst case for a list
    const dynamic = `/ConfigurationManager/v1/objects/resource${last}/7`;
    const staticPath = `/ConfigurationManager/v1/objects/resource${count % 2 === 0 ? count - 1 : count - 2}`; // the last POST route
    if (table.lookup('GET', dynamic)?.route === undefined || table.lookup('POST', staticPath)?.route === undefined) throw new Error('lookup failed');
    tasks.push({ name: `route lookup, ${count} routes: parameterised path (last route)`, fn: () => table.lookup('GET', dynamic) });
    tasks.push({ name: `route lookup, ${count} routes: static path`, fn: () => table.lookup('POST', staticPath) });
    tasks.push({ name: `route lookup, ${count} routes: 405 (known path, other method)`, fn: () => table.lookup('DELETE', staticPath) });
    tasks.push({ name: `route lookup, ${count} routes: unknown path`, fn: () => table.lookup('GET', '/ConfigurationManager/v1/objects/nothing/here') });
    if (count === 500) {
      const scan = regexListOf(count);
      tasks.push({ name: 'reference: 500 routes as a regex list, last route', fn: () => scan('GET', dynamic) });
    }
  }
  return tasks;
}

function validationTasks() {
  const config = lib.resolveAppConfig({
    profile: 'vsp',
    routes: {
      'POST /v1/items': { schema: { body: ITEM_SCHEMA } },
      'GET /v1/items/:id': {
        schema: {
          params: { type: 'object', properties: { id: { type: 'integer', minimum: 0 } } },
          query: { type: 'object', properties: { count: { type: 'integer', minimum: 1, maximum: 16384 } } },
          headers: { type: 'object', properties: { 'x-storage-serial': { type: 'string', pattern: '^[0-9]{6,12}$' } } },
        },
      },
    },
  });
  const routes = lib.appRoutesOf(config);
  const post = routes.table.lookup('POST', '/v1/items').route.validator;
  const get = routes.table.lookup('GET', '/v1/items/12').route.validator;
  const invalid = { ...ITEM_BODY, poolId: 'seven' };
  const parts = { params: { id: '12' }, url: '/v1/items/12?count=100', headers: { 'x-storage-serial': '836000123456', accept: 'application/json' }, hasBody: false };
  if (lib.validateBody(post, ITEM_BODY, 'application/json', true) !== undefined) throw new Error('the typical body should be valid');
  if (lib.validateRequestParts(get, parts) !== undefined) throw new Error('the typical parts should be valid');
  return [
    { name: 'validate a typical 10-field body (valid)', fn: () => lib.validateBody(post, ITEM_BODY, 'application/json', true) },
    { name: 'validate a typical 10-field body (one field invalid)', fn: () => lib.validateBody(post, invalid, 'application/json', true) },
    { name: 'validate path + query + header (coerced copies)', fn: () => lib.validateRequestParts(get, parts) },
    { name: 'validation answer + render (vsp)', fn: () => lib.render(routes.answer(lib.validateBody(post, invalid, 'application/json', true)), lib.profiles.vsp, { method: 'POST', path: '/v1/items' }) },
  ];
}

async function main() {
  const time = Number(process.env.BENCH_MICRO_TIME ?? 1000);
  const tasks = [...lookupTasks(), ...validationTasks()];
  const bench = new Bench({ time, warmupTime: Math.min(250, time / 2) });
  for (const task of tasks) {
    bench.add(task.name, () => {
      for (let i = 0; i < BATCH; i += 1) {
        const out = task.fn();
        sink ^= out === undefined ? 1 : 2;
      }
    });
  }
  await bench.run();
  const rows = bench.tasks.map((task) => {
    const median = task.result?.latency?.p50 ?? task.result?.p50 ?? task.result?.mean;
    return { name: task.name, ns: (median * 1e6) / BATCH };
  });
  const lines = ['| Task | median per call |', '|---|---:|', ...rows.map((row) => `| ${row.name} | ${row.ns < 1000 ? `${row.ns.toFixed(0)} ns` : `${(row.ns / 1000).toFixed(2)} µs`} |`)];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (sink === -1) process.stdout.write('\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
