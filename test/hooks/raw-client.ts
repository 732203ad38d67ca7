/**
 * Test clients that see exactly what goes over the wire: `exchange` writes raw bytes with
 * `node:net` and returns everything the server sent until it closed; `send` is a thin
 * `http.request` wrapper (agent-less, so no connection outlives a test) for chunked bodies and
 * headers supertest normalises. Listening is always on 127.0.0.1 port 0.
 */
import http from 'node:http';
import net from 'node:net';

/** Listens on an ephemeral port and resolves with it. */
export function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

/** Closes a server and every connection it still holds. */
export function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/** What the server sent on one connection. */
export interface Exchange {
  /** Everything received, as Latin-1 text. */
  readonly text: string;
  /** True when the server closed the connection (false: the client gave up waiting). */
  readonly closedByServer: boolean;
  /** How many of the `pieces` were written before the first response byte arrived. */
  readonly piecesSentBeforeResponse: number;
}

/**
 * Writes `pieces` one after another (waiting `gapMs` between them, or until the server answers
 * when `stopOnResponse`) and collects the answer until the server closes or `waitMs` passes.
 *
 * @example
 * const { text } = await exchange(port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n'])
 */
export function exchange(
  port: number,
  pieces: ReadonlyArray<string | Buffer>,
  options: { gapMs?: number; waitMs?: number; stopOnResponse?: boolean } = {},
): Promise<Exchange> {
  const { gapMs = 20, waitMs = 1500, stopOnResponse = false } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let sent = 0;
    let sentBeforeResponse = -1;
    let closedByServer = false;
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined); // a reset after the answer is expected in some tests
    socket.on('data', (chunk: Buffer) => {
      if (sentBeforeResponse === -1) sentBeforeResponse = sent;
      chunks.push(chunk);
    });
    socket.on('end', () => {
      closedByServer = true;
    });
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer, piecesSentBeforeResponse: sentBeforeResponse === -1 ? sent : sentBeforeResponse });
    });
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (socket.destroyed || (stopOnResponse && chunks.length > 0)) break;
        socket.write(piece);
        sent++;
        await new Promise((wait) => setTimeout(wait, gapMs));
      }
    });
  });
}

/** One parsed HTTP response. */
export interface ParsedResponse {
  readonly statusLine: string;
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Splits raw response text into responses (interim 1xx included), using Content-Length.
 *
 * @example
 * parseResponses('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
 */
export function parseResponses(text: string): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd === -1) break;
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    const length = status < 200 ? 0 : Number(headers['content-length'] ?? rest.length);
    responses.push({ statusLine, status, headers, body: rest.slice(headEnd + 4, headEnd + 4 + length) });
    rest = rest.slice(headEnd + 4 + length);
  }
  return responses;
}

/** A response as `send` returns it. */
export interface SentResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Sends one request with `http.request`. A `body` array is sent as separate writes without
 * Content-Length, that is chunked (RFC 9112 §7.1); write errors after an early answer are
 * ignored (the server may close while the client is still uploading).
 *
 * @example
 * await send(port, { method: 'POST', path: '/x', headers: { 'content-type': 'text/plain' }, body: ['a', 'b'] })
 */
export function send(
  port: number,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string | readonly string[] },
): Promise<SentResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.headers, agent: false });
    let responded = false;
    req.on('error', reject);
    req.on('response', (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    const { body } = request;
    if (body === undefined) {
      req.end();
    } else if (typeof body === 'string') {
      req.end(body);
    } else {
      void (async () => {
        for (const chunk of body) {
          if (req.destroyed || responded) return; // the server answered early: stop uploading
          req.write(chunk);
          await new Promise((wait) => setTimeout(wait, 5));
        }
        req.end();
      })();
    }
  });
}
