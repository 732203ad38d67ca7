/**
 * Real third-party OpenAPI documents (../shared/openapi, see its SOURCES.md; read in place, never
 * copied): each loads on Express 5, Fastify 5 and Hono, and a differential harness sends, for
 * sampled operations, a generated valid request and single mutations (a dropped required
 * property, a wrong type, an enum violation, an unknown method, a wrong Content-Type, a missing
 * required query parameter, an extra property where `additionalProperties: false`, a missing
 * required body); every verdict must be the specification's (./request-generator knows what it
 * changed). `VC_OPENAPI_FULL=1` runs every operation instead of a sample.
 *
 * The echo apps parse JSON bodies only, so a form body's schema is not reached there (the
 * `judgement` tests judge one through Express's `urlencoded`): form cases here are the valid
 * request and the media-type, method and parameter mutations.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import { openapiReport } from '../../src/index';
import { routesFromOpenapi } from '../../src/core/openapi/from-document';
import { expressPath, makeRouteServer, type EchoRoute, type RouteFramework } from '../support/route-apps';
import { casesOf, operationsOf, type GeneratedCase } from './request-generator';

const FOLDER = path.resolve(__dirname, '../../../shared/openapi');
const present = fs.existsSync(FOLDER);
const FULL = process.env.VC_OPENAPI_FULL === '1';
/** Operations per document in the default run (spread evenly over the document). */
const SAMPLE = 24;
const FRAMEWORKS: readonly RouteFramework[] = ['express5', 'fastify5', 'hono'];

const files = present ? fs.readdirSync(FOLDER).filter((name) => /\.(?:ya?ml|json)$/.test(name)).sort() : [];
const load = (name: string): Record<string, unknown> => {
  const text = fs.readFileSync(path.join(FOLDER, name), 'utf8');
  return (name.endsWith('.json') ? JSON.parse(text) : YAML.parse(text)) as Record<string, unknown>;
};

function sample<T>(items: readonly T[]): readonly T[] {
  if (FULL || items.length <= SAMPLE) return items;
  const step = items.length / SAMPLE;
  return Array.from({ length: SAMPLE }, (_, index) => items[Math.floor(index * step)] as T);
}

async function send(server: http.Server, generated: GeneratedCase): Promise<number> {
  let pending = request(server)[generated.method.toLowerCase() as 'get'](generated.target);
  for (const [name, value] of Object.entries(generated.headers)) pending = pending.set(name, value);
  if (generated.body !== undefined) pending = pending.send(generated.body);
  return (await pending).status;
}

if (!present) {
  // A clone with nothing beside it (a user's) has no ../shared: say so, run nothing.
  describe.skip(`real OpenAPI documents (skipped: ${FOLDER} is absent; see SOURCES.md there)`, () => {
    it('loads and judges every document in the folder', () => undefined);
  });
}

(present ? describe : describe.skip)('real OpenAPI documents', () => {
  describe.each(present ? files : ['(none)'])('%s', (file) => {
    if (!present) return;
    const document = load(file);
    const { entries, report } = routesFromOpenapi(document);
    // The echo app's routes: every operation under the prefix its servers give it.
    const routes: EchoRoute[] = entries.map((entry) => ({ method: entry.key.split(' ')[0] as string, path: expressPath((entry.prefix ?? '') + entry.key.slice(entry.key.indexOf(' ') + 1)) }));
    const prefixOf = new Map(entries.map((entry) => [entry.key, entry.prefix ?? '']));

    it('loads, with everything it leaves unjudged in one report (openapiReport compiles every schema)', () => {
      const full = openapiReport(document);
      expect(full.items).toEqual(report);
      expect(full.judged).toBe(entries.length);
      for (const item of full.items) expect(item.reason).not.toBe('');
    });

    const operations = sample(operationsOf(document));
    const generated = operations.map((operation) => ({ operation, cases: casesOf(document, prefixOf.get(`${operation.method.toUpperCase()} ${operation.path}`) ?? '', operation) }));
    const cases = generated.flatMap(({ cases: list }) => (typeof list === 'string' ? [] : list));

    describe.each(FRAMEWORKS)('on %s', (framework) => {
      const server = makeRouteServer(framework, { profile: 'problem', openapi: document }, routes);
      afterAll(() => server.close());

      it(`gives the specification's verdict on every generated request (${cases.length} from ${operations.length} operations)`, async () => {
        const disagreements: string[] = [];
        for (const generatedCase of cases) {
          const status = await send(server, generatedCase);
          if (status !== generatedCase.expected) disagreements.push(`${generatedCase.method} ${generatedCase.target} (${generatedCase.name}): ${status}, expected ${generatedCase.expected}`);
        }
        expect(disagreements).toEqual([]);
      });
    });
  });
});
