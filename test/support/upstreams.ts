/**
 * Real upstream failures on loopback, for gateway tests: a port nobody listens on (a
 * real ECONNREFUSED) and a server that accepts connections and never answers (a real stall).
 * Both on 127.0.0.1, port 0, never a fixed port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback port that was just free and closed again: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A loopback HTTP server that reads requests and never answers them. */
export interface StalledUpstream {
  readonly url: string;
  readonly port: number;
  readonly close: () => Promise<void>;
}

/**
 * Starts a server whose handler never answers (the request stays open until the client gives up
 * or `close()` is called).
 *
 * @example
 * const stalled = await stalledUpstream()
 * await fetch(stalled.url, { signal: AbortSignal.timeout(100) }) // rejects with TimeoutError
 */
export async function stalledUpstream(): Promise<StalledUpstream> {
  const server = http.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `http.request` as a gateway calls its upstream: resolves with the status, rejects with the
 * real error (ECONNREFUSED, or the AbortError whose cause is the TimeoutError of `signal`).
 *
 * @example
 * await httpGet(`http://127.0.0.1:${port}/`, AbortSignal.timeout(100))
 */
export function httpGet(url: string, signal?: AbortSignal): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.get(url, { signal, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}
