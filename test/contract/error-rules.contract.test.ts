/**
 * Contract: domain errors and dead upstreams in the vendor's words, for every profile,
 * on Express 4 and 5, Koa 2 and 3, and node:http. A class rule, a `code` rule and a match in the
 * `cause` chain; `fetch` and `http.request` to a closed loopback port and to a loopback server that
 * never answers, with `upstreamErrors`; http-proxy-middleware in front of each (Express and node:
 * it is connect middleware). Real failures only: every upstream error here comes from a real socket.
 *
 * Expected answers, per profile (status / code / text from the seed rows and references):
 * - apig: 404 APIG.0101 (seed 003 row 404), 409 APIG.0201 (§1.2 409 row), 502 APIG.0202 "Backend
 *   unavailable" (seed 003 row 502), 504 APIG.0203 "Backend timeout" (seed 003 row 504).
 * - mpc: 404 APIGW.0101, 502 APIGW.0202, 504 APIGW.0203 in the gateway's 3-field body (§2.1, the
 *   shared gateway in front of MPC), 409 MPC.10212 (seed 004 row 409 has no code).
 * - vsp: 404 KART94040-E, 409 KART94090-E, 502 "There is no response from the REST API server…"
 *   (seed 001 row 502 "Proxy Error"), 504 "A response was not received from the REST API server in
 *   time." (seed 001 row 504 "Gateway Timeout").
 * - hcp: 404 with X-HCP-ErrorMessage (seed 000 row 404), a conflict on GET is 403 (seed 000 row 409
 *   lists PUT only, quirk 4), no 502 or 504 in seed 000: 500 (row 500) and 503 (row 503), with no
 *   X-HCP-ErrorMessage since a 5xx tells nothing more.
 * - stratos: 404 and 409 `{status:"error", message}` (seed 002 rows 404, 409), every 5xx 500
 *   "Internal server error" (seed 002 row 500, CustomThrowableExceptionMapper).
 * - problem: RFC 9110 statuses, RFC 9457 bodies.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { upstreamErrors, type ErrorRule, type KindName, type ProfileName } from '../support/internals';
import { NODE_TARGETS, nodeTargetServer, type Middleware, type NodeTarget, type SendError } from '../support/node-targets';
import { closedPort, httpGet, stalledUpstream, type StalledUpstream } from '../support/upstreams';

class VolumeNotFoundError extends Error {
  override readonly name = 'VolumeNotFoundError';
}

const STALL_MS = 150;
const PROFILES: readonly ProfileName[] = ['problem', 'hcp', 'vsp', 'apig', 'mpc', 'stratos'];
const TARGETS = NODE_TARGETS;
type Target = NodeTarget;

let refusedPort = 0;
let stalled: StalledUpstream;

beforeAll(async () => {
  refusedPort = await closedPort();
  stalled = await stalledUpstream();
});
afterAll(() => stalled.close());

const rules: readonly ErrorRule[] = [
  ...upstreamErrors,
  { instanceOf: VolumeNotFoundError, kind: 'notFound' },
  { code: '23505', kind: 'conflict' },
];

/** Route bodies: each throws (rejects) with a real error. */
const failures: Readonly<Record<string, () => Promise<never>>> = {
  '/class': async () => {
    throw new VolumeNotFoundError('Volume 12 does not exist');
  },
  '/code': async () => {
    throw Object.assign(new Error('duplicate key value violates unique constraint "volumes_pkey"'), { code: '23505' });
  },
  '/cause': async () => {
    throw new Error('lookup failed', { cause: new VolumeNotFoundError('Volume 7 does not exist') });
  },
  '/fetch-refused': async () => {
    await fetch(`http://127.0.0.1:${refusedPort}/v1/volumes`); // TypeError('fetch failed', { cause: ECONNREFUSED })
    throw new Error('unreachable');
  },
  '/http-refused': async () => {
    await httpGet(`http://127.0.0.1:${refusedPort}/v1/volumes`); // ECONNREFUSED
    throw new Error('unreachable');
  },
  '/fetch-stalled': async () => {
    await fetch(stalled.url, { signal: AbortSignal.timeout(STALL_MS) }); // DOMException TimeoutError
    throw new Error('unreachable');
  },
  '/http-stalled': async () => {
    await httpGet(stalled.url, AbortSignal.timeout(STALL_MS)); // AbortError, cause TimeoutError
    throw new Error('unreachable');
  },
};

/**
 * http-proxy-middleware in front of a dead and a stalled upstream. Its own error page is a bare
 * 504 for ECONNREFUSED (`status-code.js`); `on.error` hands the real error to vendor-compat instead.
 * `proxyTimeout` alone would abort with ECONNRESET "socket hang up" (http-proxy `web-incoming.js`),
 * indistinguishable from a reset, so the stall is cut in `on.proxyReq` with a timeout error, as
 * the Node docs advise for a request 'timeout' (`req.destroy(err)`).
 */
function proxies(send: SendError): Record<string, Middleware> {
  const on = {
    error: (err: unknown, req: http.IncomingMessage, res: unknown) => send(req, res as http.ServerResponse, err),
    proxyReq: (proxyReq: http.ClientRequest) => {
      proxyReq.setTimeout(STALL_MS, () => proxyReq.destroy(Object.assign(new Error('upstream did not answer in time'), { code: 'ETIMEDOUT' })));
    },
  };
  return {
    '/proxy-refused': createProxyMiddleware<http.IncomingMessage, http.ServerResponse>({ target: `http://127.0.0.1:${refusedPort}`, on, logger: undefined }) as Middleware,
    '/proxy-stalled': createProxyMiddleware<http.IncomingMessage, http.ServerResponse>({ target: stalled.url, on, logger: undefined }) as Middleware,
  };
}

function serverFor(target: NodeTarget, profile: ProfileName): http.Server {
  return nodeTargetServer(target, { profile, errors: rules }, failures, proxies);
}

interface Expected {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed body, or null for an empty one. */
  readonly body: unknown;
}

const HEX32 = /^[0-9a-f]{32}$/;

/** What each vendor answers for one kind on a GET to `path`; `message` is the exposed thrown message. */
function expected(profile: ProfileName, kind: KindName, path: string, message: string | undefined, requestId: string | undefined): Expected {
  switch (profile) {
    case 'apig': {
      const row = { notFound: [404, 'APIG.0101'], conflict: [409, 'APIG.0201'], badGateway: [502, 'APIG.0202', 'Backend unavailable'], gatewayTimeout: [504, 'APIG.0203', 'Backend timeout'] }[kind as 'notFound'] as [number, string, string?];
      return { status: row[0], headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: { error_code: row[1], error_msg: message ?? row[2], request_id: requestId } };
    }
    case 'mpc': {
      if (kind === 'conflict') return { status: 409, headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: { error_code: 'MPC.10212', error_msg: message } };
      const row = { notFound: [404, 'APIGW.0101'], badGateway: [502, 'APIGW.0202', 'Backend unavailable'], gatewayTimeout: [504, 'APIGW.0203', 'Backend timeout'] }[kind as 'notFound'] as [number, string, string?];
      return { status: row[0], headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: { error_code: row[1], error_msg: message ?? row[2], request_id: requestId } };
    }
    case 'vsp': {
      const row = {
        notFound: [404, 'KART94040-E', '', 'Check the URL of the resource, and whether you have read permission for the resource.'],
        conflict: [409, 'KART94090-E', '', 'Check the status of the resource.'],
        badGateway: [502, 'KART95020-E', 'There is no response from the REST API server, or an invalid response was received.', 'Check the status of the REST API server, and then run the request again.'],
        gatewayTimeout: [504, 'KART95040-E', 'A response was not received from the REST API server in time.', 'Check the status of the REST API server, and then run the request again.'],
      }[kind as 'notFound'] as [number, string, string, string];
      const detailCode = row[1].replace(/^KART(\d{5})-([IQWE])$/, '$1$2-0');
      return {
        status: row[0],
        headers: { 'content-type': 'application/json;charset=UTF-8', 'x-request-id': undefined },
        body: { errorSource: path, messageId: row[1], message: message ?? row[2], solution: row[3], solutionType: 'SEE_ERROR_DETAIL', detailCode },
      };
    }
    case 'hcp': {
      const status = { notFound: 404, conflict: 403, badGateway: 500, gatewayTimeout: 503 }[kind as 'notFound'];
      return { status, headers: { 'content-type': undefined, 'content-length': '0', 'x-hcp-errormessage': message, 'x-hcp-softwareversion': '9.0.0.2' }, body: null };
    }
    case 'stratos': {
      const status = { notFound: 404, conflict: 409, badGateway: 500, gatewayTimeout: 500 }[kind as 'notFound'];
      return { status, headers: { 'content-type': 'application/json' }, body: { status: 'error', message: message ?? 'Internal server error' } };
    }
    case 'problem': {
      const [status, title] = { notFound: [404, 'Not Found'], conflict: [409, 'Conflict'], badGateway: [502, 'Bad Gateway'], gatewayTimeout: [504, 'Gateway Timeout'] }[kind as 'notFound'] as [number, string];
      const body: Record<string, unknown> = { type: 'about:blank', title, status, instance: path };
      if (message !== undefined) body.detail = message;
      return { status, headers: { 'content-type': 'application/problem+json' }, body };
    }
    default:
      // The XML profiles (s3, hcp-s3) are not in PROFILES: their answers are pinned in test/profiles/s3.test.ts.
      throw new Error(`no expectation written for profile ${profile}`);
  }
}

function expectAnswer(res: request.Response, profile: ProfileName, kind: KindName, path: string, message: string | undefined): void {
  const requestId = res.headers['x-request-id'] as string | undefined;
  if (profile === 'apig' || profile === 'mpc') expect(requestId).toMatch(HEX32);
  const want = expected(profile, kind, path, message, requestId);
  expect({ path, status: res.status }).toEqual({ path, status: want.status });
  for (const [name, value] of Object.entries(want.headers)) expect({ path, [name]: res.headers[name] }).toEqual({ path, [name]: value });
  expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text ?? '')));
  if (want.body === null) expect(res.text ?? '').toBe('');
  else expect(JSON.parse(res.text) as unknown).toEqual(want.body);
}

const CASES: ReadonlyArray<readonly [path: string, kind: KindName, message: string | undefined, targets: readonly Target[]]> = [
  ['/class', 'notFound', 'Volume 12 does not exist', TARGETS],
  ['/code', 'conflict', 'duplicate key value violates unique constraint "volumes_pkey"', TARGETS],
  ['/cause', 'notFound', 'Volume 7 does not exist', TARGETS],
  ['/fetch-refused', 'badGateway', undefined, TARGETS],
  ['/http-refused', 'badGateway', undefined, TARGETS],
  ['/fetch-stalled', 'gatewayTimeout', undefined, TARGETS],
  ['/http-stalled', 'gatewayTimeout', undefined, TARGETS],
  ['/proxy-refused', 'badGateway', undefined, ['express5', 'express4', 'node']],
  ['/proxy-stalled', 'gatewayTimeout', undefined, ['express5', 'express4', 'node']],
];

describe.each(TARGETS)('error rules and upstream failures through %s', (target) => {
  it.each(PROFILES)('%s: a class rule, a code rule, a cause-chain match, refused and stalled upstreams (fetch, http.request, proxy) get the vendor\'s answers', async (profile) => {
    const server = serverFor(target, profile);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const cases = CASES.filter(([, , , targets]) => targets.includes(target));
      const answers = await Promise.all(cases.map(([path]) => request(base).get(path)));
      cases.forEach(([path, kind, message], index) => expectAnswer(answers[index] as request.Response, profile, kind, path, message));
      expect(answers).toHaveLength(cases.length);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('values that match no rule render as before', () => {
  it.each(TARGETS)('%s: a plain Error is still the masked 500 (apig, seed 003 row 500)', async (target) => {
    const server = nodeTargetServer(target, { profile: 'apig', errors: [{ code: 'NOPE', kind: 'conflict' }] }, {
      '/crash': () => {
        throw Object.assign(new Error('password=hunter2'), { code: 'EOTHER' });
      },
    });
    const res = await request(server).get('/crash').expect(500);
    expect(JSON.parse(res.text)).toEqual({ error_code: 'APIG.0601', error_msg: 'Internal server error.', request_id: res.headers['x-request-id'] });
  });
});
