/**
 * Servers for the hardening suites: Express 5, Express 4, Koa 3, Koa 2 and plain node:http, each
 * mounting vendor-compat with `attach` on a server whose timeouts are short enough to test
 * slowloris in a second (`headersTimeout`, `requestTimeout`, `connectionsCheckingInterval`).
 *
 * Routes: `/ok` answers 200; `/throw` throws a 500 whose message is a secret; `/split` throws a
 * 400 whose message and headers try to split the response; `/late` fails after the headers went
 * out; `/stream-fail` streams chunks and then fails; `/upload` reads the whole body; `/big`
 * streams 8 MB with backpressure.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import createError from 'http-errors';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { attach, sendError } from '../support/node-app';
import type { ProfileName } from '../support/internals';

/* eslint-disable @typescript-eslint/no-require-imports */
const express5 = require('express') as typeof expressModuleType;
const express4 = require('express4') as typeof expressModuleType;
const Koa3 = require('koa') as typeof KoaType;
const Koa2 = require('koa2') as typeof KoaType;
/* eslint-enable @typescript-eslint/no-require-imports */

export const SECRET = 'Zq9Secret db password hunter2 at /srv/app/db.js:42';
export const SPLIT_MESSAGE = 'bad\r\nSet-Cookie: evil=1\r\n\r\nHTTP/1.1 200 OK\r\nX-Injected: yes';
const SPLIT_HEADERS = { 'X-Note': 'a\r\nSet-Cookie: evil=2', 'Bad Name': 'x', 'X-Ok': 'fine' };
const BIG_CHUNK = Buffer.alloc(64 * 1024, 'b');
export const BIG_BYTES = 8 * 1024 * 1024;

/** Timeouts small enough for slowloris tests, as the issue asks (Node's defaults are 60 s / 300 s / 30 s). */
export const SERVER_OPTIONS: http.ServerOptions = { headersTimeout: 500, requestTimeout: 1000, connectionsCheckingInterval: 50, keepAliveTimeout: 5000 };

export type Kind = 'express5' | 'express4' | 'koa3' | 'koa2' | 'node';

/** Each server kind with a profile, so that every profile is hardened through some server. */
export const HARDENED: ReadonlyArray<readonly [Kind, ProfileName]> = [
  ['express5', 'problem'],
  ['express4', 'hcp'],
  ['koa3', 'vsp'],
  ['koa2', 'apig'],
  ['node', 'mpc'],
  ['node', 'stratos'],
];

/** Writes 8 MB in 64 KB chunks, waiting for drain; stops when the client goes away. */
function streamBig(res: http.ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(BIG_BYTES) });
  let sent = 0;
  const pump = (): void => {
    while (sent < BIG_BYTES && !res.destroyed) {
      sent += BIG_CHUNK.length;
      if (!res.write(BIG_CHUNK)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** Streams three chunks, 20 ms apart, then calls `fail`. */
function streamThenFail(res: http.ServerResponse, fail: (error: Error) => void): void {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  let count = 0;
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer);
      return;
    }
    res.write(`chunk ${count}\n`);
    if (++count === 3) {
      clearInterval(timer);
      fail(new Error(`upstream broke: ${SECRET}`));
    }
  }, 20);
}

/** Reads the request body; resolves with its size, rejects with a 400 if the client aborts. */
function readBody(req: http.IncomingMessage): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => resolve(size));
    req.on('aborted', () => reject(createError(400, 'request aborted')));
    req.on('error', (error) => reject(createError(400, error.message)));
  });
}

function expressServer(expressModule: typeof expressModuleType, profile: ProfileName): http.Server {
  const app = expressModule();
  const vc = expressVendorCompat({ profile });
  app.use(vc.preconditions);
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/throw', () => {
    throw new Error(SECRET);
  });
  app.get('/split', () => {
    throw createError(400, SPLIT_MESSAGE, { headers: SPLIT_HEADERS });
  });
  app.get('/late', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('partial');
    throw new Error(SECRET);
  });
  app.get('/stream-fail', (_req, res, next) => streamThenFail(res, next));
  app.post('/upload', (req, res, next) => {
    readBody(req).then((bytes) => res.json({ bytes }), next);
  });
  app.get('/big', (_req, res) => streamBig(res));
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return vc.attach(http.createServer(SERVER_OPTIONS, app));
}

function koaServer(KoaClass: typeof KoaType, profile: ProfileName): http.Server {
  const app = new KoaClass();
  app.silent = true;
  const vc = koaVendorCompat({ profile });
  app.use(vc.preconditions);
  app.use(async (ctx, next) => {
    switch (`${ctx.method} ${ctx.path}`) {
      case 'GET /ok':
        ctx.body = { ok: true };
        return;
      case 'GET /throw':
        throw new Error(SECRET);
      case 'GET /split':
        throw createError(400, SPLIT_MESSAGE, { headers: SPLIT_HEADERS });
      case 'GET /late':
        ctx.res.writeHead(200, { 'Content-Type': 'text/plain' });
        ctx.res.write('partial');
        throw new Error(SECRET);
      case 'GET /stream-fail':
        ctx.respond = false;
        await new Promise<void>((_resolve, reject) => streamThenFail(ctx.res, reject));
        return;
      case 'GET /koa-stream-fail': {
        // Koa's own path: a body stream that fails after the headers went out.
        let count = 0;
        ctx.type = 'text/plain';
        ctx.body = new Readable({
          read() {
            if (count++ < 3) setTimeout(() => this.push(`chunk ${count}\n`), 20);
            else this.destroy(new Error(`upstream broke: ${SECRET}`));
          },
        });
        return;
      }
      case 'POST /upload':
        ctx.body = { bytes: await readBody(ctx.req) };
        return;
      case 'GET /big':
        ctx.respond = false;
        streamBig(ctx.res);
        return;
      default:
        await next();
    }
  });
  return vc.attach(http.createServer(SERVER_OPTIONS, app.callback()));
}

function nodeServer(profile: ProfileName): http.Server {
  const options = { profile };
  const server = http.createServer(SERVER_OPTIONS, (req, res) => {
    const fail = (error: unknown): void => void sendError(req, res, error, options);
    try {
      switch (`${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`) {
        case 'GET /ok':
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
          return;
        case 'GET /throw':
          throw new Error(SECRET);
        case 'GET /split':
          throw createError(400, SPLIT_MESSAGE, { headers: SPLIT_HEADERS });
        case 'GET /late':
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.write('partial');
          throw new Error(SECRET);
        case 'GET /stream-fail':
          streamThenFail(res, fail);
          return;
        case 'POST /upload':
          readBody(req).then((bytes) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ bytes })), fail);
          return;
        case 'GET /big':
          streamBig(res);
          return;
        default:
          throw createError(404);
      }
    } catch (error) {
      fail(error);
    }
  });
  return attach(server, options);
}

/**
 * Builds (does not start) a hardened server.
 *
 * @example
 * const server = hardenedServer('koa3', 'vsp')
 */
export function hardenedServer(kind: Kind, profile: ProfileName): http.Server {
  switch (kind) {
    case 'express5':
      return expressServer(express5, profile);
    case 'express4':
      return expressServer(express4, profile);
    case 'koa3':
      return koaServer(Koa3, profile);
    case 'koa2':
      return koaServer(Koa2, profile);
    case 'node':
      return nodeServer(profile);
  }
}
