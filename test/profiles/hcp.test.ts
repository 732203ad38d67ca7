/**
 * The `hcp` profile, rendered without a server: every seed-000 row (HCP management API status
 * table) and every quirk of reference section 1(d), each citing the source it proves.
 * Seed: shared/seeds/000_69097fa8191c9f70.txt. Reference: shared/vendors/hitachi-hcp-and-vsp.md.
 */
import createError from 'http-errors';
import {
  KINDS,
  KIND_NAMES,
  authenticationRequired,
  badRequest,
  conflict,
  createVendorError,
  forbidden,
  methodNotAllowed,
  notAcceptable,
  notFound,
  notImplemented,
  profiles,
  render,
  serviceUnavailable,
  unauthorized,
  unsupportedMediaType,
  uriTooLong,
  type KindName,
} from '../support/internals';

const hcp = profiles.hcp;
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'] as const;
const PATH = '/mapi/tenants/t1';

/** S1 "Security-related response headers", exact values. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'; connect-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'self'; frame-ancestors 'self';",
  Pragma: 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-XSS-Protection': '1; mode=block',
};

/** The complete header set of an HCP error response (S1): no body, so no Content-Type. */
function hcpHeaders(errorMessage?: string): Record<string, string> {
  return {
    'X-HCP-SoftwareVersion': '9.0.0.2',
    ...SECURITY_HEADERS,
    ...(errorMessage === undefined ? {} : { 'X-HCP-ErrorMessage': errorMessage }),
    'Content-Length': '0',
  };
}

interface SeedRow {
  readonly row: number;
  readonly reason: string;
  readonly when: string;
  readonly method: string;
  readonly thrown: () => unknown;
  /** The X-HCP-ErrorMessage value, or undefined when the header must be absent. */
  readonly errorMessage: string | undefined;
}

const SEED_ROWS: readonly SeedRow[] = [
  { row: 302, reason: 'Found', when: 'HEAD on a resource that does not exist', method: 'HEAD', thrown: () => notFound(), errorMessage: undefined },
  { row: 302, reason: 'Found', when: 'HEAD on a resource the account may not access', method: 'HEAD', thrown: () => forbidden(), errorMessage: undefined },
  {
    row: 400,
    reason: 'Bad Request',
    when: "a required query parameter is missing (S1 example \"'password' parameter is required.\")",
    method: 'POST',
    thrown: () => badRequest("'password' parameter is required."),
    errorMessage: "'password' parameter is required.",
  },
  // Seed-000 row 400: X-HCP-ErrorMessage only "if more information about the error is available" (clients.md "HCP": hcpsdk shows "400 - Bad Request (?)").
  { row: 400, reason: 'Bad Request', when: 'an invalid request with no message has nothing more to tell: no X-HCP-ErrorMessage', method: 'GET', thrown: () => badRequest(), errorMessage: undefined },
  { row: 400, reason: 'Bad Request', when: 'a bare http-errors 400 sends no X-HCP-ErrorMessage either', method: 'POST', thrown: () => createError(400), errorMessage: undefined },
  { row: 401, reason: 'Unauthorized', when: 'HCP was unable to handle the request (notImplemented)', method: 'GET', thrown: () => notImplemented(), errorMessage: undefined },
  { row: 403, reason: 'Forbidden', when: 'the operation is not allowed (no more information: no header)', method: 'PUT', thrown: () => forbidden(), errorMessage: undefined },
  { row: 403, reason: 'Forbidden', when: 'the operation is not allowed, with the reason', method: 'PUT', thrown: () => forbidden('Namespace ns1 is not empty.'), errorMessage: 'Namespace ns1 is not empty.' },
  { row: 403, reason: 'Forbidden', when: 'no credentials were provided (S1)', method: 'GET', thrown: () => authenticationRequired(), errorMessage: undefined },
  { row: 403, reason: 'Forbidden', when: 'invalid credentials were provided (S1)', method: 'GET', thrown: () => unauthorized(), errorMessage: undefined },
  { row: 403, reason: 'Forbidden', when: 'an http-errors 401 is an invalid-credentials failure (S1)', method: 'DELETE', thrown: () => createError(401, 'Invalid user name or password.'), errorMessage: 'Invalid user name or password.' },
  { row: 404, reason: 'Not Found', when: 'the URL identifies no resource (message exposed)', method: 'GET', thrown: () => notFound('Tenant t1 does not exist.'), errorMessage: 'Tenant t1 does not exist.' },
  { row: 404, reason: 'Not Found', when: 'the URL identifies no resource (no message: no header)', method: 'GET', thrown: () => createError(404), errorMessage: undefined },
  { row: 405, reason: 'Method Not Allowed', when: 'PUT is not valid for the resource', method: 'PUT', thrown: () => createVendorError('methodNotAllowed'), errorMessage: undefined },
  { row: 405, reason: 'Method Not Allowed', when: 'POST is not valid for the resource', method: 'POST', thrown: () => createVendorError('methodNotAllowed'), errorMessage: undefined },
  { row: 405, reason: 'Method Not Allowed', when: 'DELETE is not valid for the resource', method: 'DELETE', thrown: () => createError(405), errorMessage: undefined },
  { row: 409, reason: 'Conflict', when: 'PUT of a resource that already exists (no more information: no header)', method: 'PUT', thrown: () => conflict(), errorMessage: undefined },
  { row: 409, reason: 'Conflict', when: 'PUT conflict with a specific message', method: 'PUT', thrown: () => conflict('Tenant t1 already exists.'), errorMessage: 'Tenant t1 already exists.' },
  { row: 414, reason: 'Request URI Too Large', when: 'the URL after /mapi exceeds 4,095 bytes', method: 'GET', thrown: () => uriTooLong(), errorMessage: undefined },
  { row: 415, reason: 'Unsupported Media Type', when: 'the Content-Type is not supported', method: 'POST', thrown: () => unsupportedMediaType(), errorMessage: undefined },
  { row: 415, reason: 'Unsupported Media Type', when: 'the Accept type is not supported (no 406)', method: 'GET', thrown: () => notAcceptable(), errorMessage: undefined },
  { row: 500, reason: 'Internal Server Error', when: 'an internal error occurred', method: 'GET', thrown: () => new Error('ECONNREFUSED 10.0.0.7:5432'), errorMessage: undefined },
  { row: 503, reason: 'Service Unavailable', when: 'HCP is temporarily unable to handle the request (no more information: no header)', method: 'GET', thrown: () => serviceUnavailable(), errorMessage: undefined },
  { row: 503, reason: 'Service Unavailable', when: 'an exposed reason travels in the header', method: 'GET', thrown: () => serviceUnavailable('HCP is upgrading; try again in a little while.', { expose: true }), errorMessage: 'HCP is upgrading; try again in a little while.' },
];

function renderKind(kind: KindName, method: string, message?: string, props?: Parameters<typeof createVendorError>[2]) {
  return render(createVendorError(kind, message, props), hcp, { method, path: PATH });
}

describe('hcp profile: seed-000 status table', () => {
  it('HCP seed-000: documents exactly the statuses of the seed table', () => {
    expect(hcp.statuses).toEqual([200, 302, 400, 401, 403, 404, 405, 409, 414, 415, 500, 503]);
  });

  it.each(SEED_ROWS)('HCP seed-000 row $row ($reason): $when, $method', ({ row, reason, method, thrown, errorMessage }) => {
    const rendered = render(thrown(), hcp, { method, path: PATH });
    expect(rendered.status).toBe(row);
    expect(rendered.statusMessage).toBe(reason);
    expect(rendered.headers).toEqual(hcpHeaders(errorMessage));
    expect(rendered.body).toBe('');
    expect(rendered.payload).toBeNull();
    expect(hcp.validateBody(rendered.payload)).toEqual([]);
  });

  it('HCP seed-000 row 200: no error kind answers 200 on any method (success is the route’s own)', () => {
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) expect([kind, method, renderKind(kind, method).status]).not.toEqual([kind, method, 200]);
    }
  });

  it('HCP seed-000: every kind on every method answers a documented error status with an empty, schema-valid body', () => {
    const errorStatuses = hcp.statuses.filter((status) => status >= 300);
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) {
        const rendered = renderKind(kind, method, 'detail text');
        expect({ kind, method, documented: errorStatuses.includes(rendered.status) }).toEqual({ kind, method, documented: true });
        expect(rendered.body).toBe('');
        expect(rendered.headers['Content-Length']).toBe('0');
        expect(rendered.headers['Content-Type']).toBeUndefined();
        expect(hcp.validateBody(rendered.payload)).toEqual([]);
      }
    }
  });

  it('HCP seed-000: a kind whose RFC status HCP does not document says why in a note', () => {
    for (const kind of KIND_NAMES) {
      const entry = hcp.document.kinds[kind];
      if (entry.status !== KINDS[kind].status) expect({ kind, note: typeof entry.note === 'string' && entry.note.length > 0 }).toEqual({ kind, note: true });
    }
  });
});

describe('hcp profile: X-HCP-ErrorMessage (S1, S2, S12)', () => {
  it('HCP seed-000 rows 400/403/409/503 ("if more information about the error is available"), clients.md "HCP": no kind on any method sends X-HCP-ErrorMessage without a thrown message', () => {
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) {
        for (const thrown of [createVendorError(kind), createVendorError(kind, ''), createVendorError(kind, '   ')]) {
          const rendered = render(thrown, hcp, { method, path: PATH });
          expect({ kind, method, header: rendered.headers['X-HCP-ErrorMessage'] }).toEqual({ kind, method, header: undefined });
        }
      }
    }
  });

  it('S1: an exposed message travels in X-HCP-ErrorMessage whatever the status', () => {
    for (const kind of KIND_NAMES) {
      if (KINDS[kind].status >= 500) continue;
      for (const method of METHODS) {
        expect({ kind, method, header: renderKind(kind, method, 'Namespace ns1 is not empty.').headers['X-HCP-ErrorMessage'] }).toEqual({
          kind,
          method,
          header: 'Namespace ns1 is not empty.',
        });
      }
    }
  });

  it('S1: X-HCP-ErrorMessage is one line of plain ASCII text, even for a hostile message', () => {
    const rendered = render(badRequest("bad\r\nSet-Cookie: x=1\nGröße"), hcp, { method: 'POST', path: PATH });
    expect(rendered.headers['X-HCP-ErrorMessage']).toBe('bad Set-Cookie: x=1 Gr%C3%B6%C3%9Fe');
    expect(rendered.headers['Set-Cookie']).toBeUndefined();
  });

  it('quirk 6 (S2 vs S10-S13): the header name uses an ASCII hyphen, not the U+2011 of the doc tables', () => {
    const names = Object.keys(render(badRequest("'password' parameter is required."), hcp, { method: 'GET', path: PATH }).headers);
    expect(names).toContain('X-HCP-ErrorMessage');
    expect(names.join('')).not.toMatch(/\u2011/);
  });

  it('5xx never reveal the thrown message: neither 500 nor 503 sends X-HCP-ErrorMessage for it', () => {
    const secret = 'ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42';
    for (const kind of KIND_NAMES) {
      if (KINDS[kind].status < 500) continue;
      for (const method of METHODS) {
        const rendered = renderKind(kind, method, secret);
        expect(JSON.stringify(rendered)).not.toContain('10.0.0.7');
      }
    }
    expect(render(new Error(secret), hcp, { method: 'GET', path: PATH }).headers['X-HCP-ErrorMessage']).toBeUndefined();
    expect(render(serviceUnavailable(secret), hcp, { method: 'GET', path: PATH }).headers['X-HCP-ErrorMessage']).toBeUndefined();
  });

  it('a 5xx error that opts in with expose: true does send its message', () => {
    const rendered = render(createError(500, 'Replication link to hcp2 is down.', { expose: true }), hcp, { method: 'GET', path: PATH });
    expect(rendered.headers['X-HCP-ErrorMessage']).toBe('Replication link to hcp2 is down.');
  });
});

describe('hcp profile: headers on every error (S1)', () => {
  it('S1: every error carries X-HCP-SoftwareVersion and the exact security headers, on every kind and method', () => {
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) {
        const headers = renderKind(kind, method).headers;
        expect(headers).toMatchObject({ 'X-HCP-SoftwareVersion': '9.0.0.2', ...SECURITY_HEADERS });
      }
    }
  });

  it('S1: X-HCP-SoftwareVersion follows vars.softwareVersion', () => {
    const rendered = render(notFound(), hcp, { method: 'GET', path: PATH }, { vars: { softwareVersion: '9.7.0.12' } });
    expect(rendered.headers['X-HCP-SoftwareVersion']).toBe('9.7.0.12');
  });

  it('quirk 7 (S1): Cache-Control and Expires are removed from error responses and never rendered', () => {
    expect(hcp.document.removeHeaders).toEqual(['Cache-Control', 'Expires']);
    for (const kind of KIND_NAMES) {
      const names = Object.keys(renderKind(kind, 'GET').headers).map((name) => name.toLowerCase());
      expect(names).not.toContain('cache-control');
      expect(names).not.toContain('expires');
    }
  });

  it('S2 gap: a 302 carries no Location header', () => {
    expect(Object.keys(render(notFound(), hcp, { method: 'HEAD', path: PATH }).headers)).not.toContain('Location');
  });

  it('reference 1(a) [I]: an Allow header passed by the error reaches the 405', () => {
    const rendered = render(methodNotAllowed('GET, HEAD, OPTIONS'), hcp, { method: 'POST', path: PATH });
    expect(rendered.status).toBe(405);
    expect(rendered.headers.Allow).toBe('GET, HEAD, OPTIONS');
  });
});

describe('hcp profile: quirks of reference 1(d)', () => {
  it('quirk 1 (S2, seed-000 row 302): HEAD answers not-found and forbidden outcomes with 302 and no body', () => {
    for (const kind of ['notFound', 'forbidden', 'gone', 'methodNotAllowed', 'conflict'] as const) {
      const rendered = renderKind(kind, 'HEAD');
      expect({ kind, status: rendered.status, statusMessage: rendered.statusMessage, body: rendered.body }).toEqual({
        kind,
        status: 302,
        statusMessage: 'Found',
        body: '',
      });
      expect(rendered.headers).toEqual(hcpHeaders());
    }
  });

  it('quirk 1 (S2): HEAD 302 still carries an exposed message in X-HCP-ErrorMessage', () => {
    expect(render(forbidden('No permission on tenant t1.'), hcp, { method: 'HEAD', path: PATH }).headers).toEqual(hcpHeaders('No permission on tenant t1.'));
  });

  it('quirk 2 (S1): missing or invalid credentials answer 403 on every method, HEAD included', () => {
    for (const kind of ['authenticationRequired', 'unauthorized', 'proxyAuthenticationRequired'] as const) {
      for (const method of METHODS) expect({ kind, method, status: renderKind(kind, method).status }).toEqual({ kind, method, status: 403 });
    }
  });

  it('quirk 2 (S2 row 401): 401 is "unable to handle the request", answered only by notImplemented', () => {
    const answering401 = KIND_NAMES.filter((kind) => METHODS.some((method) => renderKind(kind, method).status === 401));
    expect(answering401).toEqual(['notImplemented']);
    expect(render(createError(501), hcp, { method: 'GET', path: PATH }).status).toBe(401);
  });

  it('quirk 4 (S2 row 405): 405 only for PUT, POST, DELETE; GET and other methods get 404, HEAD 302', () => {
    const statuses = Object.fromEntries(METHODS.map((method) => [method, renderKind('methodNotAllowed', method).status]));
    expect(statuses).toEqual({ GET: 404, HEAD: 302, PUT: 405, POST: 405, DELETE: 405, PATCH: 404, OPTIONS: 404 });
  });

  it('quirk 4 (S2 row 409): 409 only for PUT; a conflict on another method is the 403 "not allowed", HEAD 302', () => {
    const statuses = Object.fromEntries(METHODS.map((method) => [method, renderKind('conflict', method).status]));
    expect(statuses).toEqual({ GET: 403, HEAD: 302, PUT: 409, POST: 403, DELETE: 403, PATCH: 403, OPTIONS: 403 });
    expect(render(conflict(), hcp, { method: 'DELETE', path: '/mapi/tenants/t1/namespaces/ns1' }).headers).toEqual(hcpHeaders());
    expect(render(conflict('Namespace ns1 is not empty.'), hcp, { method: 'DELETE', path: '/mapi/tenants/t1/namespaces/ns1' }).headers).toEqual(
      hcpHeaders('Namespace ns1 is not empty.'),
    );
  });

  it('clients.md "HCP" (hcpsdk shows "<status> - <reason phrase> (...)"): every error status answers with the reason phrase seed-000 names', () => {
    // The "Code | Meaning" columns of shared/seeds/000_69097fa8191c9f70.txt, as written there.
    const rows = [
      [200, 'OK'], [302, 'Found'], [400, 'Bad Request'], [401, 'Unauthorized'], [403, 'Forbidden'], [404, 'Not Found'],
      [405, 'Method Not Allowed'], [409, 'Conflict'], [414, 'Request URI Too Large'], [415, 'Unsupported Media Type'],
      [500, 'Internal Server Error'], [503, 'Service Unavailable'],
    ] as const;
    expect(rows.map(([status]) => status)).toEqual(hcp.statuses);
    const answered = new Map<number, string>();
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) {
        const rendered = renderKind(kind, method);
        answered.set(rendered.status, rendered.statusMessage);
      }
    }
    for (const [status, reason] of rows) {
      if (status === 200) continue; // success is the route's own
      expect({ status, reason: answered.get(status) }).toEqual({ status, reason });
    }
  });

  it('quirk 8 (S2): 414 uses the reason phrase "Request URI Too Large"', () => {
    expect(hcp.document.reasonPhrases).toEqual({ 414: 'Request URI Too Large' });
    expect(render(uriTooLong(), hcp, { method: 'GET', path: PATH }).statusMessage).toBe('Request URI Too Large');
  });

  it('S2 row 415 / no 406: notAcceptable answers 415', () => {
    expect(render(createError(406), hcp, { method: 'GET', path: PATH }).status).toBe(415);
  });

  it('S2 row 503: no Retry-After is sent (none documented)', () => {
    for (const kind of KIND_NAMES) expect(Object.keys(renderKind(kind, 'GET').headers)).not.toContain('Retry-After');
  });
});

describe('hcp profile: preconditions (S1, S2, reference 1(b))', () => {
  it('S2 row 414, S1 media types: the precondition settings are the documented ones', () => {
    expect(hcp.document.preconditions).toEqual({
      maxUriBytes: 4095,
      uriBase: '/mapi',
      requestMediaTypes: ['application/xml', 'application/json'],
      contentTypeRequiredWithBody: true,
      responseMediaTypes: ['application/xml', 'application/json', 'application/javascript'],
      requireContentLength: false,
      maxBodyBytes: null,
      expectations: ['100-continue'],
    });
  });
});
