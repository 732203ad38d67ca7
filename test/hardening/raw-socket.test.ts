/**
 * Raw-socket attacks (`node:net`) against servers with `attach`, through Express 5, Express 4,
 * Koa 3, Koa 2 and node:http, one profile each (all six profiles are covered). After every attack
 * a good request must still succeed, every request gets at most one status line (the raw bytes are
 * parsed), and the server closes the connection where HTTP requires it: after a malformed or
 * overflowing request (RFC 9112 §2.2, §9.6), a timeout, or a response that failed after its
 * headers went out (the only way left to tell the client the message is incomplete).
 */
import type http from 'node:http';
import { createVendorError, profiles, render, type KindName, type ProfileName } from '../support/internals';
import { schemaProblems } from '../property/oracles';
import { close, listen } from '../property/http-client';
import { exchange, get, parseResponses, statusLineCount, type ParsedResponse, type RawResult } from './raw';
import { BIG_BYTES, HARDENED, SECRET, SERVER_OPTIONS, hardenedServer } from './servers';

/** What the profile answers for a kind (the status and whether a body is expected). */
function expected(profile: ProfileName, kind: KindName): { status: number; hasBody: boolean } {
  const rendered = render(createVendorError(kind), profiles[profile], { method: 'GET', path: '/' });
  return { status: rendered.status, hasBody: rendered.payload !== null };
}

function headerOf(response: ParsedResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** Everything wrong with a connection that should have carried exactly one answer in the profile's format. */
function oneAnswerProblems(result: RawResult, profile: ProfileName, kind: KindName, mustClose = true): string[] {
  const problems: string[] = [];
  const lines = statusLineCount(result.data);
  if (lines !== 1) problems.push(`${lines} status lines: ${JSON.stringify(result.data.toString('latin1').slice(0, 300))}`);
  const [response] = parseResponses(result.data);
  if (response === undefined) return [...problems, `no response${result.error === undefined ? '' : ` (${result.error})`}`];
  const want = expected(profile, kind);
  if (response.status !== want.status) problems.push(`status ${response.status}, want ${want.status} (${kind})`);
  if (!response.complete) problems.push('truncated response');
  if (mustClose && !result.closedByServer) problems.push('the server kept the connection open');
  if (mustClose && headerOf(response, 'connection')?.toLowerCase() !== 'close') problems.push('no Connection: close');
  if (want.hasBody) {
    try {
      problems.push(...schemaProblems(profiles[profile], JSON.parse(response.body.toString('utf8')), undefined));
    } catch {
      problems.push(`body is not JSON: ${response.body.toString('utf8').slice(0, 120)}`);
    }
  } else if (response.body.length !== 0) {
    problems.push('a profile without error bodies sent one');
  }
  return problems;
}

async function connectionsOf(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((_error, count) => resolve(count)));
}

/** Waits (up to 5 s) until the server holds no connection: nothing an attack opened leaks. */
async function drained(server: http.Server): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const count = await connectionsOf(server);
    if (count === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return connectionsOf(server);
}

describe.each(HARDENED)('raw sockets against %s with attach (profile %s)', (kind, profile) => {
  let server: http.Server;
  let port: number;

  async function expectServing(): Promise<void> {
    const result = await exchange(port, [get('/ok')]);
    const responses = parseResponses(result.data);
    expect(responses.map((response) => response.status)).toEqual([200]);
    expect(JSON.parse(responses[0]?.body.toString('utf8') ?? '')).toEqual({ ok: true });
  }

  beforeAll(async () => {
    server = hardenedServer(kind, profile);
    port = await listen(server);
  });
  afterEach(async () => {
    await expectServing();
    expect(await drained(server)).toBe(0);
  });
  afterAll(async () => {
    await close(server);
  });

  it.each([
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    ['an unknown HTTP version', 'GET /ok HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['a lower-case method', 'get /ok HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a space inside the request-target', 'GET /o k HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['binary noise', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a])],
    ['a Content-Length that is not a number', 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['Content-Length with Transfer-Encoding (request smuggling)', 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['two different Content-Lengths', 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
  ])('malformed request: %s gets the profile 400 once, then the socket is closed', async (_label, bytes) => {
    expect(oneAnswerProblems(await exchange(port, [bytes]), profile, 'badRequest')).toEqual([]);
  });

  it.each([
    ['a NUL in a header value', 'GET /ok HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n'],
    ['a bare CR in a header value', 'GET /ok HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n'],
    ['a space in a header name', 'GET /ok HTTP/1.1\r\nHost: x\r\nX Bad: a\r\n\r\n'],
    ['a non-ASCII header name', 'GET /ok HTTP/1.1\r\nHost: x\r\n\u00dcber: a\r\n\r\n'],
    ['an obsolete line folding', 'GET /ok HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n b\r\n\r\n'],
    ['a header line without a colon', 'GET /ok HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
  ])('invalid header characters: %s get the profile 400 once, then the socket is closed', async (_label, request) => {
    expect(oneAnswerProblems(await exchange(port, [Buffer.from(request, 'latin1')]), profile, 'badRequest')).toEqual([]);
  });

  it('a header flood over the 16 KiB limit (2,000 headers) gets the profile answer for oversized headers once, then the socket is closed', async () => {
    const flood = Array.from({ length: 2000 }, (_, i) => `X-Flood-${i}: vvvvvvvvvvvvvvvv\r\n`).join('');
    const result = await exchange(port, [`GET /ok HTTP/1.1\r\nHost: x\r\n${flood}\r\n`]);
    expect(oneAnswerProblems(result, profile, 'headersTooLarge')).toEqual([]);
  });

  it('one 20 KB header value gets the profile answer for oversized headers once, then the socket is closed', async () => {
    const result = await exchange(port, [`GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(oneAnswerProblems(result, profile, 'headersTooLarge')).toEqual([]);
  });

  it('1,500 small headers under the limit are served normally', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `X-${i}: v\r\n`).join('');
    const result = await exchange(port, [get('/ok', many)]);
    expect(parseResponses(result.data).map((response) => response.status)).toEqual([200]);
  });

  it('a 100 KB request line gets the profile answer for a URI too long once, then the socket is closed', async () => {
    const result = await exchange(port, [`GET /${'a'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(oneAnswerProblems(result, profile, 'uriTooLong')).toEqual([]);
  });

  it(`slowloris: headers trickled or never finished, and a body trickled, get the profile's timeout answer and a closed socket (headersTimeout ${SERVER_OPTIONS.headersTimeout} ms, requestTimeout ${SERVER_OPTIONS.requestTimeout} ms), while other clients are served`, async () => {
    const trickle = Array.from({ length: 60 }, (_, i) => [{ pause: 100 }, `X-Slow-${i}: 1\r\n`]).flat();
    const attacks = Promise.all([
      exchange(port, ['GET /ok HTTP/1.1\r\nHost: x\r\n', ...trickle], { deadlineMs: 8000 }),
      exchange(port, ['GET /ok HTTP/1.1\r\nHost: x\r\n', { pause: 7000 }], { deadlineMs: 8000 }),
      exchange(port, ['GET /ok HT'], { deadlineMs: 8000 }),
    ]);
    // Meanwhile the server keeps serving.
    for (let i = 0; i < 5; i++) {
      await expectServing();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const result of await attacks) expect(oneAnswerProblems(result, profile, 'requestTimeout')).toEqual([]);
  });

  it('a body trickled past requestTimeout is cut off: at most one status line, and the socket is closed', async () => {
    const trickle = Array.from({ length: 40 }, () => [{ pause: 150 }, 'x']).flat();
    const result = await exchange(port, ['POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n', ...trickle], { deadlineMs: 8000 });
    expect(statusLineCount(result.data)).toBeLessThanOrEqual(1);
    expect(result.closedByServer).toBe(true);
    const [response] = parseResponses(result.data);
    if (response !== undefined) expect(response.status).toBe(expected(profile, 'requestTimeout').status);
  });

  it('a client that aborts mid-body leaves no connection behind', async () => {
    const result = await exchange(port, ['POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n', 'x'.repeat(10_000), { pause: 50 }, { destroy: true }]);
    expect(statusLineCount(result.data)).toBeLessThanOrEqual(1);
  });

  it('a client that aborts mid-response leaves no connection behind', async () => {
    const result = await exchange(port, [get('/big')], { untilBytes: 200_000 });
    expect(statusLineCount(result.data)).toBe(1);
    expect(result.data.length).toBeLessThan(BIG_BYTES);
  });

  it('a route that throws after the headers were sent: one status line, a truncated message, a closed socket', async () => {
    const result = await exchange(port, [`GET /late HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(statusLineCount(result.data)).toBe(1);
    const [response] = parseResponses(result.data);
    expect(response?.status).toBe(200);
    expect(response?.complete).toBe(false);
    expect(result.closedByServer).toBe(true);
    expect(result.data.toString('latin1')).not.toContain('Zq9Secret');
  });

  it('a route that streams and then fails: one status line, the chunks sent, a truncated message, a closed socket', async () => {
    const result = await exchange(port, [`GET /stream-fail HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(statusLineCount(result.data)).toBe(1);
    const [response] = parseResponses(result.data);
    expect(response?.status).toBe(200);
    expect(response?.body.toString('utf8')).toBe('chunk 0\nchunk 1\nchunk 2\n');
    expect(response?.complete).toBe(false);
    expect(result.closedByServer).toBe(true);
  });

  if (kind === 'koa3' || kind === 'koa2') {
    it('a Koa body stream that fails after the headers went out: one status line, a truncated message, a closed socket (Koa 2 left it open)', async () => {
      const result = await exchange(port, [`GET /koa-stream-fail HTTP/1.1\r\nHost: x\r\n\r\n`]);
      expect(statusLineCount(result.data)).toBe(1);
      const [response] = parseResponses(result.data);
      expect(response?.status).toBe(200);
      expect(response?.complete).toBe(false);
      expect(result.closedByServer).toBe(true);
    });
  }

  it('keep-alive: a failing request does not disturb the next one on the same connection', async () => {
    const request = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
    const result = await exchange(port, [request('/throw'), request('/split'), request('/ok'), request('/nowhere'), request('/ok')], { untilResponses: 5 });
    expect(parseResponses(result.data).map((response) => response.status)).toEqual([
      expected(profile, 'internalServerError').status,
      expected(profile, 'badRequest').status,
      200,
      expected(profile, 'notFound').status,
      200,
    ]);
    expect(statusLineCount(result.data)).toBe(5);
  });

  it('response splitting: CR/LF in a thrown message and in err.headers never starts a header line or a second response', async () => {
    const result = await exchange(port, [get('/split')]);
    expect(statusLineCount(result.data)).toBe(1);
    const [response] = parseResponses(result.data);
    expect(response?.status).toBe(expected(profile, 'badRequest').status);
    const names = (response?.headers ?? []).map(([name]) => name.toLowerCase());
    expect(names).not.toContain('set-cookie');
    expect(names).not.toContain('x-injected');
    expect(names).not.toContain('bad name');
    for (const [name, value] of response?.headers ?? []) {
      expect(name).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
      expect(value).toMatch(/^[\t\x20-\x7e]*$/);
    }
  });

  it('information disclosure: a 500 on the wire carries no message, stack or path', async () => {
    const result = await exchange(port, [get('/throw')]);
    const text = result.data.toString('latin1');
    expect(parseResponses(result.data)[0]?.status).toBe(expected(profile, 'internalServerError').status);
    for (const secret of [SECRET, 'Zq9Secret', 'hunter2', '/srv/app', 'db.js', '    at ']) expect(text).not.toContain(secret);
  });
});
