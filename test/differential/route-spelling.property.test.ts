/**
 * Differential property test: a request that reaches a route's handler was judged by that route,
 * whatever its spelling. Every target (Express 4/5, Koa 2/3 with @koa/router, Fastify 4/5, Hono
 * on @hono/node-server, the Fetch entry, node:http) mounts the same route table
 * (test/support/spelling-cases.ts) in front of echo handlers; request-targets are generated over
 * letter case, percent-escapes, dot segments, `//`, a trailing `/`, `;` parameters, absolute form
 * (RFC 9112 §3.2.2, sent over a raw socket) and query shapes (`a[]=`, repeated keys, `a[b]=`).
 * The property: any 200 (the handler ran) echoes params and query the route's schema accepts.
 *
 * `FC_NUM_RUNS` sets the runs per target (default 150: the file runs in about 20 seconds).
 */
import type http from 'node:http';
import fc from 'fast-check';
import { makeRouteServer, ROUTE_FRAMEWORKS, type RouteFramework } from '../support/route-apps';
import { rawRequest } from '../support/raw-http';
import { specOf } from '../support/targets';
import { refusal, SPELLING_ECHO_ROUTES, SPELLING_ROUTES, targets, type Echoed } from '../support/spelling-cases';
import { close, listen } from '../property/http-client';
import { makeSpellingVariant, SPELLING_VARIANTS, type SpellingVariant } from '../support/spelling-apps';

const RUNS = Math.max(1, Number.parseInt(process.env.FC_NUM_RUNS ?? '', 10) || 150);

describe.each(ROUTE_FRAMEWORKS)('%s: no spelling of a request reaches a handler with values its route refuses', (framework) => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = makeRouteServer(framework, { profile: 'problem', routes: SPELLING_ROUTES }, SPELLING_ECHO_ROUTES);
    port = await listen(server);
  });
  afterAll(async () => {
    await close(server);
  });

  /**
   * The spellings the property is about, each answered exactly: 400 is the route's validation
   * answer (the `problem` profile), 404 the profile's not-found (the framework routes the spelling
   * nowhere), 200 the handler with accepted values.
   */
  const cases: ReadonlyArray<readonly [target: string, status: Readonly<Partial<Record<RouteFramework, number>>> & { readonly other: number }, why: string]> = [
    ['/items/7', { other: 200 }, 'the plain spelling of an accepted request'],
    ['/items/abc', { other: 400 }, 'the plain spelling of a refused id'],
    // Express and @koa/router match letters case-insensitively by default; Fastify (caseSensitive) and Hono do not;
    // node:http and Fetch route unknowably, so every reading is judged (fail closed).
    ['/ITEMS/abc', { fastify5: 404, fastify4: 404, hono: 404, other: 400 }, 'letter case'],
    // find-my-way and Hono decode the path before routing; Express and @koa/router do not (their 404).
    ['/%69tems/abc', { express5: 404, express4: 404, koa3: 404, koa2: 404, other: 400 }, 'a percent-escaped letter'],
    // RFC 9112 §3.2.2: routed by its path. The Fetch bridge of this suite builds no URL from an absolute-form target (its 404).
    ['http://h.example/items/abc', { fetch: 400, other: 400 }, 'an absolute-form target: every target judges the origin-form path its router will route'],
    // Express 4's `qs` makes ['1000'] of it; the others a literal key `limit[]` the schema does not name.
    ['/items/7?limit[]=1000', { express4: 400, other: 200 }, 'a bracketed query key'],
    ['/items/7?limit=5&limit=5', { other: 400 }, 'a repeated query key (an array, not an integer)'],
    // The URL parser resolves dot segments (Hono on @hono/node-server, Fetch, node:http reading new URL()).
    ['/x/../items/abc', { hono: 400, fetch: 400, node: 400, other: 404 }, 'a dot segment'],
    ['/items/abc;v=1', { other: 400 }, 'a `;` parameter (Fastify 4 cuts the path there; elsewhere it is part of the id)'],
    ['/NAMES/ABC', { fastify5: 404, fastify4: 404, hono: 404, other: 400 }, 'a parameter keeps its own letter case when the path is matched case-insensitively'],
  ];

  it.each(cases)('GET %s is answered %j (%s)', async (requestTarget, statuses) => {
    const answer = await rawRequest(port, requestTarget);
    // A second major of a framework routes as its family does (hono-node2: Hono).
    expect(answer.status).toBe(statuses[framework] ?? statuses[specOf(framework).family as RouteFramework] ?? statuses.other);
  });

  it('every answer the handler gave echoes values its schema accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constant(null).chain(() => targets(port)), async (requestTarget) => {
        const answer = await rawRequest(port, requestTarget);
        expect(answer.error).toBeUndefined();
        if (answer.status !== 200) return;
        const echoed = JSON.parse(answer.body) as Echoed;
        const why = refusal(echoed);
        if (why !== undefined) throw new Error(`${framework} ${requestTarget}: the handler received ${why}`);
      }),
      {
        numRuns: RUNS,
        // The bypasses this test was written for, always tried first.
        examples: [['/ITEMS/abc'], ['/%69tems/abc'], [`http://127.0.0.1/items/abc`], ['/items/7?limit[]=1000'], ['/x/../items/abc'], ['/NAMES/ABC'], ['/items/abc;v=1']],
      },
    );
  }, 60_000);
});

/**
 * Per variant, spellings its settings route to a handler, answered exactly: 400 when the values
 * are refused, 200 when the framework's setting routes an accepted request there.
 */
const VARIANT_CASES: Readonly<Record<SpellingVariant, ReadonlyArray<readonly [target: string, status: number]>>> = {
  // `case sensitive routing`: the app's routes match /items only; an express.Router() may still not (both judged).
  'express5 case-sensitive strict': [['/ITEMS/7', 404], ['/ITEMS/abc', 400], ['/items/7', 200]],
  'express4 case-sensitive strict': [['/ITEMS/7', 404], ['/ITEMS/abc', 400], ['/items/7', 200]],
  'koa3 sensitive strict router': [['/ITEMS/7', 404], ['/ITEMS/abc', 400], ['/items/7', 200]],
  // find-my-way: lower-cased, `//` collapsed, a trailing `/` dropped, `;` starts the query (judged: limit=1000 refused).
  'fastify5 caseSensitive false, ignoreTrailingSlash, ignoreDuplicateSlashes, useSemicolonDelimiter': [
    ['/ITEMS/7', 200],
    ['/ITEMS/abc', 400],
    ['//items/7', 200],
    ['//items/abc', 400],
    ['/items/7/', 200],
    ['/items/7;limit=1000', 400],
    ['/NAMES/ABC', 400],
  ],
  'fastify4 caseSensitive false, ignoreDuplicateSlashes, useSemicolonDelimiter false': [['/ITEMS/7', 200], ['/ITEMS/abc', 400], ['//items/abc', 400], ['/items/7;v=1', 400]],
  // Hono `strict: false` drops a trailing `/`; its routers match case-sensitively.
  'hono strict false': [['/items/7/', 200], ['/items/abc/', 400], ['/ITEMS/abc', 404]],
};

describe.each(SPELLING_VARIANTS)('%s: the adapter follows the framework\'s own routing settings', (variant) => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = makeSpellingVariant(variant, { profile: 'problem', routes: SPELLING_ROUTES }, SPELLING_ECHO_ROUTES);
    port = await listen(server);
  });
  afterAll(async () => {
    await close(server);
  });

  it.each(VARIANT_CASES[variant])('GET %s is answered %d', async (requestTarget, status) => {
    expect((await rawRequest(port, requestTarget)).status).toBe(status);
  });

  it('every answer the handler gave echoes values its schema accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constant(null).chain(() => targets(port)), async (requestTarget) => {
        const answer = await rawRequest(port, requestTarget);
        expect(answer.error).toBeUndefined();
        if (answer.status !== 200) return;
        const why = refusal(JSON.parse(answer.body) as Echoed);
        if (why !== undefined) throw new Error(`${variant} ${requestTarget}: the handler received ${why}`);
      }),
      { numRuns: RUNS, examples: [['/ITEMS/abc'], ['/%69tems/abc'], ['//items/abc'], ['/items//abc'], ['/items/abc/'], ['/items/abc;v=1'], ['/NAMES/ABC']] },
    );
  }, 60_000);
});
