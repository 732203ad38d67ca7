/**
 * What a cold start loads (not how long it takes: bench/cold-start.js measures that). In a fresh
 * Node process, each CommonJS entry point + `vendorCompat({ profile })` + the first rendered error
 * for a built-in profile loads no ajv, no ajv-formats, no json-schema-ref-resolver, no negotiator
 * and no content-type: the built-in profiles' validators are precompiled
 * (scripts/build-validators.ts), request validation is loaded with the first route table, and
 * the Accept and Content-Type parsers with the first value that needs them. A custom profile, a route table and an OpenAPI
 * document still get them, in the CommonJS and the ESM build. (npm test builds dist/ first.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const PROBE = path.join(ROOT, 'bench', 'cold-start-probe.js');
const LAZY_PACKAGES = ['ajv', 'ajv-formats', 'fast-uri', 'json-schema-ref-resolver', 'negotiator', 'content-type'];

interface ProbeResult {
  readonly status: number;
  readonly packages: readonly string[];
}

function probe(entry: string, profile: string): ProbeResult {
  const out = execFileSync(process.execPath, [PROBE, entry, profile], { cwd: ROOT, env: { ...process.env, COLD_PACKAGES: '1' }, encoding: 'utf8' });
  return JSON.parse(out) as ProbeResult;
}

function run(args: readonly string[], script: string): string {
  return execFileSync(process.execPath, [...args, script], { cwd: ROOT, encoding: 'utf8' });
}

const CUSTOM = "{ name: 'acme', title: 'ACME', body: { template: { err: '{{message}}' } }, bodySchema: { type: 'object', required: ['err'] } }";
const ROUTES = "{ 'GET /v1/items/:id': { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } } }";
const OPENAPI =
  "{ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { $ref: '#/components/schemas/Id' } }], responses: { '200': { description: 'ok' } } } } }, components: { schemas: { Id: { type: 'integer' } } } }";

describe('a cold start with a built-in profile', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(DIST, 'express.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  });

  it.each([
    ['root', 'apig'],
    ['express', 'apig'],
    ['koa', 'vsp'],
    ['node', 'hcp'],
    ['fastify', 'stratos'],
    ['hono', 'mpc'],
    ['fetch', 'problem'],
  ])('the %s entry (CommonJS) with profile %s renders its first 404 without loading ajv, json-schema-ref-resolver, negotiator or content-type', (entry, profile) => {
    const result = probe(entry, profile);
    expect(result.status).toBe(404);
    expect(result.packages.filter((name) => LAZY_PACKAGES.includes(name))).toEqual([]);
  });
});

describe('what a cold start leaves out still works when asked for', () => {
  it('CommonJS: a custom profile loads the profile-document validator (dist/profile-document.cjs) and ajv for its bodySchema, and judges bodies with it', () => {
    const out = run(['-e'], `
      const { defineProfile, profiles } = require('./dist/index.cjs');
      const loaded = () => ['/node_modules/ajv/', '/dist/profile-document.cjs'].map((part) => Object.keys(require.cache).some((file) => file.includes(part)));
      const before = loaded();
      const acme = defineProfile(${CUSTOM}, { extends: profiles.problem });
      process.stdout.write(JSON.stringify([before, loaded(), acme.validateBody({}), acme.validateBody({ err: 'x' })]));
    `);
    expect(JSON.parse(out)).toEqual([[false, false], [true, true], ["/ must have required property 'err'"], []]);
  });

  it('CommonJS: a route table and an OpenAPI document compile their schemas (ajv, ajv-formats, json-schema-ref-resolver on demand)', () => {
    const out = run(['-e'], `
      const { vendorCompat } = require('./dist/express.cjs');
      vendorCompat({ profile: 'apig', routes: ${ROUTES} });
      vendorCompat({ profile: 'apig', openapi: ${OPENAPI} });
      const loaded = ['ajv', 'ajv-formats', 'json-schema-ref-resolver'].filter((name) => Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/')));
      process.stdout.write(JSON.stringify(loaded));
    `);
    expect(JSON.parse(out)).toEqual(['ajv', 'ajv-formats', 'json-schema-ref-resolver']);
  });

  it('CommonJS: the route table (dist/app-routes.cjs) is loaded by an app with routes only; negotiator and content-type by the first Accept and Content-Type that need judging', () => {
    const out = run(['-e'], `
      const http = require('node:http');
      const { vendorCompat } = require('./dist/express.cjs');
      const loaded = () => ['/dist/app-routes.cjs', '/node_modules/negotiator/', '/node_modules/content-type/'].map((part) => Object.keys(require.cache).some((file) => file.includes(part)));
      const vc = vendorCompat({ profile: 'apig' });
      const states = [loaded()];
      const send = (method, headers) => {
        const req = new http.IncomingMessage(null);
        Object.assign(req, { method, url: '/a', headers: { host: 'h', ...headers } });
        const res = new http.ServerResponse(req);
        vc.preconditions(req, res, () => undefined);
        states.push(res.statusCode, loaded());
      };
      send('POST', { 'content-type': 'text/plain; charset=utf-8', 'content-length': '2' });
      send('GET', { accept: 'text/html' });
      vendorCompat({ profile: 'apig', routes: ${ROUTES} });
      states.push(loaded());
      process.stdout.write(JSON.stringify(states));
    `);
    // APIG answers an unsupported Content-Type 400 (huawei-apig-mpc-and-stratos.md §1.4); the
    // Content-Type goes first because negotiator requires content-type itself.
    expect(JSON.parse(out)).toEqual([[false, false, false], 400, [false, false, true], 406, [false, true, true], [true, true, true]]);
  });

  it('ESM on Node: a built-in profile loads none of them; an Accept to judge and a custom profile load theirs on first use (#vendor-compat/packages, condition node)', () => {
    const out = run(['--input-type=module', '-e'], `
      import { createRequire } from 'node:module';
      import http from 'node:http';
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => ['/node_modules/ajv/', '/node_modules/negotiator/', '/dist/profile-document.cjs'].map((part) => Object.keys(cache).some((file) => file.includes(part)));
      const { defineProfile, profiles } = await import('./dist/index.mjs');
      const { vendorCompat } = await import('./dist/express.mjs');
      const vc = vendorCompat({ profile: 'apig' });
      const states = [loaded()];
      const req = new http.IncomingMessage(null);
      Object.assign(req, { method: 'GET', url: '/a', headers: { host: 'h', accept: 'text/html' } });
      const res = new http.ServerResponse(req);
      vc.preconditions(req, res, () => undefined);
      states.push(res.statusCode, loaded());
      defineProfile(${CUSTOM}, { extends: profiles.problem });
      states.push(loaded());
      process.stdout.write(JSON.stringify(states));
    `);
    expect(JSON.parse(out)).toEqual([[false, false, false], 406, [false, true, false], [true, true, true]]);
  });

  it('ESM elsewhere (#vendor-compat/packages, condition default): every lazy load is imported up front, so that a bundler includes it', () => {
    const out = run(['--input-type=module', '-e'], `
      const { requireLazily } = await import('./dist/esm-packages.mjs');
      const ids = ['ajv', 'ajv/dist/2020.js', 'ajv-formats', 'json-schema-ref-resolver', 'negotiator', 'content-type', '../generated/profile-document'];
      const validate = requireLazily('../generated/profile-document').profileDocumentValidator();
      process.stdout.write(JSON.stringify([ids.map((id) => typeof requireLazily(id)), validate({}), typeof new (requireLazily('ajv').default)().compile]));
    `);
    expect(JSON.parse(out)).toEqual([['function', 'function', 'function', 'object', 'function', 'object', 'object'], false, 'function']);
  });

  it('ESM: a custom profile, a route table and an OpenAPI document work in the native ESM build (which has no require())', () => {
    const out = run(['--input-type=module', '-e'], `
      import { defineProfile, profiles } from './dist/index.mjs';
      import { vendorCompat } from './dist/express.mjs';
      const acme = defineProfile(${CUSTOM}, { extends: profiles.problem });
      vendorCompat({ profile: acme, routes: ${ROUTES} });
      vendorCompat({ profile: 'apig', openapi: ${OPENAPI} });
      process.stdout.write(JSON.stringify(acme.validateBody({})));
    `);
    expect(JSON.parse(out)).toEqual(["/ must have required property 'err'"]);
  });
});
