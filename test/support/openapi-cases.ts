/**
 * Data-driven cases for an app built from an OpenAPI document (`vendorCompat({ openapi })`):
 * each is one request and the exact answer the profile gives. Any harness can run them (see
 * test/openapi/openapi.contract.test.ts for Express 4/5, Koa 2/3, node:http).
 *
 * Vendor rows cited: VSP 405 KART94050-E + Allow, 415 KART94150-E, 406 KART94060-E (vsp.json
 * kinds); VSP 400 KART20008-E "Required parameters are not specified." (S21) and KART40038-E
 * "... (attribute = capacityInGB)" (S30); MPC 400 MPC.10204 (method), MPC.10205 (content type),
 * 406 MPC.10125, 400 MPC.10202 "Invalid request parameter, ..." (huawei-apig-mpc-and-stratos.md
 * §2.1, §2.3); RFC 9457 §3 `errors` with JSON Pointers for `problem`.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** One request and the answer expected. */
export interface OpenapiCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body (serialized with Content-Type application/json unless headers say otherwise). */
  readonly json?: unknown;
  /** A raw body. */
  readonly raw?: string;
  readonly status: number;
  /** Expected `Allow` (or null: must be absent). */
  readonly allow?: string | null;
  /** Members the parsed JSON body must have (deep-equal each). */
  readonly body?: Readonly<Record<string, unknown>>;
}

/** A document, the profile it is served with, and the cases. */
export interface OpenapiSuite {
  readonly title: string;
  readonly document: { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  readonly prefix: string;
  readonly profile: 'vsp' | 'mpc' | 'problem';
  readonly cases: readonly OpenapiCase[];
}

function load(file: string): OpenapiSuite['document'] {
  return YAML.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'openapi', file), 'utf8')) as OpenapiSuite['document'];
}

export const STORAGE_30 = load('storage-3.0.yaml');
export const MEDIA_31 = load('media-3.1.yaml');

const V = '/ConfigurationManager/v1';
const P = '0123456789abcdef0123456789abcdef';
const json = { 'content-type': 'application/json' };

const vspBadRequest = (message: string): Record<string, unknown> => ({ messageId: 'KART20008-E', message });

/** OpenAPI 3.0 storage document, VSP profile. */
const storageVsp: OpenapiCase[] = [
  { name: 'a valid GET reaches the route with its params as sent', method: 'GET', path: `${V}/objects/ldevs/12?count=5`, status: 200, body: { params: { ldevId: '12' }, query: { count: '5' } } },
  { name: 'a method the path does not list: 405 KART94050-E with Allow', method: 'DELETE', path: `${V}/objects/ldevs`, status: 405, allow: 'GET, HEAD, POST', body: { messageId: 'KART94050-E' } },
  { name: 'a Content-Type outside requestBody.content: 415 KART94150-E', method: 'POST', path: `${V}/objects/ldevs`, headers: { 'content-type': 'text/plain' }, raw: 'x', status: 415, body: { messageId: 'KART94150-E' } },
  { name: 'an Accept the 2xx content does not allow: 406 KART94060-E', method: 'GET', path: `${V}/objects/ldevs/1`, headers: { accept: 'text/html' }, status: 406, body: { messageId: 'KART94060-E' } },
  { name: 'a download declared application/octet-stream widens the app\'s Accept', method: 'GET', path: `${V}/objects/keys/backup`, headers: { accept: 'application/octet-stream' }, status: 200 },
  { name: 'an upload declared application/octet-stream widens the app\'s Content-Type', method: 'POST', path: `${V}/objects/keys/restore`, headers: { 'content-type': 'application/octet-stream' }, raw: 'KEYS', status: 200 },
  { name: 'a path parameter of the wrong type: 400 naming it', method: 'GET', path: `${V}/objects/ldevs/abc`, status: 400, body: vspBadRequest('The specified value of a parameter is invalid (attribute = ldevId): must be integer.') },
  { name: 'a query parameter out of range: 400 naming it', method: 'GET', path: `${V}/objects/ldevs?count=0`, status: 400, body: vspBadRequest('The specified value of a parameter is invalid (attribute = count): must be >= 1.') },
  { name: 'a header parameter that fails its pattern: 400 naming it', method: 'GET', path: `${V}/objects/ldevs`, headers: { 'x-storage-serial': 'abc' }, status: 400, body: vspBadRequest('The specified value of a parameter is invalid (attribute = x-storage-serial): must match pattern "^[0-9]{6,12}$".') },
  { name: 'a required query parameter missing: KART20008-E (S21)', method: 'GET', path: `${V}/objects/host-groups`, status: 400, body: vspBadRequest('Required parameters are not specified.') },
  {
    name: 'an unsupported body member: KART40038-E naming the attribute (S30)',
    method: 'POST',
    path: `${V}/objects/ldevs`,
    json: { poolId: 1, byteFormatCapacity: '10G', capacityInGB: 10 },
    status: 400,
    body: { messageId: 'KART40038-E', message: 'An unsupported parameter is specified in the request body, or the hierarchy of the specified parameter is invalid (attribute = capacityInGB)', solution: 'Check whether the specified attribute is correct, and whether the attribute is specified in the correct hierarchy.' },
  },
  { name: 'a required body member missing: KART20008-E (S21)', method: 'POST', path: `${V}/objects/ldevs`, json: { poolId: 1 }, status: 400, body: { ...vspBadRequest('Required parameters are not specified.'), solution: 'Check parameters.' } },
  { name: 'a required body missing: KART20008-E', method: 'POST', path: `${V}/objects/ldevs`, status: 400, body: vspBadRequest('Required parameters are not specified.') },
  { name: 'a valid body (3.0 nullable label) reaches the route untouched', method: 'POST', path: `${V}/objects/ldevs`, json: { poolId: 1, byteFormatCapacity: '10G', label: null }, status: 200, body: { body: { poolId: 1, byteFormatCapacity: '10G', label: null } } },
  { name: '3.0 boolean exclusiveMinimum is honoured', method: 'PATCH', path: `${V}/objects/pools/3`, json: { thresholdPercent: 0 }, status: 400, body: vspBadRequest('The specified value of a parameter is invalid (attribute = thresholdPercent): must be > 0.') },
  { name: 'an Authorization header parameter is ignored (OpenAPI §4.7.12.1)', method: 'POST', path: `${V}/sessions`, headers: { ...json, authorization: 'Basic dXNlcjpwYXNz' }, raw: '{"aliveTime":30}', status: 200 },
  { name: 'a path outside the document keeps the app\'s settings (404 from the router)', method: 'GET', path: `${V}/objects/unknown`, status: 404, body: { messageId: 'KART94040-E' } },
];

/** OpenAPI 3.1 media document, MPC profile. */
const mediaMpc: OpenapiCase[] = [
  { name: 'a valid GET with a repeated query key reaches the route as sent', method: 'GET', path: `/v1/${P}/transcodings?task_id=1&task_id=2`, status: 200, body: { params: { project_id: P }, query: { task_id: ['1', '2'] } } },
  { name: 'a method the path does not list: MPC answers 400 MPC.10204 without Allow', method: 'PATCH', path: `/v1/${P}/transcodings`, status: 400, allow: null, body: { error_code: 'MPC.10204', error_msg: 'Incorrect request method.' } },
  { name: 'a Content-Type outside requestBody.content: 400 MPC.10205', method: 'POST', path: `/v1/${P}/transcodings`, headers: { 'content-type': 'text/plain' }, raw: 'x', status: 400, body: { error_code: 'MPC.10205' } },
  { name: 'an Accept the 2xx content does not allow: 406 MPC.10125', method: 'GET', path: `/v1/${P}/notification`, headers: { accept: 'text/html' }, status: 406, body: { error_code: 'MPC.10125' } },
  { name: 'a query item of the wrong type: MPC.10202 naming it', method: 'GET', path: `/v1/${P}/transcodings?task_id=x`, status: 400, body: { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, task_id must be integer.' } },
  { name: 'a path parameter that fails its pattern: MPC.10202', method: 'GET', path: '/v1/not-a-project/transcodings', status: 400, body: { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, project_id must match pattern "^[0-9a-f]{32}$".' } },
  { name: 'a header parameter that fails its pattern: MPC.10202', method: 'GET', path: `/v1/${P}/transcodings`, headers: { 'x-project-id': 'nope' }, status: 400, body: { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, x-project-id must match pattern "^[0-9a-f]{32}$".' } },
  { name: 'a required query parameter missing: MPC.10202', method: 'DELETE', path: `/v1/${P}/transcodings`, status: 400, body: { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, task_id is required.' } },
  { name: 'a required body member missing: MPC.10202 naming it', method: 'POST', path: `/v1/${P}/transcodings`, json: { input: { bucket: 'b', location: 'cn-north-4', object: 'in.mp4' } }, status: 400, body: { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, output is required.' } },
  { name: 'a nested body member of the wrong type ($ref into components)', method: 'POST', path: `/v1/${P}/remux`, json: { input: { bucket: 'b', location: 'l', object: 'o' }, output: { bucket: 1, location: 'l', object: 'o' } }, status: 400, body: { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, bucket must be string.' } },
  { name: 'a 3.1 type array with null accepts null', method: 'POST', path: `/v1/${P}/watermark/templates`, json: { name: 'w', dx: null, dy: '10' }, status: 200, body: { body: { name: 'w', dx: null, dy: '10' } } },
  { name: 'a 3.1 const is judged', method: 'POST', path: `/v1/${P}/transcodings`, json: { input: { bucket: 'b', location: 'l', object: 'o' }, output: { bucket: 'b', location: 'l', object: 'o' }, priority: '1' }, status: 400, body: { error_code: 'MPC.10202', error_msg: 'Invalid request parameter, priority must be the allowed value.' } },
];

/** The same 3.0 document on RFC 9457: raw statuses and the `errors` extension (RFC 9457 §3). */
const storageProblem: OpenapiCase[] = [
  { name: '405 with Allow', method: 'PUT', path: `${V}/objects/ldevs/1`, status: 405, allow: 'GET, HEAD, PATCH, DELETE' },
  { name: '415', method: 'PATCH', path: `${V}/objects/ldevs/1`, headers: { 'content-type': 'application/xml' }, raw: '<x/>', status: 415 },
  { name: '406', method: 'GET', path: `${V}/objects/ldevs`, headers: { accept: 'application/xml' }, status: 406 },
  {
    name: '400 listing every body failure with a JSON Pointer',
    method: 'POST',
    path: `${V}/objects/host-groups`,
    json: { portId: 'CL9-Z', hostGroupName: '', extra: true },
    status: 400,
    body: {
      title: 'Bad Request',
      detail: 'extra is not a supported parameter',
      errors: [
        { detail: 'extra is not a supported parameter', pointer: '#/extra' },
        { detail: 'portId must match pattern "^CL[1-8]-[A-H]$"', pointer: '#/portId' },
        { detail: 'hostGroupName must NOT have fewer than 1 characters', pointer: '#/hostGroupName' },
      ],
    },
  },
  { name: '400 for a parameter names it and where it is', method: 'GET', path: `${V}/objects/jobs/0`, status: 400, body: { detail: 'jobId must be >= 1', errors: [{ detail: 'jobId must be >= 1', parameter: 'jobId', in: 'path' }] } },
];

export const OPENAPI_SUITES: readonly OpenapiSuite[] = [
  { title: 'OpenAPI 3.0 storage document, vsp', document: STORAGE_30, prefix: V, profile: 'vsp', cases: storageVsp },
  { title: 'OpenAPI 3.1 media document, mpc', document: MEDIA_31, prefix: '/v1', profile: 'mpc', cases: mediaMpc },
  { title: 'OpenAPI 3.0 storage document, problem', document: STORAGE_30, prefix: V, profile: 'problem', cases: storageProblem },
];
