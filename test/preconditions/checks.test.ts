/**
 * Every precondition check, table-driven, on explicit settings (not profile data), so each row
 * proves one rule of RFC 9110 / RFC 9112 or one vendor row from shared/vendors.
 */
import { compilePreconditions, evaluatePreconditions, type PreconditionOverrides, type PreconditionView } from '../../src/core/preconditions';
import type { PreconditionSettings } from '../../src/core/profile-types';

const OFF: PreconditionSettings = {
  maxUriBytes: null,
  requestMediaTypes: null,
  contentTypeRequiredWithBody: false,
  responseMediaTypes: null,
  requireContentLength: false,
  maxBodyBytes: null,
  expectations: ['100-continue'],
};

type Row = [spec: string, overrides: PreconditionOverrides, view: Partial<PreconditionView>, expected: string | undefined];

function verdict(overrides: PreconditionOverrides, view: Partial<PreconditionView>): string | undefined {
  const compiled = compilePreconditions(OFF, overrides);
  return evaluatePreconditions(compiled, { method: 'GET', url: '/', headers: {}, ...view })?.kind;
}

const body = (headers: Record<string, string | string[]>): Partial<PreconditionView> => ({ method: 'POST', headers: { 'content-length': '2', ...headers } });
const HCP_URI = { maxUriBytes: 4095, uriBase: '/mapi' };
const JSON_ONLY = { requestMediaTypes: ['application/json'] };
const HCP_TYPES = { requestMediaTypes: ['application/xml', 'application/json'], contentTypeRequiredWithBody: true };
const PRODUCES = { responseMediaTypes: ['application/json'] };

describe('URI length (RFC 9110 §15.5.15)', () => {
  it.each<Row>([
    ['HCP 414: 4,096 bytes after /mapi is too long (hitachi §1(a) 414)', HCP_URI, { url: '/mapi/' + 'a'.repeat(4095) }, 'uriTooLong'],
    ['HCP: exactly 4,095 bytes after /mapi passes', HCP_URI, { url: '/mapi/' + 'a'.repeat(4094) }, undefined],
    ['HCP: the /mapi prefix itself is not counted', HCP_URI, { url: '/mapi' + '/a'.repeat(2047) + 'a' }, undefined],
    ['the query counts toward the request-target', HCP_URI, { url: '/mapi/t?' + 'q'.repeat(4095) }, 'uriTooLong'],
    ['a target outside uriBase is counted whole', HCP_URI, { url: '/mapix' + 'a'.repeat(4090) }, 'uriTooLong'],
    ['APIG 414: a URI over 32 KiB (huawei §1.2 414, §1.4)', { maxUriBytes: 32768 }, { url: '/' + 'a'.repeat(32768) }, 'uriTooLong'],
    ['APIG: exactly 32 KiB passes', { maxUriBytes: 32768 }, { url: '/' + 'a'.repeat(32767) }, undefined],
    ['characters above U+00FF count their UTF-8 octets', { maxUriBytes: 10 }, { url: '/\u20ac\u20ac\u20ac\u20ac' }, 'uriTooLong'],
    ['Latin-1 characters count one octet (Node hands octets over as Latin-1)', { maxUriBytes: 10 }, { url: '/\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9' }, undefined],
    ['null disables the check', { maxUriBytes: null }, { url: '/' + 'a'.repeat(100000) }, undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });
});

describe('body framing: Content-Length and Transfer-Encoding (RFC 9110 §8.6, RFC 9112 §6.3)', () => {
  it.each<Row>([
    ['a Content-Length that is not digits is a 400', {}, body({ 'content-length': 'abc' }), 'badRequest'],
    ['a negative Content-Length is a 400', {}, body({ 'content-length': '-1' }), 'badRequest'],
    ['an empty Content-Length is a 400', {}, body({ 'content-length': '' }), 'badRequest'],
    ['a fractional Content-Length is a 400', {}, body({ 'content-length': '1.5' }), 'badRequest'],
    ['conflicting duplicate Content-Length values are a 400', {}, body({ 'content-length': ['2', '3'] }), 'badRequest'],
    ['a list of different values is a 400', {}, body({ 'content-length': '2, 3' }), 'badRequest'],
    ['a list of identical values is one value (RFC 9110 §8.6)', {}, body({ 'content-length': '2, 2' }), undefined],
    ['identical duplicates are one value', {}, body({ 'content-length': ['2', '2'] }), undefined],
    ['Content-Length with Transfer-Encoding is a 400 (RFC 9112 §6.1)', {}, body({ 'transfer-encoding': 'chunked' }), 'badRequest'],
    ['leading zeros are still digits', {}, body({ 'content-length': '007' }), undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });
});

describe('Expect (RFC 9110 §10.1.1)', () => {
  it.each<Row>([
    ['100-continue is met', {}, { headers: { expect: '100-continue' } }, undefined],
    ['100-continue is case-insensitive', {}, { headers: { expect: '100-Continue' } }, undefined],
    ['VSP 417: any other expectation fails (hitachi §2(a) 417, §2(b))', {}, { headers: { expect: '200-ok' } }, 'expectationFailed'],
    ['100-continue with parameters is not the defined expectation', {}, { headers: { expect: '100-continue; x=1' } }, 'expectationFailed'],
    ['one unmet member in a list fails the request', {}, { headers: { expect: '100-continue, foo' } }, 'expectationFailed'],
    ['an empty Expect expects nothing', {}, { headers: { expect: '' } }, undefined],
    ['a strict mode accepts no expectation (VSP E/G/F models, hitachi §2(b))', { expectations: [] }, { headers: { expect: '100-continue' } }, 'expectationFailed'],
    ['an app may accept its own expectation', { expectations: ['100-continue', 'x-ack'] }, { headers: { expect: 'X-Ack' } }, undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });
});

describe('method (RFC 9110 §15.5.6, §9.3.2)', () => {
  it.each<Row>([
    ['a declared method passes', { methods: ['GET', 'POST'] }, { method: 'POST' }, undefined],
    ['an undeclared method is a 405', { methods: ['GET', 'POST'] }, { method: 'DELETE' }, 'methodNotAllowed'],
    ['HEAD is allowed wherever GET is', { methods: ['GET'] }, { method: 'HEAD' }, undefined],
    ['HEAD is not implied without GET', { methods: ['POST'] }, { method: 'HEAD' }, 'methodNotAllowed'],
    ['methods are case-sensitive on the wire', { methods: ['GET'] }, { method: 'get' }, 'methodNotAllowed'],
    ['no declared methods: every method passes', {}, { method: 'PURGE' }, undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });

  it('sends Allow with the declared methods and HEAD right after GET', () => {
    const compiled = compilePreconditions(OFF, { methods: ['get', 'POST'] });
    expect(evaluatePreconditions(compiled, { method: 'PUT', url: '/', headers: {} })).toEqual({
      kind: 'methodNotAllowed',
      detail: expect.stringContaining('GET, HEAD, POST'),
      headers: { allow: 'GET, HEAD, POST' },
    });
  });
});

describe('Content-Length required (RFC 9110 §15.5.12)', () => {
  it.each<Row>([
    ['VSP 411: a chunked body without Content-Length (hitachi §2(a) 411, §2(b))', { requireContentLength: true }, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, 'lengthRequired'],
    ['a body with Content-Length passes', { requireContentLength: true }, body({}), undefined],
    ['no body needs no Content-Length', { requireContentLength: true }, { method: 'POST', headers: {} }, undefined],
    ['off by default: chunked bodies pass', {}, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });
});

describe('body size from Content-Length (RFC 9110 §15.5.14)', () => {
  it.each<Row>([
    ['APIG 413: a body over 12 MB (huawei §1.2 413, §1.4)', { maxBodyBytes: 12582912 }, body({ 'content-length': '12582913' }), 'payloadTooLarge'],
    ['APIG: exactly 12 MB passes', { maxBodyBytes: 12582912 }, body({ 'content-length': '12582912' }), undefined],
    ['a Content-Length past 2^53 is too large', { maxBodyBytes: 10 }, body({ 'content-length': '99999999999999999999999' }), 'payloadTooLarge'],
    ['a limit of 0 rejects any body', { maxBodyBytes: 0 }, body({ 'content-length': '1' }), 'payloadTooLarge'],
    ['a limit of 0 accepts Content-Length: 0', { maxBodyBytes: 0 }, body({ 'content-length': '0' }), undefined],
    ['a chunked body is counted while streaming, not here', { maxBodyBytes: 1 }, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });
});

describe('Content-Type (RFC 9110 §8.3, §15.5.16)', () => {
  it.each<Row>([
    ['HCP 415: a body without Content-Type (hitachi §1(a) 415, §1(b))', HCP_TYPES, body({}), 'unsupportedMediaType'],
    ['HCP: an empty Content-Type counts as none', HCP_TYPES, body({ 'content-type': ' ' }), 'unsupportedMediaType'],
    ['HCP: application/xml is accepted', HCP_TYPES, body({ 'content-type': 'application/xml' }), undefined],
    ['HCP: application/json; charset="UTF-8" is accepted (the doc\'s own sample, hitachi §1(b))', HCP_TYPES, body({ 'content-type': 'application/json; charset="UTF-8"' }), undefined],
    ['HCP 415: text/plain is a real but unsupported type', HCP_TYPES, body({ 'content-type': 'text/plain' }), 'unsupportedMediaType'],
    ['HCP 400: a nonexistent (malformed) media type (hitachi §1(a) 400, §1(b) precedence)', HCP_TYPES, body({ 'content-type': 'json' }), 'badRequest'],
    ['a dangling parameter is malformed', JSON_ONLY, body({ 'content-type': 'application/json;' }), 'badRequest'],
    ['two Content-Type values are malformed (a singleton field)', JSON_ONLY, body({ 'content-type': ['application/json', 'application/json'] }), 'badRequest'],
    ['media types are case-insensitive', JSON_ONLY, body({ 'content-type': 'Application/JSON;Charset=UTF-8' }), undefined],
    ['VSP: Content-Type is ignored without a body (hitachi §2(b))', JSON_ONLY, { method: 'POST', headers: { 'content-type': 'text/plain' } }, undefined],
    ['Content-Length: 0 is no body', JSON_ONLY, body({ 'content-length': '0', 'content-type': 'text/plain' }), undefined],
    ['a chunked body is a body (RFC 9112 §6.3)', JSON_ONLY, { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' } }, 'unsupportedMediaType'],
    ['a type/* entry accepts any subtype', { requestMediaTypes: ['application/*'] }, body({ 'content-type': 'application/merge-patch+json' }), undefined],
    ['*/* accepts any well-formed type', { requestMediaTypes: ['*/*'] }, body({ 'content-type': 'text/plain' }), undefined],
    ['*/* still rejects a malformed type', { requestMediaTypes: ['*/*'] }, body({ 'content-type': 'nonsense' }), 'badRequest'],
    ['no accepted set: any type passes, even a malformed one', {}, body({ 'content-type': 'nonsense' }), undefined],
    ['VSP: a body without Content-Type passes where it is optional (hitachi §2(b))', JSON_ONLY, body({}), undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });
});

describe('Accept (RFC 9110 §12.5.1, §12.4.2)', () => {
  it.each<Row>([
    ['no Accept header accepts anything', PRODUCES, { headers: {} }, undefined],
    ['*/* accepts anything', PRODUCES, { headers: { accept: '*/*' } }, undefined],
    ['the exact type is acceptable', PRODUCES, { headers: { accept: 'application/json' } }, undefined],
    ['a type wildcard is acceptable', PRODUCES, { headers: { accept: 'application/*' } }, undefined],
    ['VSP 406: a type the API cannot produce (hitachi §2(a) 406, §2(b))', PRODUCES, { headers: { accept: 'text/html' } }, 'notAcceptable'],
    ['q=0 excludes a type', PRODUCES, { headers: { accept: 'application/json;q=0' } }, 'notAcceptable'],
    ['q=0 on the type wins over */*', PRODUCES, { headers: { accept: 'application/json;q=0, */*' } }, 'notAcceptable'],
    ['*/*;q=0 excludes everything', PRODUCES, { headers: { accept: '*/*;q=0' } }, 'notAcceptable'],
    ['a low q-value is still acceptable', PRODUCES, { headers: { accept: 'text/html, application/json;q=0.1' } }, undefined],
    ['a browser Accept is acceptable through */*;q=0.8', PRODUCES, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } }, undefined],
    ['media-range parameters other than q are ignored (charset)', PRODUCES, { headers: { accept: 'application/json;charset=utf-8' } }, undefined],
    ['media types are case-insensitive', PRODUCES, { headers: { accept: 'APPLICATION/JSON' } }, undefined],
    ['an empty Accept is treated as none', PRODUCES, { headers: { accept: '' } }, undefined],
    ['HCP: any of xml, json, javascript will do (hitachi §1(b))', { responseMediaTypes: ['application/xml', 'application/json'] }, { headers: { accept: 'application/xml' } }, undefined],
    ['off when no response media types are set', {}, { headers: { accept: 'text/html' } }, undefined],
  ])('%s', (_spec, overrides, view, expected) => {
    expect(verdict(overrides, view)).toBe(expected);
  });
});

describe('check order (documented in src/core/preconditions/evaluate.ts)', () => {
  const ALL: PreconditionOverrides = {
    maxUriBytes: 10,
    methods: ['GET'],
    requireContentLength: true,
    maxBodyBytes: 1,
    contentTypeRequiredWithBody: true,
    requestMediaTypes: ['application/json'],
    responseMediaTypes: ['application/json'],
  };
  const everything: PreconditionView = {
    method: 'POST',
    url: '/' + 'a'.repeat(20),
    headers: { 'content-length': 'x', expect: 'foo', 'content-type': 'text/plain', accept: 'text/html' },
  };
  it.each<[string, Partial<PreconditionView>, string]>([
    ['414 comes first: the request line is read first', {}, 'uriTooLong'],
    ['then 400 for broken framing', { url: '/' }, 'badRequest'],
    ['then 417: Node answers Expect before the app', { url: '/', headers: { ...everything.headers, 'content-length': '5' } }, 'expectationFailed'],
    ['then 405: routing', { url: '/', headers: { 'content-length': '5', 'content-type': 'text/plain', accept: 'text/html' } }, 'methodNotAllowed'],
    ['then 411', { url: '/', method: 'GET', headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/plain', accept: 'text/html' } }, 'lengthRequired'],
    ['then 413 from Content-Length', { url: '/', method: 'GET', headers: { 'content-length': '5', 'content-type': 'text/plain', accept: 'text/html' } }, 'payloadTooLarge'],
    ['then 415', { url: '/', method: 'GET', headers: { 'content-length': '1', 'content-type': 'text/plain', accept: 'text/html' } }, 'unsupportedMediaType'],
    ['406 comes last: it is about the response', { url: '/', method: 'GET', headers: { 'content-length': '1', 'content-type': 'application/json', accept: 'text/html' } }, 'notAcceptable'],
  ])('%s', (_spec, change, expected) => {
    const compiled = compilePreconditions(OFF, ALL);
    expect(evaluatePreconditions(compiled, { ...everything, ...change })?.kind).toBe(expected);
  });

  it('a request that satisfies everything passes', () => {
    const compiled = compilePreconditions(OFF, ALL);
    expect(evaluatePreconditions(compiled, { method: 'GET', url: '/ok', headers: { 'content-length': '1', 'content-type': 'application/json', accept: '*/*', expect: '100-continue' } })).toBeUndefined();
  });
});

describe('caching and allocation', () => {
  it('returns the same frozen violation object for every request (no per-request allocation)', () => {
    const compiled = compilePreconditions(OFF, PRODUCES);
    const first = evaluatePreconditions(compiled, { headers: { accept: 'text/html' } });
    const second = evaluatePreconditions(compiled, { headers: { accept: 'text/html' } });
    expect(first).toBe(second);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('keeps its verdict caches bounded whatever values a client sprays', () => {
    const compiled = compilePreconditions(OFF, { ...PRODUCES, ...JSON_ONLY });
    for (let i = 0; i < 10000; i++) {
      evaluatePreconditions(compiled, { method: 'POST', headers: { 'content-length': '1', 'content-type': `text/x-${i}`, accept: `text/x-${i}` } });
    }
    expect(compiled.caches.contentType.size).toBeLessThanOrEqual(128);
    expect(compiled.caches.accept.size).toBeLessThanOrEqual(128);
  });

  it('never caches very long header values', () => {
    const compiled = compilePreconditions(OFF, PRODUCES);
    expect(evaluatePreconditions(compiled, { headers: { accept: `text/${'x'.repeat(1000)}` } })?.kind).toBe('notAcceptable');
    expect(compiled.caches.accept.size).toBe(0);
  });

  it('gives the same verdict from the cache as on first sight', () => {
    const compiled = compilePreconditions(OFF, JSON_ONLY);
    const view: PreconditionView = { method: 'POST', headers: { 'content-length': '1', 'content-type': 'text/plain; charset=utf-8' } };
    expect(evaluatePreconditions(compiled, view)?.kind).toBe('unsupportedMediaType');
    expect(evaluatePreconditions(compiled, view)?.kind).toBe('unsupportedMediaType');
  });
});
