/**
 * Route spelling, in core: `routingPathOf` reads a request-target as each framework's router does
 * (Express 4/5 and @koa/router: undecoded, case-insensitive by default; find-my-way: `decodeURI`
 * keeping `%25`, its slash and `;` options; Hono: the URL parser's path, decoded; an unknown
 * router: every reading), the table matches case-insensitively while parameters keep their own
 * spelling, and `judgeRouteRequest` judges the framework's parsed query and every route a
 * candidate path reaches (fail closed). Absolute-form targets (RFC 9112 §3.2.2) route and render
 * by their origin-form path.
 */
import express5 from 'express';
import type fastifyModule from 'fastify';
import { Hono } from 'hono';
import {
  appRoutesOf,
  compileRouteTable,
  decodeRoutingPath,
  judgeRouteRequest,
  resolveDotSegments,
  routingPathOf,
  UNKNOWN_ROUTING,
  type RoutingRules,
} from '../../src/core/routes';
import { originFormOf, pathOfTarget, viewPathOf } from '../../src/core/request-target';
import { resolveAppConfig } from '../../src/core/app-config';
import { profiles } from '../../src/profiles';
import { expressRoutingRules } from '../../src/express/routing';
import { KOA_ROUTER_RULES } from '../../src/koa/routing';
import { fastifyRoutingRules } from '../../src/fastify/routing';
import { honoQueryOf, honoRoutedRequest } from '../../src/hono/routing';
import { validateRequestParts } from '../../src/core/validation';

/* eslint-disable @typescript-eslint/no-require-imports */
const express4 = require('express4') as typeof express5;
const fastify5 = require('fastify') as typeof fastifyModule;
const fastify4 = require('fastify4') as typeof fastifyModule;
/* eslint-enable @typescript-eslint/no-require-imports */

const EXPRESS: RoutingRules = expressRoutingRules(express5());
const FASTIFY5: RoutingRules = fastifyRoutingRules(fastify5());
const FASTIFY4: RoutingRules = fastifyRoutingRules(fastify4());

describe('originFormOf, pathOfTarget, viewPathOf: an absolute-form target is its origin-form path', () => {
  it.each([
    ['http://array.example:8080/ConfigurationManager/v1/objects/ldevs?count=1', '/ConfigurationManager/v1/objects/ldevs?count=1'],
    ['HTTPS://h.example/a', '/a'],
    ['http://h.example', '/'],
    ['http://h.example?x=1', '/?x=1'],
    ['/a/b?c', '/a/b?c'],
    ['*', '*'],
    ['//h.example/a', '//h.example/a'],
  ])('%s → %s', (target, origin) => {
    expect(originFormOf(target)).toBe(origin);
  });

  it('paths never show scheme or authority', () => {
    expect(pathOfTarget('http://h.example/v1/volumes?x=1')).toBe('/v1/volumes');
    expect(viewPathOf('http://h.example/v1/volumes')).toBe('/v1/volumes');
  });
});

describe('the rules read from each framework', () => {
  it('Express: case-insensitive by default; with `case sensitive routing`, both readings (a Router defaults to insensitive)', () => {
    expect(EXPRESS).toEqual({ caseSensitive: false, decode: false, collapseSlashes: false, semicolon: false, dotSegments: false, strictTrailingSlash: false });
    expect(expressRoutingRules(express4().enable('case sensitive routing').enable('strict routing'))).toMatchObject({ caseSensitive: 'either', strictTrailingSlash: true });
  });

  it('Fastify 5 and 4 defaults differ in `useSemicolonDelimiter`', () => {
    expect(FASTIFY5).toEqual({ caseSensitive: true, decode: true, collapseSlashes: false, semicolon: false, dotSegments: false, strictTrailingSlash: true });
    expect(FASTIFY4).toEqual({ ...FASTIFY5, semicolon: true });
  });

  it('Fastify settings, top-level (4) or in routerOptions (5)', () => {
    expect(fastifyRoutingRules(fastify4({ caseSensitive: false, ignoreDuplicateSlashes: true, ignoreTrailingSlash: true, useSemicolonDelimiter: false }))).toEqual({
      caseSensitive: false,
      decode: true,
      collapseSlashes: true,
      semicolon: false,
      dotSegments: false,
      strictTrailingSlash: false,
    });
    // initialConfig fills defaults at the top level: a routerOptions value that differs is read both ways.
    expect(fastifyRoutingRules(fastify5({ routerOptions: { caseSensitive: false, ignoreDuplicateSlashes: true } }))).toMatchObject({ caseSensitive: false, collapseSlashes: 'either' });
  });

  it('an instance that shows no settings is read both ways', () => {
    expect(fastifyRoutingRules({ initialConfig: {} } as never)).toMatchObject({ caseSensitive: 'either', collapseSlashes: 'either', semicolon: 'either' });
  });

  it('Hono: its own routed path, case-sensitive, and c.req.queries() shaped as one value or an array', async () => {
    const app = new Hono();
    let seen: unknown;
    app.get('/items/:id', (c) => {
      seen = honoRoutedRequest(c);
      return c.text('ok');
    });
    await app.request('http://h.example/x/../it%65ms/7?limit=1&tag=a&tag=b');
    expect(seen).toEqual({ path: [{ path: '/items/7', caseSensitive: true }], query: { limit: '1', tag: ['a', 'b'] } });
    expect(Object.getPrototypeOf((seen as { query: object }).query)).toBeNull();
    expect(honoQueryOf).toBeInstanceOf(Function);
  });
});

describe('routingPathOf', () => {
  const one = (path: string, caseSensitive: boolean) => [{ path, caseSensitive }];

  it.each([
    ['Express: letters any case, escapes stay', EXPRESS, '/ITEMS/%69bc?x=1', one('/ITEMS/%69bc', false)],
    ['Express: absolute form routes by its path', EXPRESS, 'http://h.example/items/abc', one('/items/abc', false)],
    ['Express: `//`, dot segments and `;` are literal', EXPRESS, '//items/./a;b', one('//items/./a;b', false)],
    ['Fastify 5: decoded, reserved escapes and %25 kept', FASTIFY5, '/%69tems/a%2Fb%2531', one('/items/a%2Fb%2531', true)],
    ['Fastify 5: `;` is path', FASTIFY5, '/items/abc;v=1', one('/items/abc;v=1', true)],
    ['Fastify 4: `;` starts the query', FASTIFY4, '/items/abc;v=1', one('/items/abc', true)],
    ['Fastify: a malformed escape stays, valid ones around it are decoded', FASTIFY5, '/%69tems/%zz', one('/items/%zz', true)],
  ])('%s', (_name, rules, target, expected) => {
    expect(routingPathOf(target, rules)).toEqual(expected);
  });

  it('@koa/router: its `sensitive` is unknowable, so both readings', () => {
    expect(routingPathOf('/ITEMS/abc', KOA_ROUTER_RULES)).toEqual([
      { path: '/ITEMS/abc', caseSensitive: true },
      { path: '/ITEMS/abc', caseSensitive: false },
    ]);
  });

  it('Fastify with every option: collapsed, cut at `;`, decoded, case-insensitive', () => {
    const rules: RoutingRules = { ...FASTIFY5, caseSensitive: false, collapseSlashes: true, semicolon: true, strictTrailingSlash: false };
    expect(routingPathOf('//IT%45MS///abc;x=1?y', rules)).toEqual(one('/ITEMS/abc', false));
  });

  it('an unknown router: every distinct reading, parameters decoded and as matched', () => {
    const paths = routingPathOf('/a/../ITEMS//%61bc;v', UNKNOWN_ROUTING).map((candidate) => `${candidate.caseSensitive ? 'S' : 'I'}${candidate.decodeParams === false ? 'r' : 'd'} ${candidate.path}`);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(expect.arrayContaining(['Id /ITEMS/abc', 'Sd /a/../ITEMS//%61bc;v', 'Sr /ITEMS//%61bc', 'Id /a/../ITEMS/%61bc']));
    // 16 paths (2 readings of each of 4 rules), each either case; the 8 still holding an escape also with raw parameters.
    expect(paths).toHaveLength(48);
  });

  it('a plain path has only its two case readings', () => {
    expect(routingPathOf('/items/7', UNKNOWN_ROUTING)).toEqual([
      { path: '/items/7', caseSensitive: true },
      { path: '/items/7', caseSensitive: false },
    ]);
  });

  it('resolveDotSegments follows the URL parser (escaped dots, backslashes, a final dot segment keeps its slash)', () => {
    expect(resolveDotSegments('/a/%2E%2e/items/./1')).toBe('/items/1');
    expect(resolveDotSegments('/a\\..\\b')).toBe('/b');
    expect(resolveDotSegments('/a/b/..')).toBe('/a/');
    expect(resolveDotSegments('/../../x')).toBe('/x');
    expect(resolveDotSegments('/a.b/c..d')).toBe('/a.b/c..d');
    expect(new URL('http://h/a/b/..').pathname).toBe('/a/');
  });

  it('decodeRoutingPath decodes as decodeURI does, keeping %25 so a parameter is decoded once', () => {
    expect(decodeRoutingPath('/%E2%82%AC/%3F%23%2F%25')).toBe('/€/%3F%23%2F%25');
  });
});

describe('the table matches case-insensitively, parameters keep their spelling', () => {
  const table = compileRouteTable(
    [
      { key: 'GET /Items/:id', settings: {} },
      { key: 'GET /items/:id', settings: { maxBodyBytes: 1 } },
      { key: 'GET /v1/{name}.json', settings: {} },
    ],
    profiles.problem.document.preconditions,
    () => undefined,
  );

  it('a case-insensitive lookup finds the first declared of two routes differing only in case (as Express does)', () => {
    expect(table.lookup('GET', '/ITEMS/AbC', false)?.route?.key).toBe('GET /Items/:id');
    expect(table.lookup('GET', '/ITEMS/AbC')).toBeUndefined();
    expect(table.lookup('GET', '/items/x')?.route?.key).toBe('GET /items/:id');
  });

  it('letters fold as find-my-way lower-cases them (U+212A KELVIN SIGN is k), the parameter keeps its case', () => {
    const kelvin = compileRouteTable([{ key: 'GET /key/:id', settings: {} }], profiles.problem.document.preconditions, () => undefined);
    const route = kelvin.lookup('GET', '/\u212Aey/ABC', false)?.route;
    expect(route?.key).toBe('GET /key/:id');
    expect(kelvin.params(route as never, '/\u212Aey/ABC', false)).toEqual({ id: 'ABC' });
  });

  it('parameters come from the path as spelled, decoded unless asked not to', () => {
    const route = table.lookup('GET', '/V1/%41b.JSON', false)?.route;
    expect(route?.key).toBe('GET /v1/{name}.json');
    expect(table.params(route as never, '/V1/%41b.JSON', false)).toEqual({ name: 'Ab' });
    expect(table.params(route as never, '/V1/%41b.JSON', false, false)).toEqual({ name: '%41b' });
    expect(table.params(route as never, '/v1/%41b.json')).toEqual({ name: 'Ab' });
  });
});

describe('judgeRouteRequest with the framework\'s path and query', () => {
  const config = resolveAppConfig({
    profile: 'problem',
    routes: {
      'GET /items/:id': { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } }, query: { type: 'object', properties: { limit: { type: 'integer', maximum: 100 }, tags: { type: 'array', items: { type: 'integer' } } } } } },
      'GET /ITEMS/:name': { schema: { params: { type: 'object', properties: { name: { type: 'string', maxLength: 2 } } } } },
    },
  });
  const routes = appRoutesOf(config);
  if (routes === undefined) throw new Error('no route table');
  const view = (url: string) => ({ method: 'GET', url, headers: {} });
  const judge = (url: string, extra: object = {}) => judgeRouteRequest(routes, config.preconditions, view(url), { fullHeaders: () => ({}), mayHoldBody: () => false, ...extra });

  it('without a path, today\'s reading: the target\'s path, case-sensitive', () => {
    expect(judge('/items/7').violation).toBeUndefined();
    expect(judge('/ITEMS/7').route?.key).toBe('GET /ITEMS/:name');
  });

  it('Express 4\'s qs parse of ?limit[]=1000 is refused: an array is not an integer', () => {
    expect(judge('/items/7?limit[]=1000').violation).toBeUndefined(); // URLSearchParams: a key named "limit[]"
    const judged = judge('/items/7?limit[]=1000', { query: { limit: ['1000'] } });
    expect(judged.violation).toEqual({ kind: 'badRequest', detail: 'query validation failed' });
  });

  it('the parsed query is judged on a copy: the handler reads the framework\'s values', () => {
    const query = { limit: '5', nested: { a: ['1'] } };
    expect(judge('/items/7', { query }).violation).toBeUndefined();
    expect(query).toEqual({ limit: '5', nested: { a: ['1'] } });
  });

  it('the parsed query is read only for a route with a query schema (Express 5 parses on every read)', () => {
    let reads = 0;
    const inputs = {
      fullHeaders: () => ({}),
      mayHoldBody: () => false,
      get query(): unknown {
        reads += 1;
        return { limit: '5' };
      },
    };
    expect(judgeRouteRequest(routes, config.preconditions, view('/ITEMS/ab'), inputs).violation).toBeUndefined();
    expect(reads).toBe(0);
    expect(judgeRouteRequest(routes, config.preconditions, view('/items/7'), inputs).violation).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('a single value of an array parameter is judged as a one-item array; its items still coerce', () => {
    expect(judge('/items/7?tags=3').violation).toBeUndefined();
    expect(judge('/items/7?tags=x').violation?.kind).toBe('badRequest');
  });

  it('fail closed: every route a candidate reaches is judged, the first violation answers', () => {
    const both = (path: string) => [
      { path, caseSensitive: true },
      { path, caseSensitive: false },
    ];
    // /ITEMS/ab: GET /ITEMS/:name accepts "ab"; GET /items/:id, reached case-insensitively, refuses it.
    const refused = judge('/ITEMS/ab', { path: both('/ITEMS/ab') });
    expect(refused.violation).toEqual({ kind: 'badRequest', detail: 'path validation failed' });
    expect(refused.route?.key).toBe('GET /items/:id');
    // /ITEMS/7: both accept; the exact-case route is the one the request is judged with.
    const accepted = judge('/ITEMS/7', { path: both('/ITEMS/7') });
    expect(accepted.violation).toBeUndefined();
    expect(accepted.route?.key).toBe('GET /ITEMS/:name');
  });

  it('coerceTypes is never "array": ["1000"] is not an integer', () => {
    const validator = routes.table.lookup('GET', '/items/1')?.route?.validator;
    expect(validateRequestParts(validator as never, { params: { id: '1' }, query: { limit: ['5'] }, headers: {}, hasBody: false })?.[0]).toMatchObject({ location: 'query', keyword: 'type', field: 'limit' });
  });
});
