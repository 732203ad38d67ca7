/**
 * Headers a thrown value carries (`err.headers`, the http-errors convention) reach the answer only
 * as finalhandler lets them (`getErrorStatusCode` then `getErrorHeaders`: only for an error that
 * carries its own 4xx/5xx status), never when the error is masked as a 500, and never the headers
 * no error may set: hop-by-hop ones (RFC 9110 §7.6.1), `Set-Cookie` (RFC 6265), a host's HSTS
 * policy (RFC 6797 §6.1), the framing and representation the renderer owns (RFC 9110 §8).
 *
 * The status a header is judged by is the error's own (the kind's RFC status), not the one the
 * vendor substitutes: HCP answers 429 with 503 (hcp.json tooManyRequests, seed-000 / S2), and an
 * upstream's `Retry-After` still describes that answer (RFC 9110 §10.2.3). Headers RFC 9110 binds
 * to one status go only on that status: `Allow` on a 405 (§15.5.6; Stratos answers 405 with 500,
 * stratos.json methodNotAllowed, stratos-generic-mapper), `WWW-Authenticate` on a 401 (§15.5.2),
 * `Proxy-Authenticate` on a 407 (§15.5.8).
 */
import createError from 'http-errors';
import { render, type RenderedError } from '../../src/core/render';
import { createVendorError, tooManyRequests } from '../../src/core/errors';
import { resolveAppConfig } from '../../src/core/app-config';
import { createEngine } from '../../src/core/engine';
import { profiles, type ProfileName } from '../../src/profiles';

const NAMES = Object.keys(profiles) as ProfileName[];
const REQUEST_ID = 'acbc548ac6f2a0dbdb9e3518a7c0ff84';
const view = (method = 'GET') => ({ method, path: '/v1/things/1', requestId: REQUEST_ID });

/** What an SDK error copies from its upstream's response. */
const UPSTREAM_HEADERS = {
  'X-Upstream-Host': 'db-7.internal.example',
  'Set-Cookie': 'sid=abc; HttpOnly',
  'Strict-Transport-Security': 'max-age=0',
  Connection: 'close, X-Hop-Secret',
  'X-Hop-Secret': 'hop',
  'Keep-Alive': 'timeout=5',
  'Proxy-Connection': 'keep-alive',
  TE: 'trailers',
  Trailer: 'Expires',
  Upgrade: 'h2c',
  'Transfer-Encoding': 'chunked',
  'Content-Type': 'text/html',
  'Content-Length': '9999',
  'Content-Encoding': 'gzip',
  ETag: '"upstream"',
  'X-Powered-By': 'PHP/5.4',
};
const NEVER = ['set-cookie', 'strict-transport-security', 'connection', 'x-hop-secret', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'transfer-encoding', 'content-encoding', 'etag', 'x-powered-by'];

const lowerNames = (rendered: RenderedError) => Object.keys(rendered.headers).map((name) => name.toLowerCase());
/** The same error rendered without any thrown header: what the profile itself sends. */
const bare = (status: number, profile: ProfileName, method = 'GET') => render({ status }, profiles[profile], view(method));

describe.each(NAMES)('thrown headers under %s', (name) => {
  const profile = profiles[name];

  it('a thrown { status: 503, headers } keeps its own headers but none of the forbidden ones', () => {
    const rendered = render({ status: 503, headers: UPSTREAM_HEADERS }, profile, view());
    expect(rendered.headers['X-Upstream-Host']).toBe('db-7.internal.example');
    for (const lower of NEVER) expect([lower, lowerNames(rendered).includes(lower)]).toEqual([lower, false]);
    // The renderer's own framing: the profile's type (or none) and the real length.
    expect(rendered.headers['Content-Type']).toBe(bare(503, name).headers['Content-Type']);
    expect(rendered.headers['Content-Length']).toBe(String(Buffer.byteLength(rendered.body)));
  });

  it('an Error with no status is masked as the 500: none of its headers reach the answer', () => {
    const thrown = Object.assign(new Error('upstream said no'), { headers: { ...UPSTREAM_HEADERS, 'Retry-After': '5' } });
    expect(render(thrown, profile, view()).headers).toEqual(render(new Error('upstream said no'), profile, view()).headers);
  });

  it('a status outside 4xx/5xx is masked as well (finalhandler getErrorStatusCode)', () => {
    const headers = { 'X-Upstream-Host': 'db-7.internal.example' };
    expect(render({ status: 302, headers }, profile, view()).headers).toEqual(render({ status: 302 }, profile, view()).headers);
    expect(render({ statusCode: 200, headers }, profile, view()).headers).toEqual(render({ statusCode: 200 }, profile, view()).headers);
  });

  it('an error that carries its status as statusCode keeps its headers', () => {
    expect(render({ statusCode: 502, headers: { 'x-upstream-host': 'a' } }, profile, view()).headers['X-Upstream-Host']).toBe('a');
  });

  it('an http-errors 429 keeps its Retry-After, whatever status the vendor answers 429 with (RFC 9110 §10.2.3)', () => {
    const rendered = render(createError(429, { headers: { 'Retry-After': '120' } }), profile, view());
    expect(rendered.status).toBe(bare(429, name).status);
    expect(rendered.headers['Retry-After']).toBe('120');
    expect(render(tooManyRequests(undefined, { headers: { 'retry-after': '7' } }), profile, view()).headers['Retry-After']).toBe('7');
  });

  it('a 401 keeps its WWW-Authenticate where the answer is 401; a vendor substitute keeps only its own (RFC 9110 §15.5.2)', () => {
    const rendered = render(createError(401, { headers: { 'WWW-Authenticate': 'Bearer realm="api"' } }), profile, view());
    const own = bare(401, name);
    expect(rendered.status).toBe(own.status);
    expect(rendered.headers['WWW-Authenticate']).toBe(own.status === 401 ? 'Bearer realm="api"' : own.headers['WWW-Authenticate']);
  });

  it('Set-Cookie, Connection, Transfer-Encoding and Strict-Transport-Security are dropped from a 4xx too', () => {
    const rendered = render(createError(409, { headers: UPSTREAM_HEADERS }), profile, view('PUT'));
    for (const lower of NEVER) expect([lower, lowerNames(rendered).includes(lower)]).toEqual([lower, false]);
    expect(rendered.headers['X-Upstream-Host']).toBe('db-7.internal.example');
  });

  it('error rules keep the headers they set (the rule answer carries the kind\'s status)', () => {
    const rule = { code: 'EBUSY', kind: 'serviceUnavailable' as const, headers: { 'Retry-After': '9', 'Set-Cookie': 'x=1' } };
    const config = resolveAppConfig({ profile: name, errors: [rule] });
    const rendered = createEngine(config).answer({ method: 'GET', url: view().path }, REQUEST_ID, Object.assign(new Error('busy'), { code: 'EBUSY' }), 'route').rendered;
    expect(rendered.headers['Retry-After']).toBe('9');
    expect(lowerNames(rendered)).not.toContain('set-cookie');
  });
});

describe('the status a thrown header is judged by', () => {
  const ALLOW = { allow: 'GET, HEAD' };

  it.each([
    // [profile, method, answered status, Allow sent]
    ['problem', 'POST', 405, 'GET, HEAD'],
    ['vsp', 'POST', 405, 'GET, HEAD'], // vsp.json methodNotAllowed, seed-001 / S19
    ['hcp', 'PUT', 405, 'GET, HEAD'], // hcp.json methodNotAllowed, seed-000 row 405 (PUT, POST, DELETE)
    ['hcp', 'GET', 404, undefined], // hcp.json methodRules exceptMethods PUT/POST/DELETE
    ['apig', 'POST', 404, undefined], // apig.json methodNotAllowed, apig-errors
    ['mpc', 'POST', 400, undefined], // mpc.json methodNotAllowed, mpc-errors
    ['stratos', 'POST', 500, undefined], // stratos.json methodNotAllowed, stratos-generic-mapper
  ] as const)('%s %s: a 405 with Allow is answered %i, Allow %s (RFC 9110 §15.5.6: Allow belongs to 405)', (name, method, status, allow) => {
    const rendered = render(createVendorError('methodNotAllowed', undefined, { headers: ALLOW }), profiles[name], view(method));
    expect([rendered.status, rendered.headers.Allow]).toEqual([status, allow]);
    expect(lowerNames(rendered).includes('allow')).toBe(allow !== undefined);
  });

  it('HCP answers 429 with 503 (hcp.json tooManyRequests, seed-000 / S2): the error\'s own status is 429, so its Retry-After stays', () => {
    const rendered = render(createError(429, { headers: { 'Retry-After': '30' } }), profiles.hcp, view());
    expect([rendered.status, rendered.headers['Retry-After']]).toEqual([503, '30']);
  });

  it('Stratos answers 503 with 500 (stratos.json serviceUnavailable): the error is its own 503, not masked, so Retry-After stays', () => {
    const rendered = render({ status: 503, headers: { 'Retry-After': '30' } }, profiles.stratos, view());
    expect([rendered.status, rendered.headers['Retry-After']]).toEqual([500, '30']);
  });

  it('Proxy-Authenticate goes only on a 407 (RFC 9110 §15.5.8)', () => {
    const challenge = { 'proxy-authenticate': 'Basic realm="proxy"' };
    expect(render(createError(407, { headers: challenge }), profiles.problem, view()).headers['Proxy-Authenticate']).toBe('Basic realm="proxy"');
    expect(lowerNames(render(createError(400, { headers: challenge }), profiles.problem, view()))).not.toContain('proxy-authenticate');
  });
});
