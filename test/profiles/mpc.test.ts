/**
 * The `mpc` profile: Huawei Cloud Media Processing Center. Table-driven over seed 004 (MPC
 * "Status Codes", mpc_04_0081) plus 429 for throttling at the shared gateway (§2.4 [I]).
 * MPC's own errors are {error_code: "MPC.xxxxx", error_msg}; the shared Huawei Cloud gateway in
 * front of it answers in the APIG shape with APIGW.xxxx codes and request_id (§2.1).
 * Reference: shared/vendors/huawei-apig-mpc-and-stratos.md (§2 MPC, §1.2 APIGW, §4 Node SDK).
 */
import createError from 'http-errors';
import {
  KINDS,
  KIND_NAMES,
  badRequest,
  createVendorError,
  forbidden,
  profiles,
  render,
  tooManyRequests,
  type KindName,
  type RenderedError,
} from '../support/internals';

const mpc = profiles.mpc;
const POST = { method: 'POST', path: '/v1/0a1b2c3d/transcodings' } as const;
const HEX32 = /^[0-9a-f]{32}$/;
const SECRET = 'ECONNREFUSED 10.0.0.7:5432 password=hunter2 at /srv/app/db.js:42';

/** Who answers: MPC itself (2-field body) or the shared gateway in front of it (APIG shape). */
type Layer = 'mpc' | 'gateway';

interface ErrorRow {
  readonly status: number;
  readonly reason: string;
  readonly kind: KindName;
  readonly layer: Layer;
  readonly code: string;
  readonly message: string;
}

/** seed-004, every error row a kind answers (405 is tested below: MPC.10204 is a 400). */
const SEED_ROWS: readonly ErrorRow[] = [
  { status: 400, reason: 'Bad Request', kind: 'badRequest', layer: 'mpc', code: 'MPC.10202', message: 'Invalid request parameter.' },
  { status: 401, reason: 'Unauthorized', kind: 'unauthorized', layer: 'mpc', code: 'MPC.10203', message: 'Identity authentication failed.' },
  { status: 403, reason: 'Forbidden', kind: 'forbidden', layer: 'mpc', code: 'MPC.10208', message: 'Failed to verify the tenant ID.' },
  {
    status: 404,
    reason: 'Not Found',
    kind: 'notFound',
    layer: 'gateway',
    code: 'APIGW.0101',
    message: 'The API does not exist or has not been published in the environment.',
  },
  { status: 406, reason: 'Not Acceptable', kind: 'notAcceptable', layer: 'mpc', code: 'MPC.10125', message: 'Input data error.' },
  {
    status: 407,
    reason: 'Proxy Authentication Required',
    kind: 'proxyAuthenticationRequired',
    layer: 'mpc',
    code: 'MPC.10203',
    message: 'Identity authentication failed.',
  },
  { status: 408, reason: 'Request Timeout', kind: 'requestTimeout', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { status: 409, reason: 'Conflict', kind: 'conflict', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { status: 500, reason: 'Internal Server Error', kind: 'internalServerError', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { status: 501, reason: 'Not Implemented', kind: 'notImplemented', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { status: 502, reason: 'Bad Gateway', kind: 'badGateway', layer: 'gateway', code: 'APIGW.0202', message: 'Backend unavailable' },
  { status: 503, reason: 'Service Unavailable', kind: 'serviceUnavailable', layer: 'mpc', code: 'MPC.10212', message: 'Operation failed.' },
  { status: 504, reason: 'Gateway Timeout', kind: 'gatewayTimeout', layer: 'gateway', code: 'APIGW.0203', message: 'Backend timeout' },
];

/** §2.4 [I]: throttling surfaces as the shared gateway's 429 (not in seed-004). */
const GATEWAY_429: ErrorRow = {
  status: 429,
  reason: 'Too Many Requests',
  kind: 'tooManyRequests',
  layer: 'gateway',
  code: 'APIGW.0308',
  message: 'The throttling threshold has been reached.',
};

function bodyOf(rendered: RenderedError): Record<string, unknown> {
  return JSON.parse(rendered.body) as Record<string, unknown>;
}

/** Asserts the complete response: status, every header, the exact body of the answering layer. */
function expectMpc(rendered: RenderedError, row: Pick<ErrorRow, 'status' | 'layer' | 'code' | 'message'> & { reason?: string }): void {
  const body = bodyOf(rendered);
  expect(rendered.status).toBe(row.status);
  if (row.reason !== undefined) expect(rendered.statusMessage).toBe(row.reason);
  if (row.layer === 'gateway') {
    expect(body).toEqual({ error_code: row.code, error_msg: row.message, request_id: expect.stringMatching(HEX32) });
  } else {
    expect(body).toEqual({ error_code: row.code, error_msg: row.message });
  }
  expect(rendered.headers).toEqual({
    'X-Request-Id': row.layer === 'gateway' ? body.request_id : expect.stringMatching(HEX32),
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(rendered.body)),
  });
}

describe('MPC profile: seed-004 status table', () => {
  it.each(SEED_ROWS)('MPC seed-004 row $status $reason: $kind answers $status $code "$message" ($layer body)', (row) => {
    expectMpc(render(createVendorError(row.kind), mpc, POST), row);
  });

  it('MPC seed-004 row 405 Method Not Allowed: the error-code table puts MPC.10204 "Incorrect request method." at 400, so no kind answers 405 (§2.3)', () => {
    expect(KIND_NAMES.filter((kind) => render(createVendorError(kind), mpc, POST).status === 405)).toEqual([]);
    expectMpc(render(createVendorError('methodNotAllowed'), mpc, POST), {
      status: 400,
      layer: 'mpc',
      code: 'MPC.10204',
      message: 'Incorrect request method.',
    });
    expect(mpc.statuses).toContain(405);
  });

  it('MPC seed-004 rows 200, 201, 202 and 204 are listed as success statuses, which no error kind answers', () => {
    expect(mpc.statuses).toEqual(expect.arrayContaining([200, 201, 202, 204]));
    for (const kind of KIND_NAMES) expect(render(createVendorError(kind), mpc, POST).status).toBeGreaterThanOrEqual(400);
  });

  it('lists exactly seed-004 plus 429 for gateway throttling (§2.4)', () => {
    expect(mpc.statuses).toEqual([200, 201, 202, 204, 400, 401, 403, 404, 405, 406, 407, 408, 409, 429, 500, 501, 502, 503, 504]);
  });
});

describe('MPC profile: throttling at the shared gateway (§2.4 [I], §1.2 429 row)', () => {
  it('tooManyRequests answers 429 APIGW.0308 in the APIG shape with request_id', () => {
    expectMpc(render(tooManyRequests(), mpc, POST), GATEWAY_429);
  });

  it('429 sends no Retry-After (none documented, §1.3)', () => {
    const rendered = render(tooManyRequests(), mpc, POST);
    expect(Object.keys(rendered.headers).map((name) => name.toLowerCase())).not.toContain('retry-after');
  });
});

describe('MPC profile: kinds MPC has no row for (choices noted in mpc.json)', () => {
  it.each([
    ['authenticationRequired', 401, 'MPC.10203', 'Identity authentication failed.'],
    ['unsupportedMediaType', 400, 'MPC.10205', 'Incorrect request content type.'],
    ['lengthRequired', 400, 'MPC.10202', 'Invalid request parameter.'],
    ['preconditionFailed', 400, 'MPC.10202', 'Invalid request parameter.'],
    ['payloadTooLarge', 400, 'MPC.10202', 'Invalid request parameter.'],
    ['uriTooLong', 400, 'MPC.10202', 'Invalid request parameter.'],
    ['expectationFailed', 400, 'MPC.10202', 'Invalid request parameter.'],
    ['unprocessableEntity', 400, 'MPC.10202', 'Invalid request parameter.'],
    ['headersTooLarge', 400, 'MPC.10202', 'Invalid request parameter.'],
  ] as const)('%s answers %i %s "%s"', (kind, status, code, message) => {
    expectMpc(render(createVendorError(kind), mpc, POST), { status, layer: 'mpc', code, message });
  });

  it('gone answers as notFound: 404 APIGW.0101 in the gateway shape (410 is not in seed-004)', () => {
    expectMpc(render(createVendorError('gone'), mpc, POST), {
      status: 404,
      layer: 'gateway',
      code: 'APIGW.0101',
      message: 'The API does not exist or has not been published in the environment.',
    });
  });

  it.each(KIND_NAMES.filter((kind) => mpc.document.kinds[kind].status !== KINDS[kind].status))(
    '%s answers a status other than its RFC one, and mpc.json says why in a note citing its row',
    (kind) => {
      expect(mpc.document.kinds[kind].note).toEqual(expect.stringMatching(/§\d|quirk \d|seed-00\d/i));
    },
  );
});

describe('MPC profile: bodies, schema and request id', () => {
  it.each(KIND_NAMES)('%s renders a body that passes the profile bodySchema', (kind) => {
    expect(mpc.validateBody(render(createVendorError(kind), mpc, POST).payload)).toEqual([]);
  });

  it('the bodySchema accepts exactly the MPC 2-field and the gateway 3-field shapes', () => {
    expect(mpc.validateBody({ error_code: 'MPC.10202', error_msg: 'Invalid request parameter.' })).toEqual([]);
    expect(mpc.validateBody({ error_code: 'APIGW.0308', error_msg: 'x', request_id: 'a'.repeat(32) })).toEqual([]);
    expect(mpc.validateBody({ error_code: 'MPC.10202', error_msg: 'x', extra: 1 })).not.toEqual([]);
    expect(mpc.validateBody({ error_code: 'APIGW.0308', error_msg: 'x', request_id: 'not-hex' })).not.toEqual([]);
    expect(mpc.validateBody({ error: { error_code: 'MPC.10202', error_msg: 'x' } })).not.toEqual([]);
  });

  it.each(KIND_NAMES)('%s: X-Request-Id is 32 lowercase hex, and equals request_id when the body has one (§2.1 [I])', (kind) => {
    const rendered = render(createVendorError(kind), mpc, POST);
    const body = bodyOf(rendered);
    expect(rendered.headers['X-Request-Id']).toMatch(HEX32);
    if ('request_id' in body) expect(body.request_id).toBe(rendered.headers['X-Request-Id']);
  });

  it('two requests get different request ids', () => {
    const first = render(createVendorError('badRequest'), mpc, POST).headers['X-Request-Id'];
    const second = render(createVendorError('badRequest'), mpc, POST).headers['X-Request-Id'];
    expect(first).toMatch(HEX32);
    expect(second).toMatch(HEX32);
    expect(first).not.toBe(second);
  });

  it('uses the id the adapter assigned to the request (the one sent on success)', () => {
    const requestId = '0123456789abcdef0123456789abcdef';
    expect(render(createVendorError('badRequest'), mpc, { ...POST, requestId }).headers['X-Request-Id']).toBe(requestId);
    expect(bodyOf(render(createVendorError('notFound'), mpc, { ...POST, requestId })).request_id).toBe(requestId);
  });

  it('§2.1 [I]: X-Request-Id is sent on every response, success included', () => {
    expect(mpc.document.requestId).toEqual({ header: 'X-Request-Id', onSuccess: true });
  });
});

describe('MPC profile: 5xx never reveal the thrown message', () => {
  const serverKinds = KIND_NAMES.filter((kind) => KINDS[kind].status >= 500);

  it.each(serverKinds)('%s thrown with a secret message answers its default error_msg', (kind) => {
    const rendered = render(createVendorError(kind, SECRET), mpc, POST);
    expect(rendered.body).not.toMatch(/ECONNREFUSED|hunter2|db\.js|10\.0\.0\.7/);
    expect(bodyOf(rendered).error_msg).toBe(mpc.document.kinds[kind].message);
  });

  it.each([
    ['a plain Error', new Error(SECRET)],
    ['an http-errors 500', createError(500, SECRET)],
    ['an http-errors 502', createError(502, SECRET)],
  ])('%s answers 5xx without the message', (_label, thrown) => {
    const rendered = render(thrown, mpc, POST);
    expect(rendered.status).toBeGreaterThanOrEqual(500);
    expect(rendered.body).not.toMatch(/ECONNREFUSED|hunter2|db\.js|10\.0\.0\.7/);
  });
});

describe('MPC profile: quirks', () => {
  it('§2.5: MPC.10212 is answered at 400 or 403 depending on the operation (status per route, code by vendorCode)', () => {
    expectMpc(render(badRequest('Operation failed.', { vendorCode: 'MPC.10212' }), mpc, { method: 'POST', path: '/v1/p/template_group/delete' }), {
      status: 400,
      layer: 'mpc',
      code: 'MPC.10212',
      message: 'Operation failed.',
    });
    expectMpc(render(forbidden('Operation failed.', { vendorCode: 'MPC.10212' }), mpc, { method: 'DELETE', path: '/v1/p/template/transcodings' }), {
      status: 403,
      layer: 'mpc',
      code: 'MPC.10212',
      message: 'Operation failed.',
    });
  });

  it('§2.3: a duplicate template name is 400 MPC.10091, not 409', () => {
    expectMpc(render(badRequest('The template name already exists.', { vendorCode: 'MPC.10091' }), mpc, POST), {
      status: 400,
      layer: 'mpc',
      code: 'MPC.10091',
      message: 'The template name already exists.',
    });
  });

  it('§2.5: detail appended after a comma is kept verbatim in error_msg', () => {
    const message = 'Invalid request parameter, start_time cannot be greater than end_time.';
    expectMpc(render(createError(400, message), mpc, POST), { status: 400, layer: 'mpc', code: 'MPC.10202', message });
  });

  it('§2.3: MPC documents no 415; a wrong Content-Type is 400 MPC.10205', () => {
    const rendered = render(createError(415), mpc, POST);
    expect(rendered.status).toBe(400);
    expect(bodyOf(rendered)).toEqual({ error_code: 'MPC.10205', error_msg: 'Incorrect request content type.' });
  });

  it('§2.1: MPC bodies carry no request_id; gateway bodies (404, 429, 502, 504) do', () => {
    const withRequestId = KIND_NAMES.filter((kind) => 'request_id' in bodyOf(render(createVendorError(kind), mpc, POST)));
    expect(withRequestId.map((kind) => render(createVendorError(kind), mpc, POST).status).sort((a, b) => a - b)).toEqual([404, 404, 429, 502, 504]);
  });

  it('§2.2: 401 carries no WWW-Authenticate (none documented)', () => {
    for (const kind of ['authenticationRequired', 'unauthorized'] as const) {
      const rendered = render(createVendorError(kind), mpc, POST);
      expect(rendered.status).toBe(401);
      expect(Object.keys(rendered.headers).map((name) => name.toLowerCase())).not.toContain('www-authenticate');
    }
  });

  it('preconditions: application/json in and out, no URI or body limit documented', () => {
    expect(mpc.document.preconditions).toEqual({
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

// How the Huawei Cloud Node SDK reads these answers (§4) is tested with the real SDK over the wire:
// test/clients/huawei-sdk.test.ts (every kind: exception class, httpStatusCode, errorCode, errorMsg, requestId).
