/**
 * Nest 12, 11 and 10, each on the Express and the Fastify platform, against Express 5 and
 * Fastify 5 with the library's own adapters: a representative subset of the contract cases
 * (unmatched routes, 405 and its substitutes, preconditions, body-parser failures, the app's
 * error rules, upstream failures, masked 500s, a thrown string) sent to both, same options, same
 * trusted request id: the answers must be the same bytes (status, headers but the connection's
 * and the date, body). Here Nest runs with its default body parsers, and every major is covered;
 * the whole contract suite (test/contract) runs on Nest 12 as the `nest-express` and
 * `nest-fastify` targets (test/nest/support/contract-app.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type expressModuleType from 'express';
import type fastifyModuleType from 'fastify';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as fastifyVendorCompat } from '../../src/fastify';
import { NEST_MAJORS, nestHost, type NestHost, type RemoteApp } from './support/harness';
import { NEUTRAL_THROWS, neutralThrown, optionsFor, type SeenEvent } from './support/apps';
import type { ProfileName } from '../../src/profiles';

/* eslint-disable @typescript-eslint/no-require-imports */
const express5 = require('express') as typeof expressModuleType;
const fastify5 = require('fastify') as typeof fastifyModuleType;
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(120_000);

const PROFILES: readonly ProfileName[] = ['problem', 'vsp', 'hcp', 'apig'];
/** Headers of the connection and the clock, and Express's banner: not the vendor's answer. */
const IGNORED = new Set(['date', 'connection', 'keep-alive', 'x-powered-by']);

interface Reference {
  readonly url: string;
  readonly close: () => Promise<void>;
}

async function expressReference(profile: ProfileName): Promise<Reference> {
  const events: SeenEvent[] = [];
  const vc = expressVendorCompat(optionsFor({ platform: 'express', profile, trustRequestId: true }, events) as never);
  const app = express5();
  app.use(vc.preconditions);
  app.use(express5.json());
  app.get('/v1/volumes', (_req, res) => void res.json({ ok: true }));
  app.all('/v1/jobs', vc.route({ methods: ['POST'] }));
  app.post('/v1/jobs', (_req, res) => void res.status(202).json({ started: true }));
  app.post('/v1/volumes', (_req, res) => void res.status(201).json({ ok: true }));
  app.get('/v1/volumes/:id', (req) => {
    throw neutralThrown(String(req.params.id));
  });
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  const server = vc.attach(http.createServer(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function fastifyReference(profile: ProfileName): Promise<Reference> {
  const events: SeenEvent[] = [];
  const app = fastify5();
  await app.register(fastifyVendorCompat, optionsFor({ platform: 'fastify', profile, trustRequestId: true }, events) as never);
  app.get('/v1/volumes', async () => ({ ok: true }));
  app.post('/v1/jobs', { config: { vendorCompat: { methods: ['POST'] } } }, async (_request, reply) => reply.code(202).send({ started: true }));
  app.post('/v1/volumes', async (_request, reply) => reply.code(201).send({ ok: true }));
  app.get('/v1/volumes/:id', async (req) => {
    throw neutralThrown(String((req.params as { id: string }).id));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}

interface Case {
  readonly name: string;
  readonly method: 'get' | 'post' | 'delete' | 'head' | 'put';
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string;
}

const CASES: readonly Case[] = [
  { name: 'an unmatched route', method: 'get', path: '/v1/nope' },
  { name: 'HEAD on an unmatched route', method: 'head', path: '/v1/nope' },
  { name: 'GET on a POST-only resource (405 or the vendor substitute)', method: 'get', path: '/v1/jobs' },
  { name: 'DELETE on a POST-only resource', method: 'delete', path: '/v1/jobs' },
  { name: 'an unsupported Content-Type (415)', method: 'post', path: '/v1/volumes', contentType: 'text/plain', body: 'x' },
  { name: 'invalid JSON (the body parser)', method: 'post', path: '/v1/volumes', contentType: 'application/json', body: '{"name":' },
  { name: "a body over the parser's limit", method: 'post', path: '/v1/volumes', contentType: 'application/json', body: `{"name":"${'x'.repeat(2_000_000)}"}` },
  { name: 'a long request-target (preconditions, then the unmatched route)', method: 'get', path: `/v1/nope/${'a'.repeat(12_000)}` },
  ...NEUTRAL_THROWS.map((id): Case => ({ name: `a route throwing ${id}`, method: 'get', path: `/v1/volumes/${id}` })),
];

interface Answer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

async function answerOf(url: string, item: Case, id: string): Promise<Answer> {
  let call = request(url)[item.method](item.path).set('X-Request-Id', id).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks).toString('latin1')));
  });
  if (item.contentType !== undefined) call = call.set('Content-Type', item.contentType);
  if (item.body !== undefined) call = call.send(item.body);
  const res = await call;
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !IGNORED.has(name)));
  return { status: res.status, headers, body: res.body as string };
}

describe.each(NEST_MAJORS)('Nest %i against Express 5 and Fastify 5', (major) => {
  let host: NestHost;
  beforeAll(async () => {
    host = await nestHost(major);
  });
  afterAll(async () => {
    await host?.stop();
  });

  describe.each(PROFILES)('profile %s', (profile) => {
    const targets: Array<{ nest: RemoteApp; reference: Reference; platform: string }> = [];
    beforeAll(async () => {
      targets.push({ nest: await host.start({ platform: 'express', profile, trustRequestId: true }), reference: await expressReference(profile), platform: 'express' });
      targets.push({ nest: await host.start({ platform: 'fastify', profile, trustRequestId: true }), reference: await fastifyReference(profile), platform: 'fastify' });
    });
    afterAll(async () => {
      for (const target of targets) await target.reference.close();
    });

    it.each(CASES)('$name: the same bytes as the framework adapter', async (item) => {
      expect(targets).toHaveLength(2);
      for (const { nest, reference, platform } of targets) {
        const id = `contract-${platform}-${item.method}-${item.path.slice(0, 40).replace(/\W/g, '')}`;
        const expected = await answerOf(reference.url, item, id);
        const actual = await answerOf(nest.url, item, id);
        expect(expected.status).toBeGreaterThanOrEqual(300);
        expect({ platform, ...actual }).toEqual({ platform, ...expected });
      }
    });
  });
});
