/**
 * The apps the testing helpers are tried on: the same APIG-speaking API on Express 5 (supertest,
 * fetch over 127.0.0.1:0), Fastify 5 (light-my-request's `inject`) and Hono (`app.request()`).
 * Routes: an unmatched path (APIG.0101, seed-003 row 404), `/volumes/vol1` throwing a conflict
 * with an exposed message (APIG.0201, seed-003 row 409), `/plain` answering a hand-written 404
 * that is not APIG's (`{"message":"nope"}`), `/ok` a 200.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono, type ErrorHandler } from 'hono';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as fastifyVendorCompat } from '../../src/fastify';
import { vendorCompat as honoVendorCompat } from '../../src/hono';
import { createVendorError } from '../../src';

export const CONFLICT_MESSAGE = 'Volume vol1 already exists';
const conflict = (): Error => createVendorError('conflict', CONFLICT_MESSAGE, { expose: true });

/** The Express 5 app. */
export function expressApp(): express.Express {
  const vc = expressVendorCompat({ profile: 'apig' });
  const app = express();
  app.use(vc.preconditions);
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/plain', (_req, res) => void res.status(404).json({ message: 'nope' }));
  app.get('/volumes/vol1', () => {
    throw conflict();
  });
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return app;
}

/** The Fastify 5 app, ready. */
export async function fastifyApp(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(fastifyVendorCompat, { profile: 'apig' });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/plain', async (_request, reply) => reply.code(404).send({ message: 'nope' }));
  app.get('/volumes/vol1', async () => {
    throw conflict();
  });
  await app.ready();
  return app;
}

/** Hono's error slot under either of its names (`errorHandler`, formerly `onError`). */
export function honoErrorSlot(vc: object): ErrorHandler {
  const slots = vc as Record<string, ErrorHandler | undefined>;
  return (slots.errorHandler ?? slots.onError) as ErrorHandler;
}

/** Hono's first middleware under either of its names (`preconditions`, formerly `middleware`). */
export function honoPreconditions(vc: object): Parameters<Hono['use']>[0] {
  const slots = vc as Record<string, Parameters<Hono['use']>[0] | undefined>;
  return (slots.preconditions ?? slots.middleware) as Parameters<Hono['use']>[0];
}

/** The Hono app. */
export function honoApp(): Hono {
  const vc = honoVendorCompat({ profile: 'apig' });
  const app = new Hono();
  app.use(honoPreconditions(vc));
  app.get('/ok', (c) => c.json({ ok: true }));
  app.get('/plain', (c) => c.json({ message: 'nope' }, 404));
  app.get('/volumes/vol1', () => {
    throw conflict();
  });
  app.onError(honoErrorSlot(vc));
  app.notFound(vc.notFound);
  return app;
}

/** Starts the Express app on 127.0.0.1:0; returns its base URL and a closer. */
export async function listenExpress(): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer(expressApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
