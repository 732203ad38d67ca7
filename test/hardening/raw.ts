/**
 * Raw-socket helpers for the hardening suites: send exact bytes, collect exact bytes, and parse
 * what came back as a sequence of HTTP/1.1 responses, so a test can count status lines (nothing
 * written twice), see truncated messages, and know who closed the connection.
 */
import net from 'node:net';

/** What one raw connection saw. */
export interface RawResult {
  /** Every byte the server sent. */
  readonly data: Buffer;
  /** The server ended or destroyed the connection (not our own deadline). */
  readonly closedByServer: boolean;
  /** A socket error, if any (ECONNRESET when the server destroyed the socket). */
  readonly error?: string;
}

/** A step of a scripted client: bytes to write, a pause, or the end of our side. */
export type Step = string | Buffer | { readonly pause: number } | { readonly end: true } | { readonly destroy: true };

export interface ExchangeOptions {
  /** Give up waiting for the server after this long (default 5 s); the result says closedByServer false. */
  readonly deadlineMs?: number;
  /** Resolve as soon as this many bytes arrived (e.g. to abort mid-response). */
  readonly untilBytes?: number;
  /** Resolve once the data holds a complete response to every request written (keep-alive). */
  readonly untilResponses?: number;
}

/**
 * Opens a connection, plays `steps`, and collects what the server sends until it closes the
 * connection (or a deadline). Never rejects.
 *
 * @example
 * const { data } = await exchange(port, ['GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'])
 */
export function exchange(port: number, steps: readonly Step[], options: ExchangeOptions = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    let error: string | undefined;
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), closedByServer, ...(error === undefined ? {} : { error }) });
    };
    const deadline = setTimeout(() => finish(false), options.deadlineMs ?? 5000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (options.untilBytes !== undefined && size >= options.untilBytes) finish(false);
      else if (options.untilResponses !== undefined && completeResponses(Buffer.concat(chunks)) >= options.untilResponses) finish(false);
    });
    socket.on('error', (err) => {
      error = (err as NodeJS.ErrnoException).code ?? err.message;
    });
    socket.on('close', () => finish(true));
    socket.on('end', () => finish(true));
    socket.once('connect', () => {
      void (async () => {
        for (const step of steps) {
          if (done) return;
          if (typeof step === 'string' || Buffer.isBuffer(step)) {
            socket.write(step);
          } else if ('pause' in step) {
            await new Promise((r) => setTimeout(r, step.pause));
          } else if ('end' in step) {
            socket.end();
          } else {
            finish(false);
            return;
          }
        }
      })();
    });
  });
}

/** One parsed response. */
export interface ParsedResponse {
  readonly status: number;
  readonly statusLine: string;
  /** Header lines as [name, value], in order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** The message ended where its framing said (false: the connection closed mid-message). */
  readonly complete: boolean;
}

function header(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/**
 * Parses raw bytes as consecutive HTTP/1.1 responses (Content-Length, chunked, or read-to-close
 * framing). A `HEAD` response has no body, so pass `bodiless` for responses to HEAD.
 *
 * @example
 * parseResponses(data).map((r) => r.status) // [400]
 */
export function parseResponses(data: Buffer, bodiless: ReadonlySet<number> = new Set()): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  let offset = 0;
  while (offset < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', offset, 'latin1');
    if (headEnd === -1) {
      out.push({ status: Number.NaN, statusLine: data.subarray(offset).toString('latin1').split('\r\n')[0] ?? '', headers: [], body: Buffer.alloc(0), complete: false });
      break;
    }
    const lines = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const statusLine = lines[0] ?? '';
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
    const headers = lines.slice(1).map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
    });
    let cursor = headEnd + 4;
    let body: Buffer = Buffer.alloc(0);
    let complete = true;
    const length = header(headers, 'content-length');
    if (bodiless.has(out.length) || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      // no body
    } else if (/chunked/i.test(header(headers, 'transfer-encoding') ?? '')) {
      const parts: Buffer[] = [];
      complete = false;
      for (;;) {
        const lineEnd = data.indexOf('\r\n', cursor, 'latin1');
        if (lineEnd === -1) break;
        const size = Number.parseInt(data.subarray(cursor, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) break;
        if (size === 0) {
          const trailerEnd = data.indexOf('\r\n\r\n', lineEnd, 'latin1');
          if (trailerEnd === -1) break;
          cursor = trailerEnd + 4;
          complete = true;
          break;
        }
        if (lineEnd + 2 + size + 2 > data.length) {
          parts.push(data.subarray(lineEnd + 2, Math.min(data.length, lineEnd + 2 + size)));
          cursor = data.length;
          break;
        }
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
      }
      if (!complete) cursor = data.length;
      body = Buffer.concat(parts);
    } else if (length !== undefined) {
      const end = cursor + Number(length);
      complete = end <= data.length;
      body = data.subarray(cursor, Math.min(end, data.length));
      cursor = Math.min(end, data.length);
    } else {
      body = data.subarray(cursor);
      cursor = data.length;
    }
    out.push({ status, statusLine, headers, body, complete });
    offset = cursor;
  }
  return out;
}

/** How many complete responses the bytes hold. */
export function completeResponses(data: Buffer): number {
  return parseResponses(data).filter((response) => response.complete && !Number.isNaN(response.status)).length;
}

/**
 * How many status lines the bytes hold, following each message's framing (a second answer to one
 * request, or a response smuggled into a header block, shows up as another message or as a
 * header line that is not `name: value`).
 */
export function statusLineCount(data: Buffer): number {
  return parseResponses(data).filter((response) => /^HTTP\/1\.[01] \d{3}/.test(response.statusLine)).length;
}

/** A request that asks for a fresh connection to be closed after the answer. */
export function get(path: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;
}
