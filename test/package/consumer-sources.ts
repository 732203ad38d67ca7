/**
 * The consumer programs `tarball.test.ts` compiles and runs inside a temporary project that has the
 * packed tarball installed. One program per module system: CommonJS (`require`), ESM (`import`) and
 * TypeScript (the same ESM source with types, compiled under each moduleResolution and TypeScript
 * version). Every program imports every subpath of the package's `exports` map, renders one error
 * through the root and through each adapter (Express, Koa, node:http, Fastify, Fetch, Hono), and
 * prints what came back as one JSON line.
 */

/** A subpath of `exports` as a module specifier: `.` → `vendor-compat`, `./koa` → `vendor-compat/koa`. */
export function specifierOf(packageName: string, subpath: string): string {
  return subpath === '.' ? packageName : `${packageName}/${subpath.slice(2)}`;
}

/** The subpaths of an `exports` map that are code (every key but `./package.json`). */
export function codeSubpaths(exportsMap: Record<string, unknown>): string[] {
  return Object.keys(exportsMap).filter((key) => key !== './package.json');
}

// The shared body: valid JavaScript and valid strict TypeScript (types come from the imports). It
// uses each adapter through `vendorCompat(...)` and the names docs/vocabulary.md gives it:
// Express: Stratos, a thrown 409. Koa: APIG, a thrown 409. node:http: RFC 9457, a thrown 409 through
// `vc.sendError`. Fastify: HCP (409 answered as 403 with X-HCP-ErrorMessage), through `inject`.
// Fetch: APIG, a thrown 409 through `vc.wrap`. Hono: MPC, an unmatched route through `vc.notFound`.
// Root: render() with VSP, a 404 (the `bundles the profile JSON` case of exports.test.ts).
const BODY = `
  const out = new Map();
  const rendered = render(notFound('x'), profiles.vsp, { method: 'GET', path: '/p' });
  out.set('root', { status: rendered.status, body: rendered.body });

  const app = express();
  const evc = expressCompat({ profile: 'stratos' });
  app.use(evc.preconditions);
  app.get('/boom', () => {
    throw conflict('Pool is in use');
  });
  app.use(evc.notFound);
  app.use(evc.errorHandler);
  out.set('express', await probe(http.createServer(app)));

  const koa = new Koa();
  const kvc = koaCompat({ profile: 'apig' });
  koa.use(kvc.preconditions);
  koa.use(async (ctx) => {
    if (ctx.path === '/boom') throw conflict('Pool is in use');
  });
  out.set('koa', await probe(http.createServer(koa.callback())));

  const nvc = nodeCompat({ profile: 'problem' });
  out.set('node', await probe(http.createServer((req, res) => {
    nvc.sendError(req, res, conflict('Pool is in use'));
  })));

  const fastify = Fastify();
  await fastify.register(fastifyCompat, { profile: 'hcp' });
  fastify.get('/boom', async () => {
    throw conflict('Pool is in use');
  });
  const injected = await fastify.inject({ method: 'GET', url: '/boom' });
  out.set('fastify', { status: injected.statusCode, errorMessage: String(injected.headers['x-hcp-errormessage']), body: injected.body });
  const fastifyProfile = fastify.vendorCompat.profile.name;
  await fastify.close();

  const fvc = fetchCompat({ profile: 'apig' });
  const handler = fvc.wrap(async () => {
    throw conflict('Pool is in use');
  });
  const fetched = await handler(new Request('http://127.0.0.1/boom'));
  out.set('fetch', { status: fetched.status, type: fetched.headers.get('content-type'), body: await fetched.text() });

  const hono = new Hono();
  const hvc = honoCompat({ profile: 'mpc' });
  hono.notFound(hvc.notFound);
  const unmatched = await hono.request('/nowhere');
  out.set('hono', { status: unmatched.status, type: unmatched.headers.get('content-type'), body: await unmatched.text() });

  out.set('profiles', [evc.profile.name, kvc.profile.name, nvc.profile.name, fastifyProfile, fvc.profile.name, hvc.profile.name]);
  out.set('namespaces', NAMESPACES);
  process.stdout.write(JSON.stringify(Object.fromEntries(out)) + '\\n');
`;

const PROBE_JS = `
function probe(server) {
  return new Promise((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      fetch('http://127.0.0.1:' + address.port + '/boom')
        .then(async (res) => ({ status: res.status, type: res.headers.get('content-type'), body: await res.text() }))
        .then((result) => server.close(() => resolve(result)), (err) => server.close(() => reject(err)));
    });
  });
}
`;

const PROBE_TS = `
interface Probed { status: number; type: string | null; body: string }
function probe(server: http.Server): Promise<Probed> {
  return new Promise((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      fetch('http://127.0.0.1:' + address.port + '/boom')
        .then(async (res): Promise<Probed> => ({ status: res.status, type: res.headers.get('content-type'), body: await res.text() }))
        .then((result) => server.close(() => resolve(result)), (err: unknown) => server.close(() => reject(err)));
    });
  });
}
`;

/** The adapter subpaths; each exports `vendorCompat`, imported as `<name>Compat`. */
export const ADAPTERS = ['express', 'koa', 'node', 'fastify', 'fetch', 'hono'] as const;

function namespaceMap(packageName: string, subpaths: string[], ref: (index: number) => string): string {
  const entries = subpaths.map((subpath, index) => `${JSON.stringify(specifierOf(packageName, subpath))}: Object.keys(${ref(index)}).filter((k) => k !== 'default' && k !== '__esModule' && k !== 'module.exports').sort()`);
  return `const NAMESPACES = {\n  ${entries.join(',\n  ')}\n};\n`;
}

/** The CommonJS consumer (`consumer.cjs`): plain `require`, as a CommonJS user writes it. */
export function cjsConsumer(packageName: string, subpaths: string[]): string {
  const requires = subpaths.map((subpath, index) => `const ns${index} = require(${JSON.stringify(specifierOf(packageName, subpath))});`).join('\n');
  return `'use strict';
const http = require('node:http');
const express = require('express');
const Koa = require('koa');
const Fastify = require('fastify');
const { Hono } = require('hono');
const { render, notFound, conflict, profiles } = require(${JSON.stringify(packageName)});
${ADAPTERS.map((name) => `const { vendorCompat: ${name}Compat } = require(${JSON.stringify(`${packageName}/${name}`)});`).join('\n')}
${requires}
${namespaceMap(packageName, subpaths, (index) => `ns${index}`)}
${PROBE_JS}
async function main() {${BODY}}
main().catch((err) => { process.stderr.write(String((err && err.stack) || err)); process.exit(1); });
`;
}

function esmImports(packageName: string, subpaths: string[]): string {
  return `import http from 'node:http';
import express from 'express';
import Koa from 'koa';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { render, notFound, conflict, profiles } from ${JSON.stringify(packageName)};
${ADAPTERS.map((name) => `import { vendorCompat as ${name}Compat } from ${JSON.stringify(`${packageName}/${name}`)};`).join('\n')}
${subpaths.map((subpath, index) => `import * as ns${index} from ${JSON.stringify(specifierOf(packageName, subpath))};`).join('\n')}
`;
}

/** The ESM consumer (`consumer.mjs`): static `import`s and top-level await. */
export function esmConsumer(packageName: string, subpaths: string[]): string {
  return `${esmImports(packageName, subpaths)}
${namespaceMap(packageName, subpaths, (index) => `ns${index}`)}
${PROBE_JS}
${BODY}`;
}

/**
 * The TypeScript consumer (`index.ts`), typed through the package's declarations only: strict, so
 * an import that resolves to no declarations is TS7016 and one that does not resolve is TS2307.
 * Written as ESM source: under `module: commonjs` (node10) tsc turns it into `require` calls.
 */
export function tsConsumer(packageName: string, subpaths: string[]): string {
  return `${esmImports(packageName, subpaths)}import type { AddressInfo } from 'node:net';
import type { Profile, RenderedError, VendorCompatOptions } from ${JSON.stringify(packageName)};

${namespaceMap(packageName, subpaths, (index) => `ns${index}`)}
${PROBE_TS}
/** Compiled, never called: what must not type-check (an unused @ts-expect-error fails the build). */
export function typeErrors(): void {
  // @ts-expect-error sofwareVersion is not one of HCP's vars (softwareVersion)
  expressCompat({ profile: 'hcp', vars: { sofwareVersion: '9.7' } });
  // @ts-expect-error retryAfter is VSP's, not HCP's
  koaCompat({ profile: 'hcp', vars: { retryAfter: '120' } });
  // @ts-expect-error APIG has no vars
  nodeCompat({ profile: 'apig', vars: { retryAfter: '1' } });
  // @ts-expect-error not a built-in profile
  expressCompat({ profile: 'vps' });
}

async function main(): Promise<void> {${BODY}
  // Types the package exports, used as a consumer would.
  const options: VendorCompatOptions<'vsp'> = { profile: 'vsp', vars: { retryAfter: '120' } };
  const profile: Profile = expressCompat(options).profile;
  const again: RenderedError = render(notFound('y'), profile, { method: 'GET', path: '/' });
  if (again.status !== 404) throw new Error('render through the exported types: ' + again.status);
}
main().catch((err: unknown) => { process.stderr.write(String(err instanceof Error ? err.stack : err)); process.exit(1); });
`;
}
