/**
 * The one engine's boundary, on every adapter, with apps written as their framework's users
 * write them (the framework's own body parser, `await request.json()` in a Fetch handler,
 * `c.req.json()` in Hono): a body is judged or refused, never skipped; invalid JSON is the
 * vendor's bad request in the vendor's words; exactly one `onError` event per failed request.
 * Every answer is compared with `render` of the kind for the same request (the oracle), byte
 * for byte, and the handler must never run for a refused request.
 */
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import express from 'express';
import Koa from 'koa';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { kindAnswer, type ErrorEvent } from '../../src/core/app-config';
import { render } from '../../src/core/render';
import { profiles, type KindName, type ProfileName } from '../support/internals';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as fastifyVendorCompat } from '../../src/fastify';
import { vendorCompat as honoVendorCompat } from '../../src/hono';
import { vendorCompat as fetchVendorCompat } from '../../src/fetch';

/* eslint-disable @typescript-eslint/no-require-imports */
const express4 = require('express4') as typeof express;
const Koa2 = require('koa2') as typeof Koa;
const fastify4 = require('fastify4') as typeof Fastify;
const { Router } = require('@koa/router') as { Router: new () => { post(path: string, handler: Koa.Middleware): unknown; routes(): Koa.Middleware } };
const { bodyParser } = require('@koa/bodyparser') as { bodyParser: () => Koa.Middleware };
/* eslint-enable @typescript-eslint/no-require-imports */

const ROUTES = {
  'POST /v1/volumes': {
    schema: { body: { type: 'object', required: ['sizeGB'], properties: { sizeGB: { type: 'integer', maximum: 100 } }, additionalProperties: false } },
  },
} as const;

type Target = 'express5' | 'express4' | 'koa3' | 'koa2' | 'fastify5' | 'fastify4' | 'hono' | 'fetch';
const TARGETS: readonly Target[] = ['express5', 'express4', 'koa3', 'koa2', 'fastify5', 'fastify4', 'hono', 'fetch'];

interface App {
  readonly server: http.Server;
  readonly events: ErrorEvent[];
  /** Bodies the handler received (a refused request must never add one). */
  readonly reached: unknown[];
}

function options(profile: ProfileName, events: ErrorEvent[], extra: object = {}): { profile: ProfileName; routes: typeof ROUTES; onError: (event: ErrorEvent) => void } {
  return { profile, routes: ROUTES, onError: (event) => void events.push(event), ...extra };
}

function build(target: Target, profile: ProfileName, extra: object = {}): App {
  const events: ErrorEvent[] = [];
  const reached: unknown[] = [];
  const opts = options(profile, events, extra);
  switch (target) {
    case 'express5':
    case 'express4': {
      const factory = target === 'express5' ? express : express4;
      const app = factory();
      const vc = expressVendorCompat(opts);
      app.use(vc.preconditions);
      app.use(factory.json());
      app.use(vc.validate);
      app.post('/v1/volumes', (req, res) => {
        reached.push(req.body);
        res.status(201).json(req.body);
      });
      app.use(vc.notFound);
      app.use(vc.errorHandler);
      return { server: vc.attach(http.createServer(app)), events, reached };
    }
    case 'koa3':
    case 'koa2': {
      const KoaClass = target === 'koa3' ? Koa : Koa2;
      const app = new KoaClass();
      app.silent = true;
      const vc = koaVendorCompat(opts);
      app.use(vc.preconditions);
      app.use(bodyParser());
      app.use(vc.validate);
      const router = new Router();
      router.post('/v1/volumes', (ctx) => {
        const body = (ctx.request as { body?: unknown }).body;
        reached.push(body);
        ctx.status = 201;
        ctx.body = body as object;
      });
      app.use(router.routes());
      app.use(vc.notFound);
      return { server: vc.attach(http.createServer(app.callback())), events, reached };
    }
    case 'fastify5':
    case 'fastify4': {
      let handler: http.RequestListener | undefined;
      const server = http.createServer((req, res) => handler?.(req, res));
      const factory = target === 'fastify5' ? Fastify : fastify4;
      const app = factory({ serverFactory: (listener) => ((handler = listener as http.RequestListener), server) });
      void app.register(fastifyVendorCompat, opts);
      void app.register(async (instance) => {
        instance.post('/v1/volumes', async (request, reply) => {
          reached.push(request.body);
          return reply.code(201).send(request.body);
        });
      });
      const ready = app.ready();
      const original = server.listen.bind(server);
      (server as { listen: unknown }).listen = (...args: unknown[]) => {
        void ready.then(() => original(...(args as Parameters<typeof original>)));
        return server;
      };
      return { server, events, reached };
    }
    case 'hono': {
      const app = new Hono();
      const vc = honoVendorCompat(opts);
      app.use(vc.preconditions);
      app.use(vc.validate);
      app.post('/v1/volumes', async (c) => {
        const body = await c.req.json();
        reached.push(body);
        return c.json(body, 201);
      });
      app.onError(vc.errorHandler);
      app.notFound(vc.notFound);
      return { server: http.createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false })), events, reached };
    }
    case 'fetch': {
      const vc = fetchVendorCompat(opts);
      const handler = vc.wrap(async (request: Request): Promise<Response> => {
        if (new URL(request.url).pathname !== '/v1/volumes') return vc.notFound(request);
        const body: unknown = await request.json();
        const rejection = vc.validate(request, body);
        if (rejection !== undefined) return rejection;
        reached.push(body);
        return Response.json(body, { status: 201 });
      });
      return { server: http.createServer(getRequestListener(handler, { overrideGlobalObjects: false })), events, reached };
    }
  }
}

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

async function send(app: App, init: { method: string; path: string; headers?: Record<string, string>; body?: string | string[] }): Promise<Reply> {
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  try {
    return await new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: init.method, path: init.path, headers: init.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      if (Array.isArray(init.body)) {
        for (const chunk of init.body) req.write(chunk);
        req.end();
      } else req.end(init.body);
    });
  } finally {
    await new Promise((resolve) => app.server.close(resolve));
    await new Promise((resolve) => setImmediate(resolve)); // onError runs after the write
  }
}

/** The profile's own answer for `kind` to this request (the oracle), with the id the client saw. */
function expected(profile: ProfileName, kind: KindName, reply: Reply): ReturnType<typeof render> {
  const requestId = reply.headers['x-request-id'] as string | undefined;
  return render(kindAnswer(kind), profiles[profile], { method: 'POST', path: '/v1/volumes', requestId });
}

function expectAnswer(profile: ProfileName, kind: KindName, reply: Reply): void {
  const oracle = expected(profile, kind, reply);
  expect({ status: reply.status, body: reply.body }).toEqual({ status: oracle.status, body: oracle.body });
  for (const [name, value] of Object.entries(oracle.headers)) expect([name, reply.headers[name.toLowerCase()]]).toEqual([name, value]);
}

const PROFILES: readonly ProfileName[] = ['apig', 'hcp', 'problem'];

describe.each(TARGETS)('%s', (target) => {
  describe.each(PROFILES)('profile %s', (profile) => {
    it('a body without Content-Type on a route with a body schema is the vendor\'s unsupported media type (RFC 9110 §8.3; HCP seed-000: "includes a request body but no Content-Type header"), and the handler never sees it', async () => {
      const app = build(target, profile);
      const reply = await send(app, { method: 'POST', path: '/v1/volumes', headers: { 'content-length': '29' }, body: '{"sizeGB":99999,"admin":true}' });
      expectAnswer(profile, 'unsupportedMediaType', reply);
      expect(app.reached).toEqual([]);
      expect(app.events.map((event) => [event.kind, event.source])).toEqual([['unsupportedMediaType', 'precondition']]);
    });

    it('invalid JSON is the vendor\'s bad request with the vendor\'s text (never the parser\'s), exactly one onError event', async () => {
      const app = build(target, profile);
      const reply = await send(app, { method: 'POST', path: '/v1/volumes', headers: { 'content-type': 'application/json', 'content-length': '10' }, body: '{"sizeGB":' });
      expectAnswer(profile, 'badRequest', reply);
      expect(reply.body).not.toMatch(/JSON|Unexpected|position/i);
      expect(app.reached).toEqual([]);
      expect(app.events.map((event) => [event.status, event.kind])).toEqual([[expected(profile, 'badRequest', reply).status, 'badRequest']]);
    });

    it('a body the schema refuses is answered with the profile\'s validation answer, and the handler never sees it', async () => {
      const app = build(target, profile);
      const reply = await send(app, { method: 'POST', path: '/v1/volumes', headers: { 'content-type': 'application/json', 'content-length': '29' }, body: '{"sizeGB":99999,"admin":true}' });
      expect(reply.status).toBe(expected(profile, profiles[profile].document.validation?.kind ?? 'badRequest', reply).status);
      expect(app.reached).toEqual([]);
      expect(app.events.map((event) => event.source)).toEqual(['validation']);
    });

    it('a valid body reaches the handler as sent', async () => {
      const app = build(target, profile);
      const reply = await send(app, { method: 'POST', path: '/v1/volumes', headers: { 'content-type': 'application/json', 'content-length': '13' }, body: '{"sizeGB":10}' });
      expect([reply.status, JSON.parse(reply.body)]).toEqual([201, { sizeGB: 10 }]);
      expect(app.reached).toEqual([{ sizeGB: 10 }]);
      expect(app.events).toEqual([]);
    });
  
    it('a chunked body streaming past maxBodyBytes is the vendor\'s 413 with Connection: close, and exactly one onError event (not a second one for the parser\'s aborted read)', async () => {
      const app = build(target, profile, { preconditions: { maxBodyBytes: 64 } });
      const chunk = `{"sizeGB":1,"pad":"${'x'.repeat(200)}"}`;
      const reply = await send(app, { method: 'POST', path: '/v1/volumes', headers: { 'content-type': 'application/json' }, body: [chunk.slice(0, 40), chunk.slice(40)] });
      expectAnswer(profile, 'payloadTooLarge', reply);
      expect(reply.headers.connection).toBe('close');
      expect(app.reached).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 50)); // a late parser failure would report now
      expect(app.events.map((event) => [event.kind, event.source])).toEqual([['payloadTooLarge', 'precondition']]);
    });
  });
});
