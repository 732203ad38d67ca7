/**
 * The `stratos` profile: Apache Stratos 4.1 REST API (/api, /api/v4.1). Table-driven over seed
 * 002 (the Stratos wiki "HTTP Status Codes" page) plus 401 and 406, which the reference shows
 * the 4.1 code emitting (§3.2). Errors are the ResponseMessageBean envelope
 * {"status":"error","message":...}; no request id.
 * Reference: shared/vendors/huawei-apig-mpc-and-stratos.md (§3 Stratos).
 */
import createError from 'http-errors';
import { KINDS, KIND_NAMES, createVendorError, methodNotAllowed, profiles, render, type KindName, type RenderedError } from '../support/internals';

const stratos = profiles.stratos;
const POST = { method: 'POST', path: '/api/autoscalingPolicies' } as const;
const SECRET = 'ECONNREFUSED 10.0.0.7:5432 password=hunter2 at /srv/app/db.js:42';

interface ErrorRow {
  readonly status: number;
  readonly reason: string;
  readonly kind: KindName;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** seed-002 error rows (403 has two producers: no credentials, and no permission). */
const SEED_ROWS: readonly ErrorRow[] = [
  { status: 400, reason: 'Bad Request', kind: 'badRequest', message: 'please checkyour input format' },
  { status: 403, reason: 'Forbidden', kind: 'authenticationRequired', message: 'The endpoint requires authentication' },
  { status: 403, reason: 'Forbidden', kind: 'forbidden', message: 'The user does not have required permissions to perform this operation' },
  { status: 404, reason: 'Not Found', kind: 'notFound', message: 'HTTP 404 Not Found' },
  { status: 409, reason: 'Conflict', kind: 'conflict', message: 'Resource already exists' },
  { status: 500, reason: 'Internal Server Error', kind: 'internalServerError', message: 'Internal server error' },
];

/** Reference §3.2: statuses the 4.1 code emits that seed-002 does not list. */
const CODE_ROWS: readonly ErrorRow[] = [
  {
    status: 401,
    reason: 'Unauthorized',
    kind: 'unauthorized',
    message: 'Authentication failed. Please check your username/password',
    headers: { 'WWW-Authenticate': 'Basic' },
  },
  { status: 406, reason: 'Not Acceptable', kind: 'notAcceptable', message: 'HTTP 406 Not Acceptable' },
];

function bodyOf(rendered: RenderedError): Record<string, unknown> {
  return JSON.parse(rendered.body) as Record<string, unknown>;
}

/** Asserts the complete Stratos response: status, every header, the exact envelope. */
function expectStratos(rendered: RenderedError, row: Pick<ErrorRow, 'status' | 'message' | 'headers'> & { reason?: string }): void {
  expect(rendered.status).toBe(row.status);
  if (row.reason !== undefined) expect(rendered.statusMessage).toBe(row.reason);
  expect(bodyOf(rendered)).toEqual({ status: 'error', message: row.message });
  expect(rendered.headers).toEqual({
    ...(row.headers ?? {}),
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(rendered.body)),
  });
}

describe('Stratos profile: seed-002 status table', () => {
  it.each(SEED_ROWS)('Stratos seed-002 row $status $reason: $kind answers $status "$message"', (row) => {
    expectStratos(render(createVendorError(row.kind), stratos, POST), row);
  });

  it('Stratos seed-002 rows 100, 200, 201 and 202 are listed as non-error statuses, which no error kind answers', () => {
    expect(stratos.statuses).toEqual(expect.arrayContaining([100, 200, 201, 202]));
    for (const kind of KIND_NAMES) expect(render(createVendorError(kind), stratos, POST).status).toBeGreaterThanOrEqual(400);
  });

  it('Stratos seed-002 row 100 Continue: the profile meets Expect: 100-continue (§3.2 100 row)', () => {
    expect(stratos.document.preconditions.expectations).toEqual(['100-continue']);
  });

  it('lists exactly seed-002 plus the 401 and 406 the code emits (§3.2)', () => {
    expect(stratos.statuses).toEqual([100, 200, 201, 202, 400, 401, 403, 404, 406, 409, 500]);
  });
});

describe('Stratos profile: statuses the 4.1 code emits beyond seed-002 (§3.2)', () => {
  it.each(CODE_ROWS)('Stratos §3.2 row $status: $kind answers $status "$message"', (row) => {
    expectStratos(render(createVendorError(row.kind), stratos, POST), row);
  });
});

describe('Stratos profile: kinds Stratos has no row for (choices noted in stratos.json)', () => {
  it.each([
    ['methodNotAllowed', 500, 'HTTP 405 Method Not Allowed'],
    ['unsupportedMediaType', 500, 'HTTP 415 Unsupported Media Type'],
    ['proxyAuthenticationRequired', 403, 'The endpoint requires authentication'],
    ['gone', 404, 'HTTP 404 Not Found'],
    ['requestTimeout', 400, 'Request timeout'],
    ['lengthRequired', 400, 'Content-Length header is required'],
    ['preconditionFailed', 400, 'Precondition failed'],
    ['payloadTooLarge', 400, 'Request entity too large'],
    ['uriTooLong', 400, 'Request URI too long'],
    ['expectationFailed', 400, 'Expectation failed'],
    ['unprocessableEntity', 400, 'please checkyour input format'],
    ['tooManyRequests', 400, 'Too many requests'],
    ['headersTooLarge', 400, 'Request header fields too large'],
    ['notImplemented', 500, 'Internal server error'],
    ['badGateway', 500, 'Internal server error'],
    ['serviceUnavailable', 500, 'Internal server error'],
    ['gatewayTimeout', 500, 'Internal server error'],
  ] as const)('%s answers %i "%s"', (kind, status, message) => {
    expectStratos(render(createVendorError(kind), stratos, POST), { status, message });
  });

  it.each(KIND_NAMES.filter((kind) => stratos.document.kinds[kind].status !== KINDS[kind].status))(
    '%s answers a status other than its RFC one, and stratos.json says why in a note citing its row',
    (kind) => {
      expect(stratos.document.kinds[kind].note).toEqual(expect.stringMatching(/§\d|quirk \d|seed-00\d/i));
    },
  );
});

describe('Stratos profile: envelope and schema (§3.1 ResponseMessageBean)', () => {
  it.each(KIND_NAMES)('%s renders a body that passes the profile bodySchema', (kind) => {
    expect(stratos.validateBody(render(createVendorError(kind), stratos, POST).payload)).toEqual([]);
  });

  it.each(KIND_NAMES)('%s serializes "status" before "message" (propOrder={"status","message"})', (kind) => {
    expect(render(createVendorError(kind), stratos, POST).body).toMatch(/^\{"status":"error","message":"[^"]+"\}$/);
  });

  it('the bodySchema rejects a success envelope and the metadata-service shape', () => {
    expect(stratos.validateBody({ status: 'success', message: 'Autoscaling policy added successfully' })).not.toEqual([]);
    expect(stratos.validateBody({ Error: { errorCode: ' 400', errorMessage: ' x ' } })).not.toEqual([]);
  });

  it('an application message is the envelope message, as RestAPIException messages are (§3.2 404 row)', () => {
    expectStratos(render(createError(404, 'Autoscaling policy not found'), stratos, { method: 'GET', path: '/api/autoscalingPolicies/p1' }), {
      status: 404,
      message: 'Autoscaling policy not found',
    });
  });

  it('§3.2 409 row: "Cartridge already exists: [cartridge-type] php" is kept verbatim', () => {
    expectStratos(render(createError(409, 'Cartridge already exists: [cartridge-type] php'), stratos, POST), {
      status: 409,
      message: 'Cartridge already exists: [cartridge-type] php',
    });
  });

  it('§5: Stratos has no request id, so no X-Request-Id is sent', () => {
    expect(stratos.document.requestId).toBeUndefined();
    for (const kind of KIND_NAMES) {
      const names = Object.keys(render(createVendorError(kind), stratos, POST).headers).map((name) => name.toLowerCase());
      expect(names).not.toContain('x-request-id');
    }
  });

  it('§3.4: preconditions are @Consumes/@Produces application/json with no size limits', () => {
    expect(stratos.document.preconditions).toEqual({
      maxUriBytes: null,
      requestMediaTypes: ['application/json'],
      contentTypeRequiredWithBody: false,
      responseMediaTypes: ['application/json'],
      requireContentLength: false,
      maxBodyBytes: null,
      expectations: ['100-continue'],
    });
  });
});

describe('Stratos profile: 5xx never reveal the thrown message', () => {
  const serverKinds = KIND_NAMES.filter((kind) => KINDS[kind].status >= 500);

  it.each(serverKinds)('%s thrown with a secret message answers 500 "Internal server error"', (kind) => {
    const rendered = render(createVendorError(kind, SECRET), stratos, POST);
    expect(rendered.body).not.toMatch(/ECONNREFUSED|hunter2|db\.js|10\.0\.0\.7/);
    expectStratos(rendered, { status: 500, message: 'Internal server error' });
  });

  it.each([
    ['a plain Error', new Error(SECRET)],
    ['an http-errors 500', createError(500, SECRET)],
    ['an http-errors 503', createError(503, SECRET)],
    ['a thrown object', { message: SECRET }],
  ])('%s answers 500 without the message', (_label, thrown) => {
    const rendered = render(thrown, stratos, POST);
    expect(rendered.body).not.toMatch(/ECONNREFUSED|hunter2|db\.js|10\.0\.0\.7/);
    expectStratos(rendered, { status: 500, message: 'Internal server error' });
  });
});

describe('Stratos profile: quirks', () => {
  it('quirk 1: no credentials is 403 "The endpoint requires authentication"; failed Basic credentials are 401 with WWW-Authenticate: Basic', () => {
    const missing = render(createVendorError('authenticationRequired'), stratos, POST);
    const failed = render(createVendorError('unauthorized'), stratos, POST);
    expect([missing.status, failed.status]).toEqual([403, 401]);
    expect(Object.keys(missing.headers).map((name) => name.toLowerCase())).not.toContain('www-authenticate');
    expect(failed.headers['WWW-Authenticate']).toBe('Basic');
  });

  it('an http-errors 401 is the failed-credentials case: 401 with WWW-Authenticate: Basic (StratosAuthenticationHandler)', () => {
    expectStratos(render(createError(401), stratos, POST), {
      status: 401,
      message: 'Authentication failed. Please check your username/password',
      headers: { 'WWW-Authenticate': 'Basic' },
    });
  });

  it('§3.2 400 row: BadRequestExceptionMapper\'s default message keeps its missing space ("checkyour")', () => {
    expect(bodyOf(render(createError(400), stratos, POST)).message).toBe('please checkyour input format');
  });

  it('quirk 4: an error without a status is 500, not the "bad request by default" the mapper comment promises', () => {
    expectStratos(render(new Error('boom'), stratos, POST), { status: 500, message: 'Internal server error' });
  });

  it('quirk 5 [I]: a CXF 405 goes through GenericExceptionMapper, so 500 carrying the exception message', () => {
    expectStratos(render(createError(405), stratos, { method: 'PATCH', path: '/api/autoscalingPolicies' }), {
      status: 500,
      reason: 'Internal Server Error',
      message: 'HTTP 405 Method Not Allowed',
    });
    expectStratos(render(methodNotAllowed(['PUT'], 'Use PUT to update an autoscaling policy'), stratos, POST), {
      status: 500,
      message: 'Use PUT to update an autoscaling policy',
    });
  });

  it('quirk 5 [I]: a CXF 415 (@Consumes application/json) is 500 too', () => {
    expectStratos(render(createError(415), stratos, POST), { status: 500, message: 'HTTP 415 Unsupported Media Type' });
  });

  it('§3.2 406 row: DELETE /tenants/{domain} answers 406 with its own message', () => {
    expectStratos(render(createError(406, 'Please use the tenant deactivate method'), stratos, { method: 'DELETE', path: '/api/tenants/t1' }), {
      status: 406,
      message: 'Please use the tenant deactivate method',
    });
  });

  it('§3.2 500 row: Stratos answers every server fault with 500, never 501-504', () => {
    const serverStatuses = new Set(KIND_NAMES.map((kind) => render(createVendorError(kind), stratos, POST).status).filter((status) => status >= 500));
    expect([...serverStatuses]).toEqual([500]);
  });
});
