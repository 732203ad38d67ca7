/**
 * an OpenAPI 3.0 and a 3.1 document (20+ operations, $refs, path, query and
 * header parameters) drive 405/415/406/400 through every adapter, and a valid request passes
 * untouched. Cases and their vendor rows: test/support/openapi-cases.ts.
 */
import request from 'supertest';
import type http from 'node:http';
import { OPENAPI_SUITES, type OpenapiCase } from '../support/openapi-cases';
import { echoRoutesOf, makeRouteServer, ROUTE_FRAMEWORKS } from '../support/route-apps';

function send(server: http.Server, c: OpenapiCase): request.Test {
  let test = request(server)[c.method.toLowerCase() as 'get'](c.path);
  for (const [name, value] of Object.entries(c.headers ?? {})) test = test.set(name, value);
  if (c.json !== undefined) test = test.set('content-type', 'application/json').send(JSON.stringify(c.json));
  else if (c.raw !== undefined) test = test.send(c.raw);
  return test;
}

describe.each(ROUTE_FRAMEWORKS)('%s', (framework) => {
  describe.each(OPENAPI_SUITES)('$title', (suite) => {
    const routes = [
      ...echoRoutesOf(suite.document, suite.prefix).filter((route) => !route.path.endsWith('/keys/backup')),
      { method: 'GET', path: `${suite.prefix}/objects/keys/backup`, produces: 'application/octet-stream' },
    ];
    const server = makeRouteServer(framework, { profile: suite.profile, openapi: suite.document }, routes);

    it.each(suite.cases)('$name', async (c) => {
      const response = await send(server, c);
      expect(response.status).toBe(c.status);
      if (c.allow === null) expect(response.headers.allow).toBeUndefined();
      else if (c.allow !== undefined) expect(response.headers.allow).toBe(c.allow);
      if (c.body !== undefined) {
        const parsed = JSON.parse(response.text) as Record<string, unknown>;
        for (const [key, value] of Object.entries(c.body)) expect([key, parsed[key]]).toEqual([key, value]);
      }
    });
  });
});
