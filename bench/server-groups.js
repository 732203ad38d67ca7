'use strict';
/**
 * Server-level groups for all nine targets (bench/server-apps.js): the library against the bare
 * framework serving the same JSON GET route, two child processes, A and B interleaved, autocannon
 * with 32 connections and no pipelining, five rounds (BENCH_ROUNDS), median of the per-round
 * ratios. `vsp` adds nothing to a success: against the bare framework (≥ 0.95). `apig` sends
 * X-Request-Id on every response: against the framework setting that header by hand (≥ 0.97).
 */
const { REQUESTS } = require('./comparisons');
const { TARGETS } = require('./server-apps');

const HAPPY_TARGET = { ratio: 0.95, text: '≥ 0.95' };
const HEADER_TARGET = { ratio: 0.97, text: '≥ 0.97 of the hand-set header' };
/** The load every server-level group runs under (overrides BENCH_CONNECTIONS / BENCH_PIPELINING). */
const SERVER_LOAD = Object.freeze({ connections: 32, pipelining: 1 });
/** Targets with an empty-hook reference row (bench/server-apps.js `server-<target>-empty`). */
const EMPTY_REFERENCE = { fastify5: '+ one empty onRequest hook (ref.)', fastify4: '+ one empty onRequest hook (ref.)', hono: '+ one empty middleware (ref.)' };

function serverGroups() {
  const groups = [];
  for (const [id, [title]] of Object.entries(TARGETS)) {
    groups.push({
      id: `server/${id}/vsp`,
      section: 'Server level: the library against the bare framework (GET of a JSON route)',
      title: `${title}: vc(vsp) / bare`,
      request: REQUESTS.get,
      load: SERVER_LOAD,
      baseline: { label: `bare ${title}`, scenario: { app: `server-${id}-bare` }, status: 200 },
      variants: [
        { label: `+ vc (vsp)`, scenario: { app: `server-${id}-vc`, profile: 'vsp' }, status: 200, target: HAPPY_TARGET },
        // What any plugin hooking every request costs (Hono: leaving its one-handler fast path).
        ...(EMPTY_REFERENCE[id] === undefined ? [] : [{ label: EMPTY_REFERENCE[id], scenario: { app: `server-${id}-empty` }, status: 200 }]),
      ],
    });
    groups.push({
      id: `server/${id}/apig`,
      section: 'Server level: the library against the bare framework (GET of a JSON route)',
      title: `${title}: vc(apig) / X-Request-Id by hand`,
      request: REQUESTS.get,
      load: SERVER_LOAD,
      baseline: { label: `${title} + X-Request-Id by hand`, scenario: { app: `server-${id}-header` }, status: 200 },
      variants: [{ label: `+ vc (apig)`, scenario: { app: `server-${id}-vc`, profile: 'apig' }, status: 200, target: HEADER_TARGET }],
    });
  }
  return groups;
}

module.exports = { serverGroups, SERVER_LOAD };
