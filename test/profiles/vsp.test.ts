/**
 * The `vsp` profile, rendered without a server: every seed-001 row (Configuration Manager REST
 * API status table), the S21 error object byte for byte, and the quirks of reference 2(d).
 * Seed: shared/seeds/001_4428a4abe22fe2d7.txt. Reference: shared/vendors/hitachi-hcp-and-vsp.md.
 */
import createError from 'http-errors';
import {
  KINDS,
  KIND_NAMES,
  authenticationRequired,
  badGateway,
  badRequest,
  conflict,
  createVendorError,
  expectationFailed,
  forbidden,
  gatewayTimeout,
  internalServerError,
  lengthRequired,
  methodNotAllowed,
  notAcceptable,
  notFound,
  preconditionFailed,
  profiles,
  render,
  serviceUnavailable,
  unauthorized,
  unprocessableEntity,
  unsupportedMediaType,
  type KindName,
} from '../support/internals';

const vsp = profiles.vsp;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const LDEVS = '/ConfigurationManager/v1/objects/storages/836000123456/ldevs';
const CONTENT_TYPE = 'application/json;charset=UTF-8';
const SEE = 'SEE_ERROR_DETAIL';
const NOT_FOUND_MESSAGE = 'The resource specified by the URL is not found, or you do not have read permission for the resource.';
const NOT_FOUND_SOLUTION = 'Check the URL of the resource, and whether you have read permission for the resource.';
const BUSY_MESSAGE = 'The request cannot be accepted because the REST API server or the storage system is busy. Wait for a while and try again.';
const BUSY_SOLUTION = 'Wait for the time in the Retry-After header, and then run the request again.';

/** The S21 error object in S21's attribute order; undefined members are left out, as the server does. */
function errorObject(fields: {
  errorSource: string;
  messageId: string;
  message: string;
  cause?: string;
  solution: string;
  solutionType: string;
  errorCode?: { SSB1: string; SSB2: string };
  detailCode?: string;
}): string {
  const { errorSource, messageId, message, cause, solution, solutionType, errorCode, detailCode } = fields;
  return JSON.stringify({ errorSource, messageId, message, cause, solution, solutionType, errorCode, detailCode });
}

function jsonHeaders(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, 'Content-Type': CONTENT_TYPE, 'Content-Length': String(Buffer.byteLength(body)) };
}

interface SeedRow {
  readonly row: number;
  readonly when: string;
  readonly method: string;
  readonly path: string;
  readonly thrown: () => unknown;
  readonly body: string;
  readonly extraHeaders?: Record<string, string>;
}

const SEED_ROWS: readonly SeedRow[] = [
  {
    row: 400,
    when: 'required parameters are missing (S21 example, byte for byte)',
    method: 'POST',
    path: LDEVS,
    thrown: () => badRequest(),
    body: '{"errorSource":"/ConfigurationManager/v1/objects/storages/836000123456/ldevs","messageId":"KART20008-E","message":"Required parameters are not specified.","solution":"Check parameters.","solutionType":"SEE_ERROR_DETAIL","detailCode":"20008E-0"}',
  },
  {
    row: 400,
    when: 'an unsupported body attribute (S30 KART40038-E example)',
    method: 'POST',
    path: '/ConfigurationManager/v1/objects/ldevs',
    thrown: () =>
      unprocessableEntity('An unsupported parameter is specified in the request body, or the hierarchy of the specified parameter is invalid (attribute = capacityInGB)'),
    body: errorObject({
      errorSource: '/ConfigurationManager/v1/objects/ldevs',
      messageId: 'KART40038-E',
      message: 'An unsupported parameter is specified in the request body, or the hierarchy of the specified parameter is invalid (attribute = capacityInGB)',
      solution: 'Check whether the specified attribute is correct, and whether the attribute is specified in the correct hierarchy.',
      solutionType: SEE,
      detailCode: '40038E-0',
    }),
  },
  {
    row: 401,
    when: 'the Authorization header is not specified',
    method: 'GET',
    path: LDEVS,
    thrown: () => authenticationRequired(),
    extraHeaders: { 'WWW-Authenticate': 'Session realm="Block storage"' },
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART94010-E',
      message: 'The Authorization header is not specified in the request header.',
      solution: 'Specify the Authorization header, and then run the request again.',
      solutionType: SEE,
      detailCode: '94010E-0',
    }),
  },
  {
    row: 401,
    when: 'authentication with the Authorization header failed (expired token, S31)',
    method: 'DELETE',
    path: `${LDEVS}/16`,
    thrown: () => unauthorized(),
    extraHeaders: { 'WWW-Authenticate': 'Session realm="Block storage"' },
    body: errorObject({
      errorSource: `${LDEVS}/16`,
      messageId: 'KART94011-E',
      message: 'The specified token is invalid.',
      solution: 'Create a session again, and then specify the new token in the Authorization header.',
      solutionType: SEE,
      detailCode: '94011E-0',
    }),
  },
  {
    row: 403,
    when: 'no permission for a write operation',
    method: 'PATCH',
    path: `${LDEVS}/16`,
    thrown: () => forbidden(),
    body: errorObject({
      errorSource: `${LDEVS}/16`,
      messageId: 'KART94030-E',
      message: 'You do not have the permission required to perform the operation.',
      solution: 'Check the permissions of the user, and then run the request again.',
      solutionType: SEE,
      detailCode: '94030E-0',
    }),
  },
  {
    row: 404,
    when: 'the resource is not found',
    method: 'GET',
    path: `${LDEVS}/99`,
    thrown: () => notFound(),
    body: errorObject({ errorSource: `${LDEVS}/99`, messageId: 'KART94040-E', message: NOT_FOUND_MESSAGE, solution: NOT_FOUND_SOLUTION, solutionType: SEE, detailCode: '94040E-0' }),
  },
  {
    row: 404,
    when: 'no read permission for the resource (quirk 1, S19)',
    method: 'GET',
    path: `${LDEVS}/16`,
    thrown: () => forbidden(),
    body: errorObject({ errorSource: `${LDEVS}/16`, messageId: 'KART94040-E', message: NOT_FOUND_MESSAGE, solution: NOT_FOUND_SOLUTION, solutionType: SEE, detailCode: '94040E-0' }),
  },
  {
    row: 405,
    when: 'the method is not allowed for the URL',
    method: 'PUT',
    path: LDEVS,
    thrown: () => methodNotAllowed(['GET', 'HEAD']),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART94050-E',
      message: 'The specified method is not allowed for the resource specified by the URL.',
      solution: 'Check the HTTP method and the URL.',
      solutionType: SEE,
      detailCode: '94050E-0',
    }),
    // RFC 9110 §15.5.6: methodNotAllowed(allow) sets Allow, and VSP answers 405 (seed-001 row 405).
    extraHeaders: { Allow: 'GET, HEAD' },
  },
  {
    row: 406,
    when: 'the Accept media type is not supported',
    method: 'GET',
    path: LDEVS,
    thrown: () => notAcceptable(),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART94060-E',
      message: 'The media type specified in the Accept header is not supported.',
      solution: 'Specify */* or application/json in the Accept header, or omit the Accept header.',
      solutionType: SEE,
      detailCode: '94060E-0',
    }),
  },
  {
    row: 409,
    when: 'a resource with the same ID already exists',
    method: 'POST',
    path: LDEVS,
    thrown: () => conflict('LDEV 16 already exists.'),
    body: errorObject({ errorSource: LDEVS, messageId: 'KART94090-E', message: 'LDEV 16 already exists.', solution: 'Check the status of the resource.', solutionType: SEE, detailCode: '94090E-0' }),
  },
  {
    row: 411,
    when: 'Content-Length must be specified',
    method: 'POST',
    path: LDEVS,
    thrown: () => lengthRequired(),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART94110-E',
      message: 'The Content-Length header must be specified.',
      solution: 'Specify the Content-Length header, and then run the request again.',
      solutionType: SEE,
      detailCode: '94110E-0',
    }),
  },
  {
    row: 412,
    when: 'the conditions for running the API request are not met',
    method: 'POST',
    path: LDEVS,
    thrown: () => preconditionFailed(),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART94120-E',
      message: 'The conditions for running the API request are not met.',
      solution: 'Check the conditions for running the API request.',
      solutionType: SEE,
      detailCode: '94120E-0',
    }),
  },
  {
    row: 415,
    when: 'the Content-Type media type is not supported',
    method: 'POST',
    path: LDEVS,
    thrown: () => unsupportedMediaType(),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART94150-E',
      message: 'The media type specified in the Content-Type header is not supported.',
      solution: 'Specify application/json in the Content-Type header.',
      solutionType: SEE,
      detailCode: '94150E-0',
    }),
  },
  {
    row: 417,
    when: 'the Expect header is invalid',
    method: 'POST',
    path: LDEVS,
    thrown: () => expectationFailed(),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART94170-E',
      message: 'The specified Expect header is invalid, or the Expect header is not supported by the web server.',
      solution: 'Remove the Expect header, or specify 100-continue.',
      solutionType: SEE,
      detailCode: '94170E-0',
    }),
  },
  {
    row: 500,
    when: 'an internal error whose message stays private',
    method: 'GET',
    path: LDEVS,
    thrown: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42'),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART30000-E',
      message: 'An error occurred in the storage system.',
      solution: 'Collect the error information, and then contact customer support.',
      solutionType: SEE,
      detailCode: '30000E-0',
    }),
  },
  {
    row: 500,
    when: 'a storage-system error exposed with cause and SSB codes (S21, S30)',
    method: 'POST',
    path: `${LDEVS}/16`,
    thrown: () =>
      internalServerError('An error occurred in the storage system. (message = The state of the pool is incorrect.)', {
        expose: true,
        details: { cause: 'An error occurred during execution of a RAID Manager command.', errorCode: { SSB1: '2E21', SSB2: '9010' } },
      }),
    body: errorObject({
      errorSource: `${LDEVS}/16`,
      messageId: 'KART30000-E',
      message: 'An error occurred in the storage system. (message = The state of the pool is incorrect.)',
      cause: 'An error occurred during execution of a RAID Manager command.',
      solution: 'Collect the error information, and then contact customer support.',
      solutionType: SEE,
      errorCode: { SSB1: '2E21', SSB2: '9010' },
      detailCode: '30000E-0',
    }),
  },
  {
    row: 502,
    when: 'no or an invalid response from the REST API server',
    method: 'GET',
    path: LDEVS,
    thrown: () => badGateway(),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART95020-E',
      message: 'There is no response from the REST API server, or an invalid response was received.',
      solution: 'Check the status of the REST API server, and then run the request again.',
      solutionType: SEE,
      detailCode: '95020E-0',
    }),
  },
  {
    row: 503,
    when: 'the REST API server or the storage system is busy (S28: RETRY)',
    method: 'POST',
    path: LDEVS,
    thrown: () => serviceUnavailable('pool 3 locked by job 77 on 10.0.0.7'),
    extraHeaders: { 'Retry-After': '300' },
    body: errorObject({ errorSource: LDEVS, messageId: 'KART95030-E', message: BUSY_MESSAGE, solution: BUSY_SOLUTION, solutionType: 'RETRY', detailCode: '95030E-0' }),
  },
  {
    row: 504,
    when: 'no response from the REST API server in time',
    method: 'GET',
    path: LDEVS,
    thrown: () => gatewayTimeout(),
    body: errorObject({
      errorSource: LDEVS,
      messageId: 'KART95040-E',
      message: 'A response was not received from the REST API server in time.',
      solution: 'Check the status of the REST API server, and then run the request again.',
      solutionType: SEE,
      detailCode: '95040E-0',
    }),
  },
];

function renderKind(kind: KindName, method: string, message?: string, props?: Parameters<typeof createVendorError>[2]) {
  return render(createVendorError(kind, message, props), vsp, { method, path: LDEVS });
}

describe('vsp profile: seed-001 status table', () => {
  it('VSP seed-001: documents exactly the statuses of the seed table', () => {
    expect(vsp.statuses).toEqual([200, 202, 400, 401, 403, 404, 405, 406, 409, 411, 412, 415, 417, 500, 502, 503, 504]);
  });

  it.each(SEED_ROWS)('VSP seed-001 row $row: $when ($method)', ({ row, method, path, thrown, body, extraHeaders }) => {
    const rendered = render(thrown(), vsp, { method, path });
    expect(rendered.status).toBe(row);
    expect(rendered.headers).toEqual(jsonHeaders(body, extraHeaders));
    expect(rendered.body).toBe(body);
    expect(vsp.validateBody(rendered.payload)).toEqual([]);
  });

  it('VSP seed-001 rows 200 and 202: no error kind answers 2xx on any method (success is the route’s own)', () => {
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) expect({ kind, method, success: renderKind(kind, method).status < 300 }).toEqual({ kind, method, success: false });
    }
  });

  it('VSP seed-001: every kind on every method answers a documented status with a schema-valid error object (S21)', () => {
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) {
        const rendered = renderKind(kind, method, 'Some detail.');
        expect({ kind, method, documented: vsp.statuses.includes(rendered.status) }).toEqual({ kind, method, documented: true });
        expect({ kind, method, problems: vsp.validateBody(rendered.payload) }).toEqual({ kind, method, problems: [] });
        expect(rendered.headers['Content-Type']).toBe(CONTENT_TYPE);
      }
    }
  });

  it('VSP seed-001: HEAD answers with the GET headers and an empty body', () => {
    for (const kind of KIND_NAMES) {
      const head = renderKind(kind, 'HEAD');
      const get = renderKind(kind, 'GET');
      expect({ kind, body: head.body, status: head.status }).toEqual({ kind, body: '', status: get.status });
      expect(head.headers).toEqual(get.headers);
    }
  });

  it('VSP seed-001: a kind whose RFC status VSP does not document, or whose code is synthetic, says why in a note', () => {
    for (const kind of KIND_NAMES) {
      const entry = vsp.document.kinds[kind];
      const synthetic = entry.code?.startsWith('KART9') === true;
      if (entry.status !== KINDS[kind].status || synthetic) {
        expect({ kind, note: typeof entry.note === 'string' && entry.note.length > 0 }).toEqual({ kind, note: true });
      }
      if (synthetic) expect({ kind, inferred: entry.note?.includes('[I]') }).toEqual({ kind, inferred: true });
    }
  });
});

describe('vsp profile: the error object (S21, S23, S30, S31)', () => {
  it('S21/S29: every kind has a KARTnnnnn-Z messageId and the detailCode derived from it', () => {
    for (const kind of KIND_NAMES) {
      const payload = renderKind(kind, 'POST').payload as { messageId: string; detailCode: string };
      const match = /^KART(\d{5})-([IQWE])$/.exec(payload.messageId);
      expect({ kind, matches: match !== null }).toEqual({ kind, matches: true });
      expect(payload.detailCode).toBe(`${match?.[1]}${match?.[2]}-0`);
    }
  });

  it('S21: errorSource is the request path and never empty (S30 CheckGwyAsyncResponse tests errorSource != "")', () => {
    expect((render(notFound(), vsp, { method: 'GET', path: '/' }).payload as { errorSource: string }).errorSource).toBe('/');
    expect((renderKind('conflict', 'POST').payload as { errorSource: string }).errorSource).toBe(LDEVS);
  });

  it('quirk 2 (S21 note): the attribute is emitted as messageId, never messageID', () => {
    const payload = renderKind('badRequest', 'POST').payload as Record<string, unknown>;
    expect(Object.keys(payload)).toContain('messageId');
    expect(Object.keys(payload)).not.toContain('messageID');
  });

  it('S21: thrown details override the cause, solution and errorCode fields', () => {
    const rendered = render(
      conflict('The specified volume is being used by another program product.', {
        details: { cause: 'A copy pair exists.', solution: 'Delete the pair, and then try again.', errorCode: { SSB1: 'B96B', SSB2: 'AF2E' }, unrelated: 'x' },
      }),
      vsp,
      { method: 'DELETE', path: `${LDEVS}/16` },
    );
    expect(rendered.body).toBe(
      errorObject({
        errorSource: `${LDEVS}/16`,
        messageId: 'KART94090-E',
        message: 'The specified volume is being used by another program product.',
        cause: 'A copy pair exists.',
        solution: 'Delete the pair, and then try again.',
        solutionType: SEE,
        errorCode: { SSB1: 'B96B', SSB2: 'AF2E' },
        detailCode: '94090E-0',
      }),
    );
  });

  it('S23: a vendorCode overrides messageId and so detailCode (KART70000-E with SSB codes)', () => {
    const rendered = render(
      conflict('The specified volume is being used by another program product, or format in progress.', {
        vendorCode: 'KART70000-E',
        details: { errorCode: { SSB1: 'B96B', SSB2: 'AF2E' } },
      }),
      vsp,
      { method: 'POST', path: '/ConfigurationManager/v1/objects/ldevs/100/actions/expand/invoke' },
    );
    expect(rendered.payload).toMatchObject({ messageId: 'KART70000-E', detailCode: '70000E-0', errorCode: { SSB1: 'B96B', SSB2: 'AF2E' } });
    expect(vsp.validateBody(rendered.payload)).toEqual([]);
  });

  it('bodySchema choice: a vendorCode outside the KARTnnnnn-Z form renders as given, without detailCode, and validateBody flags it', () => {
    const rendered = render(conflict('exists', { vendorCode: 'VOL.409' }), vsp, { method: 'POST', path: LDEVS });
    expect(rendered.payload).toMatchObject({ messageId: 'VOL.409' });
    expect(Object.keys(rendered.payload as object)).not.toContain('detailCode');
    expect(vsp.validateBody(rendered.payload)).toEqual(['/messageId must match pattern "^KART\\d{5}-[IQWE]$"']);
  });

  it('bodySchema: rejects a body without errorSource, an empty errorSource and unknown attributes', () => {
    const good = renderKind('badRequest', 'POST').payload as Record<string, unknown>;
    expect(vsp.validateBody(good)).toEqual([]);
    expect(vsp.validateBody({ ...good, errorSource: '' })).not.toEqual([]);
    expect(vsp.validateBody({ ...good, messageID: good.messageId })).not.toEqual([]);
    const { errorSource: _dropped, ...withoutSource } = good;
    expect(vsp.validateBody(withoutSource)).not.toEqual([]);
  });

  it('5xx never reveal the thrown message, cause or details unless exposed', () => {
    const secret = 'ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42';
    for (const kind of KIND_NAMES) {
      if (KINDS[kind].status < 500) continue;
      for (const method of METHODS) {
        const rendered = renderKind(kind, method, secret, { details: { cause: secret } });
        expect({ kind, method, leaked: JSON.stringify(rendered).includes('10.0.0.7') }).toEqual({ kind, method, leaked: false });
      }
    }
  });
});

describe('vsp profile: quirks and headers (reference 2(a), 2(d))', () => {
  it('quirk 1 (S19, seed-001 row 404): a forbidden GET or HEAD is indistinguishable from a missing resource', () => {
    for (const method of ['GET', 'HEAD']) {
      const forbiddenRead = render(forbidden(), vsp, { method, path: `${LDEVS}/16` });
      const missing = render(notFound(), vsp, { method, path: `${LDEVS}/16` });
      // What goes on the wire is the same; only the reported kind (for onError) differs.
      const { kind: forbiddenKind, ...forbiddenWire } = forbiddenRead;
      const { kind: missingKind, ...missingWire } = missing;
      expect(forbiddenWire).toEqual(missingWire);
      expect([forbiddenKind, missingKind]).toEqual(['forbidden', 'notFound']);
      expect(forbiddenRead.status).toBe(404);
    }
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(renderKind('forbidden', method).status).toBe(403);
  });

  it('S20/S24: both authentication kinds answer 401 with WWW-Authenticate: Session realm="Block storage"', () => {
    for (const kind of ['authenticationRequired', 'unauthorized'] as const) {
      for (const method of METHODS) {
        const rendered = renderKind(kind, method);
        expect({ kind, method, status: rendered.status, challenge: rendered.headers['WWW-Authenticate'] }).toEqual({
          kind,
          method,
          status: 401,
          challenge: 'Session realm="Block storage"',
        });
      }
    }
    expect(render(createError(401), vsp, { method: 'GET', path: LDEVS }).headers['WWW-Authenticate']).toBe('Session realm="Block storage"');
  });

  it('S20: the session-creation Basic challenge can be passed in the error headers and replaces the Session one', () => {
    const rendered = render(unauthorized(undefined, { headers: { 'WWW-Authenticate': 'Basic realm="Block storage"' } }), vsp, {
      method: 'POST',
      path: '/ConfigurationManager/v1/objects/sessions',
    });
    expect(rendered.headers['WWW-Authenticate']).toBe('Basic realm="Block storage"');
    expect(Object.keys(rendered.headers).filter((name) => name.toLowerCase() === 'www-authenticate')).toHaveLength(1);
  });

  it('quirk 5 (S31): an invalid credential says "The specified token is invalid", the text Ansible re-authenticates on', () => {
    expect((renderKind('unauthorized', 'GET').payload as { message: string }).message).toContain('The specified token is invalid');
  });

  it('S24/S28: every 503 carries Retry-After (vars.retryAfter, default 300 s) and solutionType RETRY; no other status does', () => {
    for (const kind of KIND_NAMES) {
      const rendered = renderKind(kind, 'GET');
      const payload = rendered.payload as { solutionType: string };
      const expected = rendered.status === 503 ? { retryAfter: '300', solutionType: 'RETRY' } : { retryAfter: undefined, solutionType: SEE };
      expect({ kind, retryAfter: rendered.headers['Retry-After'], solutionType: payload.solutionType }).toEqual({ kind, ...expected });
    }
    expect(render(serviceUnavailable(), vsp, { method: 'GET', path: LDEVS }, { vars: { retryAfter: '45' } }).headers['Retry-After']).toBe('45');
  });

  it('quirk 4 (S30): the default 503 message contains "wait for a while and try again", which Terraform retries on', () => {
    for (const kind of KIND_NAMES) {
      const rendered = renderKind(kind, 'POST');
      if (rendered.status === 503) expect((rendered.payload as { message: string }).message.toLowerCase()).toContain('wait for a while and try again');
    }
  });

  it('S19 row 406 / S22: notAcceptable answers 406 (not folded into another status)', () => {
    expect(render(createError(406), vsp, { method: 'GET', path: LDEVS }).status).toBe(406);
  });

  it('reference 2(b): the precondition settings are the documented ones', () => {
    expect(vsp.document.preconditions).toEqual({
      maxUriBytes: null,
      requestMediaTypes: ['application/json'],
      contentTypeRequiredWithBody: false,
      responseMediaTypes: ['application/json'],
      requireContentLength: true,
      maxBodyBytes: null,
      expectations: ['100-continue'],
    });
  });
});
