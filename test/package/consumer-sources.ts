/**
 * The consumer programs `tarball.test.ts` compiles and runs inside a temporary project that has the
 * packed tarball installed. One program per module system: CommonJS (`require`), ESM (`import`) and
 * TypeScript (the same ESM source with types, compiled under each moduleResolution). Every program
 * imports every subpath of the package's `exports` map, renders one error through the root, the
 * Express, the Koa and the node:http entry, and prints what came back as one JSON line.
 */

/** A subpath of `exports` as a module specifier: `.` → `vendor-compat`, `./koa` → `vendor-compat/koa`. */
export function specifierOf(packageName: string, subpath: string): string {
  return subpath === '.' ? packageName : `${packageName}/${subpath.slice(2)}`;
}

/** The subpaths of an `exports` map that are code (every key but `./package.json`). */
export function codeSubpaths(exportsMap: Record<string, unknown>): string[] {
  return Object.keys(exportsMap).filter((key) => key !== './package.json');
}

// The shared body: valid JavaScript and valid strict TypeScript (types come from the imports).
// Express: Stratos, a thrown 409. Koa: APIG, a thrown 409. node:http: RFC 9457, a thrown 409.
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
  koa.use(kvc);
  koa.use(async (ctx) => {
    if (ctx.path === '/boom') throw conflict('Pool is in use');
  });
  out.set('koa', await probe(http.createServer(koa.callback())));

  out.set('node', await probe(http.createServer((req, res) => {
    sendError(req, res, conflict('Pool is in use'), { profile: 'problem' });
  })));

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
const { render, notFound, conflict, profiles } = require(${JSON.stringify(packageName)});
const { vendorCompat: expressCompat } = require(${JSON.stringify(`${packageName}/express`)});
const { vendorCompat: koaCompat } = require(${JSON.stringify(`${packageName}/koa`)});
const { sendError } = require(${JSON.stringify(`${packageName}/node`)});
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
import { render, notFound, conflict, profiles } from ${JSON.stringify(packageName)};
import { vendorCompat as expressCompat } from ${JSON.stringify(`${packageName}/express`)};
import { vendorCompat as koaCompat } from ${JSON.stringify(`${packageName}/koa`)};
import { sendError } from ${JSON.stringify(`${packageName}/node`)};
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
import type { ExpressVendorCompat } from ${JSON.stringify(`${packageName}/express`)};
import type { Profile, RenderedError } from ${JSON.stringify(packageName)};

${namespaceMap(packageName, subpaths, (index) => `ns${index}`)}
${PROBE_TS}
async function main(): Promise<void> {${BODY}
  // Types the package exports, used as a consumer would.
  const typed: ExpressVendorCompat = evc;
  const profile: Profile = typed.profile;
  const again: RenderedError = render(notFound('y'), profile, { method: 'GET', path: '/' });
  if (again.status !== 404) throw new Error('render through the exported types: ' + again.status);
}
main().catch((err: unknown) => { process.stderr.write(String(err instanceof Error ? err.stack : err)); process.exit(1); });
`;
}
