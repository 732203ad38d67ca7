/**
 * `errorFromResponse` translates each kind between every pair of built-in
 * profiles (6 × 6 pairs × 25 kinds), over real loopback servers: an upstream (node:http, the
 * library's node adapter answering in the upstream profile) and a facade (Express 5 + the
 * express adapter in the facade profile) whose route fetches the upstream and throws
 * `await errorFromResponse(upstreamProfile, response)`.
 *
 * For every case: the facade answers the recovered kind with its own status; the kind is the
 * upstream's where the upstream's answer tells it apart (same status and code as no other kind),
 * else one of the kinds sharing that answer; a 4xx message reaches the client where the facade
 * answers with a 4xx, never where it answers with a 5xx (and a 5xx upstream message never);
 * `Retry-After` is kept; the upstream's vendor code only when both profiles are the same vendor;
 * the facade's answer conforms to the facade's profile (decodeError).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as nodeVendorCompat } from '../../src/node';
import { createVendorError, decodeError, errorFromResponse, isKindName, KIND_NAMES, KINDS, profiles, type KindName, type ProfileName } from '../support/internals';
import { compiledOf } from '../../src/core/define-profile';

jest.setTimeout(60000);

const NAMES = Object.keys(profiles) as ProfileName[];
const MESSAGE = 'Volume 12 is in use by host group 3';
const RETRY_AFTER = '120';
const servers: http.Server[] = [];
const upstreamUrl: Partial<Record<ProfileName, string>> = {};
const facadeUrl: Partial<Record<ProfileName, string>> = {};

function get(url: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => http.get(url, { agent: false }, resolve).on('error', reject));
}

async function readAll(response: http.IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += (chunk as Buffer).toString('utf8');
  return text;
}

function listen(server: http.Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  for (const name of NAMES) {
    // The upstream: GET /kinds/<kind> throws that kind with an exposed message (so the upstream
    // itself shows it, 5xx too), 429/503 with Retry-After.
    const vc = nodeVendorCompat({ profile: name });
    upstreamUrl[name] = await listen(
      http.createServer((req, res) => {
        const kind = (req.url ?? '').split('/')[2] ?? '';
        const headers = kind === 'serviceUnavailable' || kind === 'tooManyRequests' ? { 'retry-after': RETRY_AFTER } : undefined;
        vc.sendError(req, res, createVendorError(isKindName(kind) ? kind : 'notFound', MESSAGE, { expose: true, headers }));
      }),
    );
  }
  for (const facade of NAMES) {
    const app = express();
    const vc = expressVendorCompat({ profile: facade });
    // node:http, not fetch: the Fetch standard turns a 407 answer into a network error
    // (fetch.spec.whatwg.org, HTTP-network-or-cache fetch, step on status 407), so a facade whose
    // upstream may answer 407 reads it with node:http (IncomingMessage).
    app.get('/via/:upstream/:kind', async (req, _res, next) => {
      const upstream = req.params.upstream as ProfileName;
      next(await errorFromResponse(profiles[upstream], await get(`${upstreamUrl[upstream]}/kinds/${req.params.kind}`)));
    });
    app.use(vc.errorHandler);
    facadeUrl[facade] = await listen(http.createServer(app));
  }
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** Kinds the upstream answers (to GET) with the same status and code as `kind`. */
function lookalikes(upstream: ProfileName, kind: KindName): KindName[] {
  const compiled = compiledOf(profiles[upstream]);
  const own = compiled.resolve(kind, 'GET');
  return KIND_NAMES.filter((other) => compiled.resolve(other, 'GET').status === own.status && compiled.resolve(other, 'GET').code === own.code);
}

const CASES = NAMES.flatMap((upstream) => NAMES.map((facade) => [upstream, facade] as const));

describe.each(CASES)('upstream %s behind a %s facade', (upstream, facade) => {
  it.each(KIND_NAMES)('translates %s', async (kind) => {
    const response = await get(`${facadeUrl[facade]}/via/${upstream}/${kind}`);
    const body = await readAll(response);
    const decoded = decodeError(profiles[facade], { status: response.statusCode, statusText: response.statusMessage, headers: response.headers, body, method: 'GET' });
    const direct = await get(`${upstreamUrl[upstream]}/kinds/${kind}`);
    const upstreamAnswer = decodeError(profiles[upstream], { status: direct.statusCode, headers: direct.headers, body: await readAll(direct) });
    const recovered = upstreamAnswer.kind as KindName;
    const candidates = lookalikes(upstream, kind);
    if (candidates.length === 1) expect(recovered).toBe(kind);
    else expect(candidates).toContain(recovered);
    const entry = compiledOf(profiles[facade]).resolve(recovered, 'GET');
    expect([response.statusCode, response.statusMessage]).toEqual([entry.status, entry.statusMessage]);
    expect(decoded.problems).toEqual([]);
    // The vendor code: the upstream's when both are one vendor, else the facade's own for the kind.
    expect(decoded.code).toBe(upstream === facade ? upstreamAnswer.code : entry.code);
    // Messages: an upstream 4xx message shows where the facade answers a 4xx; nothing else leaks.
    const upstreamShowedIt = upstreamAnswer.message === MESSAGE;
    const shown = body.includes(MESSAGE) || Object.values(response.headers).some((value) => String(value).includes(MESSAGE));
    expect(shown).toBe(upstreamShowedIt && (direct.statusCode ?? 0) < 500 && KINDS[recovered].status < 500 && entry.status < 500);
    if (kind === 'serviceUnavailable' || kind === 'tooManyRequests') expect(response.headers['retry-after']).toBe(RETRY_AFTER);
  });
});

describe('named translations from the issue', () => {
  it('a problem 409 becomes APIG\'s 409 with the message kept', async () => {
    const response = await fetch(`${facadeUrl.apig}/via/problem/conflict`);
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(409);
    expect(body).toEqual({ error_code: 'APIG.0201', error_msg: MESSAGE, request_id: response.headers.get('x-request-id') });
  });

  it('an APIG 503 becomes VSP\'s 503 KART95030-E with the upstream\'s Retry-After, the message hidden', async () => {
    const response = await fetch(`${facadeUrl.vsp}/via/apig/serviceUnavailable`);
    const body = (await response.json()) as Record<string, unknown>;
    expect([response.status, response.headers.get('retry-after'), body.messageId, body.message]).toEqual([
      503, RETRY_AFTER, 'KART95030-E', 'The request cannot be accepted because the REST API server or the storage system is busy. Wait for a while and try again.',
    ]);
  });

  it('a VSP error keeps its KART code behind a VSP facade', async () => {
    const upstream = { status: 409, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorSource: '/x', messageId: 'KART30005-E', message: 'The LDEV is in use.', solution: 'Wait.' }) };
    const error = errorFromResponse(profiles.vsp, upstream);
    expect([error.status, error.vendorCode, error.vendorProfile, error.message]).toEqual([409, 'KART30005-E', 'vsp', 'The LDEV is in use.']);
    const app = express();
    const vc = expressVendorCompat({ profile: 'vsp' });
    app.get('/', () => {
      throw error;
    });
    app.use(vc.errorHandler);
    const url = await listen(http.createServer(app));
    const body = (await (await fetch(url)).json()) as Record<string, unknown>;
    expect([body.messageId, body.message]).toEqual(['KART30005-E', 'The LDEV is in use.']);
  });

  it('an HCP HEAD 302 (not found) read with its method is notFound', () => {
    const error = errorFromResponse(profiles.hcp, { status: 302, headers: { 'X-HCP-SoftwareVersion': '9.0.0.2' } }, { method: 'HEAD' });
    expect([error.status, error.upstream.kind]).toEqual([404, 'notFound']);
  });

  it.each([
    ['a 200', { status: 200, headers: {}, body: '{}' }],
    ['no status', { headers: {} }],
    ['null', null],
  ])('%s is a badGateway (the upstream did not answer with an error)', (_name, answer) => {
    const error = errorFromResponse(profiles.apig, answer);
    expect([error.status, error.expose, error.upstream.conforms]).toEqual([502, false, false]);
  });

  it('a body above maxBytes is not read: the status decides, and a problem says so', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'APIG.0201', error_msg: 'x'.repeat(5000), request_id: '0'.repeat(32) }));
    });
    const url = await listen(server);
    const error = await errorFromResponse(profiles.apig, await fetch(url), { maxBytes: 1024 });
    expect([error.status, error.message, error.upstream.problems.at(-1)]).toEqual([409, '', 'body larger than 1024 bytes, not read']);
  });

  it('reads a Node IncomingMessage body (http.get)', async () => {
    const response = await new Promise<http.IncomingMessage>((resolve) => http.get(`${upstreamUrl.mpc}/kinds/conflict`, resolve));
    const error = await errorFromResponse(profiles.mpc, response);
    expect([error.status, error.message, error.vendorCode]).toEqual([409, MESSAGE, 'MPC.10212']);
  });
});
