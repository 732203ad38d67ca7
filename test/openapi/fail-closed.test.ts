/**
 * A route's schema is a promise that its handler only sees what the schema allows. An OpenAPI
 * document's schemas are compiled after startup (in the background, or on a route's first
 * request), so a schema ajv refuses there (here: a `pattern` that is not a regular expression,
 * which ECMA-262 §22.2 and JSON Schema's `pattern` both require it to be) cannot stop the app. The
 * route then fails closed on every target: the vendor's 500, the reason reported to `onError`,
 * the handler never called; and the document's other routes keep working.
 */
import request from 'supertest';
import { makeRouteServer, ROUTE_FRAMEWORKS } from '../support/route-apps';
import type { ErrorEvent } from '../../src/core/app-config';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'fail closed', version: '1' },
  paths: {
    '/items/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '([' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/things/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
};

describe.each(ROUTE_FRAMEWORKS)('%s: an OpenAPI schema that does not compile fails closed', (framework) => {
  const events: ErrorEvent[] = [];
  const server = makeRouteServer(framework, { profile: 'problem', openapi: DOCUMENT, onError: (event) => events.push(event) }, [
    { method: 'GET', path: '/items/:id' },
    { method: 'GET', path: '/things/:id' },
  ]);

  it('the route answers the vendor 500 (nothing leaked) and never reaches the handler, request after request', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await request(server).get('/items/abc');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, instance: '/items/abc' });
    }
    const reasons = events.filter((event) => event.status === 500).map((event) => String((event.error as Error | undefined)?.message));
    expect(reasons.length).toBeGreaterThanOrEqual(1);
    expect(reasons[0]).toMatch(/^vendor-compat: a request schema could not be compiled, so the route answers every request with a 500: route "GET \/items\/\{id\}" schema\.params: /);
  });

  it('the other routes are judged as before', async () => {
    expect((await request(server).get('/things/12')).status).toBe(200);
    expect((await request(server).get('/things/twelve')).status).toBe(400);
  });
});
