/**
 * Path parameters, query and headers are judged from the request head, so an invalid one is
 * answered in checkContinue, before `100 Continue`: the client never uploads the body (
 * "the table applies wherever a request is judged"). MPC wording: 400 MPC.10202 (§2.1).
 */
import { close, exchange, listen } from '../hooks/raw-client';
import { makeRouteServer, ROUTE_FRAMEWORKS } from '../support/route-apps';

const ROUTES = {
  'POST /v1/:project_id/remux': {
    schema: {
      params: { type: 'object', properties: { project_id: { type: 'string', pattern: '^[0-9a-f]{32}$' } } },
      body: { type: 'object' },
    },
  },
};

describe.each(ROUTE_FRAMEWORKS)('%s', (framework) => {
  const server = makeRouteServer(framework, { profile: 'mpc', routes: ROUTES }, [{ method: 'POST', path: '/v1/:project_id/remux' }]);
  let port = 0;
  beforeAll(async () => {
    port = await listen(server);
  });
  afterAll(() => close(server));

  const head = (project: string): string =>
    `POST /v1/${project}/remux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n`;

  it('an invalid path parameter is answered before 100 Continue, in MPC\'s words', async () => {
    const { text } = await exchange(port, [head('nope')], { waitMs: 800 });
    expect(text.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(text).not.toContain('100 Continue');
    expect(text).toContain('{"error_code":"MPC.10202","error_msg":"Invalid request parameter, project_id must match pattern \\"^[0-9a-f]{32}$\\"."}');
  });

  it('a valid one is invited to send its body', async () => {
    const { text } = await exchange(port, [head('0123456789abcdef0123456789abcdef'), '{}'], { waitMs: 800, gapMs: 100 });
    expect(text.startsWith('HTTP/1.1 100 Continue\r\n')).toBe(true);
    expect(text).toContain('HTTP/1.1 200 OK');
  });
});
