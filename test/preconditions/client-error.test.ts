/**
 * Classifying Node parser errors for the `clientError` hook. Node answers every header overflow
 * with 431 (GH nodejs/node#26296); the packet shows whether the request line overflowed (414,
 * as nginx answers a request line that does not fit) or a header did (the profile's
 * headersTooLarge, APIG 494). Packets and `bytesParsed` values below are the ones Node 20
 * produces for these requests (measured with `node:net` against `http.createServer`).
 */
import { clientErrorKind, clientErrorView } from '../../src/node/client-error';

const LIMIT = 16384;
const longLine = `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`;

describe('clientErrorKind', () => {
  it.each<[string, { code?: unknown; rawPacket?: unknown; bytesParsed?: unknown }, string]>([
    ['a request line longer than the limit in one packet is 414', { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(longLine), bytesParsed: 20005 }, 'uriTooLong'],
    ['the tail of a request line split across packets is 414', { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(`${'a'.repeat(10000)} HTTP/1.1\r\nHost: x\r\n\r\n`), bytesParsed: 10000 }, 'uriTooLong'],
    ['a packet with no line end at all is 414 (the request line never completed)', { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from('GET /' + 'a'.repeat(30000)) }, 'uriTooLong'],
    ['a header overflow after a long but complete request line is headersTooLarge', { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(`${'a'.repeat(100)} HTTP/1.1\r\nHost: x\r\nX-A: ${'b'.repeat(1000)}\r\n\r\n`), bytesParsed: 1126 }, 'headersTooLarge'],
    ['one huge header is headersTooLarge', { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'b'.repeat(20000)}\r\n\r\n`), bytesParsed: 20031 }, 'headersTooLarge'],
    ['the tail of a huge header split across packets is headersTooLarge', { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(`${'b'.repeat(10000)}\r\n\r\n`), bytesParsed: 10001 }, 'headersTooLarge'],
    ['a header flood is headersTooLarge', { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(`GET / HTTP/1.1\r\n${'X-H: v\r\n'.repeat(3000)}`), bytesParsed: 19150 }, 'headersTooLarge'],
    ['an overflow without a packet is headersTooLarge', { code: 'HPE_HEADER_OVERFLOW' }, 'headersTooLarge'],
    ['Node\'s request timeout is requestTimeout', { code: 'ERR_HTTP_REQUEST_TIMEOUT' }, 'requestTimeout'],
    ['a header timeout (older Node) is requestTimeout', { code: 'HPE_HEADER_TIMEOUT' }, 'requestTimeout'],
    ['an invalid method is badRequest', { code: 'HPE_INVALID_METHOD', rawPacket: Buffer.from('GARBAGE\r\n\r\n') }, 'badRequest'],
    ['an invalid Content-Length is badRequest', { code: 'HPE_INVALID_CONTENT_LENGTH' }, 'badRequest'],
    ['chunk extensions overflow is payloadTooLarge (Node\'s own 413)', { code: 'HPE_CHUNK_EXTENSIONS_OVERFLOW' }, 'payloadTooLarge'],
    ['an error without a code is badRequest', {}, 'badRequest'],
  ])('%s', (_spec, err, expected) => {
    expect(clientErrorKind(err, LIMIT)).toBe(expected);
  });
});

describe('clientErrorView', () => {
  it.each<[string, unknown, { method: string; path: string }]>([
    ['method and path from the request line, without the query', Buffer.from('PUT /mapi/tenants?verbose=true HTTP/1.1\r\n'), { method: 'PUT', path: '/mapi/tenants' }],
    ['a path bounded to 1024 characters', Buffer.from(longLine), { method: 'GET', path: '/' + 'a'.repeat(1023) }],
    ['GET / for a packet that does not start with a request line', Buffer.from('aaaa HTTP/1.1\r\n'), { method: 'GET', path: '/' }],
    ['GET / for garbage', Buffer.from('\u0000\u0001\r\n'), { method: 'GET', path: '/' }],
    ['GET / without a packet', undefined, { method: 'GET', path: '/' }],
    ['GET / for a non-origin-form target', Buffer.from('OPTIONS * HTTP/1.1\r\n'), { method: 'OPTIONS', path: '/' }],
    ['a path stops at control characters', Buffer.from('GET /a\u0000b HTTP/1.1\r\n'), { method: 'GET', path: '/a' }],
  ])('%s', (_spec, rawPacket, expected) => {
    expect(clientErrorView({ rawPacket })).toEqual(expected);
  });
});
