/**
 * Hono 4 on real `@hono/node-server` servers of both majors: 1.x (`@hono/node-server`) and 2.x
 * (`@hono/node-server2`, an npm alias of `@hono/node-server@^2`, what npm installs today), each
 * built with `serve` (global `Request`/`Response` replaced by the server's lightweight ones, its
 * default) and with `createAdaptorServer({ overrideGlobalObjects: false })`.
 *
 * Every error path (a thrown Error, a thrown string, the precondition rejections 415, 406 and a
 * streamed 413, an unmatched route, invalid JSON in `vc.validate`, HEAD) must give the same bytes
 * on every target: the status line with the vendor's reason phrase, the whole header set in order
 * (only `Date` and the request id vary) and the body; then the connection must still answer
 * `GET /ok` (except after the streamed 413, which closes it by design), and nothing may be
 * logged (2.x used to write its answer a second time and log `ERR_HTTP_HEADERS_SENT`).
 *
 * Vendor rows: APIG `docs/sources/huawei-apig-mpc-stratos.md` §1.1 (body and `X-Request-Id`),
 * §1.2 (status table); HCP `docs/sources/hcp.md` seed-000 (status table, no body, 302 for HEAD,
 * 414 "Request URI Too Large") and S1 (security headers).
 */
import http, { type Server } from 'node:http';
import net from 'node:net';
import { Hono } from 'hono';
import { createAdaptorServer as createAdaptorServer1, getRequestListener as getRequestListener1, serve as serve1 } from '@hono/node-server';
import { createAdaptorServer as createAdaptorServer2, getRequestListener as getRequestListener2, serve as serve2 } from '@hono/node-server2';
import { vendorCompat } from '../../src/hono';
import { close } from '../hooks/raw-client';

type FetchHandler = (request: Request, env: unknown) => unknown;

interface Target {
  readonly name: string;
  readonly start: (fetch: FetchHandler) => Promise<Server>;
}

/** `serve` as both READMEs show it, on an ephemeral loopback port. */
function viaServe(serve: typeof serve1 | typeof serve2): Target['start'] {
  return (fetch) =>
    new Promise((resolve, reject) => {
      const server = serve({ fetch: fetch as Parameters<typeof serve1>[0]['fetch'], port: 0, hostname: '127.0.0.1' }, () => resolve(server as Server));
      server.once('error', reject);
    });
}

/** `createAdaptorServer` with the platform's own `Request` and `Response`, then `listen`. */
function viaAdaptor(create: typeof createAdaptorServer1 | typeof createAdaptorServer2): Target['start'] {
  return (fetch) =>
    new Promise((resolve, reject) => {
      const server = create({ fetch: fetch as Parameters<typeof createAdaptorServer1>[0]['fetch'], overrideGlobalObjects: false }) as Server;
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
}

const TARGETS: readonly Target[] = [
  { name: '@hono/node-server 1.x, serve()', start: viaServe(serve1) },
  { name: '@hono/node-server 1.x, createAdaptorServer({ overrideGlobalObjects: false })', start: viaAdaptor(createAdaptorServer1) },
  { name: '@hono/node-server 2.x, serve()', start: viaServe(serve2) },
  { name: '@hono/node-server 2.x, createAdaptorServer({ overrideGlobalObjects: false })', start: viaAdaptor(createAdaptorServer2) },
];

/**
 * `serve` replaces the global `Request` and `Response` (README "overrideGlobalObjects"); each
 * target gets the platform's back afterwards, so that every target runs with its own.
 */
const PLATFORM_GLOBALS = (['Request', 'Response'] as const).map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
function restorePlatformGlobals(): void {
  for (const [name, descriptor] of PLATFORM_GLOBALS) if (descriptor !== undefined) Object.defineProperty(globalThis, name, descriptor);
}

/**
 * The app every target serves: the adapter as its JSDoc shows, a 16-byte body limit, one body
 * schema, and before it a middleware that sets a header after `next()` (as timing and logging
 * middleware do): Hono then rebuilds the context's response from the one the adapter returned.
 */
function appFor(profile: 'apig' | 'hcp', base: string): { app: Hono; vc: ReturnType<typeof vendorCompat> } {
  const vc = vendorCompat({ profile, preconditions: { maxBodyBytes: 16 }, routes: { [`POST ${base}/items`]: { schema: { body: { type: 'object' } } } } });
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('X-Response-Time', '1ms');
  });
  app.use(vc.preconditions);
  app.use(vc.validate);
  app.get(`${base}/error`, () => {
    throw new Error('boom');
  });
  app.get(`${base}/string`, () => {
    throw 'a thrown string';
  });
  app.get(`${base}/ok`, (c) => c.json({ ok: true }));
  app.post(`${base}/items`, async (c) => c.json(await c.req.json()));
  app.post(`${base}/upload`, async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  app.onError(vc.errorHandler);
  app.notFound(vc.notFound);
  return { app, vc };
}

/** One response as it came over the wire, `Date` left out (it is the clock's). */
interface WireResponse {
  readonly statusLine: string;
  /** Header lines in the order sent, with the name's case as sent. */
  readonly headers: readonly string[];
  readonly body: string;
}

/** What one connection carried: the answers in order, and whether the server closed it. */
interface Conversation {
  readonly responses: readonly WireResponse[];
  readonly closedByServer: boolean;
}

/** The length of the first complete response in `text`, or -1 while it is incomplete. */
function completeLength(text: string, head: boolean): number {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) return -1;
  const length = head ? 0 : Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd))?.[1] ?? 0);
  return text.length >= headEnd + 4 + length ? headEnd + 4 + length : -1;
}

function parse(raw: string): WireResponse {
  const headEnd = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, headEnd).split('\r\n');
  return { statusLine, headers: lines.filter((line) => !/^date:/i.test(line)), body: raw.slice(headEnd + 4) };
}

/**
 * Sends `requests` one after another on one TCP connection, each once the previous answer is
 * complete, and stops at the first one left unanswered (the server closed, or 2 s passed).
 */
function converse(port: number, requests: readonly string[]): Promise<Conversation> {
  return new Promise((resolve) => {
    const responses: WireResponse[] = [];
    let buffered = '';
    let closedByServer = false;
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => socket.destroy(), 2000);
    const sendNext = (): void => {
      const next = requests[responses.length];
      if (next === undefined) {
        // Wait a moment for a close the server may still be sending.
        setTimeout(() => socket.destroy(), 50);
        return;
      }
      socket.write(next);
    };
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const length = completeLength(buffered, requests[responses.length]?.startsWith('HEAD ') === true);
        if (length === -1) return;
        responses.push(parse(buffered.slice(0, length)));
        buffered = buffered.slice(length);
        sendNext();
      }
    });
    socket.on('end', () => {
      closedByServer = true;
      socket.destroy();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ responses, closedByServer });
    });
    socket.on('connect', sendNext);
  });
}

/** Everything written to `console.error` or to the process's stderr while a case runs. */
function captureLogs(): { readonly lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  return {
    lines,
    restore: () => {
      consoleError.mockRestore();
      stderr.mockRestore();
    },
  };
}

function get(path: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
}

function head(path: string): string {
  return `HEAD ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
}

function post(path: string, contentType: string, body: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A chunked body (no Content-Length, RFC 9112 §7.1) of 32 bytes: past the 16-byte limit only while it streams. */
function streamed(path: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n${'x'.repeat(32)}\r\n0\r\n\r\n`;
}

interface ErrorCase {
  readonly name: string;
  readonly request: string;
  readonly statusLine: string;
  /** The header lines in order; `{id}` stands for the request id the answer carries. */
  readonly headers: readonly string[];
  readonly body: string;
  /** The answer closes the connection (the body was not read to its end). */
  readonly closes?: boolean;
}

const KEEP_ALIVE = ['Connection: keep-alive', 'Keep-Alive: timeout=5'];
const CLOSE = ['Connection: close'];

/** APIG: `{error_code, error_msg, request_id}` and `X-Request-Id` on every answer (§1.1). */
function apigCase(name: string, request: string, statusLine: string, [code, message]: readonly [code: string, message: string], closes = false): ErrorCase {
  const body = `{"error_code":"${code}","error_msg":"${message}","request_id":"{id}"}`;
  const length = Buffer.byteLength(body.replace('{id}', '0'.repeat(32)));
  return {
    name,
    request,
    statusLine,
    headers: ['X-Request-Id: {id}', 'Content-Type: application/json', `Content-Length: ${length}`, ...(closes ? CLOSE : KEEP_ALIVE)],
    body: request.startsWith('HEAD ') ? '' : body,
    closes,
  };
}

const APIG_CASES: readonly ErrorCase[] = [
  // §1.2 500 row: APIG.0601 "Internal server error."
  apigCase('a thrown Error', get('/v1/error'), 'HTTP/1.1 500 Internal Server Error', ['APIG.0601', 'Internal server error.']),
  apigCase('a thrown string (Hono rethrows it past onError)', get('/v1/string'), 'HTTP/1.1 500 Internal Server Error', ['APIG.0601', 'Internal server error.']),
  // §1.2 400 row: a media type APIG cannot process is 400 APIG.0201 (no 415 in the table).
  apigCase('a Content-Type the profile refuses (precondition)', post('/v1/items', 'text/plain', 'hi'), 'HTTP/1.1 400 Bad Request', ['APIG.0201', 'API request error.']),
  // §1.2 406 row: APIG.0201.
  apigCase('an Accept the profile cannot satisfy (precondition)', get('/v1/ok', 'Accept: text/html\r\n'), 'HTTP/1.1 406 Not Acceptable', ['APIG.0201', 'API request error.']),
  // §1.2 413 row: APIG.0201 "Request entity too large."; the rest of the body is not read.
  apigCase('a chunked body past maxBodyBytes while it streams (precondition)', streamed('/v1/upload'), 'HTTP/1.1 413 Payload Too Large', ['APIG.0201', 'Request entity too large.'], true),
  // §1.2 404 row: APIG.0101.
  apigCase('an unmatched route', get('/v1/nothing'), 'HTTP/1.1 404 Not Found', ['APIG.0101', 'The API does not exist or has not been published in the environment.']),
  // §1.2 400 row: APIG.0201.
  apigCase('invalid JSON read by vc.validate', post('/v1/items', 'application/json', '{'), 'HTTP/1.1 400 Bad Request', ['APIG.0201', 'API request error.']),
  apigCase('HEAD of an unmatched route: the 404 head, no body', head('/v1/nothing'), 'HTTP/1.1 404 Not Found', ['APIG.0101', 'The API does not exist or has not been published in the environment.']),
  apigCase('HEAD of a route that throws a string: the 500 head, no body', head('/v1/string'), 'HTTP/1.1 500 Internal Server Error', ['APIG.0601', 'Internal server error.']),
];

/** HCP: no body, no Content-Type; X-HCP-SoftwareVersion and the S1 security headers. */
function hcpCase(name: string, request: string, statusLine: string, closes = false): ErrorCase {
  return {
    name,
    request,
    statusLine,
    headers: [
      'X-HCP-SoftwareVersion: 9.0.0.2',
      "Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'; connect-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'self'; frame-ancestors 'self';",
      'Pragma: no-cache',
      'X-Content-Type-Options: nosniff',
      'X-DNS-Prefetch-Control: off',
      'X-Download-Options: noopen',
      'X-Frame-Options: SAMEORIGIN',
      'X-XSS-Protection: 1; mode=block',
      'Content-Length: 0',
      ...(closes ? CLOSE : KEEP_ALIVE),
    ],
    body: '',
    closes,
  };
}

const HCP_CASES: readonly ErrorCase[] = [
  // seed-000 row 500.
  hcpCase('a thrown Error', get('/mapi/error'), 'HTTP/1.1 500 Internal Server Error'),
  hcpCase('a thrown string (Hono rethrows it past onError)', get('/mapi/string'), 'HTTP/1.1 500 Internal Server Error'),
  // seed-000 row 415: the Content-Type, or the Accept type (no 406 row), is not supported.
  hcpCase('a Content-Type the profile refuses (precondition)', post('/mapi/items', 'text/plain', 'hi'), 'HTTP/1.1 415 Unsupported Media Type'),
  hcpCase('an Accept the profile cannot satisfy (precondition)', get('/mapi/ok', 'Accept: text/html\r\n'), 'HTTP/1.1 415 Unsupported Media Type'),
  // No 413 in seed-000: row 400, the catch-all for an invalid request.
  hcpCase('a chunked body past maxBodyBytes while it streams (precondition)', streamed('/mapi/upload'), 'HTTP/1.1 400 Bad Request', true),
  // seed-000 row 414, with HCP's own reason phrase (the server's would be "URI Too Long").
  hcpCase('a URL longer than 4,095 bytes (precondition)', get(`/mapi/${'a'.repeat(4100)}`), 'HTTP/1.1 414 Request URI Too Large'),
  // seed-000 row 404.
  hcpCase('an unmatched route', get('/mapi/nothing'), 'HTTP/1.1 404 Not Found'),
  // seed-000 row 400.
  hcpCase('invalid JSON read by vc.validate', post('/mapi/items', 'application/json', '{'), 'HTTP/1.1 400 Bad Request'),
  // seed-000 row 302: HEAD of a missing resource is 302 with no body and no Location.
  hcpCase('HEAD of an unmatched route', head('/mapi/nothing'), 'HTTP/1.1 302 Found'),
  hcpCase('HEAD of a route that throws a string', head('/mapi/string'), 'HTTP/1.1 500 Internal Server Error'),
];

const PROFILES = [
  { profile: 'apig', base: '/v1', cases: APIG_CASES },
  { profile: 'hcp', base: '/mapi', cases: HCP_CASES },
] as const;

/** The answer with the request id (APIG's `X-Request-Id`, also in the body) put back as `{id}`. */
function withIdPlaceholder(response: WireResponse): WireResponse {
  const id = /^X-Request-Id: (.*)$/im.exec(response.headers.join('\n'))?.[1];
  if (id === undefined) return response;
  expect(id).toMatch(/^[0-9a-f]{32}$/); // §1.1: 32 lowercase hex
  const hide = (text: string): string => text.split(id).join('{id}');
  return { statusLine: response.statusLine, headers: response.headers.map(hide), body: hide(response.body) };
}

describe.each(TARGETS)('Hono on $name', (target) => {
  describe.each(PROFILES)('profile $profile', ({ profile, base, cases }) => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = await target.start(appFor(profile, base).app.fetch as FetchHandler);
      port = (server.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      await close(server);
      restorePlatformGlobals();
    });

    it.each(cases)('$name: the same bytes on the wire, the connection kept as the answer says, nothing logged', async (errorCase) => {
      const logs = captureLogs();
      let conversation: Conversation;
      try {
        conversation = await converse(port, [errorCase.request, get(`${base}/ok`)]);
      } finally {
        logs.restore();
      }
      const [answer, next] = conversation.responses;
      expect(answer === undefined ? undefined : withIdPlaceholder(answer)).toEqual({ statusLine: errorCase.statusLine, headers: errorCase.headers, body: errorCase.body });
      if (errorCase.closes === true) {
        expect([conversation.responses.length, conversation.closedByServer]).toEqual([1, true]);
      } else {
        expect([next?.statusLine, next?.body, conversation.closedByServer]).toEqual(['HTTP/1.1 200 OK', '{"ok":true}', false]);
      }
      expect(logs.lines).toEqual([]);
    });

    it('keep-alive: a thrown string, then GET /ok on the same socket, both answered', async () => {
      const logs = captureLogs();
      let conversation: Conversation;
      try {
        conversation = await converse(port, [get(`${base}/string`), get(`${base}/ok`)]);
      } finally {
        logs.restore();
      }
      expect(conversation.responses.map((response) => [response.statusLine, response.body === '' ? '' : JSON.parse(response.body)])).toEqual([
        ['HTTP/1.1 500 Internal Server Error', profile === 'apig' ? { error_code: 'APIG.0601', error_msg: 'Internal server error.', request_id: expect.stringMatching(/^[0-9a-f]{32}$/) } : ''],
        ['HTTP/1.1 200 OK', { ok: true }],
      ]);
      expect(conversation.responses[1]?.body).toBe('{"ok":true}');
      expect(logs.lines).toEqual([]);
    });
  });
});

/**
 * `vc.requestError` as `getRequestListener`'s `errorHandler` (`serve` and `createAdaptorServer`
 * pass none): a backslash in the path, which both majors refuse before Hono runs (from 1.19.18 and
 * 2.1.6, the floors of the peer range), gets the profile's badRequest and `Connection: close`. The
 * hook gets no `outgoing` to write with, so the server writes this answer: header names
 * lower-case, Node's reason phrase, and on 1.x a `Content-Type: text/plain; charset=UTF-8` added
 * to an answer that has none (HCP), as 1.x does for every response it writes
 * (`buildOutgoingHttpHeaders`). That one difference between the majors stays.
 */
describe.each([
  { major: '1.x', getRequestListener: getRequestListener1, addsContentType: true },
  { major: '2.x', getRequestListener: getRequestListener2, addsContentType: false },
])('vc.requestError on @hono/node-server $major', ({ getRequestListener, addsContentType }) => {
  const REFUSED = 'GET /v1\\items HTTP/1.1\r\nHost: x\r\n\r\n';
  let servers: Record<'apig' | 'hcp', { server: Server; port: number }>;
  beforeAll(async () => {
    const start = async (profile: 'apig' | 'hcp'): Promise<{ server: Server; port: number }> => {
      const { app, vc } = appFor(profile, profile === 'hcp' ? '/mapi' : '/v1');
      const server = http.createServer(getRequestListener(app.fetch, { errorHandler: vc.requestError }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, port: (server.address() as net.AddressInfo).port };
    };
    servers = { apig: await start('apig'), hcp: await start('hcp') };
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map(({ server }) => close(server)));
    restorePlatformGlobals();
  });

  // APIG §1.2 400 row: APIG.0201; §1.1: request_id equals X-Request-Id.
  it('APIG: 400 APIG.0201 with the request id, the connection closed, nothing logged', async () => {
    const logs = captureLogs();
    let conversation: Conversation;
    try {
      conversation = await converse(servers.apig.port, [REFUSED]);
    } finally {
      logs.restore();
    }
    const body = '{"error_code":"APIG.0201","error_msg":"API request error.","request_id":"{id}"}';
    expect(conversation.responses.map(withIdPlaceholder)).toEqual([
      { statusLine: 'HTTP/1.1 400 Bad Request', headers: ['connection: close', 'content-length: 107', 'content-type: application/json', 'x-request-id: {id}'], body },
    ]);
    expect([conversation.closedByServer, logs.lines]).toEqual([true, []]);
  });

  // HCP seed-000 row 400 (no body; no X-HCP-ErrorMessage: nothing more to tell) and S1 headers.
  it('HCP: 400 with no body and the S1 headers, the connection closed, nothing logged', async () => {
    const logs = captureLogs();
    let conversation: Conversation;
    try {
      conversation = await converse(servers.hcp.port, [REFUSED.replace('/v1', '/mapi')]);
    } finally {
      logs.restore();
    }
    const headers = [
      'connection: close',
      'content-length: 0',
      "content-security-policy: default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'; connect-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'self'; frame-ancestors 'self';",
      'pragma: no-cache',
      'x-content-type-options: nosniff',
      'x-dns-prefetch-control: off',
      'x-download-options: noopen',
      'x-frame-options: SAMEORIGIN',
      'x-hcp-softwareversion: 9.0.0.2',
      'x-xss-protection: 1; mode=block',
      ...(addsContentType ? ['content-type: text/plain; charset=UTF-8'] : []),
    ];
    expect(conversation.responses).toEqual([{ statusLine: 'HTTP/1.1 400 Bad Request', headers, body: '' }]);
    expect([conversation.closedByServer, logs.lines]).toEqual([true, []]);
  });
});
