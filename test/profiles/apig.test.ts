/**
 * The `apig` profile: what Huawei Cloud / Open Telekom Cloud API Gateway itself answers when it
 * rejects a call to a published API. Table-driven over seed 003 (apig-en-api-180713206) and the
 * statuses the reference shows APIG emitting beyond it (§1.2: 201, 413, 414, 429, 494).
 * Reference: shared/vendors/huawei-apig-mpc-and-stratos.md (§1 APIG, §4 Node SDK).
 */
import createError from 'http-errors';
import {
  KINDS,
  KIND_NAMES,
  createVendorError,
  forbidden,
  profiles,
  render,
  tooManyRequests,
  type KindName,
  type RenderedError,
} from '../support/internals';

const apig = profiles.apig;
const GET = { method: 'GET', path: '/v1/orders/42' } as const;
const HEX32 = /^[0-9a-f]{32}$/;
const SECRET = 'ECONNREFUSED 10.0.0.7:5432 password=hunter2 at /srv/app/db.js:42';

interface ErrorRow {
  readonly status: number;
  readonly reason: string;
  readonly kind: KindName;
  readonly code: string;
  readonly message: string;
}

/** seed-003, every error row a kind answers (405 is APIG's app-quota status, tested below). */
const SEED_ROWS: readonly ErrorRow[] = [
  { status: 400, reason: 'Bad Request', kind: 'badRequest', code: 'APIG.0201', message: 'API request error.' },
  { status: 401, reason: 'Unauthorized', kind: 'unauthorized', code: 'APIG.0301', message: 'Incorrect IAM authentication information.' },
  { status: 403, reason: 'Forbidden', kind: 'forbidden', code: 'APIG.0306', message: 'API access denied.' },
  {
    status: 404,
    reason: 'Not Found',
    kind: 'notFound',
    code: 'APIG.0101',
    message: 'The API does not exist or has not been published in the environment.',
  },
  { status: 406, reason: 'Not Acceptable', kind: 'notAcceptable', code: 'APIG.0201', message: 'API request error.' },
  { status: 407, reason: 'Proxy Authentication Required', kind: 'proxyAuthenticationRequired', code: 'APIG.0201', message: 'API request error.' },
  { status: 408, reason: 'Request Timeout', kind: 'requestTimeout', code: 'APIG.0201', message: 'API request error.' },
  { status: 409, reason: 'Conflict', kind: 'conflict', code: 'APIG.0201', message: 'API request error.' },
  { status: 410, reason: 'Gone', kind: 'gone', code: 'APIG.0201', message: 'API request error.' },
  { status: 412, reason: 'Precondition Failed', kind: 'preconditionFailed', code: 'APIG.0201', message: 'API request error.' },
  { status: 500, reason: 'Internal Server Error', kind: 'internalServerError', code: 'APIG.0601', message: 'Internal server error.' },
  { status: 501, reason: 'Not Implemented', kind: 'notImplemented', code: 'APIG.0601', message: 'Internal server error.' },
  { status: 502, reason: 'Bad Gateway', kind: 'badGateway', code: 'APIG.0202', message: 'Backend unavailable' },
  { status: 503, reason: 'Service Unavailable', kind: 'serviceUnavailable', code: 'APIG.0613', message: 'The IAM service is currently unavailable.' },
  { status: 504, reason: 'Gateway Timeout', kind: 'gatewayTimeout', code: 'APIG.0203', message: 'Backend timeout' },
];

/** Reference §1.2: statuses APIG's runtime emits that seed-003 does not list. */
const EMITTED_ROWS: readonly ErrorRow[] = [
  { status: 413, reason: 'Payload Too Large', kind: 'payloadTooLarge', code: 'APIG.0201', message: 'Request entity too large.' },
  { status: 414, reason: 'URI Too Long', kind: 'uriTooLong', code: 'APIG.0201', message: 'Request URI too large.' },
  { status: 429, reason: 'Too Many Requests', kind: 'tooManyRequests', code: 'APIG.0308', message: 'The throttling threshold has been reached.' },
  { status: 494, reason: 'Request Header Or Cookie Too Large', kind: 'headersTooLarge', code: 'APIG.0201', message: 'Request headers too large.' },
];

function bodyOf(rendered: RenderedError): Record<string, unknown> {
  return JSON.parse(rendered.body) as Record<string, unknown>;
}

/** Asserts the complete APIG response: status, every header, the exact 3-field body. */
function expectApig(rendered: RenderedError, row: Pick<ErrorRow, 'status' | 'code' | 'message'> & { reason?: string }): void {
  const body = bodyOf(rendered);
  expect(rendered.status).toBe(row.status);
  if (row.reason !== undefined) expect(rendered.statusMessage).toBe(row.reason);
  expect(body).toEqual({ error_code: row.code, error_msg: row.message, request_id: expect.stringMatching(HEX32) });
  expect(rendered.headers).toEqual({
    'X-Request-Id': body.request_id,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(rendered.body)),
  });
}

describe('APIG profile: seed-003 status table', () => {
  it.each(SEED_ROWS)('APIG seed-003 row $status $reason: $kind answers $status $code "$message"', (row) => {
    expectApig(render(createVendorError(row.kind), apig, GET), row);
  });

  it('APIG seed-003 row 405 Method Not Allowed is the app-quota status (APIG.0501/0502), so no kind answers 405 (§1.2 405 row)', () => {
    const answering405 = KIND_NAMES.filter((kind) => render(createVendorError(kind), apig, GET).status === 405);
    expect(answering405).toEqual([]);
    expect(apig.statuses).toContain(405);
  });

  it('APIG seed-003 rows 200 and 204 and §1.2 201 are listed as success statuses, which no error kind answers', () => {
    expect(apig.statuses).toEqual(expect.arrayContaining([200, 201, 204]));
    for (const kind of KIND_NAMES) expect(render(createVendorError(kind), apig, GET).status).toBeGreaterThanOrEqual(400);
  });

  it('lists exactly seed-003 plus the statuses §1.2 documents APIG emitting (201, 413, 414, 429, 494)', () => {
    expect(apig.statuses).toEqual([200, 201, 204, 400, 401, 403, 404, 405, 406, 407, 408, 409, 410, 412, 413, 414, 429, 494, 500, 501, 502, 503, 504]);
  });
});

describe('APIG profile: statuses the runtime emits beyond seed-003 (reference §1.2)', () => {
  it.each(EMITTED_ROWS)('APIG §1.2 row $status: $kind answers $status $code "$message" with reason "$reason"', (row) => {
    expectApig(render(createVendorError(row.kind), apig, GET), row);
  });
});

describe('APIG profile: kinds APIG has no row for (choices noted in apig.json)', () => {
  it.each([
    ['methodNotAllowed', 404, 'APIG.0101', 'The API does not exist.'],
    ['authenticationRequired', 401, 'APIG.0301', 'Incorrect IAM authentication information.'],
    ['lengthRequired', 400, 'APIG.0201', 'API request error.'],
    ['unsupportedMediaType', 400, 'APIG.0201', 'API request error.'],
    ['expectationFailed', 400, 'APIG.0201', 'API request error.'],
    ['unprocessableEntity', 400, 'APIG.0201', 'API request error.'],
  ] as const)('%s answers %i %s "%s"', (kind, status, code, message) => {
    expectApig(render(createVendorError(kind), apig, GET), { status, code, message });
  });

  it.each(KIND_NAMES.filter((kind) => apig.document.kinds[kind].status !== KINDS[kind].status))(
    '%s answers a status other than its RFC one, and apig.json says why in a note citing its row',
    (kind) => {
      expect(apig.document.kinds[kind].note).toEqual(expect.stringMatching(/§\d|quirk \d|seed-00\d/i));
    },
  );
});

describe('APIG profile: body, schema and request id', () => {
  it.each(KIND_NAMES)('%s renders a body that passes the profile bodySchema', (kind) => {
    const rendered = render(createVendorError(kind), apig, GET);
    expect(apig.validateBody(rendered.payload)).toEqual([]);
    expect(Object.keys(bodyOf(rendered))).toEqual(['error_code', 'error_msg', 'request_id']);
  });

  it('the bodySchema rejects a body without request_id or with an extra field (exact 3-field schema)', () => {
    expect(apig.validateBody({ error_code: 'APIG.0101', error_msg: 'x' })).not.toEqual([]);
    expect(apig.validateBody({ error_code: 'APIG.0101', error_msg: 'x', request_id: 'a'.repeat(32), extra: 1 })).not.toEqual([]);
    expect(apig.validateBody({ error_code: 'APIG.0101', error_msg: 'x', request_id: 'A'.repeat(32) })).not.toEqual([]);
  });

  it.each(KIND_NAMES)('%s: X-Request-Id equals body request_id, 32 lowercase hex (§1.1 example, §1.3)', (kind) => {
    const rendered = render(createVendorError(kind), apig, GET);
    expect(rendered.headers['X-Request-Id']).toMatch(HEX32);
    expect(rendered.headers['X-Request-Id']).toBe(bodyOf(rendered).request_id);
  });

  it('two requests get different request ids', () => {
    const first = bodyOf(render(createVendorError('notFound'), apig, GET)).request_id;
    const second = bodyOf(render(createVendorError('notFound'), apig, GET)).request_id;
    expect(first).toMatch(HEX32);
    expect(second).toMatch(HEX32);
    expect(first).not.toBe(second);
  });

  it('uses the id the adapter assigned to the request (the one sent on success) in header and body', () => {
    const requestId = 'acbc548ac6f2a0dbdb9e3518a7c0ff84';
    const rendered = render(createVendorError('notFound'), apig, { ...GET, requestId });
    expect(rendered.headers['X-Request-Id']).toBe(requestId);
    expect(bodyOf(rendered).request_id).toBe(requestId);
  });

  it('a thrown error cannot replace X-Request-Id, so header and body never disagree', () => {
    const rendered = render(createVendorError('badRequest', 'bad', { headers: { 'X-Request-Id': 'spoofed' } }), apig, GET);
    expect(rendered.headers['X-Request-Id']).toBe(bodyOf(rendered).request_id);
    expect(rendered.headers['X-Request-Id']).toMatch(HEX32);
  });

  it('a 4xx message from the application becomes error_msg; the code stays the profile one', () => {
    expectApig(render(createError(404, 'Tenant t1 does not exist'), apig, GET), {
      status: 404,
      code: 'APIG.0101',
      message: 'Tenant t1 does not exist',
    });
  });

  it('a vendorCode chooses another documented code for the same status (§1.2 403 row: APIG.0402)', () => {
    const thrown = forbidden('The IP address is not authorized to access the API.', { vendorCode: 'APIG.0402' });
    expectApig(render(thrown, apig, GET), { status: 403, code: 'APIG.0402', message: 'The IP address is not authorized to access the API.' });
  });

  it('HEAD gets the GET headers and no body', () => {
    const rendered = render(createVendorError('notFound'), apig, { method: 'HEAD', path: '/v1/orders/42' });
    expect(rendered.status).toBe(404);
    expect(rendered.body).toBe('');
    expect(rendered.headers['X-Request-Id']).toMatch(HEX32);
  });
});

describe('APIG profile: 5xx never reveal the thrown message', () => {
  const serverKinds = KIND_NAMES.filter((kind) => KINDS[kind].status >= 500);

  it.each(serverKinds)('%s thrown with a secret message answers its default error_msg', (kind) => {
    const rendered = render(createVendorError(kind, SECRET), apig, GET);
    expect(rendered.body).not.toMatch(/ECONNREFUSED|hunter2|db\.js|10\.0\.0\.7/);
    expect(bodyOf(rendered).error_msg).toBe(apig.document.kinds[kind].message);
  });

  it.each([
    ['a plain Error', new Error(SECRET)],
    ['an http-errors 500', createError(500, SECRET)],
    ['an http-errors 503', createError(503, SECRET)],
    ['a thrown string', SECRET],
  ])('%s answers 5xx without the message', (_label, thrown) => {
    const rendered = render(thrown, apig, GET);
    expect(rendered.status).toBeGreaterThanOrEqual(500);
    expect(rendered.body).not.toMatch(/ECONNREFUSED|hunter2|db\.js|10\.0\.0\.7/);
  });
});

describe('APIG profile: quirks', () => {
  it('quirk 6 / §1.2 405 row: an undefined method is 404 APIG.0101 "The API does not exist.", not 405', () => {
    expectApig(render(createError(405), apig, { method: 'PATCH', path: '/v1/orders/42' }), {
      status: 404,
      reason: 'Not Found',
      code: 'APIG.0101',
      message: 'The API does not exist.',
    });
  });

  it('quirk 2: APIG.0201 is one code over 400, 413, 414 and 494; the status carries the difference', () => {
    const kinds: KindName[] = ['badRequest', 'payloadTooLarge', 'uriTooLong', 'headersTooLarge'];
    const answers = kinds.map((kind) => {
      const rendered = render(createVendorError(kind), apig, GET);
      return [rendered.status, bodyOf(rendered).error_code];
    });
    expect(answers).toEqual([
      [400, 'APIG.0201'],
      [413, 'APIG.0201'],
      [414, 'APIG.0201'],
      [494, 'APIG.0201'],
    ]);
  });

  it('quirk 6: oversized headers are the non-standard 494 with a reason phrase, not 431', () => {
    const rendered = render(createError(431), apig, GET);
    expect(rendered.status).toBe(494);
    expect(rendered.statusMessage).toBe('Request Header Or Cookie Too Large');
  });

  it('§1.2 429 row and §1.3: throttling sends no Retry-After and no X-RateLimit-* header', () => {
    const rendered = render(tooManyRequests(), apig, GET);
    expect(rendered.status).toBe(429);
    expect(Object.keys(rendered.headers).map((name) => name.toLowerCase()).sort()).toEqual(['content-length', 'content-type', 'x-request-id']);
  });

  it('§6 gaps: 401 carries no WWW-Authenticate (none is documented)', () => {
    for (const kind of ['authenticationRequired', 'unauthorized'] as const) {
      const rendered = render(createVendorError(kind), apig, GET);
      expect(rendered.status).toBe(401);
      expect(Object.keys(rendered.headers).map((name) => name.toLowerCase())).not.toContain('www-authenticate');
    }
  });

  it('quirk 3: error_msg is the error-code table text, not the FAQ variant', () => {
    const message = bodyOf(render(createVendorError('notFound'), apig, GET)).error_msg;
    expect(message).toBe('The API does not exist or has not been published in the environment.');
    expect(message).not.toBe('API does not exist or is not published in the environment.');
  });

  it('§1.4: preconditions are URI 32 KB, body 12 MB, application/json in and out', () => {
    expect(apig.document.preconditions).toEqual({
      maxUriBytes: 32768,
      requestMediaTypes: ['application/json'],
      contentTypeRequiredWithBody: false,
      responseMediaTypes: ['application/json'],
      requireContentLength: false,
      maxBodyBytes: 12582912,
      expectations: ['100-continue'],
    });
  });

  it('§1.3: X-Request-Id is sent on every response, success included', () => {
    expect(apig.document.requestId).toEqual({ header: 'X-Request-Id', onSuccess: true });
  });
});

// How the Huawei Cloud Node SDK reads these answers (§4) is tested with the real SDK over the wire:
// test/clients/huawei-sdk.test.ts (every kind: exception class, httpStatusCode, errorCode, errorMsg, requestId).
