/**
 * A small keep-alive HTTP client over `http.request` that never throws: it resolves with the
 * status, the raw header pairs exactly as received, and the body bytes, or with `error` when the
 * request went unanswered (a reset, a hang-up, a timeout).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  readonly status?: number;
  readonly statusMessage?: string;
  /** Raw header names and values, in order (`res.rawHeaders`). */
  readonly rawHeaders: readonly string[];
  readonly body: string;
  readonly error?: string;
}

export interface Outgoing {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Listens on 127.0.0.1, port 0, and resolves with the port. */
export async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Closes the server and every connection it still holds. */
export async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Sends one request and collects the answer.
 *
 * @example
 * const answer = await send(agent, port, { method: 'GET', path: '/x' })
 */
export function send(agent: http.Agent, port: number, outgoing: Outgoing, timeoutMs = 10_000): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Answer): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    let req: http.ClientRequest;
    try {
      // Node's client frames no body for GET, HEAD, DELETE, OPTIONS and TRACE: say its length.
      const headers = outgoing.body === undefined ? outgoing.headers : { ...outgoing.headers, 'content-length': String(Buffer.byteLength(outgoing.body)) };
      req = http.request({ agent, host: '127.0.0.1', port, method: outgoing.method, path: outgoing.path, headers, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            finish({ status: res.statusCode, statusMessage: res.statusMessage, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', (error) => finish({ status: res.statusCode, rawHeaders: res.rawHeaders, body: '', error: error.message }));
          res.on('aborted', () => finish({ status: res.statusCode, rawHeaders: res.rawHeaders, body: '', error: 'aborted' }));
        },
      );
    } catch (error) {
      finish({ rawHeaders: [], body: '', error: `client refused: ${(error as Error).message}` });
      return;
    }
    req.on('timeout', () => {
      req.destroy(new Error('timeout'));
    });
    req.on('error', (error) => finish({ rawHeaders: [], body: '', error: error.message }));
    req.end(outgoing.body);
  });
}

/** The value of a header in raw pairs, case-insensitively (the first one). */
export function rawHeader(rawHeaders: readonly string[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === lower) return rawHeaders[i + 1];
  return undefined;
}
