/**
 * The `s3` profile: Amazon S3's REST error responses. Table-driven over S3's error-code table
 * (docs/sources/s3.md S3-2) and the body and header rules of S3-1, S3-3 to S3-6; each row names
 * the source it comes from. Bodies are parsed with fast-xml-parser, as the AWS SDK for JavaScript
 * and minio-js parse them (S3-8, S3-9).
 */
import createError from 'http-errors';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  KINDS,
  KIND_NAMES,
  compilePreconditions,
  decodeError,
  compileValidationAnswer,
  createVendorError,
  evaluatePreconditions,
  profiles,
  render,
  tooManyRequests,
  type KindName,
  type RenderedError,
} from '../support/internals';

const s3 = profiles.s3;
const GET = { method: 'GET', path: '/mybucket/myfoto.jpg' } as const;
const HEX16 = /^[0-9A-F]{16}$/;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const HOST_ID = s3.document.vars?.hostId as string;
const SECRET = 'ECONNREFUSED 10.0.0.7:5432 password=hunter2 at /srv/app/db.js:42';

/** Every leaf as a string, as the profile's bodySchema expects (xml-format contract). */
const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, trimValues: false });

function header(rendered: RenderedError, name: string): string | undefined {
  const key = Object.keys(rendered.headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : rendered.headers[key];
}

/** The children of `<Error>`, after checking the body is well-formed XML with S3's declaration. */
function errorOf(rendered: RenderedError): Record<string, string> {
  expect(rendered.body.startsWith(`${DECLARATION}<Error>`)).toBe(true);
  expect(XMLValidator.validate(rendered.body)).toBe(true);
  const parsed = parser.parse(rendered.body) as { Error?: Record<string, string> };
  expect(Object.keys(parsed)).toEqual(['Error']);
  return parsed.Error as Record<string, string>;
}

/** The full S3 answer: status, body fields, Content-Type, both ids equal in header and body. */
function expectS3(rendered: RenderedError, row: { status: number; code: string; message: string }): Record<string, string> {
  const error = errorOf(rendered);
  expect(rendered.status).toBe(row.status);
  expect(error.Code).toBe(row.code);
  expect(error.Message).toBe(row.message);
  expect(header(rendered, 'content-type')).toBe('application/xml');
  expect(header(rendered, 'content-length')).toBe(String(Buffer.byteLength(rendered.body)));
  expect(header(rendered, 'x-amz-request-id')).toMatch(HEX16);
  expect(error.RequestId).toBe(header(rendered, 'x-amz-request-id'));
  expect(error.HostId).toBe(header(rendered, 'x-amz-id-2'));
  expect(error.HostId).toBe(HOST_ID);
  expect(s3.validateBody(error)).toEqual([]);
  return error;
}

interface Row {
  readonly source: string;
  readonly code: string;
  readonly status: number;
  readonly kind: KindName;
  readonly message: string;
}

/** S3-2: the error-code table rows the profile's `codes` carries, with the kind each is filed under. */
const CODE_ROWS: readonly Row[] = [
  { source: 'S3-2', code: 'AccessDenied', status: 403, kind: 'forbidden', message: 'Access Denied' },
  { source: 'S3-2', code: 'InvalidAccessKeyId', status: 403, kind: 'unauthorized', message: 'The AWS access key ID you provided does not exist in our records.' },
  {
    source: 'S3-2',
    code: 'SignatureDoesNotMatch',
    status: 403,
    kind: 'unauthorized',
    message: 'The request signature that the server calculated does not match the signature that you provided. Check your AWS secret access key and signing method. For more information, see REST Authentication and SOAP Authentication.',
  },
  { source: 'S3-2', code: 'RequestTimeTooSkewed', status: 403, kind: 'unauthorized', message: "The difference between the request time and the server's time is too large." },
  { source: 'S3-2', code: 'ExpiredToken', status: 400, kind: 'unauthorized', message: 'The provided token has expired.' },
  { source: 'S3-2', code: 'InvalidObjectState', status: 403, kind: 'forbidden', message: 'The operation is not valid for the current state of the object.' },
  { source: 'S3-2', code: 'NoSuchKey', status: 404, kind: 'notFound', message: 'The specified key does not exist.' },
  { source: 'S3-2', code: 'NoSuchBucket', status: 404, kind: 'notFound', message: 'The specified bucket does not exist.' },
  {
    source: 'S3-2',
    code: 'NoSuchUpload',
    status: 404,
    kind: 'notFound',
    message: 'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.',
  },
  { source: 'S3-2', code: 'NoSuchVersion', status: 404, kind: 'notFound', message: 'Indicates that the version ID specified in the request does not match an existing version.' },
  { source: 'S3-2', code: 'NoSuchBucketPolicy', status: 404, kind: 'notFound', message: 'The specified bucket does not have a bucket policy.' },
  { source: 'S3-2', code: 'MethodNotAllowed', status: 405, kind: 'methodNotAllowed', message: 'The specified method is not allowed against this resource.' },
  { source: 'S3-2', code: 'InvalidArgument', status: 400, kind: 'badRequest', message: 'Invalid Argument' },
  { source: 'S3-10', code: 'InvalidRequest', status: 400, kind: 'badRequest', message: 'Invalid Request' },
  { source: 'S3-2', code: 'InvalidBucketName', status: 400, kind: 'badRequest', message: 'The specified bucket is not valid.' },
  { source: 'S3-2', code: 'InvalidURI', status: 400, kind: 'badRequest', message: "Couldn't parse the specified URI." },
  { source: 'S3-2', code: 'KeyTooLongError', status: 400, kind: 'uriTooLong', message: 'Your key is too long.' },
  {
    source: 'S3-2',
    code: 'MalformedXML',
    status: 400,
    kind: 'unprocessableEntity',
    message: 'The XML that you provided was not well formed or did not validate against our published schema.',
  },
  {
    source: 'S3-2',
    code: 'InvalidPart',
    status: 400,
    kind: 'badRequest',
    message: "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
  },
  {
    source: 'S3-2',
    code: 'InvalidPartOrder',
    status: 400,
    kind: 'badRequest',
    message: 'The list of parts was not in ascending order. Parts list must be specified in order by part number.',
  },
  { source: 'S3-2', code: 'EntityTooSmall', status: 400, kind: 'badRequest', message: 'Your proposed upload is smaller than the minimum allowed object size.' },
  { source: 'S3-2', code: 'EntityTooLarge', status: 400, kind: 'payloadTooLarge', message: 'Your proposed upload exceeds the maximum allowed object size.' },
  { source: 'S3-2', code: 'IncompleteBody', status: 400, kind: 'badRequest', message: 'You did not provide the number of bytes specified by the Content-Length HTTP header' },
  { source: 'S3-2', code: 'BadDigest', status: 400, kind: 'badRequest', message: 'The Content-MD5 you specified did not match what we received.' },
  { source: 'S3-2', code: 'InvalidDigest', status: 400, kind: 'badRequest', message: 'The Content-MD5 you specified is not valid.' },
  { source: 'S3-2', code: 'MetadataTooLarge', status: 400, kind: 'headersTooLarge', message: 'Your metadata headers exceed the maximum allowed metadata size.' },
  {
    source: 'S3-2',
    code: 'RequestTimeout',
    status: 400,
    kind: 'requestTimeout',
    message: 'Your socket connection to the server was not read from or written to within the timeout period.',
  },
  {
    source: 'S3-2',
    code: 'BucketAlreadyExists',
    status: 409,
    kind: 'conflict',
    message: 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Specify a different name and try again.',
  },
  { source: 'S3-2', code: 'BucketAlreadyOwnedByYou', status: 409, kind: 'conflict', message: 'The bucket you tried to create already exists, and you own it.' },
  { source: 'S3-2', code: 'BucketNotEmpty', status: 409, kind: 'conflict', message: 'The bucket that you tried to delete is not empty.' },
  {
    source: 'S3-2',
    code: 'OperationAborted',
    status: 409,
    kind: 'conflict',
    message: 'A conflicting conditional operation is currently in progress against this resource. Try again.',
  },
  { source: 'S3-2', code: 'InvalidBucketState', status: 409, kind: 'conflict', message: 'The request is not valid with the current state of the bucket.' },
  { source: 'S3-2', code: 'MissingContentLength', status: 411, kind: 'lengthRequired', message: 'You must provide the Content-Length HTTP header.' },
  { source: 'S3-2', code: 'PreconditionFailed', status: 412, kind: 'preconditionFailed', message: 'At least one of the preconditions that you specified did not hold.' },
  { source: 'S3-2', code: 'InvalidRange', status: 416, kind: 'badRequest', message: 'The requested range cannot be satisfied.' },
  { source: 'S3-2', code: 'InternalError', status: 500, kind: 'internalServerError', message: 'An internal error occurred. Try again.' },
  { source: 'S3-2', code: 'NotImplemented', status: 501, kind: 'notImplemented', message: 'A header that you provided implies functionality that is not implemented.' },
  { source: 'S3-2', code: 'ServiceUnavailable', status: 503, kind: 'serviceUnavailable', message: 'Service is unable to handle request.' },
  { source: 'S3-2', code: 'SlowDown', status: 503, kind: 'tooManyRequests', message: 'Please reduce your request rate.' },
];

/** Every canonical kind: the S3 row it answers with (S3-2), or the choice S3-10 / S3-6 explain. */
const KIND_ROWS: ReadonlyArray<{ readonly kind: KindName; readonly source: string; readonly status: number; readonly code: string }> = [
  { kind: 'badRequest', source: 'S3-10', status: 400, code: 'InvalidArgument' },
  { kind: 'authenticationRequired', source: 'S3-10', status: 403, code: 'AccessDenied' },
  { kind: 'unauthorized', source: 'S3-2', status: 403, code: 'SignatureDoesNotMatch' },
  { kind: 'forbidden', source: 'S3-2', status: 403, code: 'AccessDenied' },
  { kind: 'notFound', source: 'S3-2', status: 404, code: 'NoSuchKey' },
  { kind: 'methodNotAllowed', source: 'S3-2', status: 405, code: 'MethodNotAllowed' },
  { kind: 'notAcceptable', source: 'S3-10', status: 400, code: 'InvalidArgument' },
  { kind: 'proxyAuthenticationRequired', source: 'S3-10', status: 403, code: 'AccessDenied' },
  { kind: 'requestTimeout', source: 'S3-2', status: 400, code: 'RequestTimeout' },
  { kind: 'conflict', source: 'S3-10', status: 409, code: 'OperationAborted' },
  { kind: 'gone', source: 'S3-10', status: 404, code: 'NoSuchKey' },
  { kind: 'lengthRequired', source: 'S3-6', status: 501, code: 'NotImplemented' },
  { kind: 'preconditionFailed', source: 'S3-2', status: 412, code: 'PreconditionFailed' },
  { kind: 'payloadTooLarge', source: 'S3-2', status: 400, code: 'EntityTooLarge' },
  { kind: 'uriTooLong', source: 'S3-10', status: 400, code: 'KeyTooLongError' },
  { kind: 'unsupportedMediaType', source: 'S3-10', status: 400, code: 'InvalidArgument' },
  { kind: 'expectationFailed', source: 'S3-10', status: 400, code: 'InvalidArgument' },
  { kind: 'unprocessableEntity', source: 'S3-2', status: 400, code: 'MalformedXML' },
  { kind: 'tooManyRequests', source: 'S3-2', status: 503, code: 'SlowDown' },
  { kind: 'headersTooLarge', source: 'S3-10', status: 400, code: 'MetadataTooLarge' },
  { kind: 'internalServerError', source: 'S3-2', status: 500, code: 'InternalError' },
  { kind: 'notImplemented', source: 'S3-2', status: 501, code: 'NotImplemented' },
  { kind: 'badGateway', source: 'S3-10', status: 500, code: 'InternalError' },
  { kind: 'serviceUnavailable', source: 'S3-2', status: 503, code: 'ServiceUnavailable' },
  { kind: 'gatewayTimeout', source: 'S3-10', status: 500, code: 'InternalError' },
];

const MESSAGE_OF: ReadonlyMap<string, string> = new Map(CODE_ROWS.map((row) => [row.code, row.message]));

describe('S3 profile: every canonical kind (S3-2 rows, S3-6, S3-10 choices)', () => {
  it('the table covers every kind once', () => {
    expect(KIND_ROWS.map((row) => row.kind).sort()).toEqual([...KIND_NAMES].sort());
  });

  it.each(KIND_ROWS)('$source: $kind answers $status $code', (row) => {
    const error = expectS3(render(createVendorError(row.kind), s3, GET), { status: row.status, code: row.code, message: MESSAGE_OF.get(row.code) as string });
    expect(error.Resource).toBe('/mybucket/myfoto.jpg');
  });

  it.each(KIND_NAMES.filter((kind) => s3.document.kinds[kind].status !== KINDS[kind].status))(
    '%s answers a status other than its RFC one, and s3.json says why in a note citing its S3 row or choice',
    (kind) => {
      expect(s3.document.kinds[kind].note).toEqual(expect.stringMatching(/S3-(2|6|10)/));
    },
  );
});

describe("S3 profile: the error-code table (S3-2 'List of error codes')", () => {
  it('codes holds exactly these rows, each filed under a kind and cited', () => {
    const codes = s3.document.codes ?? {};
    expect(Object.keys(codes).sort()).toEqual(CODE_ROWS.map((row) => row.code).sort());
    for (const row of CODE_ROWS) {
      expect({ code: row.code, ...codes[row.code] }).toEqual(expect.objectContaining({ code: row.code, status: row.status, kind: row.kind, message: row.message }));
    }
  });

  it.each(CODE_ROWS)('$source row $code: a thrown vendorCode answers $status $code', (row) => {
    const error = expectS3(render(createVendorError(row.kind, undefined, { vendorCode: row.code }), s3, GET), row);
    expect(Object.keys(error)).toEqual(['Code', 'Message', 'Resource', 'RequestId', 'HostId']);
  });

  it('every status the rows and kinds answer is one of the profile statuses, which are S3-2 plus its successes', () => {
    expect(s3.statuses).toEqual([200, 204, 206, 301, 304, 307, 400, 403, 404, 405, 409, 411, 412, 416, 500, 501, 503]);
    for (const row of CODE_ROWS) expect(s3.statuses).toContain(row.status);
  });

  it('S3-2 has no NotModified error code: a 304 is a bodiless success, not a row', () => {
    expect(Object.keys(s3.document.codes ?? {})).not.toContain('NotModified');
  });

  it('S3-2 EntityTooLarge row: 400 Bad Request, not 413 (the issue asked 413; the table says 400)', () => {
    expect(render(createError(413), s3, { method: 'PUT', path: '/mybucket/big.iso' }).status).toBe(400);
    expect(s3.statuses).not.toContain(413);
  });

  it('a 4xx message from the handler replaces the row text; the code stays the row', () => {
    const rendered = render(createVendorError('badRequest', 'Provided max-keys not an integer or within integer range', { vendorCode: 'InvalidArgument' }), s3, GET);
    expectS3(rendered, { status: 400, code: 'InvalidArgument', message: 'Provided max-keys not an integer or within integer range' });
  });
});

describe('S3 profile: the <Error> document (S3-1, S3-3)', () => {
  it('S3-1 / S3-3 example, adapted with our host id: exact bytes of a NoSuchKey answer', () => {
    const thrown = createVendorError('notFound', 'The resource you requested does not exist');
    const rendered = render(thrown, s3, { ...GET, requestId: '4442587FB7D0A2F9' });
    expect(rendered.body).toBe(
      `${DECLARATION}<Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message>` +
        `<Resource>/mybucket/myfoto.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId><HostId>${HOST_ID}</HostId></Error>`,
    );
    expect(rendered.status).toBe(404);
    expect(header(rendered, 'x-amz-request-id')).toBe('4442587FB7D0A2F9');
    expect(header(rendered, 'x-amz-id-2')).toBe(HOST_ID);
  });

  it('S3-6 answer, adapted: exact bytes of the 501 NotImplemented a chunked upload gets (lengthRequired)', () => {
    const rendered = render(createVendorError('lengthRequired'), s3, { method: 'PUT', path: '/mybucket/myfoto.jpg', requestId: '67F400ED6D76C07A' });
    expect(rendered.status).toBe(501);
    expect(rendered.body).toBe(
      `${DECLARATION}<Error><Code>NotImplemented</Code><Message>A header that you provided implies functionality that is not implemented.</Message>` +
        `<Header>Transfer-Encoding</Header><Resource>/mybucket/myfoto.jpg</Resource><RequestId>67F400ED6D76C07A</RequestId><HostId>${HOST_ID}</HostId></Error>`,
    );
  });

  it('S3-5: a CompleteMultipartUpload that fails after it began answers 200 with the same headers and <Error> body (embedInOk)', () => {
    const thrown = createVendorError('badRequest', undefined, { vendorCode: 'InvalidPart' });
    const view = { method: 'POST', path: '/mybucket/big.iso', requestId: '4442587FB7D0A2F9' };
    const embedded = render(thrown, s3, view, { embedInOk: true });
    const plain = render(thrown, s3, view);
    expect(plain.status).toBe(400);
    expect(embedded.status).toBe(200);
    expect(embedded.body).toBe(plain.body);
    expect(embedded.headers).toEqual(plain.headers);
    expect(errorOf(embedded).Code).toBe('InvalidPart');
  });

  it('S3-1: NoSuchBucket carries <BucketName>, NoSuchKey <Key>, in S3 order after <Message>, from the thrown details', () => {
    const bucket = errorOf(render(createVendorError('notFound', undefined, { vendorCode: 'NoSuchBucket', details: { bucketName: 'mybucket' } }), s3, GET));
    expect(Object.entries(bucket).slice(0, 3)).toEqual([
      ['Code', 'NoSuchBucket'],
      ['Message', 'The specified bucket does not exist.'],
      ['BucketName', 'mybucket'],
    ]);
    const key = errorOf(render(createVendorError('notFound', undefined, { details: { key: 'myfoto.jpg' } }), s3, GET));
    expect(Object.keys(key)).toEqual(['Code', 'Message', 'Key', 'Resource', 'RequestId', 'HostId']);
    expect(key.Key).toBe('myfoto.jpg');
    expect(s3.validateBody(bucket)).toEqual([]);
    expect(s3.validateBody(key)).toEqual([]);
  });

  it('S3-1: text with XML specials and control characters still gives well-formed XML', () => {
    const key = 'a<b>&"c\'d]]>e\u0001f\u001fg';
    const rendered = render(createVendorError('notFound', undefined, { details: { key } }), s3, { method: 'GET', path: '/mybucket/a&b' });
    const error = errorOf(rendered);
    expect(error.Key).toEqual(expect.stringContaining('a<b>&"c\'d]]>e'));
    expect(error.Key).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(error.Resource).toBe('/mybucket/a&b');
  });

  it('the bodySchema rejects what S3 clients could not read: no RequestId, a lower-case id, an empty HostId, an unknown element', () => {
    const ok = { Code: 'NoSuchKey', Message: 'x', Resource: '/b/k', RequestId: '4442587FB7D0A2F9', HostId: HOST_ID };
    expect(s3.validateBody(ok)).toEqual([]);
    const { RequestId: _dropped, ...withoutId } = ok;
    expect(s3.validateBody(withoutId)).not.toEqual([]);
    expect(s3.validateBody({ ...ok, RequestId: '4442587fb7d0a2f9' })).not.toEqual([]);
    expect(s3.validateBody({ ...ok, HostId: '' })).not.toEqual([]);
    expect(s3.validateBody({ ...ok, Extra: 'x' })).not.toEqual([]);
  });

  it.each(KIND_NAMES)('S3-3: %s: x-amz-request-id (16 upper-case hex) equals <RequestId>, x-amz-id-2 equals <HostId>', (kind) => {
    const rendered = render(createVendorError(kind), s3, GET);
    const error = errorOf(rendered);
    expect(header(rendered, 'x-amz-request-id')).toMatch(HEX16);
    expect(error.RequestId).toBe(header(rendered, 'x-amz-request-id'));
    expect(error.HostId).toBe(header(rendered, 'x-amz-id-2'));
  });

  it('S3-3: two requests get different ids; the request id is sent on success too', () => {
    const first = errorOf(render(createVendorError('notFound'), s3, GET)).RequestId;
    const second = errorOf(render(createVendorError('notFound'), s3, GET)).RequestId;
    expect(first).not.toBe(second);
    expect(s3.document.requestId).toEqual({ header: 'x-amz-request-id', onSuccess: true, hexDigits: 16, uppercase: true });
  });

  it('S3-10: vars.hostId (per app) sets x-amz-id-2 and <HostId> together', () => {
    const rendered = render(createVendorError('notFound'), s3, GET, { vars: { hostId: 'gw-eu-1/7' } });
    expect(header(rendered, 'x-amz-id-2')).toBe('gw-eu-1/7');
    expect(errorOf(rendered).HostId).toBe('gw-eu-1/7');
  });

  it('S3-3: a thrown error cannot replace the ids, so header and body never disagree', () => {
    const thrown = createVendorError('badRequest', 'bad', { headers: { 'x-amz-request-id': 'spoofed', 'x-amz-id-2': 'spoofed' } });
    const rendered = render(thrown, s3, GET);
    const error = errorOf(rendered);
    expect(header(rendered, 'x-amz-request-id')).toBe(error.RequestId);
    expect(error.RequestId).toMatch(HEX16);
  });
});

describe('S3 profile: HEAD, throttling, 5xx (S3-4, S3-2, S3-7)', () => {
  it.each(KIND_NAMES)('S3-4: HEAD %s gets the status and both ids, and no body', (kind) => {
    const get = render(createVendorError(kind), s3, GET);
    const head = render(createVendorError(kind), s3, { method: 'HEAD', path: GET.path });
    expect(head.status).toBe(get.status);
    expect(head.body).toBe('');
    expect(header(head, 'x-amz-request-id')).toMatch(HEX16);
    expect(header(head, 'x-amz-id-2')).toBe(HOST_ID);
  });

  it("S3-2 SlowDown row: 503 'Slow Down' with no Retry-After (the SDKs back off themselves, S3-7, S3-8)", () => {
    for (const thrown of [tooManyRequests(), createError(429), createVendorError('serviceUnavailable', undefined, { vendorCode: 'SlowDown' })]) {
      const rendered = render(thrown, s3, { method: 'PUT', path: '/mybucket/k' });
      expect(rendered.status).toBe(503);
      expect(rendered.statusMessage).toBe('Slow Down');
      expect(errorOf(rendered).Code).toBe('SlowDown');
      expect(header(rendered, 'retry-after')).toBeUndefined();
    }
  });

  it('S3-2: 401 does not exist at S3: no WWW-Authenticate, 403 instead', () => {
    for (const kind of ['authenticationRequired', 'unauthorized'] as const) {
      const rendered = render(createVendorError(kind), s3, GET);
      expect(rendered.status).toBe(403);
      expect(header(rendered, 'www-authenticate')).toBeUndefined();
    }
  });

  it.each(KIND_NAMES.filter((kind) => KINDS[kind].status >= 500))('%s thrown with a secret message answers the row text, never the secret', (kind) => {
    const rendered = render(createVendorError(kind, SECRET), s3, GET);
    expect(rendered.body).not.toMatch(/ECONNREFUSED|hunter2|db\.js|10\.0\.0\.7/);
    expect(errorOf(rendered).Message).toBe(s3.document.kinds[kind].message);
  });

  it('a plain Error is 500 InternalError without its message', () => {
    const rendered = render(new Error(SECRET), s3, GET);
    expectS3(rendered, { status: 500, code: 'InternalError', message: 'An internal error occurred. Try again.' });
  });
});

describe("S3 profile: preconditions (S3-2, S3-6: S3 takes any Content-Type, needs a length, PUTs up to 5 GiB)", () => {
  const compiled = compilePreconditions(s3.document.preconditions);
  const answer = (view: Parameters<typeof evaluatePreconditions>[1]) => {
    const violation = evaluatePreconditions(compiled, view);
    return violation === undefined ? undefined : render(createVendorError(violation.kind), s3, { method: view.method ?? 'GET', path: '/mybucket/k' });
  };

  it('S3-6: a chunked PUT is 501 NotImplemented naming Transfer-Encoding', () => {
    const rendered = answer({ method: 'PUT', url: '/mybucket/k', headers: { 'transfer-encoding': 'chunked' } });
    expect(rendered?.status).toBe(501);
    expect(errorOf(rendered as RenderedError)).toEqual(expect.objectContaining({ Code: 'NotImplemented', Header: 'Transfer-Encoding' }));
  });

  it('S3-2 NotImplemented: another transfer coding (gzip) is 501 NotImplemented too', () => {
    const rendered = answer({ method: 'PUT', url: '/mybucket/k', headers: { 'transfer-encoding': 'gzip, chunked' } });
    expect(rendered?.status).toBe(501);
    expect(errorOf(rendered as RenderedError).Code).toBe('NotImplemented');
  });

  it('S3-2 EntityTooLarge: a Content-Length above 5 GiB is 400 EntityTooLarge before the body is read', () => {
    const rendered = answer({ method: 'PUT', url: '/mybucket/k', headers: { 'content-length': String(5 * 1024 ** 3 + 1) } });
    expect(rendered?.status).toBe(400);
    expect(errorOf(rendered as RenderedError).Code).toBe('EntityTooLarge');
    expect(answer({ method: 'PUT', url: '/mybucket/k', headers: { 'content-length': String(5 * 1024 ** 3) } })).toBeUndefined();
  });

  it('S3-10: any Content-Type, no Content-Type, any Accept and a long key are accepted', () => {
    expect(answer({ method: 'PUT', url: '/mybucket/k', headers: { 'content-length': '2', 'content-type': 'image/x-whatever' } })).toBeUndefined();
    expect(answer({ method: 'PUT', url: '/mybucket/k', headers: { 'content-length': '2' } })).toBeUndefined();
    expect(answer({ method: 'GET', url: `/mybucket/${'k'.repeat(9000)}`, headers: { accept: 'text/html' } })).toBeUndefined();
  });

  it('S3-2 InvalidArgument: a request failing its route schema is 400 InvalidArgument naming the argument', () => {
    const thrown = compileValidationAnswer(s3.document.validation)([
      { location: 'query', keyword: 'type', field: 'max-keys', pointer: '', reason: 'must be integer' },
    ]);
    expectS3(render(thrown, s3, GET), { status: 400, code: 'InvalidArgument', message: 'Provided max-keys must be integer' });
  });
});

describe('S3 profile: decodeError reads S3 answers back (S3-1, S3-3)', () => {
  const DOC_EXAMPLE =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message>' +
    `<Resource>/mybucket/myfoto.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId><HostId>${HOST_ID}</HostId></Error>`;
  const HEADERS = { 'content-type': 'application/xml', 'x-amz-request-id': '4442587FB7D0A2F9', 'x-amz-id-2': HOST_ID };

  it("S3-1's example (with a HostId) conforms: NoSuchKey, notFound, the request id", () => {
    const decoded = decodeError(s3, { status: 404, headers: HEADERS, body: DOC_EXAMPLE, method: 'GET' });
    expect(decoded.problems).toEqual([]);
    expect(decoded).toEqual(expect.objectContaining({ conforms: true, kind: 'notFound', code: 'NoSuchKey', message: 'The resource you requested does not exist', requestId: '4442587FB7D0A2F9' }));
  });

  it('a JSON body, another root element or ill-formed XML does not conform', () => {
    const json = decodeError(s3, { status: 404, headers: HEADERS, body: JSON.stringify({ Code: 'NoSuchKey', Message: 'x', Resource: '/b/k', RequestId: '4442587FB7D0A2F9', HostId: HOST_ID }), method: 'GET' });
    expect(json.problems).toContain('a JSON body, where the vendor sends XML');
    const root = decodeError(s3, { status: 404, headers: HEADERS, body: DOC_EXAMPLE.replace(/Error>/g, 'Fault>'), method: 'GET' });
    expect(root.problems).toContain('root element <Fault> (expected <Error>)');
    const broken = decodeError(s3, { status: 404, headers: HEADERS, body: DOC_EXAMPLE.slice(0, -3), method: 'GET' });
    expect(broken.conforms).toBe(false);
  });

  it("an XML body is not what a JSON vendor sends (apig)", () => {
    const decoded = decodeError(profiles.apig, { status: 404, headers: { 'content-type': 'application/json' }, body: DOC_EXAMPLE, method: 'GET' });
    expect(decoded.problems).toContain('an XML body, where the vendor sends JSON');
  });
});
