/**
 * Reading any RFC 9457 answer. RFC 9457 §3.1 makes every member optional (`type` a URI
 * reference, §3.1.1; `status` a JSON number, §3.1.2) and §3.2 allows extension members, so the
 * `problem` profile decodes every such answer as conforming; and `errorFromResponse` reads the
 * body of a Fetch `Response` or an `IncomingMessage` itself (a promise), so the upstream's
 * `detail` is kept. Each answer is served by a real loopback upstream (node:http, 127.0.0.1:0).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { kindAnswer } from '../../src/core/app-config';
import { decodeError, errorFromResponse, profiles, render } from '../support/internals';

const DETAIL = 'Volume vol1 already exists';
const FULL = { type: 'https://example.com/problems/volume-exists', title: 'Conflict', status: 409, detail: DETAIL, instance: '/v1/volumes/vol1' };
type Member = keyof typeof FULL;
const MEMBERS = Object.keys(FULL) as Member[];

function without(member: Member | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { ...FULL };
  if (member !== undefined) delete body[member];
  return body;
}

/** The answers served: the full problem, the problem without each member, none at all, extensions. */
const ANSWERS: Record<string, { status: number; contentType: string; body: string }> = {
  full: { status: 409, contentType: 'application/problem+json', body: JSON.stringify(FULL) },
  ...Object.fromEntries(MEMBERS.map((member) => [`no-${member}`, { status: 409, contentType: 'application/problem+json', body: JSON.stringify(without(member)) }])),
  empty: { status: 409, contentType: 'application/problem+json', body: '{}' },
  extensions: { status: 409, contentType: 'application/problem+json', body: JSON.stringify({ ...FULL, balance: 30, accounts: ['/account/12345'] }) },
  'relative-type': { status: 409, contentType: 'application/problem+json', body: JSON.stringify({ ...FULL, type: '/problems/volume-exists' }) },
  'message-member': { status: 409, contentType: 'application/json', body: JSON.stringify({ message: DETAIL }) },
  'text-plain': { status: 409, contentType: 'text/plain; charset=utf-8', body: `${DETAIL}\n` },
};

let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const answer = ANSWERS[(req.url ?? '/').slice(1)];
    if (answer === undefined) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function nodeGet(url: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => http.get(url, { agent: false }, resolve).on('error', reject));
}

const CONFORMING = ['full', ...MEMBERS.map((member) => `no-${member}`), 'empty', 'extensions', 'relative-type'];

describe('the problem profile reads every RFC 9457 answer (RFC 9457 §3.1: no member is required)', () => {
  it.each(CONFORMING)('%s conforms, decoded from a fetch() of the loopback upstream', async (name) => {
    const response = await fetch(`${base}/${name}`);
    const decoded = decodeError(profiles.problem, { status: response.status, headers: response.headers, body: await response.text() });
    expect([decoded.conforms, decoded.problems, decoded.kind, decoded.status]).toEqual([true, [], 'conflict', 409]);
    expect(decoded.message).toBe(name === 'no-detail' || name === 'empty' ? undefined : DETAIL);
  });

  it.each([
    ['a type that is not a URI reference (RFC 9457 §3.1.1)', { ...FULL, type: 'volume exists' }, '/type must match pattern'],
    ['a status that is not a JSON number (RFC 9457 §3.1.2)', { ...FULL, status: '409' }, '/status must be number'],
  ])('%s does not conform', (_name, body, problem) => {
    const decoded = decodeError(profiles.problem, { status: 409, headers: { 'content-type': 'application/problem+json' }, body });
    expect(decoded.conforms).toBe(false);
    expect(decoded.problems.some((text) => text.startsWith(`body ${problem}`))).toBe(true);
  });

  it('what the profile renders still carries type, title, status and instance', () => {
    const rendered = render(kindAnswer('conflict'), profiles.problem, { method: 'PUT', path: '/v1/volumes/vol1' });
    expect(JSON.parse(String(rendered.body))).toEqual({ type: 'about:blank', title: 'Conflict', status: 409, instance: '/v1/volumes/vol1' });
  });
});

describe('errorFromResponse reads the body itself (Fetch Response, IncomingMessage)', () => {
  it.each(CONFORMING)('%s: a fetch() Response gives a promise, and the detail is kept', async (name) => {
    const pending = errorFromResponse(profiles.problem, await fetch(`${base}/${name}`));
    expect(pending).toBeInstanceOf(Promise);
    const error = await pending;
    expect([error.status, error.message, error.upstream.conforms]).toEqual([409, name === 'no-detail' || name === 'empty' ? '' : DETAIL, true]);
  });

  it.each(CONFORMING)('%s: an IncomingMessage (http.get) gives a promise, and the detail is kept', async (name) => {
    const error = await errorFromResponse(profiles.problem, await nodeGet(`${base}/${name}`));
    expect([error.status, error.message]).toEqual([409, name === 'no-detail' || name === 'empty' ? '' : DETAIL]);
  });

  it.each([
    ['message-member', 'a JSON body with a message member'],
    ['text-plain', 'a text/plain body'],
  ])('%s: %s does not conform, and its 4xx message is kept', async (name) => {
    const error = await errorFromResponse(profiles.problem, await fetch(`${base}/${name}`));
    expect([error.status, error.message, error.upstream.conforms]).toEqual([409, DETAIL, false]);
  });

  it('a { status, headers, body } record stays synchronous', () => {
    const error = errorFromResponse(profiles.problem, { status: 409, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(FULL) });
    expect(error).not.toBeInstanceOf(Promise);
    expect([error.status, error.message]).toEqual([409, DETAIL]);
  });

  it('the APIG facade answers the upstream 409 with its detail, not "API request error." (docs/gateways.md)', async () => {
    const error = await errorFromResponse(profiles.problem, await fetch(`${base}/no-instance`));
    const rendered = render(error, profiles.apig, { method: 'POST', path: '/v1/volumes' });
    expect([rendered.status, (JSON.parse(String(rendered.body)) as Record<string, unknown>).error_msg]).toEqual([409, DETAIL]);
  });
});

describe('decodeError without a method judges against every method the profile answers', () => {
  it('HCP answers conflict with 409 to PUT only (seed-000 row 409, quirk 4): conforms without a method', () => {
    const rendered = render(kindAnswer('conflict'), profiles.hcp, { method: 'PUT', path: '/mapi/tenants/t1' });
    const decoded = decodeError(profiles.hcp, { status: rendered.status, headers: rendered.headers, body: rendered.body });
    expect([decoded.conforms, decoded.problems, decoded.kind]).toEqual([true, [], 'conflict']);
    expect(decodeError(profiles.hcp, { status: rendered.status, headers: rendered.headers, body: rendered.body, method: 'GET' }).problems).toContain('no error kind is answered with 409 to GET');
  });

  it('a status no method answers says "to any method"', () => {
    const decoded = decodeError(profiles.apig, { status: 415, headers: {}, body: '' });
    expect(decoded.problems).toContain('no error kind is answered with 415 to any method');
  });
});
