/**
 * A keep-alive client over `http.request` for the differential suite: it sends a body whole (with
 * Content-Length), in chunks (chunked framing), or with no framing header at all, and resolves
 * with the status line, the raw header pairs exactly as received (name case kept) and the body
 * bytes. It never throws: a request left unanswered resolves with `error`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What came back. */
export interface WireAnswer {
  readonly status?: number;
  readonly reason?: string;
  /** Raw header names and values, in order (`res.rawHeaders`). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly error?: string;
}

/** What to send. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body sent whole, with its Content-Length (unless `headers` frames it). */
  readonly body?: string;
  /** A body sent as these chunks, with `Transfer-Encoding: chunked`. */
  readonly chunks?: readonly string[];
}

/**
 * Listens on 127.0.0.1, port 0, and resolves with the port.
 *
 * @example
 * const port = await listenLocal(server)
 */
export async function listenLocal(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Closes the server and every connection it still holds.
 *
 * @example
 * await closeLocal(server)
 */
export async function closeLocal(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function once(agent: http.Agent, port: number, outgoing: WireRequest, timeoutMs: number): Promise<WireAnswer & { readonly reused: boolean }> {
  return new Promise((resolve) => {
    let settled = false;
    let reused = false;
    const finish = (answer: WireAnswer): void => {
      if (settled) return;
      settled = true;
      resolve({ ...answer, reused });
    };
    const headers: Record<string, string> = { ...outgoing.headers };
    if (outgoing.body !== undefined && !Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name))) {
      headers['Content-Length'] = String(Buffer.byteLength(outgoing.body));
    }
    if (outgoing.chunks !== undefined) headers['Transfer-Encoding'] = 'chunked';
    const req = http.request({ agent, host: '127.0.0.1', port, method: outgoing.method, path: outgoing.path, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish({ status: res.statusCode, reason: res.statusMessage, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', (error) => finish({ status: res.statusCode, reason: res.statusMessage, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), error: error.message }));
    });
    req.on('socket', () => {
      reused = req.reusedSocket;
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => finish({ rawHeaders: [], body: Buffer.alloc(0), error: error.code ?? error.message }));
    if (outgoing.chunks !== undefined) {
      for (const chunk of outgoing.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(outgoing.body);
    }
  });
}

/**
 * Sends one request and collects the answer. A keep-alive socket the server closed while idle
 * (a reset on a reused socket, RFC 9112 §9.3.1: the client may retry) is retried once on a new one.
 *
 * @example
 * const answer = await sendWire(agent, port, { method: 'POST', path: '/items', chunks: ['{"a":', '1}'] })
 */
export async function sendWire(agent: http.Agent, port: number, outgoing: WireRequest, timeoutMs = 5_000): Promise<WireAnswer> {
  const first = await once(agent, port, outgoing, timeoutMs);
  if (first.error === undefined || !first.reused || first.status !== undefined) return first;
  return once(agent, port, outgoing, timeoutMs);
}
