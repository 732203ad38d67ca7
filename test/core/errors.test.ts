/**
 * Errors keep the http-errors protocol and are recognised by a Symbol.for brand, also across
 * realms (Jest's vm contexts: koa#1466) and duplicate installs (fastify-error instanceof.test.js).
 */
import vm from 'node:vm';
import createError from 'http-errors';
import { closedPort } from '../support/upstreams';
import { ERROR_BRAND, conflict, createVendorError, isVendorCompatError, notFound, serviceUnavailable } from '../../src/core/errors';

describe('createVendorError(kind, message, props)', () => {
  it('builds an http-errors object with status, statusCode and expose', () => {
    const err = notFound('Tenant t1 does not exist');
    expect(err).toBeInstanceOf(Error);
    expect(createError.isHttpError(err)).toBe(true);
    expect(err.status).toBe(404);
    expect(err.statusCode).toBe(404);
    expect(err.expose).toBe(true);
    expect(err.message).toBe('Tenant t1 does not exist');
  });

  it('does not expose 5xx messages by default (http-errors ServerError.expose = false)', () => {
    expect(serviceUnavailable('maintenance').expose).toBe(false);
    expect(serviceUnavailable('maintenance', { expose: true }).expose).toBe(true);
  });

  it('carries vendorCode, details and headers', () => {
    const err = conflict('exists', { vendorCode: 'KART30005-E', details: { solution: 'Retry.' }, headers: { 'retry-after': '5' } });
    expect(err.vendorCode).toBe('KART30005-E');
    expect(err.details).toEqual({ solution: 'Retry.' });
    expect(err.headers).toEqual({ 'retry-after': '5' });
  });

  it('leaves the message empty (not "Not Found") when none is given', () => {
    expect(notFound().message).toBe('');
  });

  it('throws a TypeError for an unknown kind', () => {
    expect(() => createVendorError('teapot' as never)).toThrow(new TypeError('vendor-compat: unknown error kind "teapot"'));
  });

  it('hides its own frame from the stack (Boom "stack trace" test)', () => {
    expect(notFound('x').stack).not.toMatch(/core[\\/]errors\.ts/);
  });

  it('names each factory after its kind', () => {
    expect(notFound.name).toBe('notFound');
  });
});

describe('isVendorCompatError(value)', () => {
  it('recognises the brand on an object from another realm (no instanceof)', () => {
    const foreign = vm.runInNewContext('const e = new Error("x"); e[Symbol.for("vendor-compat/error")] = "conflict"; e');
    expect(foreign instanceof Error).toBe(false);
    expect(isVendorCompatError(foreign)).toBe(true);
  });

  it('uses the global symbol registry', () => {
    expect(ERROR_BRAND).toBe(Symbol.for('vendor-compat/error'));
  });

  it.each([
    ['a plain Error', new Error('x')],
    ['an http-errors object', createError(404)],
    ['a string', 'boom'],
    ['null', null],
    ['a brand with an unknown kind', { [Symbol.for('vendor-compat/error')]: 'teapot' }],
  ])('is false for %s', (_label, value) => {
    expect(isVendorCompatError(value)).toBe(false);
  });

  it('is false, not a crash, for a Proxy whose get trap throws', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expect(isVendorCompatError(hostile)).toBe(false);
  });
});

describe('factories keep cause and every prop http-errors keeps', () => {
  it('badGateway(undefined, { cause }) keeps the original error as a native cause (own, non-enumerable)', async () => {
    const original = await fetch(`http://127.0.0.1:${await closedPort()}/`).catch((error: unknown) => error); // a real ECONNREFUSED
    const err = createVendorError('badGateway', undefined, { cause: original });
    expect(err.cause).toBe(original);
    expect(Object.getOwnPropertyDescriptor(err, 'cause')).toEqual({ value: original, enumerable: false, writable: true, configurable: true });
    expect(Object.keys(err)).not.toContain('cause');
  });

  it('copies other props as createError(status, message, props) does, and never lets them change the status', () => {
    const err = conflict('Volume 12 exists', { type: 'volume.exists', volumeId: 12, status: 200, statusCode: 200 } as never);
    const reference = createError(409, 'Volume 12 exists', { type: 'volume.exists', volumeId: 12, status: 200, statusCode: 200 });
    expect({ type: (err as unknown as { type: string }).type, volumeId: (err as unknown as { volumeId: number }).volumeId, status: err.status, statusCode: err.statusCode })
      .toEqual({ type: (reference as unknown as { type: string }).type, volumeId: (reference as unknown as { volumeId: number }).volumeId, status: reference.status, statusCode: reference.statusCode });
    expect(err.status).toBe(409);
  });

  it('no cause given: no cause property', () => {
    expect(Object.prototype.hasOwnProperty.call(notFound(), 'cause')).toBe(false);
  });
});
