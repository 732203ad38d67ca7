/**
 * Request validation's core: schemas compiled once at startup with ajv in strict mode
 * (an unknown keyword or format fails at startup, every problem in one error), strings coerced
 * for params/query/headers on copies (the request is never modified), failures named and bounded.
 */
import { appRoutesOf } from '../../src/core/routes';
import { resolveAppConfig } from '../../src/core/app-config';
import { failureOf, queryOf, validateBody, validateRequestParts, compileValidationAnswer, type ValidationFailure } from '../../src/core/validation';
import { ERROR_BRAND } from '../../src/core/brand';
import { profiles } from '../../src/profiles';

const routesOf = (routes: object, profile = 'vsp' as const) => appRoutesOf(resolveAppConfig({ profile, routes }));

describe('strict compilation at startup', () => {
  it('lists every unknown keyword and format in one TypeError', () => {
    const build = () =>
      routesOf({
        'GET /a/:id': { schema: { params: { type: 'object', properties: { id: { type: 'integer', minimun: 1 } } } } },
        'POST /a': { schema: { body: { type: 'string', format: 'ldev-id' } } },
      });
    expect(build).toThrow(TypeError);
    expect(build).toThrow(/2 problems in request schemas:\n {2}- route "GET \/a\/:id" schema\.params: strict mode: unknown keyword: "minimun"\n {2}- route "POST \/a" body: unknown format "ldev-id"/);
  });

  it('a valid schema compiles once; the same app config reuses the table', () => {
    const config = resolveAppConfig({ profile: 'vsp', routes: { 'GET /a': { schema: { query: { type: 'object' } } } } });
    expect(appRoutesOf(config)).toBe(appRoutesOf(config));
  });

  it('"routes" must be an object', () => {
    expect(() => routesOf([] as never)).toThrow(/option "routes" must be an object/);
  });
});

describe('judging a request', () => {
  const routes = routesOf({
    'GET /a/:id': {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        query: { type: 'object', properties: { tags: { type: 'array', items: { type: 'integer' } }, limit: { type: 'integer' } }, required: ['limit'] },
        headers: { type: 'object', properties: { 'X-Serial': { type: 'string', minLength: 6 } }, required: ['X-Serial'] },
      },
    },
    'POST /a': { schema: { body: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } } } } },
  });
  const get = routes?.table.lookup('GET', '/a/1')?.route?.validator;
  const post = routes?.table.lookup('POST', '/a')?.route?.validator;

  it('coerces strings on copies: the request\'s own params, query and headers are untouched', () => {
    const params = { id: '1' };
    const headers = { 'x-serial': '123456' };
    expect(validateRequestParts(get as never, { params, url: '/a/1?limit=5&tags=1&tags=2', headers, hasBody: false })).toBeUndefined();
    expect(params).toEqual({ id: '1' });
    expect(headers).toEqual({ 'x-serial': '123456' });
  });

  it('header names are matched case-insensitively (the schema may say X-Serial)', () => {
    expect(validateRequestParts(get as never, { params: { id: '1' }, url: '/a/1?limit=1', headers: {}, hasBody: false })).toEqual([
      { location: 'header', keyword: 'required', field: 'x-serial', pointer: '#/x-serial', reason: 'is required' },
    ]);
  });

  it('parts are judged in order: path, then query, then headers', () => {
    expect(validateRequestParts(get as never, { params: { id: 'x' }, url: '/a/x', headers: {}, hasBody: false })?.[0]?.location).toBe('path');
    expect(validateRequestParts(get as never, { params: { id: '1' }, url: '/a/1', headers: {}, hasBody: false })?.[0]?.location).toBe('query');
  });

  it('a body failure names the member, not the array index, with an RFC 6901 pointer', () => {
    const failures = validateBody(post as never, { items: [{ name: 1 }] }, 'application/json', true);
    expect(failures).toEqual([{ location: 'body', keyword: 'type', field: 'name', pointer: '#/items/0/name', reason: 'must be string' }]);
  });

  it('a body is not judged when the request had none', () => {
    expect(validateBody(post as never, undefined, undefined, false)).toBeUndefined();
  });

  it('queryOf keeps a __proto__ key as data', () => {
    const query = queryOf('/a?__proto__=x&a=1');
    expect(Object.getPrototypeOf(query)).toBeNull();
    expect(query.__proto__).toBe('x');
  });
});

describe('failure text is bounded and sanitized', () => {
  it('a field name from the request loses control characters and is cut', () => {
    const failure = failureOf({ keyword: 'additionalProperties', instancePath: '', schemaPath: '#', params: { additionalProperty: `a\r\nb${'x'.repeat(200)}` } }, 'body', 64);
    expect(failure.field).toMatch(/^a {2}bx+…$/);
    expect(failure.field).toHaveLength(64);
  });

  it('the rendered message is capped at the profile\'s maxMessageLength (default 256)', () => {
    const failure: ValidationFailure = { location: 'body', keyword: 'type', field: 'y'.repeat(64), pointer: '#/y', reason: 'must be string'.repeat(30) };
    expect(compileValidationAnswer(profiles.mpc.document.validation)([failure]).message.length).toBeLessThanOrEqual(256);
  });

  it('the answer is a branded, exposed 4xx value carrying the vendor code and the failures', () => {
    const failure: ValidationFailure = { location: 'query', keyword: 'required', field: 'start_time', pointer: '#/start_time', reason: 'is required' };
    const answer = compileValidationAnswer(profiles.mpc.document.validation)([failure]);
    expect(answer).toMatchObject({ status: 400, expose: true, vendorCode: 'MPC.10202', message: 'Invalid request parameter, start_time is required.', failures: [failure] });
    expect(answer[ERROR_BRAND]).toBe('badRequest');
  });
});
