/**
 * An independent fake of Huawei APIG's runtime gateway answers, written by hand WITHOUT the
 * library: a raw `node:net` server that parses requests itself and answers with literal status
 * lines, headers and `{error_code, error_msg, request_id}` bodies, as documented in
 * shared/vendors/huawei-apig-mpc-and-stratos.md §1.2–§1.4 (seed 003): 404 APIG.0101 "The API does
 * not exist or has not been published in the environment.", 400 APIG.0201 "API request error.",
 * 413 "Request entity too large.", 414 "Request URI too large.", 494 "Request headers too large.",
 * X-Request-Id on every answer (apig-headers).
 *
 * One deliberate deviation, `DEVIATION`: its 406 answer carries error_code APIG.0202 where the
 * profile predicts APIG.0201.
 */
import crypto from 'node:crypto';
import net from 'node:net';

/** The one place the fake disagrees with the apig profile. */
export const DEVIATION = { check: 'notAcceptable', code: 'APIG.0202', expectedCode: 'APIG.0201' } as const;

const HEADER_LIMIT = 16 * 1024;
const MAX_BODY = 12 * 1024 * 1024;

interface Answer {
  readonly status: number;
  readonly reason: string;
  readonly code?: string;
  readonly message?: string;
  readonly json?: unknown;
}

const NOT_FOUND: Answer = { status: 404, reason: 'Not Found', code: 'APIG.0101', message: 'The API does not exist or has not been published in the environment.' };
const REQUEST_ERROR: Answer = { status: 400, reason: 'Bad Request', code: 'APIG.0201', message: 'API request error.' };
const TOO_LARGE: Answer = { status: 413, reason: 'Payload Too Large', code: 'APIG.0201', message: 'Request entity too large.' };
const URI_TOO_LONG: Answer = { status: 414, reason: 'URI Too Long', code: 'APIG.0201', message: 'Request URI too large.' };
const HEADERS_TOO_LARGE: Answer = { status: 494, reason: 'Request Header Or Cookie Too Large', code: 'APIG.0201', message: 'Request headers too large.' };
const NOT_ACCEPTABLE: Answer = { status: 406, reason: 'Not Acceptable', code: DEVIATION.code, message: 'API request error.' };

function write(socket: net.Socket, answer: Answer, head: boolean): void {
  const id = crypto.randomBytes(16).toString('hex');
  const body = answer.json !== undefined ? JSON.stringify(answer.json) : JSON.stringify({ error_code: answer.code, error_msg: answer.message, request_id: id });
  const lines = [
    `HTTP/1.1 ${answer.status} ${answer.reason}`,
    `X-Request-Id: ${id}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    '',
  ];
  socket.end(head ? lines.join('\r\n') : lines.join('\r\n') + body);
}

function accepts(accept: string | undefined): boolean {
  if (accept === undefined) return true;
  return accept.split(',').some((range) => ['application/json', 'application/*', '*/*'].includes(range.split(';')[0]?.trim().toLowerCase() ?? ''));
}

/** What the fake answers a complete request head (null: read the body first / send 100). */
function judge(method: string, target: string, headers: Map<string, string>): Answer | 'continue' | 'route' {
  const length = headers.get('content-length');
  const chunked = (headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked');
  if (length !== undefined && (!/^\d+$/.test(length) || chunked)) return REQUEST_ERROR;
  const expect = headers.get('expect');
  if (expect !== undefined && expect.toLowerCase() !== '100-continue') return REQUEST_ERROR;
  if (length !== undefined && Number(length) > MAX_BODY) return TOO_LARGE;
  const hasBody = chunked || (length !== undefined && Number(length) > 0);
  const type = headers.get('content-type');
  if (hasBody && type !== undefined) {
    const essence = type.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(essence) || essence !== 'application/json') return REQUEST_ERROR;
  }
  if (!accepts(headers.get('accept'))) return NOT_ACCEPTABLE;
  if (expect !== undefined) return 'continue';
  void method;
  void target;
  return 'route';
}

function route(method: string, target: string): Answer {
  const path = target.split('?')[0];
  if (path === '/v1/items' && (method === 'GET' || method === 'HEAD')) return { status: 200, reason: 'OK', json: { items: [] } };
  if (path === '/v1/items' && method === 'POST') return { status: 201, reason: 'Created', json: { created: true } };
  return NOT_FOUND;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeApig(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let state: 'head' | 'body' | 'done' = 'head';
    let method = 'GET';
    let target = '/';
    let needed = 0;
    let chunked = false;
    socket.on('data', (chunk: Buffer) => {
      if (state === 'done') return;
      buffer = Buffer.concat([buffer, chunk]);
      if (state === 'head') {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buffer.length > HEADER_LIMIT) {
            state = 'done';
            write(socket, buffer.indexOf('\r\n') === -1 ? URI_TOO_LONG : HEADERS_TOO_LARGE, false);
          }
          return;
        }
        if (end > HEADER_LIMIT) {
          state = 'done';
          const lineEnd = buffer.indexOf('\r\n');
          return write(socket, lineEnd > HEADER_LIMIT ? URI_TOO_LONG : HEADERS_TOO_LARGE, false);
        }
        const [line = '', ...fields] = buffer.toString('latin1', 0, end).split('\r\n');
        const match = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(line);
        if (match === null) {
          state = 'done';
          return write(socket, REQUEST_ERROR, false);
        }
        method = match[1] as string;
        target = match[2] as string;
        const headers = new Map<string, string>();
        for (const field of fields) {
          const colon = field.indexOf(':');
          headers.set(field.slice(0, colon).trim().toLowerCase(), field.slice(colon + 1).trim());
        }
        if (target.length > 32 * 1024) {
          state = 'done';
          return write(socket, URI_TOO_LONG, method === 'HEAD');
        }
        buffer = buffer.subarray(end + 4);
        const verdict = judge(method, target, headers);
        chunked = (headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked');
        needed = Number(headers.get('content-length') ?? '0');
        if (verdict !== 'continue' && verdict !== 'route') {
          state = 'done';
          // Drain what the client sends with the head before closing (no reset under unread bytes).
          return write(socket, verdict, method === 'HEAD');
        }
        if (verdict === 'continue') socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        state = 'body';
      }
      if (state === 'body') {
        const complete = chunked ? buffer.includes('0\r\n\r\n') : buffer.length >= needed;
        if (!complete) return;
        state = 'done';
        write(socket, route(method, target), method === 'HEAD');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
