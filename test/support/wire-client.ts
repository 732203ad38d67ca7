/**
 * A keep-alive client over `http.request` for the differential suite: it sends a body whole (with
 * Content-Length), in chunks (chunked framing), or with no framing header at all, and resolves
 * with the status line, the raw header pairs exactly as received (name case kept) and the body
 * bytes. It never throws: a request left unanswered resolves with `error`.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What came back. */
export interface WireAnswer {
  readonly status?: number;
  readonly reason?: string;
  /** Raw header names and values, in order (`res.rawHeaders`). */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly error?: string;
  /**
   * The server closed the connection right after this answer although the answer did not say
   * `Connection: close` (RFC 9112 §9.6): the next request a client sends on it goes unanswered.
   */
  readonly closedSilently?: boolean;
}

/** How long after an answer a close counts as the server's doing, not an idle timeout. */
const CLOSE_WINDOW_MS = 15;

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
    let socket: Socket | undefined;
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
      res.on('end', () => {
        const answer = { status: res.statusCode, reason: res.statusMessage, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) };
        const announced = /(^|,)\s*close\s*($|,)/i.test(String(res.headers.connection ?? ''));
        if (announced || socket === undefined || socket.destroyed) {
          finish({ ...answer, closedSilently: !announced && socket?.destroyed === true });
          return;
        }
        const held = socket;
        const timer = setTimeout(() => {
          held.off('close', onClose);
          finish(answer);
        }, CLOSE_WINDOW_MS);
        const onClose = (): void => {
          clearTimeout(timer);
          finish({ ...answer, closedSilently: true });
        };
        held.once('close', onClose);
      });
      res.on('error', (error) => finish({ status: res.statusCode, reason: res.statusMessage, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), error: error.message }));
    });
    req.on('socket', (assigned) => {
      reused = req.reusedSocket;
      socket = assigned;
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
 * Sends one request and collects the answer. Nothing is retried: a server that closes a
 * keep-alive connection without `Connection: close` leaves the next request on it unanswered
 * (`error`, with `reusedSocket` true), and that shows in the answers compared.
 *
 * @example
 * const answer = await sendWire(agent, port, { method: 'POST', path: '/items', chunks: ['{"a":', '1}'] })
 */
export async function sendWire(agent: http.Agent, port: number, outgoing: WireRequest, timeoutMs = 5_000): Promise<WireAnswer> {
  const { reused, ...answer } = await once(agent, port, outgoing, timeoutMs);
  return reused && answer.error !== undefined ? { ...answer, error: `${answer.error} on a reused keep-alive socket` } : answer;
}
