/**
 * Server hooks over raw sockets (`node:net` against `http.createServer` + `attach` from
 * `vendor-compat/node`, 127.0.0.1 port 0): what Node would answer itself before any middleware
 * runs, answered in the vendor's format instead (shared design notes,
 * peers-and-node-internals.md §2).
 */
import http from 'node:http';
import { Duplex } from 'node:stream';
import { attach, preconditions } from '../support/node-app';
import type { NodeVendorCompatOptions } from '../../src/node';
import { close, exchange, listen, parseResponses } from './raw-client';

/** A plain node:http app: preconditions first, then read the body and answer 200. */
function app(options: NodeVendorCompatOptions): http.RequestListener {
  return (req, res) => {
    if (!preconditions(req, res, options)) return;
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ received }));
    });
  };
}

const servers: http.Server[] = [];
async function start(options: NodeVendorCompatOptions, serverOptions: http.ServerOptions = {}): Promise<number> {
  const server = attach(http.createServer(serverOptions, app(options)), options);
  servers.push(server);
  return listen(server);
}
afterAll(() => Promise.all(servers.map(close)));

const VSP = { profile: 'vsp' } as const;
const HCP = { profile: 'hcp' } as const;
const APIG = { profile: 'apig' } as const;

describe('checkContinue: preconditions decided before the body is invited', () => {
  it('VSP answers Expect: 100-continue with Content-Type: text/plain by 415 KART94150-E, without 100 Continue, and closes', async () => {
    const port = await start(VSP);
    // Only the header section is ever sent: the answer cannot depend on the body.
    const { text, closedByServer } = await exchange(port, [
      'POST /ConfigurationManager/v1/objects/ldevs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n',
    ]);
    expect(text).not.toContain('100 Continue');
    const responses = parseResponses(text);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.statusLine).toBe('HTTP/1.1 415 Unsupported Media Type');
    expect(responses[0]?.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(responses[0]?.headers.connection).toBe('close');
    expect(JSON.parse(responses[0]?.body ?? '')).toEqual({
      errorSource: '/ConfigurationManager/v1/objects/ldevs',
      messageId: 'KART94150-E',
      message: 'The media type specified in the Content-Type header is not supported.',
      solution: 'Specify application/json in the Content-Type header.',
      solutionType: 'SEE_ERROR_DETAIL',
      detailCode: '94150E-0',
    });
    expect(closedByServer).toBe(true);
  });

  it('VSP sends 100 Continue for a valid request, then 200 once the body arrives', async () => {
    const port = await start(VSP);
    const { text } = await exchange(port, [
      'POST /ConfigurationManager/v1/objects/ldevs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n',
      '{}',
    ]);
    const responses = parseResponses(text);
    expect(responses.map((response) => response.statusLine)).toEqual(['HTTP/1.1 100 Continue', 'HTTP/1.1 200 OK']);
    expect(responses[1]?.body).toBe('{"received":2}');
  });

  it('APIG rejects a declared 13 MB upload with 413 APIG.0201 before it starts (huawei §1.2 413)', async () => {
    const port = await start(APIG);
    const { text } = await exchange(port, ['PUT /v1/objects HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 13000000\r\n\r\n']);
    const [response] = parseResponses(text);
    expect(text).not.toContain('100 Continue');
    expect(response?.status).toBe(413);
    expect(JSON.parse(response?.body ?? '')).toEqual({ error_code: 'APIG.0201', error_msg: 'Request entity too large.', request_id: response?.headers['x-request-id'] });
  });
});

describe('checkExpectation: the profile\'s answer instead of Node\'s bare 417', () => {
  it('VSP answers an unknown expectation with 417 KART94170-E (hitachi §2(a) 417)', async () => {
    const port = await start(VSP);
    const { text } = await exchange(port, ['GET /ConfigurationManager/v1/objects/storages HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nConnection: close\r\n\r\n']);
    const [response] = parseResponses(text);
    expect(response?.statusLine).toBe('HTTP/1.1 417 Expectation Failed');
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ errorSource: '/ConfigurationManager/v1/objects/storages', messageId: 'KART94170-E' });
  });

  it('HCP answers it with its substitute (400, empty body, its security headers)', async () => {
    const port = await start(HCP);
    const { text } = await exchange(port, ['GET /mapi/tenants HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nConnection: close\r\n\r\n']);
    const [response] = parseResponses(text);
    expect(response?.status).toBe(400);
    expect(response?.body).toBe('');
    expect(response?.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('hands an expectation the app accepts to the app', async () => {
    const port = await start({ profile: 'vsp', preconditions: { expectations: ['100-continue', 'x-ack'] } });
    const { text } = await exchange(port, ['GET /x HTTP/1.1\r\nHost: x\r\nExpect: x-ack\r\nConnection: close\r\n\r\n']);
    expect(parseResponses(text)[0]?.statusLine).toBe('HTTP/1.1 200 OK');
  });
});

describe('clientError: parser rejections in the vendor format', () => {
  it('HCP answers a 20,000-byte request line on a default server with its 414, not Node\'s 431', async () => {
    const port = await start(HCP);
    const { text, closedByServer } = await exchange(port, [`GET /mapi/${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
    const [response] = parseResponses(text);
    expect(response?.statusLine).toBe('HTTP/1.1 414 Request URI Too Large');
    expect(response?.headers).toMatchObject({ 'content-length': '0', 'x-hcp-softwareversion': '9.0.0.2', 'x-content-type-options': 'nosniff', connection: 'close' });
    expect(response?.body).toBe('');
    expect(closedByServer).toBe(true);
  });

  it('answers a request line split over two packets with 414 too', async () => {
    const port = await start(HCP);
    const { text } = await exchange(port, [`GET /mapi/${'a'.repeat(10000)}`, `${'a'.repeat(10000)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(parseResponses(text)[0]?.status).toBe(414);
  });

  it('APIG answers a header flood with 494 APIG.0201 "Request headers too large." (huawei §1.2 494)', async () => {
    const port = await start(APIG);
    const flood = Array.from({ length: 2000 }, (_, i) => `X-Header-Number-${i}: value\r\n`).join('');
    const { text } = await exchange(port, [`GET /v1/things HTTP/1.1\r\nHost: x\r\n${flood}\r\n`]);
    const [response] = parseResponses(text);
    expect(response?.statusLine).toBe('HTTP/1.1 494 Request Header Or Cookie Too Large');
    expect(JSON.parse(response?.body ?? '')).toEqual({ error_code: 'APIG.0201', error_msg: 'Request headers too large.', request_id: response?.headers['x-request-id'] });
    expect(response?.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('VSP answers a malformed request with its 400 error object (errorSource from what parsed, else "/")', async () => {
    const port = await start(VSP);
    const [garbage] = parseResponses((await exchange(port, ['GARBAGE\r\n\r\n'])).text);
    expect(garbage?.status).toBe(400);
    expect(JSON.parse(garbage?.body ?? '')).toEqual({
      errorSource: '/',
      messageId: 'KART20008-E',
      message: 'Required parameters are not specified.',
      solution: 'Check parameters.',
      solutionType: 'SEE_ERROR_DETAIL',
      detailCode: '20008E-0',
    });
    const [badLength] = parseResponses((await exchange(port, ['POST /ConfigurationManager/v1/objects/ldevs HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'])).text);
    expect(JSON.parse(badLength?.body ?? '')).toMatchObject({ errorSource: '/ConfigurationManager/v1/objects/ldevs', messageId: 'KART20008-E' });
  });

  it('APIG answers a request that stalls in its headers with 408 (headersTimeout, small checking interval)', async () => {
    const port = await start(APIG, { headersTimeout: 200, requestTimeout: 400, connectionsCheckingInterval: 50 });
    const { text, closedByServer } = await exchange(port, ['GET /v1/things HTTP/1.1\r\nHost: x\r\n'], { waitMs: 1900 });
    const [response] = parseResponses(text);
    expect(response?.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ error_code: 'APIG.0201', error_msg: 'API request error.' });
    expect(closedByServer).toBe(true);
  });

  it('VSP answers a body that stalls past requestTimeout with its substitute 400 KART94001-E', async () => {
    const port = await start(VSP, { headersTimeout: 200, requestTimeout: 300, connectionsCheckingInterval: 50 });
    const { text } = await exchange(port, ['POST /ConfigurationManager/v1/objects/ldevs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{'], { waitMs: 1900 });
    const [response] = parseResponses(text);
    expect(response?.status).toBe(400);
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ messageId: 'KART94001-E', errorSource: '/ConfigurationManager/v1/objects/ldevs' });
  });
});

describe('middleware through plain node:http (preconditions())', () => {
  it('VSP answers a chunked POST without Content-Length with 411 KART94110-E (hitachi §2(a) 411)', async () => {
    const port = await start(VSP);
    const { text } = await exchange(port, [
      'POST /ConfigurationManager/v1/objects/ldevs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      '2\r\n{}\r\n0\r\n\r\n',
    ]);
    const [response] = parseResponses(text);
    expect(response?.statusLine).toBe('HTTP/1.1 411 Length Required');
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ errorSource: '/ConfigurationManager/v1/objects/ldevs', messageId: 'KART94110-E' });
  });

  it('stops a chunked upload that streams past maxBodyBytes with 413 and closes the connection', async () => {
    const port = await start({ profile: 'apig', preconditions: { maxBodyBytes: 10 } });
    const chunk = '5\r\nxxxxx\r\n';
    const { text, closedByServer } = await exchange(port, ['POST /v1/things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', chunk, chunk, chunk, chunk], {
      stopOnResponse: true,
    });
    const [response] = parseResponses(text);
    expect(response?.status).toBe(413);
    expect(response?.headers.connection).toBe('close');
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ error_code: 'APIG.0201', error_msg: 'Request entity too large.' });
    expect(closedByServer).toBe(true);
  });
});

describe('attach is safe', () => {
  it('is idempotent: attaching twice installs each hook once', () => {
    const server = http.createServer();
    attach(attach(server, VSP), VSP);
    expect([server.listenerCount('checkContinue'), server.listenerCount('checkExpectation'), server.listenerCount('clientError')]).toEqual([1, 1, 1]);
  });

  function fakeSocket(writable = true): Duplex & { written: string[] } {
    const written: string[] = [];
    const socket = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString('latin1'));
        done();
      },
    });
    if (!writable) socket.destroy();
    return Object.assign(socket, { written });
  }

  it.each([
    ['ECONNRESET', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    ['a socket that is no longer writable', Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD' }), false],
  ])('writes nothing and destroys the socket for %s', (_what, error, writable) => {
    const server = attach(http.createServer(), VSP);
    const socket = fakeSocket(writable);
    expect(() => server.emit('clientError', error, socket)).not.toThrow();
    expect(socket.written).toEqual([]);
    expect(socket.destroyed).toBe(true);
  });

  it('writes at most one answer per socket, and never throws on odd errors', () => {
    const server = attach(http.createServer(), VSP);
    const socket = fakeSocket();
    server.emit('clientError', Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD', rawPacket: 'not a buffer' }), socket);
    server.emit('clientError', Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD' }), socket);
    expect(() => server.emit('clientError', null, fakeSocket())).not.toThrow();
    expect(socket.written.filter((piece) => piece.startsWith('HTTP/1.1')).length).toBe(1);
  });
});
