/**
 * An absolute-form request-target (RFC 9112 §3.2.2: a server must accept it; HitachiBlockAPI, a
 * VSP client, sends one on every request) is routed and rendered by its origin-form path: VSP's
 * `errorSource` and RFC 9457's `instance` never show scheme and host (vsp.json `errorSource`
 * template `{{path}}`, problem.json `instance`).
 */
import type http from 'node:http';
import { makeRouteServer, ROUTE_FRAMEWORKS, type RouteFramework } from '../support/route-apps';
import { rawRequest } from '../support/raw-http';
import { close, listen } from '../property/http-client';

const PATH = '/ConfigurationManager/v1/objects/ldevs';
const ROUTES = { [`GET ${PATH}/:ldevId`]: { schema: { params: { type: 'object', properties: { ldevId: { type: 'integer' } } } } } };

// The suite's Fetch bridge prefixes `http://localhost` to the target and cannot build a Request from
// an absolute-form one; a Fetch runtime's server hands the handler a parsed URL instead.
const TARGETS = ROUTE_FRAMEWORKS.filter((framework): framework is Exclude<RouteFramework, 'fetch'> => framework !== 'fetch');

describe.each(TARGETS)('%s: absolute-form targets', (framework) => {
  let vsp: http.Server;
  let problem: http.Server;
  let vspPort: number;
  let problemPort: number;
  beforeAll(async () => {
    vsp = makeRouteServer(framework, { profile: 'vsp', routes: ROUTES }, [{ method: 'GET', path: `${PATH}/:ldevId` }]);
    problem = makeRouteServer(framework, { profile: 'problem', routes: ROUTES }, [{ method: 'GET', path: `${PATH}/:ldevId` }]);
    vspPort = await listen(vsp);
    problemPort = await listen(problem);
  });
  afterAll(async () => {
    await close(vsp);
    await close(problem);
  });

  it('VSP: the route\'s 400 for a refused id names the origin-form path in errorSource', async () => {
    const answer = await rawRequest(vspPort, `http://array.example:443${PATH}/abc?detailInfoType=x`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ errorSource: `${PATH}/abc` });
  });

  it('VSP: an accepted id reaches the route', async () => {
    const answer = await rawRequest(vspPort, `http://array.example${PATH}/7`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ params: { ldevId: '7' } });
  });

  it('problem: the 404 of an unknown path shows the origin-form path as instance', async () => {
    const answer = await rawRequest(problemPort, 'http://h.example/nowhere?x=1');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 404, instance: '/nowhere' });
  });
});
