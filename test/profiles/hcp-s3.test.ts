/**
 * The `hcp-s3` profile: Hitachi Content Platform's S3 compatible API. What HCP documents
 * differently from S3 (docs/sources/hcp-s3.md HS3-1 to HS3-4) and what we chose where it is
 * silent (HS3-6); everything else is S3's (docs/sources/s3.md). Each row names its source.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  KIND_NAMES,
  compilePreconditions,
  createVendorError,
  evaluatePreconditions,
  profiles,
  render,
  tooManyRequests,
  type KindName,
  type RenderedError,
} from '../support/internals';

const hcpS3 = profiles['hcp-s3'];
const s3 = profiles.s3;
const GET = { method: 'GET', path: '/finance/quarterly_rpts/Q4_2019' } as const;
const HEX16 = /^[0-9A-F]{16}$/;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const HOST_ID = hcpS3.document.vars?.hostId as string;

const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, trimValues: false });

function header(rendered: RenderedError, name: string): string | undefined {
  const key = Object.keys(rendered.headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : rendered.headers[key];
}

function errorOf(rendered: RenderedError): Record<string, string> {
  expect(rendered.body.startsWith(`${DECLARATION}<Error>`)).toBe(true);
  expect(XMLValidator.validate(rendered.body)).toBe(true);
  const parsed = parser.parse(rendered.body) as { Error?: Record<string, string> };
  expect(Object.keys(parsed)).toEqual(['Error']);
  return parsed.Error as Record<string, string>;
}

/** HS3-3: the fixed browser-security headers, on every answer (errors included, HS3-6). */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-cache,no-store,must-revalidate',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'; connect-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'self'; frame-ancestors 'self';",
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  Pragma: 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-XSS-Protection': '1; mode=block',
};

function expectHcpS3(rendered: RenderedError, row: { status: number; code: string; message?: string }): Record<string, string> {
  const error = errorOf(rendered);
  expect(rendered.status).toBe(row.status);
  expect(error.Code).toBe(row.code);
  if (row.message !== undefined) expect(error.Message).toBe(row.message);
  expect(header(rendered, 'content-type')).toBe('application/xml');
  expect(header(rendered, 'x-amz-request-id')).toMatch(HEX16);
  expect(error.RequestId).toBe(header(rendered, 'x-amz-request-id'));
  expect(error.HostId).toBe(header(rendered, 'x-amz-id-2'));
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(header(rendered, name)).toBe(value);
  expect(hcpS3.validateBody(error)).toEqual([]);
  return error;
}

/** Where hcp-s3 answers a kind differently from s3, and the HCP source that says so. */
const KIND_DIFFERENCES: ReadonlyArray<{ readonly kind: KindName; readonly source: string; readonly s3: string; readonly status: number; readonly code: string }> = [
  { kind: 'unauthorized', source: 'HS3-1', s3: '403 SignatureDoesNotMatch', status: 403, code: 'InvalidAccessKeyId' },
  { kind: 'lengthRequired', source: 'HS3-4', s3: '501 NotImplemented', status: 411, code: 'MissingContentLength' },
  { kind: 'payloadTooLarge', source: 'HS3-4', s3: '400 EntityTooLarge', status: 413, code: 'EntityTooLarge' },
  { kind: 'tooManyRequests', source: 'HS3-6', s3: '503 SlowDown', status: 503, code: 'ServiceUnavailable' },
];

/** HS3-1 rows whose status differs from S3's, and the rows HCP has none of. */
const CODE_DIFFERENCES: ReadonlyArray<{ readonly code: string; readonly source: string; readonly s3: number | undefined; readonly status: number | undefined }> = [
  { code: 'EntityTooLarge', source: 'HS3-4', s3: 400, status: 413 },
  { code: 'BucketAlreadyOwnedByYou', source: 'HS3-1', s3: 409, status: undefined },
  { code: 'SlowDown', source: 'HS3-6', s3: 503, status: undefined },
];

describe('HCP S3 profile: every kind renders HCP\'s <Error> (HS3-2) with S3\'s ids and HCP\'s headers (HS3-3)', () => {
  it.each(KIND_NAMES)('%s: well-formed XML, schema-valid, ids equal in header and body, security headers', (kind) => {
    const rendered = render(createVendorError(kind), hcpS3, GET);
    const entry = hcpS3.document.kinds[kind];
    const error = expectHcpS3(rendered, { status: entry.status, code: entry.code as string, message: entry.message });
    expect(Object.keys(error)).toEqual(['Code', 'Message', 'RequestId', 'HostId']);
  });

  it.each(Object.entries(hcpS3.document.codes ?? {}))('HS3-1 / S3-2 row %s renders with its status and schema-valid XML', (code, row) => {
    expectHcpS3(render(createVendorError(row.kind, undefined, { vendorCode: code }), hcpS3, GET), { status: row.status, code, message: row.message });
  });

  it('HS3-2 example, adapted with our ids: exact bytes of a NoSuchBucket answer (ids before BucketName, no Resource)', () => {
    const thrown = createVendorError('notFound', undefined, { vendorCode: 'NoSuchBucket', details: { bucketName: 'finance' } });
    const rendered = render(thrown, hcpS3, { method: 'GET', path: '/finance', requestId: '38AD86EF250DEB35' });
    expect(rendered.status).toBe(404);
    expect(rendered.body).toBe(
      `${DECLARATION}<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist.</Message>` +
        `<RequestId>38AD86EF250DEB35</RequestId><HostId>${HOST_ID}</HostId><BucketName>finance</BucketName></Error>`,
    );
    expect(header(rendered, 'x-amz-request-id')).toBe('38AD86EF250DEB35');
  });

  it('HS3-2: NoSuchKey carries <Key> last', () => {
    const error = errorOf(render(createVendorError('notFound', undefined, { details: { key: 'quarterly_rpts/Q4_2019' } }), hcpS3, GET));
    expect(Object.keys(error)).toEqual(['Code', 'Message', 'RequestId', 'HostId', 'Key']);
    expect(error.Key).toBe('quarterly_rpts/Q4_2019');
  });

  it('HS3-2: the bodySchema refuses S3\'s <Resource> and <Header>, which HCP does not send', () => {
    const ok = { Code: 'NoSuchKey', Message: 'x', RequestId: '38AD86EF250DEB35', HostId: HOST_ID };
    expect(hcpS3.validateBody(ok)).toEqual([]);
    expect(hcpS3.validateBody({ ...ok, Resource: '/finance' })).not.toEqual([]);
    expect(hcpS3.validateBody({ ...ok, Header: 'Transfer-Encoding' })).not.toEqual([]);
  });

  it.each(KIND_NAMES)('HS3-2 / HS3-6: HEAD %s has the status, the ids and the security headers, and no body', (kind) => {
    const head = render(createVendorError(kind), hcpS3, { method: 'HEAD', path: GET.path });
    expect(head.status).toBe(hcpS3.document.kinds[kind].status);
    expect(head.body).toBe('');
    expect(header(head, 'x-amz-request-id')).toMatch(HEX16);
    expect(header(head, 'x-amz-id-2')).toBe(HOST_ID);
    expect(header(head, 'X-Frame-Options')).toBe('SAMEORIGIN');
  });
});

describe('HCP S3 profile: what HCP documents differently from S3', () => {
  it.each(KIND_DIFFERENCES)('$source: $kind answers $status $code (s3: $s3)', (row) => {
    expectHcpS3(render(createVendorError(row.kind), hcpS3, GET), row);
    const s3Answer = render(createVendorError(row.kind), s3, GET);
    expect(`${s3Answer.status} ${errorOf(s3Answer).Code}`).toBe(row.s3);
  });

  it('these are the only kinds whose status or code differ from s3', () => {
    const differing = KIND_NAMES.filter(
      (kind) => hcpS3.document.kinds[kind].status !== s3.document.kinds[kind].status || hcpS3.document.kinds[kind].code !== s3.document.kinds[kind].code,
    );
    expect(differing).toEqual(KIND_DIFFERENCES.map((row) => row.kind));
  });

  it.each(CODE_DIFFERENCES)('$source: row $code is $status at HCP (s3: $s3)', (row) => {
    expect(hcpS3.document.codes?.[row.code]?.status).toBe(row.status);
    expect(s3.document.codes?.[row.code]?.status).toBe(row.s3);
  });

  it('these are the only rows whose status differs from s3 or that HCP lacks; HCP adds none', () => {
    const hcpCodes = hcpS3.document.codes ?? {};
    const s3Codes = s3.document.codes ?? {};
    const differing = Object.keys(s3Codes).filter((code) => hcpCodes[code]?.status !== s3Codes[code]?.status);
    expect(differing.sort()).toEqual(CODE_DIFFERENCES.map((row) => row.code).sort());
    expect(Object.keys(hcpCodes).filter((code) => s3Codes[code] === undefined)).toEqual([]);
  });

  it('HS3-1: EntityTooSmall, InvalidPart and InvalidPartOrder come inside a 200 (embedInOk): same headers and body', () => {
    for (const code of ['EntityTooSmall', 'InvalidPart', 'InvalidPartOrder']) {
      const thrown = createVendorError('badRequest', undefined, { vendorCode: code });
      const view = { method: 'POST', path: '/finance/big.iso', requestId: '38AD86EF250DEB35' };
      const embedded = render(thrown, hcpS3, view, { embedInOk: true });
      expectHcpS3(embedded, { status: 200, code });
      const plain = render(thrown, hcpS3, view);
      expect(plain.status).toBe(400);
      expect(embedded.body).toBe(plain.body);
    }
  });

  it("HS3-4 413 row: 'Request Entity Too Large', the bucket quota, with HCP's wording", () => {
    const rendered = render(createVendorError('payloadTooLarge'), hcpS3, { method: 'PUT', path: '/finance/big.iso' });
    expect(rendered.statusMessage).toBe('Request Entity Too Large');
    expectHcpS3(rendered, { status: 413, code: 'EntityTooLarge', message: 'The object you are trying to store is too big for the amount of space left in the bucket.' });
  });

  it('HS3-4 501 rows: an invalid x-amz-acl is 501 NotImplemented (no <Header> element at HCP)', () => {
    const rendered = render(createVendorError('notImplemented', undefined, { details: { header: 'x-amz-acl' } }), hcpS3, { method: 'PUT', path: '/finance/k' });
    const error = expectHcpS3(rendered, { status: 501, code: 'NotImplemented' });
    expect(error.Header).toBeUndefined();
  });

  it('HS3-4 412 rows over HS3-1\'s 304: PreconditionFailed is 412 (a 304 cannot carry the body)', () => {
    expectHcpS3(render(createVendorError('preconditionFailed'), hcpS3, GET), { status: 412, code: 'PreconditionFailed' });
  });

  it('HS3-6: throttling is 503 Service Unavailable, without Retry-After', () => {
    const rendered = render(tooManyRequests(), hcpS3, GET);
    expect(rendered.statusMessage).toBe('Service Unavailable');
    expect(header(rendered, 'retry-after')).toBeUndefined();
    expectHcpS3(rendered, { status: 503, code: 'ServiceUnavailable' });
  });

  it('HS3-1, HS3-4: statuses are HCP\'s (413, no 301/307)', () => {
    expect(hcpS3.statuses).toEqual([200, 204, 206, 304, 400, 403, 404, 405, 409, 411, 412, 413, 416, 500, 501, 503]);
  });
});

describe('HCP S3 profile: preconditions (HS3-4, HS3-6)', () => {
  const compiled = compilePreconditions(hcpS3.document.preconditions);

  it('HS3-4 411 row: a chunked PUT is 411 MissingContentLength', () => {
    const violation = evaluatePreconditions(compiled, { method: 'PUT', url: '/finance/k', headers: { 'transfer-encoding': 'chunked' } });
    expect(violation?.kind).toBe('lengthRequired');
    expectHcpS3(render(createVendorError('lengthRequired'), hcpS3, { method: 'PUT', path: '/finance/k' }), { status: 411, code: 'MissingContentLength' });
  });

  it('HS3-6: no size or URI limit of its own (the 413 is the quota, decided by the handler), any Content-Type', () => {
    expect(evaluatePreconditions(compiled, { method: 'PUT', url: '/finance/k', headers: { 'content-length': String(6 * 1024 ** 3) } })).toBeUndefined();
    expect(evaluatePreconditions(compiled, { method: 'PUT', url: '/finance/k', headers: { 'content-length': '2', 'content-type': 'image/x-whatever' } })).toBeUndefined();
    expect(evaluatePreconditions(compiled, { method: 'GET', url: `/finance/${'k'.repeat(9000)}`, headers: {} })).toBeUndefined();
  });
});
