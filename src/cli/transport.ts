/**
 * How the probe talks to a server: `http.request`/`https.request` for requests Node's client can
 * send, a raw `node:net`/`node:tls` socket for those it cannot (a malformed request line, an
 * invalid Content-Length, `Expect: 100-continue` timing, a Content-Length whose body is never
 * sent). Every exchange has a deadline; a reset, a refusal or silence is an answer with an
 * `error`, never a rejection or a hang.
 *
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

/** Where and how to connect. */
export interface Target {
  readonly url: URL;
  /** Accept self-signed certificates (vendor appliances). */
  readonly insecure: boolean;
  /** Milliseconds each exchange may take, from connect to the last byte. */
  readonly timeoutMs: number;
  /** Extra request headers (credentials), sent on every request. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What came back. */
export interface WireAnswer {
  /** The final status, or undefined when none arrived (see `error`). */
  readonly status?: number;
  readonly statusText?: string;
  /** Header fields in the order received, names as sent. */
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** Interim (1xx) statuses received before the final answer, e.g. [100]. */
  readonly interim: readonly number[];
  /** Why no (complete) answer arrived: 'timeout after 2000 ms', 'ECONNRESET', … */
  readonly error?: string;
}

/** A request for `http.request`. */
export interface HttpRequestSpec {
  readonly method: string;
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length). */
  readonly chunked?: boolean;
}

const MAX_BODY = 256 * 1024;

function pairs(raw: readonly string[]): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

/**
 * Sends one request with Node's client (no agent: one connection per request).
 *
 * @example
 * await sendHttp(target, { method: 'GET', target: '/no/such/route' }) // { status: 404, … }
 */
export function sendHttp(target: Target, spec: HttpRequestSpec): Promise<WireAnswer> {
  return new Promise((resolve) => {
    const interim: number[] = [];
    let settled = false;
    const finish = (answer: WireAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(answer);
    };
    const headers: Record<string, string> = { ...target.headers, ...(spec.headers ?? {}) };
    if (spec.body !== undefined && !spec.chunked) headers['Content-Length'] = String(Buffer.byteLength(spec.body));
    if (spec.chunked) headers['Transfer-Encoding'] = 'chunked';
    const secure = target.url.protocol === 'https:';
    const options: https.RequestOptions = {
      host: target.url.hostname.replace(/^\[|\]$/g, ''),
      port: target.url.port === '' ? (secure ? 443 : 80) : Number(target.url.port),
      method: spec.method,
      path: spec.target,
      headers,
      agent: false,
      rejectUnauthorized: !target.insecure,
      setHost: true,
    };
    const request = (secure ? https : http).request(options);
    const timer = setTimeout(() => finish({ rawHeaders: [], body: Buffer.alloc(0), interim, error: `timeout after ${target.timeoutMs} ms` }), target.timeoutMs);
    request.on('information', (info: { statusCode: number }) => interim.push(info.statusCode));
    request.on('error', (error: NodeJS.ErrnoException) => finish({ rawHeaders: [], body: Buffer.alloc(0), interim, error: error.code ?? error.message }));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      const done = (error?: string): void =>
        finish({ status: response.statusCode, statusText: response.statusMessage, rawHeaders: pairs(response.rawHeaders), body: Buffer.concat(chunks), interim, error });
      response.on('end', () => done());
      response.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
      response.on('aborted', () => done('ECONNRESET'));
    });
    if (spec.body !== undefined) request.write(spec.body);
    request.end();
  });
}

/** A raw exchange: bytes to write, and when to write the body. */
export interface RawRequestSpec {
  /** The request head (request line and header fields, ending in an empty line). */
  readonly head: string;
  /** Sent after `100 Continue` (`Expect: 100-continue`), or right after the head when `expectContinue` is false. */
  readonly body?: string;
  /** Wait for `100 Continue` before writing the body (a final answer first means: rejected before the body). */
  readonly expectContinue?: boolean;
  /** Never write the body (a Content-Length the server must refuse on its headers). */
  readonly withholdBody?: boolean;
}

interface Parsed {
  status: number;
  statusText: string;
  rawHeaders: Array<readonly [string, string]>;
  headerEnd: number;
}

function parseHead(buffer: Buffer, from: number): Parsed | undefined {
  const end = buffer.indexOf('\r\n\r\n', from, 'latin1');
  if (end === -1) return undefined;
  const lines = buffer.toString('latin1', from, end).split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s(.*))?$/.exec(lines[0] ?? '');
  if (match === null) return { status: 0, statusText: '', rawHeaders: [], headerEnd: end + 4 };
  const rawHeaders = lines.slice(1).map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon === -1 ? line.length : colon).trim(), colon === -1 ? '' : line.slice(colon + 1).trim()] as const;
  });
  return { status: Number(match[1]), statusText: match[2] ?? '', rawHeaders, headerEnd: end + 4 };
}

function header(raw: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  return raw.find(([field]) => field.toLowerCase() === name)?.[1];
}

/** Decodes a complete chunked body, or undefined when more bytes are needed. */
function dechunk(buffer: Buffer, from: number): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd === -1) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd).split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) return Buffer.concat(parts);
    if (size === 0) return Buffer.concat(parts);
    if (lineEnd + 2 + size + 2 > buffer.length) return undefined;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * Writes raw bytes and reads the answer itself (interim 1xx answers, then the final one, its
 * body framed by Content-Length, chunked, or the connection's close).
 *
 * @example
 * await sendRaw(target, { head: 'G=T / HTTP/1.1\r\nHost: x\r\n\r\n' }, 'GET') // { status: 400, … }
 */
export function sendRaw(target: Target, spec: RawRequestSpec, method: string): Promise<WireAnswer> {
  return new Promise((resolve) => {
    const secure = target.url.protocol === 'https:';
    const host = target.url.hostname.replace(/^\[|\]$/g, '');
    const port = target.url.port === '' ? (secure ? 443 : 80) : Number(target.url.port);
    const socket: net.Socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) === 0 ? host : undefined, rejectUnauthorized: !target.insecure })
      : net.connect({ host, port });
    let buffer = Buffer.alloc(0);
    let offset = 0;
    const interim: number[] = [];
    let bodySent = false;
    let final: Parsed | undefined;
    let settled = false;
    const finish = (answer: WireAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const answerWith = (body: Buffer, error?: string): void =>
      finish({ status: final?.status, statusText: final?.statusText, rawHeaders: final?.rawHeaders ?? [], body, interim, error });
    const timer = setTimeout(() => {
      if (final !== undefined) answerWith(buffer.subarray(final.headerEnd), `timeout after ${target.timeoutMs} ms (body incomplete)`);
      else finish({ rawHeaders: [], body: Buffer.alloc(0), interim, error: `timeout after ${target.timeoutMs} ms` });
    }, target.timeoutMs);
    const sendBody = (): void => {
      if (bodySent || spec.body === undefined || spec.withholdBody) return;
      bodySent = true;
      socket.write(spec.body, 'latin1');
    };
    const tryComplete = (closed: boolean): void => {
      while (final === undefined) {
        const head = parseHead(buffer, offset);
        if (head === undefined) {
          if (closed) finish({ rawHeaders: [], body: Buffer.alloc(0), interim, error: buffer.length > offset ? 'malformed answer' : 'connection closed without an answer' });
          return;
        }
        offset = head.headerEnd;
        if (head.status === 0) return finish({ rawHeaders: [], body: Buffer.alloc(0), interim, error: 'malformed answer (no HTTP status line)' });
        if (head.status >= 100 && head.status < 200) {
          interim.push(head.status);
          if (head.status === 100) sendBody();
          continue;
        }
        final = head;
      }
      const start = final.headerEnd;
      if (method === 'HEAD' || final.status === 204 || final.status === 304) return answerWith(Buffer.alloc(0));
      const length = header(final.rawHeaders, 'content-length');
      if (length !== undefined && /^\d+$/.test(length)) {
        const size = Number(length);
        if (buffer.length - start >= size) return answerWith(buffer.subarray(start, start + size));
      } else if ((header(final.rawHeaders, 'transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
        const body = dechunk(buffer, start);
        if (body !== undefined) return answerWith(body);
      } else if (closed) {
        return answerWith(buffer.subarray(start));
      }
      if (closed) answerWith(buffer.subarray(start), 'connection closed before the body was complete');
    };
    socket.setNoDelay(true);
    socket.on(secure ? 'secureConnect' : 'connect', () => {
      socket.write(spec.head, 'latin1');
      if (!spec.expectContinue) sendBody();
    });
    socket.on('data', (chunk: Buffer) => {
      if (buffer.length < MAX_BODY) buffer = Buffer.concat([buffer, chunk]);
      tryComplete(false);
    });
    socket.on('end', () => tryComplete(true));
    socket.on('close', () => tryComplete(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (final !== undefined) tryComplete(true);
      else finish({ rawHeaders: [], body: Buffer.alloc(0), interim, error: error.code ?? error.message });
    });
  });
}
