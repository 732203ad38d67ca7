/**
 * Options are snapshots: error rules, routes, the OpenAPI document, `vars`, `preconditions` and
 * `requestId` are copied (and frozen) when the middleware is built, as fastify freezes its
 * validated options (`build/build-validation.js`); later changes to the caller's objects change
 * nothing, and `render` stays total whatever happens to them.
 */
import express from 'express';
import request from 'supertest';
import { resolveAppConfig, type AppConfig } from '../../src/core/app-config';
import { createEngine } from '../../src/core/engine';
import type { RenderedError, RequestView } from '../../src/core/render';

/** The engine's answer to a route's throw, for this view. */
function renderFor(config: AppConfig, thrown: unknown, view: RequestView, source: 'route'): RenderedError {
  return createEngine(config).answer({ method: view.method, url: view.path }, view.requestId, thrown, source).rendered;
}
import { compileErrorRules, type ErrorRule } from '../../src/core/error-rules';
import { evaluatePreconditions } from '../../src/core/preconditions';
import { appRoutesOf } from '../../src/core/routes/app-routes';
import { render } from '../../src/core/render';
import { vendorCompat } from '../../src/express';

class PoolBusyError extends Error {}
const VIEW = { method: 'GET', path: '/pools/3', requestId: 'acbc548ac6f2a0dbdb9e3518a7c0ff84' };

/** Fresh, mutable options with every kind of value the snapshot must copy. */
function freshOptions() {
  const rules: ErrorRule[] = [
    { instanceOf: PoolBusyError, kind: 'conflict', vendorCode: 'KART30005-E', headers: { 'x-pool': '3' } },
    { code: 'ECONNREFUSED', when: () => true, kind: 'badGateway' },
  ];
  const schema = { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] };
  const routes: Record<string, { maxBodyBytes?: number; schema?: { params?: Record<string, unknown> } }> = {
    'GET /pools/:id': { maxBodyBytes: 100, schema: { params: schema } },
  };
  const vars = { retryAfter: '45' };
  const preconditions = { requestMediaTypes: ['application/json'] };
  const requestId = { header: 'x-correlation-id' };
  return { profile: 'vsp' as const, errors: rules, routes, vars, preconditions, requestId };
}

/** Every mutation a caller could make after construction. */
function mutate(options: ReturnType<typeof freshOptions>): void {
  const rules = options.errors as unknown as Array<Record<string, unknown>>;
  rules.push({ instanceOf: Error, kind: 'notFound' });
  rules.unshift({ when: () => true, kind: 'gone' });
  (rules[1] as Record<string, unknown>).kind = 'garbage';
  (rules[1] as Record<string, unknown>).vendorCode = 42;
  ((rules[1] as { headers: Record<string, unknown> }).headers)['x-pool'] = 'changed';
  (rules[2] as Record<string, unknown>).when = () => {
    throw new Error('boom');
  };
  (rules[2] as Record<string, unknown>).kind = undefined;
  const route = options.routes['GET /pools/:id'] as { maxBodyBytes?: number; schema?: { params?: Record<string, unknown> } };
  route.maxBodyBytes = 1;
  ((route.schema?.params as { properties: Record<string, unknown> }).properties).id = { type: 'string' };
  options.routes['GET /later'] = {};
  options.vars.retryAfter = 'never';
  options.preconditions.requestMediaTypes.push('text/plain');
  options.requestId.header = 'x-other';
}

describe('resolveAppConfig: options are snapshots', () => {
  it('an error rule edited, replaced or pushed after construction changes nothing, and nothing throws', () => {
    const options = freshOptions();
    const config = resolveAppConfig(options);
    const before = renderFor(config, new PoolBusyError('Pool 3 is in use'), VIEW, 'route');
    const refused = renderFor(config, Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), VIEW, 'route');
    mutate(options);
    expect(renderFor(config, new PoolBusyError('Pool 3 is in use'), VIEW, 'route')).toEqual(before);
    expect(before.status).toBe(409);
    expect(before.headers['X-Pool']).toBe('3');
    expect(renderFor(config, Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), VIEW, 'route')).toEqual(refused);
    expect(refused.status).toBe(502);
    // The pushed `instanceOf: Error → notFound` rule is not there: a plain Error stays the 500.
    expect(renderFor(config, new Error('x'), VIEW, 'route').status).toBe(500);
  });

  it('compileErrorRules copies each rule: a rule edited after compiling is not read again', () => {
    const rules: ErrorRule[] = [{ name: 'PoolBusy', kind: 'conflict', message: 'busy' }];
    const compiled = compileErrorRules(rules);
    (rules[0] as unknown as Record<string, unknown>).kind = 'garbage';
    (rules[0] as unknown as Record<string, unknown>).message = () => {
      throw new Error('x');
    };
    expect(compiled(Object.assign(new Error(), { name: 'PoolBusy' }))?.status).toBe(409);
    expect(compiled(Object.assign(new Error(), { name: 'PoolBusy' }))?.message).toBe('busy');
  });

  it('a rule whose getters change between reads is read once (validated and used alike)', () => {
    let reads = 0;
    const rule = {
      name: 'X',
      get kind() {
        reads += 1;
        return reads === 1 ? 'conflict' : 'garbage';
      },
    };
    const compiled = compileErrorRules([rule]);
    expect(compiled(Object.assign(new Error(), { name: 'X' }))?.status).toBe(409);
    expect(reads).toBe(1);
  });

  it('vars, preconditions and requestId mutated after construction change nothing', () => {
    const options = freshOptions();
    const config = resolveAppConfig(options);
    mutate(options);
    expect(config.renderOptions.vars).toEqual({ retryAfter: '45' });
    expect(render({ status: 503 }, config.profile, VIEW, config.renderOptions).headers['Retry-After']).toBe('45');
    expect(config.preconditions.settings.requestMediaTypes).toEqual(['application/json']);
    const view = { method: 'POST', url: '/pools/3', headers: { 'content-type': 'text/plain', 'content-length': '2' } };
    expect(evaluatePreconditions(config.preconditions, view)?.kind).toBe('unsupportedMediaType');
    expect(config.requestIds.incomingHeader).toBe('x-correlation-id');
  });

  it('routes mutated after construction (before the table is first compiled) change nothing', () => {
    const options = freshOptions();
    const config = resolveAppConfig(options);
    mutate(options);
    const routes = appRoutesOf(config);
    expect(routes?.table.lookup('GET', '/later')?.route).toBeUndefined();
    const route = routes?.table.lookup('GET', '/pools/3')?.route;
    expect(route?.preconditions.maxBodyBytes).toBe(100);
    expect(route?.settings.schema?.params).toEqual({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] });
    expect(route?.validator?.params?.({ id: 'abc' })).toBe(false);
    expect(Object.isFrozen(config.options.routes)).toBe(true);
  });

  it('an OpenAPI document mutated after construction changes nothing', () => {
    const openapi = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/pools/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 200: { description: 'ok' } } } } },
    };
    const config = resolveAppConfig({ openapi });
    (openapi.paths as Record<string, unknown>)['/later'] = { get: { responses: { 200: { description: 'ok' } } } };
    openapi.paths['/pools/{id}'].get.parameters[0]!.schema.type = 'string';
    const routes = appRoutesOf(config);
    expect(routes?.table.lookup('GET', '/later')?.route).toBeUndefined();
    expect(routes?.table.lookup('GET', '/pools/3')?.route?.validator?.params?.({ id: 'abc' })).toBe(false);
  });
});

describe('Express 5: options mutated after vendorCompat() change no answer', () => {
  function build(options: ReturnType<typeof freshOptions>) {
    const app = express();
    const vc = vendorCompat(options);
    app.use(vc.preconditions);
    app.get('/pools/:id', (req) => {
      if (req.params.id === '3') throw new PoolBusyError('Pool 3 is in use');
      throw Object.assign(new Error('down'), { status: 503 });
    });
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    return app;
  }

  it('answers exactly as before the mutation', async () => {
    const options = freshOptions();
    const app = build(options);
    const ask = async () =>
      Promise.all([
        request(app).get('/pools/3').set('x-correlation-id', 'c1'),
        request(app).get('/pools/abc').set('x-correlation-id', 'c2'),
        request(app).get('/pools/4').set('x-correlation-id', 'c3'),
        request(app).get('/later').set('x-correlation-id', 'c4'),
        request(app).post('/other').set('x-correlation-id', 'c5').set('content-type', 'text/plain').send('hi'),
      ]);
    const strip = (res: request.Response) => ({ status: res.status, body: res.text, headers: { ...(res.headers as Record<string, string>), date: '' } as Record<string, string> });
    const before = (await ask()).map(strip);
    mutate(options);
    const after = (await ask()).map(strip);
    expect(after).toEqual(before);
    // What those answers are (VSP, seed-001): 409 from the rule, 400 from the schema, 503 with vars.retryAfter, 404, 415.
    expect(before.map((answer) => answer.status)).toEqual([409, 400, 503, 404, 415]);
    expect(before[2]?.headers['retry-after']).toBe('45');
  });
});
