/**
 * the rules the vendors' real clients impose on an error answer
 * (shared/vendors/clients.md, cited by line), over every kind and method, for the profile's own
 * values and for custom thrown values (messages, vendor codes, details). Rendered without a server
 * here; test/clients/vendor-clients.wire.test.ts checks the same rules over the wire.
 */
import createError from 'http-errors';
import { KIND_NAMES, createVendorError, profiles, render, type KindName } from '../support/internals';
import { defineProfile, ProfileValidationError } from '../../src/core/define-profile';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Thrown messages a route may produce, blank ones included. */
const MESSAGES = [undefined, '', ' ', '\t\n ', 'Volume 12 is in use.'] as const;

/** Every kind × method × message, as both a plain and an exposed error. */
function everyError(): Array<{ kind: KindName; method: string; message: string | undefined; thrown: unknown }> {
  const out: Array<{ kind: KindName; method: string; message: string | undefined; thrown: unknown }> = [];
  for (const kind of KIND_NAMES) {
    for (const method of METHODS) {
      for (const message of MESSAGES) {
        out.push({ kind, method, message, thrown: createVendorError(kind, message) });
        out.push({ kind, method, message, thrown: createVendorError(kind, message, { expose: true }) });
      }
    }
  }
  return out;
}

describe('VSP clients (clients.md:53-69: Cinder RestApiClient, hitachivantara.vspone_block)', () => {
  const vsp = profiles.vsp;
  const view = (method = 'POST') => ({ method, path: '/ConfigurationManager/v1/objects/ldevs' });
  /** errorCode shapes Cinder crashes on (clients.md:56), and one of the wrong object shape. */
  const BAD_ERROR_CODES: readonly unknown[] = ['2E11-2205', 42, ['2E11', '2205'], { SSB1: '2E11' }, { SSB1: 'zz', SSB2: '2205' }, null, true];

  it.each(BAD_ERROR_CODES)('clients.md:56: a thrown errorCode %p that is not {SSB1, SSB2} is dropped on its own; the valid cause and solution stay', (errorCode) => {
    const thrown = createError(409, 'Pool 3 is in use.', { details: { errorCode, cause: 'The pool holds LDEVs.', solution: 'Delete the LDEVs first.' } });
    const rendered = render(thrown, vsp, view());
    expect(rendered.payload).toMatchObject({ message: 'Pool 3 is in use.', cause: 'The pool holds LDEVs.', solution: 'Delete the LDEVs first.' });
    expect(rendered.payload).not.toHaveProperty('errorCode');
    expect(vsp.validateBody(rendered.payload)).toEqual([]);
  });

  it('clients.md:55-56: a valid errorCode object is sent as the SSB pair Cinder reads', () => {
    const thrown = createError(409, 'Locked.', { vendorCode: 'KART40050-E', details: { errorCode: { SSB1: '2E11', SSB2: '2205' }, solution: 42 } });
    const rendered = render(thrown, vsp, view());
    expect(rendered.payload).toMatchObject({ messageId: 'KART40050-E', errorCode: { SSB1: '2E11', SSB2: '2205' }, solution: vsp.document.kinds.conflict.fields?.solution });
  });

  it('clients.md:56, 66-69: for every kind, method and message, errorCode is absent or an object, detailCode a string, and cause never comes without message', () => {
    for (const { kind, method, thrown } of everyError()) {
      for (const details of [undefined, { cause: 'Because.' }, { cause: 'Because.', errorCode: 'SSB 2E11' }, { errorCode: { SSB1: '2E11', SSB2: '2205' } }]) {
        const error = details === undefined ? thrown : Object.assign(Object.create(thrown as object) as object, { details });
        const payload = render(error, vsp, view(method)).payload as Record<string, unknown>;
        const facts = {
          kind,
          method,
          errorCode: payload.errorCode === undefined || (typeof payload.errorCode === 'object' && payload.errorCode !== null && !Array.isArray(payload.errorCode)),
          detailCode: payload.detailCode === undefined || typeof payload.detailCode === 'string',
          causeWithMessage: payload.cause === undefined || (typeof payload.message === 'string' && payload.message.trim() !== ''),
        };
        expect(facts).toEqual({ kind, method, errorCode: true, detailCode: true, causeWithMessage: true });
      }
    }
  });

  it('clients.md:57: every non-empty VSP body has a Content-Type (Cinder raises KeyError without one)', () => {
    for (const kind of KIND_NAMES) {
      for (const method of METHODS) {
        const rendered = render(createVendorError(kind), vsp, view(method));
        if (rendered.body !== '') expect({ kind, method, type: rendered.headers['Content-Type'] }).toEqual({ kind, method, type: 'application/json;charset=UTF-8' });
      }
    }
  });

  it('clients.md:56: a custom profile cannot give errorCode a string default (defineProfile refuses it, naming the kind)', () => {
    let thrown: unknown;
    try {
      defineProfile({ name: 'vsp-custom', kinds: { conflict: { fields: { errorCode: '2E11-2205', solution: 'Retry.' } } } }, { extends: vsp });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProfileValidationError);
    expect((thrown as ProfileValidationError).profileName).toBe('vsp-custom');
    expect((thrown as ProfileValidationError).problems.map((problem) => problem.path)).toEqual(['/kinds/conflict', '/kinds/conflict']);
    expect((thrown as Error).message).toContain('/errorCode must be object');
  });
});

describe('Stratos Python CLI (clients.md:80-83): every answer >= 400 but HEAD has a JSON body with a non-empty message', () => {
  it('for every kind, method and thrown message (blank ones included), plain or exposed', () => {
    for (const { kind, method, message, thrown } of everyError()) {
      const rendered = render(thrown, profiles.stratos, { method, path: '/api/applications' });
      expect(rendered.status).toBeGreaterThanOrEqual(400);
      if (method === 'HEAD') {
        expect(rendered.body).toBe('');
        continue;
      }
      const body = JSON.parse(rendered.body) as { status?: unknown; message?: unknown };
      expect({ kind, method, message, status: body.status, nonEmpty: typeof body.message === 'string' && body.message.trim() !== '' }).toEqual({
        kind,
        method,
        message,
        status: 'error',
        nonEmpty: true,
      });
    }
  });

  it('a blank thrown message gets the kind’s own text, not an empty one ("Could not connect to Stratos server")', () => {
    for (const message of ['', '   ', '\r\n']) {
      expect(render(createError(409, message), profiles.stratos, { method: 'POST', path: '/api/applications' }).payload).toEqual({
        status: 'error',
        message: profiles.stratos.document.kinds.conflict.message,
      });
    }
  });

  it('a custom profile whose message could be blank is refused at definition (bodySchema pattern \\S)', () => {
    expect(() => defineProfile({ name: 'stratos-blank', kinds: { conflict: { message: ' ' } } }, { extends: profiles.stratos })).toThrow(
      /profile "stratos-blank" is invalid[\s\S]*\/kinds\/conflict: .*\/message must match pattern "\\S"/,
    );
  });
});

describe('hcpsdk (clients.md:73-75): "<status> - <reason phrase> (<X-HCP-ErrorMessage>)" is the whole error', () => {
  const hcpsdkText = (thrown: unknown, method = 'GET'): string => {
    const rendered = render(thrown, profiles.hcp, { method, path: '/mapi/tenants/t1' });
    return `${rendered.status} - ${rendered.statusMessage} (${rendered.headers['X-HCP-ErrorMessage'] ?? '?'})`;
  };

  it.each([
    ['a bare createError(400): nothing more to tell (seed-000 row 400)', () => createError(400), '400 - Bad Request (?)'],
    ['a 400 with the S1 example text', () => createError(400, "'password' parameter is required."), "400 - Bad Request ('password' parameter is required.)"],
    ['a 403 with no message', () => createError(403), '403 - Forbidden (?)'],
    ['a 409 PUT with no message', () => createError(409), '409 - Conflict (?)'],
    ['a 414 (seed-000 reason phrase)', () => createError(414), '414 - Request URI Too Large (?)'],
    ['a masked 500', () => new Error('db at 10.0.0.7'), '500 - Internal Server Error (?)'],
    ['a 503 with a hidden message', () => createError(503, 'secret'), '503 - Service Unavailable (?)'],
    ['a 503 with an exposed message', () => createError(503, 'HCP is upgrading.', { expose: true }), '503 - Service Unavailable (HCP is upgrading.)'],
  ])('%s → %s', (_label, thrown, expected) => {
    expect(hcpsdkText(thrown(), expected.startsWith('409') ? 'PUT' : 'GET')).toBe(expected);
  });

  it('no kind on any method sends X-HCP-ErrorMessage without a thrown message, and every exposed one is sent', () => {
    for (const { kind, method, message, thrown } of everyError()) {
      const rendered = render(thrown, profiles.hcp, { method, path: '/mapi/tenants/t1' });
      // http-errors says expose: true on every 4xx; a 5xx kind shows its message only when it opts in.
      const visible = message !== undefined && message.trim() !== '' && (thrown as { expose: boolean }).expose;
      expect({ kind, method, message, header: rendered.headers['X-HCP-ErrorMessage'] }).toEqual({ kind, method, message, header: visible ? message : undefined });
    }
  });
});

describe.each(['apig', 'mpc'] as const)('Huawei Cloud SDKs on %s (clients.md:22-37)', (name) => {
  const profile = profiles[name];

  it('clients.md:28-29, 33, 36-37: never a JSON null body; error_code and error_msg are both non-empty strings, for every kind, method and message', () => {
    for (const { kind, method, message, thrown } of everyError()) {
      const rendered = render(thrown, profile, { method: method === 'HEAD' ? 'GET' : method, path: '/v1/p1/things' });
      expect(rendered.body).not.toBe('null');
      const body = JSON.parse(rendered.body) as Record<string, unknown>;
      expect({ kind, method, message, code: typeof body.error_code, msg: typeof body.error_msg, blank: String(body.error_msg).trim() === '' }).toEqual({
        kind,
        method,
        message,
        code: 'string',
        msg: 'string',
        blank: false,
      });
    }
  });

  it.each([42, 'has spaces', '', { code: 'X' }])('clients.md:36-37: a thrown vendorCode %p that is not a short token keeps the kind’s string code', (vendorCode) => {
    const rendered = render(createError(409, 'Exists.', { vendorCode }), profile, { method: 'PUT', path: '/v1/p1/things' });
    const body = JSON.parse(rendered.body) as Record<string, unknown>;
    expect(body.error_code).toBe(profile.document.kinds.conflict.code);
    expect(body.error_msg).toBe('Exists.');
  });

  it('clients.md:33: a custom profile whose kind lacks a code is refused at definition (error_code would be missing)', () => {
    const document = JSON.parse(JSON.stringify(profile.document)) as { name: string; kinds: Record<string, Record<string, unknown>> };
    document.name = `${name}-nocode`;
    delete document.kinds.gone?.code;
    expect(() => defineProfile(document)).toThrow(new RegExp(`profile "${name}-nocode" is invalid[\\s\\S]*/kinds/gone: .*error_code`));
  });
});
