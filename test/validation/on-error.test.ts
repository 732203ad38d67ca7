/**
 * Validation failures are reported to `onError` with `source: 'validation'` (the shared
 * ErrorEvent), whether the before-the-route stage or `vc.validate` answered, and the
 * event's error is the branded RequestValidationError with its failures.
 */
import request from 'supertest';
import { makeRouteServer, ROUTE_FRAMEWORKS } from '../support/route-apps';
import type { ErrorEvent } from '../../src/express';

const ROUTES = {
  'GET /v1/items/:id': { schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } } },
  'POST /v1/items': { schema: { body: { type: 'object', required: ['name'] } } },
};

describe.each(ROUTE_FRAMEWORKS)('%s', (framework) => {
  const events: ErrorEvent[] = [];
  const server = makeRouteServer(framework, { profile: 'mpc', routes: ROUTES, onError: (event) => events.push(event) }, [
    { method: 'GET', path: '/v1/items/:id' },
    { method: 'POST', path: '/v1/items' },
  ]);
  beforeEach(() => {
    events.length = 0;
  });

  it('a path parameter failure: source validation, status 400, MPC.10202', async () => {
    await request(server).get('/v1/items/x').expect(400);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: 'validation', status: 400, kind: 'badRequest', code: 'MPC.10202', method: 'GET', path: '/v1/items/x', written: true });
    expect((events[0]?.error as { failures: unknown[] }).failures).toEqual([{ location: 'path', keyword: 'type', field: 'id', pointer: '#/id', reason: 'must be integer' }]);
  });

  it('a body failure: source validation', async () => {
    await request(server).post('/v1/items').set('content-type', 'application/json').send('{}').expect(400);
    expect(events.map((event) => [event.source, event.code])).toEqual([['validation', 'MPC.10202']]);
  });

  it('a valid request reports nothing', async () => {
    await request(server).get('/v1/items/3').expect(200);
    expect(events).toEqual([]);
  });
});
