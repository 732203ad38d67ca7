/**
 * vendor-compat S3 servers for the real-client tests: the `s3` profile on Express 5, node:http,
 * Fastify 5, Koa 3, Hono (on @hono/node-server 2) and the plain Fetch entry, each on loopback with every answer recorded per case (reference.ts `observe`). Their
 * one route does what an S3-compatible service's handler does: it names the error by its S3 code
 * and lets the profile answer, `createVendorError(kind, undefined, { vendorCode, details })`, with
 * the kind the profile's code table gives the code, no message of its own (the table's is used),
 * and `details` naming the bucket or key where S3's answer names them; an error inside a 200
 * (CopyObject, CompleteMultipartUpload) goes through `sendError(..., { embedInOk: true })`; a kind
 * case throws the bare kind (`createVendorError('gone')`) and the profile's kind entry answers.
 */
import http from 'node:http';
import express from 'express';
import fastify from 'fastify';
import { createVendorError, isKindName, profiles, type KindName } from '../../support/internals';
import { vendorCompat as expressVendorCompat } from '../../../src/express';
import { vendorCompat as fastifyVendorCompat } from '../../../src/fastify';
import { vendorCompat as nodeVendorCompat } from '../../../src/node';
import Koa from 'koa';
import { Hono } from 'hono';
import { vendorCompat as koaVendorCompat } from '../../../src/koa';
import { vendorCompat as honoVendorCompat } from '../../../src/hono';
import { vendorCompat as fetchVendorCompat } from '../../../src/fetch';
import { getRequestListener } from '@hono/node-server2';
import { S3_ERROR_TABLE, listen, newObserved, observe, parseCasePath, type RunningS3 } from './reference';

/** The targets the S3 server runs on. */
export const S3_TARGETS = ['express5', 'node', 'fastify5', 'koa3', 'hono-node2', 'fetch'] as const;

/** One of {@link S3_TARGETS}. */
export type S3Target = (typeof S3_TARGETS)[number];

/**
 * The kind the `s3` profile's code table gives `code`.
 *
 * @example
 * s3KindOf('NoSuchBucket') // 'notFound'
 */
export function s3KindOf(code: string): KindName {
  const kind = profiles.s3.document.codes?.[code]?.kind;
  if (kind === undefined || !isKindName(kind)) throw new Error(`the s3 profile has no code ${code}`);
  return kind;
}

/**
 * What the route throws for a request: the case's error, and whether it goes inside a 200. A
 * `kind` case throws the bare kind its key names (`createVendorError('gone')`), so the profile's
 * kind entry answers.
 */
function thrownFor(url: string): { error: unknown; inOk: boolean } {
  const target = parseCasePath(url);
  const code = target?.code ?? 'NoSuchBucket';
  const row = S3_ERROR_TABLE[code];
  const [, bucket = '', ...rest] = (url.split('?')[0] ?? '/').split('/');
  const key = rest.length === 0 || rest.join('/') === '' ? undefined : decodeURIComponent(rest.join('/'));
  if (target?.style === 'kind') {
    if (key === undefined || !isKindName(key)) throw new Error(`a kind case names its kind as the key: ${url}`);
    return { error: createVendorError(key), inOk: false };
  }
  const details = 'names' in row ? (row.names === 'bucket' ? { bucketName: bucket } : key === undefined ? undefined : { key }) : undefined;
  const error = createVendorError(s3KindOf(code), undefined, { vendorCode: code, ...(details === undefined ? {} : { details }) });
  return { error, inOk: target?.style === 'inOk' };
}

/** Express 5: preconditions first, the route, the error handler last. */
function expressServer(observed: ReturnType<typeof newObserved>): http.Server {
  const vc = expressVendorCompat({ profile: 's3' });
  const app = express();
  app.disable('x-powered-by');
  app.use(vc.preconditions);
  app.use((req, res) => {
    const { error, inOk } = thrownFor(req.originalUrl);
    if (!inOk) throw error;
    vc.sendError(req, res, error, { embedInOk: true });
  });
  app.use(vc.errorHandler);
  return vc.attach(http.createServer(observe(app, observed)));
}

/** node:http through `vendorCompat()`. */
function nodeServer(observed: ReturnType<typeof newObserved>): http.Server {
  const vc = nodeVendorCompat({ profile: 's3' });
  return vc.attach(
    http.createServer(
      observe((req, res) => {
        if (!vc.preconditions(req, res)) return;
        const { error, inOk } = thrownFor(req.url ?? '/');
        vc.sendError(req, res, error, inOk ? { embedInOk: true } : undefined);
      }, observed),
    ),
  );
}

/** Fastify 5 with the plugin, one catch-all route and one catch-all body parser. */
async function fastifyServer(observed: ReturnType<typeof newObserved>): Promise<http.Server> {
  const app = fastify({ serverFactory: (handler) => http.createServer(observe(handler, observed)) });
  await app.register(fastifyVendorCompat, { profile: 's3' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.all('/*', async (request, reply) => {
    const { error, inOk } = thrownFor(request.url);
    if (!inOk) throw error;
    app.vendorCompat.sendError(request, reply, error, { embedInOk: true });
    return reply;
  });
  await app.ready();
  return app.server;
}

/** Koa 3: preconditions first (it also catches what the route throws). */
function koaServer(observed: ReturnType<typeof newObserved>): http.Server {
  const vc = koaVendorCompat({ profile: 's3' });
  const app = new Koa();
  app.silent = true;
  app.use(vc.preconditions);
  app.use((ctx) => {
    const { error, inOk } = thrownFor(ctx.originalUrl);
    if (!inOk) throw error;
    vc.sendError(ctx, error, { embedInOk: true });
  });
  return vc.attach(http.createServer(observe(app.callback(), observed)));
}

/** A Fetch handler behind @hono/node-server 2's request listener, with the node entry's server hooks. */
function fetchRuntime(handler: (request: Request) => Response | Promise<Response>, observed: ReturnType<typeof newObserved>, errorHandler?: (error: unknown) => Response): http.Server {
  const listener = getRequestListener(handler, { hostname: 'localhost', overrideGlobalObjects: false, ...(errorHandler === undefined ? {} : { errorHandler }) });
  return nodeVendorCompat({ profile: 's3' }).attach(http.createServer(observe(listener, observed)));
}

/** Hono 4: preconditions, one catch-all route, the error handler. */
function honoServer(observed: ReturnType<typeof newObserved>): http.Server {
  const vc = honoVendorCompat({ profile: 's3' });
  const app = new Hono();
  app.use(vc.preconditions);
  app.all('*', (c) => {
    const { error, inOk } = thrownFor(new URL(c.req.url).pathname + new URL(c.req.url).search);
    if (!inOk) throw error;
    return vc.errorResponse(c, error, { embedInOk: true });
  });
  app.onError(vc.errorHandler);
  return fetchRuntime(app.fetch, observed, vc.requestError);
}

/** The plain Fetch entry: `vc.wrap` around a handler that throws, or answers inside a 200. */
function fetchServer(observed: ReturnType<typeof newObserved>): http.Server {
  const vc = fetchVendorCompat({ profile: 's3' });
  return fetchRuntime(
    vc.wrap((request) => {
      const url = new URL(request.url);
      const { error, inOk } = thrownFor(url.pathname + url.search);
      if (!inOk) throw error;
      return vc.errorResponse(request, error, { embedInOk: true });
    }),
    observed,
  );
}

/**
 * Starts the `s3` server on `target` on a free loopback port.
 *
 * @example
 * const running = await startVendorS3('express5')
 */
export async function startVendorS3(target: S3Target): Promise<RunningS3> {
  const observed = newObserved();
  const builders: Record<S3Target, () => http.Server | Promise<http.Server>> = {
    express5: () => expressServer(observed),
    node: () => nodeServer(observed),
    fastify5: () => fastifyServer(observed),
    koa3: () => koaServer(observed),
    'hono-node2': () => honoServer(observed),
    fetch: () => fetchServer(observed),
  };
  const server = await builders[target]();
  return listen(server, observed);
}
