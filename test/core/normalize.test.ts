/**
 * normalize(thrown): anything thrown becomes one plain, safe description, read once and never
 * mutated (tRPC getTRPCErrorFromUnknown; finalhandler getErrorStatusCode for the 4xx/5xx range).
 */
import createError from 'http-errors';
import { normalize } from '../../src/core/normalize';
import { conflict, notFound } from '../../src/core/errors';

describe('normalize(thrown): kind and exposed message', () => {
  it.each([
    ['an http-errors 404 with a message', createError(404, 'Tenant t1 does not exist'), 'notFound', 'Tenant t1 does not exist'],
    ['an http-errors 404 without a message (default "Not Found" is not a message)', createError(404), 'notFound', undefined],
    ['an http-errors 503 (expose false)', createError(503, 'db down'), 'serviceUnavailable', undefined],
    ['an http-errors 503 with expose: true', createError(503, 'maintenance until 10:00', { expose: true }), 'serviceUnavailable', 'maintenance until 10:00'],
    ['an Error with status 409', Object.assign(new Error('exists'), { status: 409 }), 'conflict', 'exists'],
    ['an Error with statusCode 429', Object.assign(new Error('slow down'), { statusCode: 429 }), 'tooManyRequests', 'slow down'],
    ['an Error with status 409 and expose: false', Object.assign(new Error('secret'), { status: 409, expose: false }), 'conflict', undefined],
    ['a plain Error', new Error('password=hunter2'), 'internalServerError', undefined],
    ['a plain Error with expose: true but no status', Object.assign(new Error('x'), { expose: true }), 'internalServerError', undefined],
    ['a string', 'boom', 'internalServerError', undefined],
    ['undefined', undefined, 'internalServerError', undefined],
    ['null', null, 'internalServerError', undefined],
    ['a number', 42, 'internalServerError', undefined],
    ['a symbol', Symbol('s'), 'internalServerError', undefined],
    ['a BigInt', BigInt(7), 'internalServerError', undefined],
    ['a status of 0', { status: 0, message: 'm' }, 'internalServerError', undefined],
    ['a status of 99', { status: 99, message: 'm' }, 'internalServerError', undefined],
    ['a status of 600', { status: 600, message: 'm' }, 'internalServerError', undefined],
    ['a status of "404" (string)', { status: '404', message: 'm' }, 'internalServerError', undefined],
    ['a status of NaN', { status: Number.NaN, message: 'm' }, 'internalServerError', undefined],
    ['a status of 404.5', { status: 404.5, message: 'm' }, 'internalServerError', undefined],
    ['a status of 418 (no kind of its own)', { status: 418, message: "I'm a teapot" }, 'badRequest', "I'm a teapot"],
    ['a 3xx status', { status: 302, message: 'moved' }, 'internalServerError', undefined],
    ['a branded notFound', notFound('gone away'), 'notFound', 'gone away'],
  ])('%s', (_label, thrown, kind, message) => {
    const result = normalize(thrown);
    expect(result.kind).toBe(kind);
    expect(result.message).toBe(message);
  });

  it('prefers status over statusCode (finalhandler order)', () => {
    expect(normalize({ status: 404, statusCode: 409 }).kind).toBe('notFound');
  });
});

describe('normalize(thrown): hostile values never throw', () => {
  it.each([
    ['a throwing status getter', Object.defineProperty(new Error('x'), 'status', { get() { throw new Error('getter'); } })],
    ['a throwing message getter on a 400', Object.defineProperty({ status: 400 }, 'message', { get() { throw new Error('getter'); } })],
    ['a Proxy whose every trap throws', new Proxy({}, { get() { throw new Error('get'); }, ownKeys() { throw new Error('keys'); }, has() { throw new Error('has'); } })],
    ['a revoked Proxy', (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()],
    ['a frozen error', Object.freeze(createError(400, 'frozen'))],
  ])('%s', (_label, thrown) => {
    expect(() => normalize(thrown)).not.toThrow();
  });

  it('caps a huge message at 2048 characters', () => {
    expect(normalize(createError(400, 'x'.repeat(100_000))).message).toHaveLength(2048);
  });

  it('does not mutate the thrown error', () => {
    const err = createError(404, 'x');
    const before = { ...err, message: err.message };
    normalize(err);
    expect({ ...err, message: err.message }).toEqual(before);
  });
});

describe('normalize(thrown): vendorCode, details, headers', () => {
  it('keeps a token-shaped vendorCode, even on a 5xx', () => {
    expect(normalize(createError(409, 'm', { vendorCode: 'KART30005-E' })).vendorCode).toBe('KART30005-E');
    expect(normalize(createError(500, 'm', { vendorCode: 'APIG.0601' })).vendorCode).toBe('APIG.0601');
  });

  it.each(['has space', 'a\r\nb', '', 'x'.repeat(65), 42])('drops a vendorCode that is not a short printable token: %p', (code) => {
    expect(normalize(createError(409, 'm', { vendorCode: code })).vendorCode).toBeUndefined();
  });

  it('keeps details of an exposed error as JSON-safe data only', () => {
    const details = JSON.parse('{"solution":"Check.","__proto__":{"polluted":true},"n":1,"nested":{"a":[1,"b"]}}') as Record<string, unknown>;
    Object.assign(details, { fn: () => 1, inf: Infinity });
    const result = normalize(conflict('m', { details }));
    expect(result.details).toEqual({ solution: 'Check.', n: 1, nested: { a: [1, 'b'] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops details of a 5xx that does not expose', () => {
    expect(normalize(createError(500, 'm', { details: { cause: 'secret' } })).details).toBeUndefined();
  });

  it('keeps details of a 4xx even without a message of its own', () => {
    expect(normalize(createError(400, { details: { solution: 'S' } } as never)).details).toEqual({ solution: 'S' });
  });

  it('survives circular details', () => {
    const details: Record<string, unknown> = { a: 1 };
    details.self = details;
    expect(normalize(conflict('m', { details })).details).toEqual({ a: 1, self: { a: 1, self: { a: 1 } } });
  });

  it('reads err.headers as lower-cased names with string values', () => {
    const err = createError(405, 'm', { headers: { Allow: 'GET, HEAD', 'Retry-After': 5, 'X-List': ['a', 'b'], 'X-Bad': { o: 1 } } });
    expect(normalize(err).headers).toEqual([['allow', 'GET, HEAD'], ['retry-after', '5'], ['x-list', 'a, b']]);
  });
});
