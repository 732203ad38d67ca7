/**
 * The demo's OpenAPI part: a small VSP-style pool API served from an OpenAPI 3.0
 * document given to `vendorCompat({ openapi })`. The document alone gives the methods (405 +
 * Allow for the others, or the profile's substitute), the media types (415, 406), and the
 * parameter and body schemas (400 in the profile's words); the handlers below only serve data.
 */
import type express from 'express';
import type { ExpressVendorCompat } from '../src/express';

/** The path prefix, from the document's `servers[0].url`. */
export const DEMO_API = '/demo/api/v1';

/** The demo API's document (a YAML file would be loaded with the `yaml` package, README "OpenAPI"). */
export const demoOpenapi = {
  openapi: '3.0.3',
  info: { title: 'vendor-compat demo: storage pools', version: '1.0.0' },
  servers: [{ url: DEMO_API }],
  paths: {
    '/pools': {
      get: {
        parameters: [{ name: 'count', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }],
        responses: { '200': { description: 'Pools', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPool' } } } },
        responses: { '201': { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pool' } } } } },
      },
    },
    '/pools/{poolId}': {
      parameters: [{ $ref: '#/components/parameters/PoolId' }],
      get: { responses: { '200': { description: 'A pool', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pool' } } } } } },
      delete: { responses: { '204': { description: 'Deleted' } } },
    },
    '/keys/backup': {
      get: { responses: { '200': { description: 'The key backup', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } } },
    },
  },
  components: {
    parameters: { PoolId: { name: 'poolId', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: 127 } } },
    schemas: {
      NewPool: {
        type: 'object',
        required: ['poolId', 'poolName'],
        additionalProperties: false,
        properties: { poolId: { type: 'integer', minimum: 0, maximum: 127 }, poolName: { type: 'string', minLength: 1, maxLength: 32 } },
      },
      Pool: { type: 'object', properties: { poolId: { type: 'integer' }, poolName: { type: 'string' } } },
    },
  },
} as const;

/**
 * Mounts the API's handlers (the checks come from the document, in `vc.preconditions` and, after
 * the JSON parser, `vc.validate`).
 *
 * @example
 * mountOpenapiDemo(app, vc, express)
 */
export function mountOpenapiDemo(app: express.Express, vc: ExpressVendorCompat, expressModule: typeof express): void {
  const pools = new Map<number, { poolId: number; poolName: string }>([[0, { poolId: 0, poolName: 'pool-0' }]]);
  app.use(DEMO_API, expressModule.json(), vc.validate);
  app.get(`${DEMO_API}/pools`, (req, res) => {
    res.json({ data: [...pools.values()].slice(0, Number(req.query.count ?? 100)) });
  });
  app.post(`${DEMO_API}/pools`, (req, res) => {
    const pool = req.body as { poolId: number; poolName: string };
    pools.set(pool.poolId, pool);
    res.status(201).json(pool);
  });
  app.get(`${DEMO_API}/pools/:poolId`, (req, res, next) => {
    const pool = pools.get(Number(req.params.poolId));
    if (pool === undefined) next();
    else res.json(pool);
  });
  app.delete(`${DEMO_API}/pools/:poolId`, (req, res) => {
    pools.delete(Number(req.params.poolId));
    res.status(204).end();
  });
  app.get(`${DEMO_API}/keys/backup`, (_req, res) => {
    res.type('application/octet-stream').send(Buffer.from('demo key backup\n'));
  });
}

/**
 * The curl lines the demo prints for its OpenAPI part.
 *
 * @example
 * openapiCurlLines('http://127.0.0.1:3000')[0] // "  curl -i http://127.0.0.1:3000/demo/api/v1/pools?count=5 ..."
 */
export function openapiCurlLines(base: string): string[] {
  const api = `${base}${DEMO_API}`;
  return [
    '',
    `From the OpenAPI document (vendorCompat({ openapi }), paths under ${DEMO_API}):`,
    `  curl -i '${api}/pools?count=5'                                     # valid`,
    `  curl -i -X PUT ${api}/pools/0                                        # 405 (Allow: GET, HEAD, DELETE) or the profile's substitute`,
    `  curl -i -X POST ${api}/pools -H 'Content-Type: text/plain' -d 'x'   # 415 from requestBody.content`,
    `  curl -i ${api}/pools -H 'Accept: text/html'                          # 406 from the 2xx content`,
    `  curl -i ${api}/pools/abc                                             # 400: path parameter poolId`,
    `  curl -i '${api}/pools?count=0'                                       # 400: query parameter count`,
    `  curl -i -X POST ${api}/pools -H 'Content-Type: application/json' -d '{"poolId":7}'                             # 400: poolName is required`,
    `  curl -i -X POST ${api}/pools -H 'Content-Type: application/json' -d '{"poolId":7,"poolName":"p","capacityInGB":1}'   # 400: unsupported member`,
    `  curl -i -X POST ${api}/pools -H 'Content-Type: application/json' -d '{"poolId":7,"poolName":"gold"}'          # 201`,
    `  curl -i ${api}/keys/backup -H 'Accept: application/octet-stream'    # the route widens Accept`,
  ];
}
