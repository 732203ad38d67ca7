/**
 * for every profile, invalid path parameters, query, headers and body are
 * answered the vendor's way (the profile's `validation` section), and a valid request reaches the
 * route untouched, over Express 4/5, Koa 2/3 and node:http. Cases and the vendor rows they cite:
 * test/support/validation-cases.ts.
 */
import request from 'supertest';
import { XMLParser } from 'fast-xml-parser';
import type http from 'node:http';
import { makeRouteServer, ROUTE_FRAMEWORKS } from '../support/route-apps';
import { contentTypeOn } from '../support/runtime-differences';
import { VALIDATION_ECHO_ROUTES, VALIDATION_EXPECTED, VALIDATION_FAILURES, VALIDATION_PROFILES, VALIDATION_ROUTES, type ValidationFailureCase } from '../support/validation-cases';

function send(server: http.Server, c: ValidationFailureCase): request.Test {
  let test = request(server)[c.method === 'GET' ? 'get' : 'post'](c.path);
  for (const [name, value] of Object.entries(c.headers ?? {})) test = test.set(name, value);
  return c.json === undefined ? test : test.set('content-type', 'application/json').send(JSON.stringify(c.json));
}
/** An XML error body's root children, every leaf a string (the s3 profiles' `<Error>`). */
const xmlRoot = (text: string): Record<string, string> =>
  Object.values(new XMLParser({ parseTagValue: false, ignoreDeclaration: true }).parse(text) as Record<string, Record<string, string>>)[0] ?? {};
const post = (server: http.Server, body: unknown): request.Test => request(server).post('/v1/items').set('content-type', 'application/json').send(JSON.stringify(body));

describe.each(ROUTE_FRAMEWORKS)('%s', (framework) => {
  describe.each(VALIDATION_PROFILES)('profile %s', (profile) => {
    const server = makeRouteServer(framework, { profile, routes: VALIDATION_ROUTES }, VALIDATION_ECHO_ROUTES);

    it.each(VALIDATION_FAILURES)('answers $name ($location) the vendor\'s way', async (failure) => {
      const response = await send(server, failure);
      const expected = VALIDATION_EXPECTED[profile](failure);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe(contentTypeOn(framework, expected.type));
      for (const [name, value] of Object.entries(expected.headers ?? {})) expect(response.headers[name]).toBe(value);
      if (expected.empty === true) expect(response.text).toBe('');
      if (expected.body !== undefined) expect(JSON.parse(response.text)).toMatchObject(expected.body);
      if (expected.xml !== undefined) {
        expect(xmlRoot(response.text)).toMatchObject(expected.xml);
        expect(xmlRoot(response.text).RequestId).toBe(response.headers['x-amz-request-id']);
      }
      if (profile === 'apig') expect(JSON.parse(response.text).request_id).toBe(response.headers['x-request-id']);
    });

    it('lets a valid GET through with its parameters as sent (strings, not coerced copies)', async () => {
      const response = await request(server).get('/v1/items/7?start_time=1700000000').set('X-Client-Version', '3');
      expect(response.status).toBe(200);
      const echoed = JSON.parse(response.text) as Record<string, unknown>;
      expect([echoed.params, echoed.query]).toEqual([{ id: '7' }, { start_time: '1700000000' }]);
    });

    it('lets a valid body through untouched', async () => {
      const body = { name: 'admin', password: 'secret-pw' };
      const response = await post(server, body);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.text).body).toEqual(body);
    });
  });
});
