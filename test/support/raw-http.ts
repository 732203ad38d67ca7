/**
 * One HTTP/1.1 request over a raw socket, with the request-target exactly as given: an
 * absolute-form target (RFC 9112 §3.2.2), dot segments and `//`, which HTTP clients normalise or
 * refuse, reach the server as written. `Connection: close`; the answer is read to the end.
 */
import net from 'node:net';

/** What came back: status and body (de-chunked), or `error` when nothing parseable came back. */
export interface RawAnswer {
  readonly status?: number;
  readonly body: string;
  readonly error?: string;
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends `GET target` (or `method`) to 127.0.0.1:`port` and resolves with the answer; never rejects.
 *
 * @example
 * const answer = await rawRequest(port, 'http://127.0.0.1/items/abc')
 */
export function rawRequest(port: number, target: string, method = 'GET', timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: Error) => {
      clearTimeout(timer);
      resolve({ body: '', error: error.message });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const headEnd = raw.indexOf('\r\n\r\n');
      if (headEnd === -1) {
        resolve({ body: '', error: 'no answer' });
        return;
      }
      const head = raw.subarray(0, headEnd).toString('latin1');
      const status = Number.parseInt(head.slice(9, 12), 10);
      const rest = raw.subarray(headEnd + 4);
      const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
      resolve({ status, body: (chunked ? dechunk(rest) : rest).toString('utf8') });
    });
    socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
  });
}
