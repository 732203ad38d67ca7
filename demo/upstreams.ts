/**
 * The demo gateway's error-mapping part: a domain error mapped by a rule, an upstream
 * that refuses connections and one that never answers (both real, on loopback), proxied with
 * http-proxy-middleware, and an `onError` that prints one JSON line per error with the request id.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { upstreamErrors, type ErrorEvent, type ErrorRule } from '../src/index';
import type { ExpressVendorCompat } from '../src/express';

/** The demo's domain error: a storage layer that knows nothing of HTTP. */
export class VolumeNotFoundError extends Error {
  override readonly name = 'VolumeNotFoundError';
}

/** Gateway rules first, then the domain's own. */
export const demoErrorRules: readonly ErrorRule[] = [...upstreamErrors, { instanceOf: VolumeNotFoundError, kind: 'notFound' }];

/** How long the demo waits for an upstream before answering the vendor's 504. */
const UPSTREAM_TIMEOUT_MS = 2000;

/**
 * One JSON line per error response on stdout, with the id the client sees (or, where the profile
 * sends none, the one the demo's `requestId` option made for the log).
 */
export function logErrorLine(event: ErrorEvent): void {
  const { error, status, kind, code, requestId, method, path, source } = event;
  const cause = status >= 500 && error instanceof Error ? `${error.name}: ${error.message}` : undefined; // logged, never sent
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: status >= 500 ? 'error' : 'warn', requestId, method, path, status, kind, code, source, cause })}\n`);
}

interface Upstreams {
  refused?: string;
  stalled?: string;
  readonly servers: http.Server[];
}

function listenOnLoopback(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Starts the two upstreams: a port that was free and is closed again, and a server that never answers. */
async function startUpstreams(upstreams: Upstreams): Promise<void> {
  const probe = http.createServer();
  const refusedPort = await listenOnLoopback(probe);
  await new Promise((resolve) => probe.close(resolve));
  upstreams.refused = `http://127.0.0.1:${refusedPort}`;
  const stalled = http.createServer(() => undefined); // reads the request, never answers
  upstreams.servers.push(stalled);
  upstreams.stalled = `http://127.0.0.1:${await listenOnLoopback(stalled)}`;
}

/**
 * Mounts `GET /demo/volumes/:id` (a domain error mapped by rule), `/demo/upstream` (proxied to a
 * closed port: the vendor's 502) and `/demo/slow-upstream` (proxied to a server that never answers:
 * the vendor's 504). Returns a function that stops the upstreams.
 *
 * @example
 * const stopUpstreams = mountUpstreamDemo(app, vc)
 */
export function mountUpstreamDemo(app: express.Express, vc: ExpressVendorCompat): () => void {
  const upstreams: Upstreams = { servers: [] };
  void startUpstreams(upstreams);
  app.get('/demo/volumes/:id', (req) => {
    throw new VolumeNotFoundError(`Volume ${req.params.id} does not exist`);
  });
  const proxy = (target: () => string | undefined): express.RequestHandler =>
    createProxyMiddleware<http.IncomingMessage, http.ServerResponse>({
      router: () => target() ?? 'http://127.0.0.1:9',
      logger: undefined,
      on: {
        // http-proxy's own proxyTimeout aborts with ECONNRESET (a "reset", 502): name the timeout.
        proxyReq: (proxyReq) => {
          proxyReq.setTimeout(UPSTREAM_TIMEOUT_MS, () => proxyReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })));
        },
        error: (err, req, res) => {
          if (res instanceof http.ServerResponse) vc.sendError(req, res, err);
        },
      },
    }) as unknown as express.RequestHandler;
  app.use('/demo/upstream', proxy(() => upstreams.refused));
  app.use('/demo/slow-upstream', proxy(() => upstreams.stalled));
  return () => {
    for (const server of upstreams.servers) {
      server.closeAllConnections();
      server.close();
    }
  };
}

/**
 * The curl lines for these routes.
 *
 * @example
 * upstreamCurlLines('http://127.0.0.1:3000')
 */
export function upstreamCurlLines(base: string): string[] {
  return [
    `  curl -i ${base}/demo/volumes/12                  # a domain error mapped by rule (errors: [{ instanceOf, kind: 'notFound' }])`,
    `  curl -i ${base}/demo/upstream                    # proxied to a closed port: the vendor's 502`,
    `  curl -i ${base}/demo/slow-upstream               # proxied to an upstream that never answers: the vendor's 504 (after ${UPSTREAM_TIMEOUT_MS / 1000} s)`,
  ];
}
