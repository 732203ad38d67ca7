/**
 * Reading what can be read from a request Node's parser rejected (`'clientError'`): which kind
 * the vendor should answer, and a bounded request view from `err.rawPacket`.
 *
 * Node answers every header overflow with a bare 431, request line or not (GH nodejs/node#26296:
 * "not sure if we can differentiate between 414 and 431"). The difference is visible in the
 * packet that overflowed: `err.bytesParsed` stops inside the first line of `err.rawPacket` when
 * the overflow happened while the request-target was still being read. nginx draws the same
 * line: a request line that does not fit is 414, a header field that does not fit is 400/494
 * (peers-and-node-internals.md §1, nginx).
 *
 * @module
 */
import type { KindName } from '../core/kinds';
import type { RequestView } from '../core/render';

/** The fields of a Node parser error we read (all optional: never trust their presence). */
export interface ClientErrorLike {
  readonly code?: unknown;
  readonly rawPacket?: unknown;
  readonly bytesParsed?: unknown;
  /** llhttp's reason, e.g. "Transfer-Encoding can't be present with Content-Length". */
  readonly reason?: unknown;
}

const LF = 0x0a;
const MAX_VIEW_PATH = 1024;
const MAX_METHOD = 16;
/** ` HTTP/1.1` (optionally followed by CR) ends a request line. */
const REQUEST_LINE_TAIL = /\sHTTP\/\d\.\d\r?$/;

function packetOf(err: ClientErrorLike): Buffer | undefined {
  return Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
}

/**
 * True when a header overflow happened while the request line was still being read: no line
 * end in the packet (the brief's rule), or the parser stopped inside the packet's first line
 * and that line is (the tail of) a request line, or the request line alone exceeds the limit.
 *
 * @example
 * requestLineOverflowed({ code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from('GET /aaaa…'), bytesParsed: 20005 }, 16384) // true
 */
export function requestLineOverflowed(err: ClientErrorLike, maxHeaderSize: number): boolean {
  const packet = packetOf(err);
  if (packet === undefined) return false;
  const lineEnd = packet.indexOf(LF);
  if (lineEnd === -1) return true;
  const firstLine = packet.toString('latin1', Math.max(0, lineEnd - 16), lineEnd);
  if (!REQUEST_LINE_TAIL.test(firstLine)) return false; // the first line is a header's
  const parsed = typeof err.bytesParsed === 'number' ? err.bytesParsed : Infinity;
  return parsed <= lineEnd || lineEnd > maxHeaderSize;
}

/**
 * The canonical kind for a parser error (Node's own mapping, `socketOnError`, refined).
 *
 * @example
 * clientErrorKind({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }, 16384) // 'requestTimeout'
 */
export function clientErrorKind(err: ClientErrorLike, maxHeaderSize: number): KindName {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return requestLineOverflowed(err, maxHeaderSize) ? 'uriTooLong' : 'headersTooLarge';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADER_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return 'requestTimeout';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'payloadTooLarge'; // Node's own answer is 413
    case 'HPE_INVALID_TRANSFER_ENCODING':
      // llhttp raises this code for both Content-Length with Transfer-Encoding (a framing error:
      // RFC 9112 §6.1, 400) and a coding it cannot frame (§6.1: 501), telling them apart by reason.
      return typeof err.reason === 'string' && err.reason.includes('Content-Length') ? 'badRequest' : 'notImplemented';
    default:
      return 'badRequest';
  }
}

function isTokenChar(code: number): boolean {
  return code >= 0x41 && code <= 0x5a; // methods Node's parser knows are upper-case letters
}

function isPathChar(code: number): boolean {
  return code > 0x20 && code < 0x7f && code !== 0x3f; // visible ASCII, stop at '?'
}

/**
 * Method and path from the start of the packet (bounded, visible ASCII only), or `GET /` when
 * the packet does not start with a request line.
 *
 * @example
 * clientErrorView({ rawPacket: Buffer.from('PUT /mapi/tenants?x HTTP/1.1\r\n') }) // { method: 'PUT', path: '/mapi/tenants' }
 */
export function clientErrorView(err: ClientErrorLike): RequestView {
  const packet = packetOf(err);
  const fallback: RequestView = { method: 'GET', path: '/' };
  if (packet === undefined) return fallback;
  let i = 0;
  while (i < packet.length && i <= MAX_METHOD && isTokenChar(packet[i] as number)) i++;
  if (i === 0 || i > MAX_METHOD || packet[i] !== 0x20) return fallback;
  const method = packet.toString('latin1', 0, i);
  const start = i + 1;
  let end = start;
  const stop = Math.min(packet.length, start + MAX_VIEW_PATH);
  while (end < stop && isPathChar(packet[end] as number)) end++;
  const path = packet.toString('latin1', start, end);
  return { method, path: path.startsWith('/') ? path : '/' };
}
