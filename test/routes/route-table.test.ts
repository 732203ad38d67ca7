/**
 * The route table's core: keys (`:param`, `{param}`, no method = every method),
 * compiled once into rou3's radix tree; a lookup gives the route, or a known path's 405 settings
 * (Allow, RFC 9110 §15.5.6; HEAD with GET, §9.3.2), or nothing; bad keys and settings throw at
 * startup.
 */
import { compileRouteTable, parseRouteKey, type RouteEntry } from '../../src/core/routes';
import { evaluatePreconditions } from '../../src/core/preconditions';
import { profiles } from '../../src/profiles';

const settings = profiles.vsp.document.preconditions;
const table = (entries: RouteEntry[]) => compileRouteTable(entries, settings, () => undefined);

describe('parseRouteKey', () => {
  it.each([
    ['GET /ConfigurationManager/v1/objects/ldevs/:id', 'GET', '/ConfigurationManager/v1/objects/ldevs/{id}', '/ConfigurationManager/v1/objects/ldevs/:p0', ['id']],
    ['post /v1/{project_id}/transcodings', 'POST', '/v1/{project_id}/transcodings', '/v1/:p0/transcodings', ['project_id']],
    ['/mapi/tenants', undefined, '/mapi/tenants', '/mapi/tenants', []],
    ['GET /files/{name}.json', 'GET', '/files/{name}.json', '/files/:p0.json', ['name']],
    ['GET /v1/{name}:cancel', 'GET', '/v1/{name}:cancel', '/v1/:p0\\:cancel', ['name']],
  ])('%s', (key, method, path, pattern, params) => {
    expect(parseRouteKey(key)).toEqual({ method, path, pattern, params });
  });

  it.each([
    ['GET ldevs', /must start with "\/"/],
    ['GET /a/*', /unsupported character/],
    ['GET /a/{id', /unbalanced/],
    ['GET /a/:id/:id', /appears twice/],
    ['GET /a?x=1', /query/],
    ['G(T /a', /invalid method/],
    ['GET /a/{1x}', /invalid parameter name/],
  ])('%s throws a TypeError naming the key', (key, message) => {
    expect(() => parseRouteKey(key)).toThrow(TypeError);
    expect(() => parseRouteKey(key)).toThrow(message);
  });
});

describe('compileRouteTable', () => {
  const routes = table([
    { key: 'GET /ldevs/:id', settings: {} },
    { key: 'DELETE /ldevs/{ldevId}', settings: {} },
    { key: 'POST /ldevs', settings: { maxBodyBytes: 1024 } },
    { key: '/mapi/tenants', settings: { methods: ['GET', 'PUT'] } },
    { key: 'GET /keys/backup', settings: { responseMediaTypes: ['application/octet-stream'] } },
  ]);

  it('finds the route for its method, with params decoded under each route\'s own names', () => {
    const get = routes.lookup('GET', '/ldevs/a%20b')?.route;
    expect(get?.key).toBe('GET /ldevs/:id');
    expect(routes.params(get as NonNullable<typeof get>, '/ldevs/a%20b')).toEqual({ id: 'a b' });
    const del = routes.lookup('DELETE', '/ldevs/7')?.route;
    expect(routes.params(del as NonNullable<typeof del>, '/ldevs/7')).toEqual({ ldevId: '7' });
  });

  it('serves HEAD with the GET route (RFC 9110 §9.3.2)', () => {
    expect(routes.lookup('HEAD', '/ldevs/1')?.route?.key).toBe('GET /ldevs/:id');
  });

  it('gives a known path\'s other methods the app\'s settings with the path\'s methods: 405 with Allow', () => {
    const found = routes.lookup('PUT', '/ldevs/1');
    expect(found?.route).toBeUndefined();
    const violation = evaluatePreconditions(found?.notAllowed as NonNullable<typeof found>['notAllowed'] & object, { method: 'PUT', url: '/ldevs/1', headers: {} });
    expect(violation).toMatchObject({ kind: 'methodNotAllowed', headers: { allow: 'GET, HEAD, DELETE' } });
  });

  it('a key without a method takes every method (its own `methods` may still say 405)', () => {
    const found = routes.lookup('POST', '/mapi/tenants');
    expect(found?.route?.key).toBe('/mapi/tenants');
    expect(evaluatePreconditions(found?.route?.preconditions as never, { method: 'POST', headers: {} })).toMatchObject({ kind: 'methodNotAllowed', headers: { allow: 'GET, HEAD, PUT' } });
  });

  it('a route\'s settings replace the app\'s key by key, so they may widen them', () => {
    const backup = routes.lookup('GET', '/keys/backup')?.route;
    expect(backup?.preconditions.responseMediaTypes).toEqual(['application/octet-stream']);
    expect(backup?.preconditions.requestMediaTypes).toEqual(routes.lookup('GET', '/ldevs/1')?.route?.preconditions.requestMediaTypes);
    expect(routes.lookup('POST', '/ldevs')?.route?.preconditions.maxBodyBytes).toBe(1024);
  });

  it('an unknown path is not the table\'s: undefined (the app\'s settings apply)', () => {
    expect(routes.lookup('GET', '/nope')).toBeUndefined();
    expect(routes.lookup('GET', '/ldevs/1/extra')).toBeUndefined();
  });

  it('one trailing slash is the same path', () => {
    expect(routes.lookup('GET', '/ldevs/1/')?.route?.key).toBe('GET /ldevs/:id');
  });

  it('500 routes: every one is found (lookup cost is measured in bench/routes.js, not here)', () => {
    const many = table(Array.from({ length: 500 }, (_, i) => ({ key: `GET /v1/resource${i}/{id}/items`, settings: {} })));
    for (let i = 0; i < 500; i += 37) expect(many.lookup('GET', `/v1/resource${i}/x/items`)?.route?.key).toBe(`GET /v1/resource${i}/{id}/items`);
  });

  it.each([
    [[{ key: 'GET /a/:id', settings: {} }, { key: 'GET /a/{x}', settings: {} }], /name the same method and path/],
    [[{ key: 'GET /a', settings: { methods: ['GET'] } }], /"methods" belongs to a key without a method/],
    [[{ key: 'GET /a', settings: { maxBodyBytes: -1 } }], /route "GET \/a": preconditions.maxBodyBytes must be/],
    [[{ key: 'GET /a', settings: { colour: 'red' } as never }], /route "GET \/a": unknown precondition "colour"/],
    [[{ key: 'GET /a', settings: { schema: { cookies: {} } } as never }], /unknown schema part "cookies"/],
    [[{ key: 'GET /a', settings: null as never }], /settings must be an object/],
  ])('throws a TypeError at startup: %j', (entries, message) => {
    expect(() => table(entries as RouteEntry[])).toThrow(TypeError);
    expect(() => table(entries as RouteEntry[])).toThrow(message);
  });
});
