/**
 * Data-driven cases for request validation in every profile's words, for any harness:
 * a route table (`VALIDATION_ROUTES`), echo routes to mount, invalid requests as data
 * (`VALIDATION_FAILURES`) and what each profile answers (`VALIDATION_EXPECTED`). Vendor targets
 * (shared/vendors):
 * - APIG `400 {"error_code":"APIG.2011","error_msg":"Invalid parameter value,parameterName:name. Please refer to the support documentation"}` (huawei-apig-mpc-and-stratos.md §1.1);
 * - MPC `400 MPC.10202 "Invalid request parameter, start_time cannot be greater than end_time."` (§2.1);
 * - VSP `400 KART40038-E "... (attribute = capacityInGB)"` (S30) and `KART20008-E "Required parameters are not specified."` (S21);
 * - HCP `400` + `X-HCP-ErrorMessage: 'password' parameter is required.` (hitachi-hcp-and-vsp.md §1, S1);
 * - Stratos `400 {"status":"error","message":"..."}` (§3.2; "password cannot be null" from the authentication handler);
 * - problem: RFC 9457 §3's `errors` extension of `{ detail, pointer }`;
 * - s3, hcp-s3: `400 <Error><Code>InvalidArgument</Code><Message>Provided max-keys …</Message>…` (docs/sources/s3.md S3-2, S3-10).
 */
import type { ProfileName } from '../../src/profiles';
import type { EchoRoute } from './route-apps';

export const VALIDATION_ROUTES = {
  'GET /v1/items/:id': {
    schema: {
      params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
      query: { type: 'object', properties: { start_time: { type: 'integer' } } },
      headers: { type: 'object', properties: { 'X-Client-Version': { type: 'string', pattern: '^[0-9]+$' } } },
    },
  },
  'POST /v1/items': {
    schema: {
      body: { type: 'object', required: ['name', 'password'], additionalProperties: false, properties: { name: { type: 'string' }, password: { type: 'string', minLength: 8 } } },
    },
  },
} as const;
export const VALIDATION_ECHO_ROUTES: EchoRoute[] = [
  { method: 'GET', path: '/v1/items/:id' },
  { method: 'POST', path: '/v1/items' },
];

/** One invalid request, as data, and the failure it must be named by. */
export interface ValidationFailureCase {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body, sent with Content-Type application/json. */
  readonly json?: unknown;
  readonly field: string;
  readonly reason: string;
  readonly keyword: 'type' | 'pattern' | 'required' | 'additionalProperties';
  readonly pointer?: string;
  readonly location: 'path' | 'query' | 'header' | 'body';
}

export const VALIDATION_FAILURES: ValidationFailureCase[] = [
  { name: 'a path parameter of the wrong type', method: 'GET', path: '/v1/items/abc', field: 'id', reason: 'must be integer', keyword: 'type', location: 'path' },
  { name: 'a query parameter of the wrong type', method: 'GET', path: '/v1/items/1?start_time=noon', field: 'start_time', reason: 'must be integer', keyword: 'type', location: 'query' },
  { name: 'a header that fails its pattern', method: 'GET', path: '/v1/items/1', headers: { 'X-Client-Version': 'v2' }, field: 'x-client-version', reason: 'must match pattern "^[0-9]+$"', keyword: 'pattern', location: 'header' },
  { name: 'a required body member missing', method: 'POST', path: '/v1/items', json: { name: 'admin' }, field: 'password', reason: 'is required', keyword: 'required', pointer: '#/password', location: 'body' },
  { name: 'an unsupported body member', method: 'POST', path: '/v1/items', json: { name: 'admin', password: 'secret-pw', capacityInGB: 10 }, field: 'capacityInGB', reason: 'is not a supported parameter', keyword: 'additionalProperties', pointer: '#/capacityInGB', location: 'body' },
];

/** What each profile answers for a failure: JSON body members, the children of an XML body's root, headers, or an empty body. */
export const VALIDATION_EXPECTED: Record<
  ProfileName,
  (f: ValidationFailureCase) => { body?: Record<string, unknown>; xml?: Record<string, string>; headers?: Record<string, string>; empty?: true; type: string | undefined }
> = {
  apig: (f) => ({
    type: 'application/json',
    body: { error_code: 'APIG.2011', error_msg: `Invalid parameter value,parameterName:${f.field}. Please refer to the support documentation` },
  }),
  mpc: (f) => ({ type: 'application/json', body: { error_code: 'MPC.10202', error_msg: `Invalid request parameter, ${f.field} ${f.reason}.` } }),
  vsp: (f) => ({
    type: 'application/json;charset=UTF-8',
    body:
      f.keyword === 'required'
        ? { messageId: 'KART20008-E', message: 'Required parameters are not specified.', solution: 'Check parameters.', detailCode: '20008E-0' }
        : f.keyword === 'additionalProperties'
          ? {
              messageId: 'KART40038-E',
              message: `An unsupported parameter is specified in the request body, or the hierarchy of the specified parameter is invalid (attribute = ${f.field})`,
              solution: 'Check whether the specified attribute is correct, and whether the attribute is specified in the correct hierarchy.',
              detailCode: '40038E-0',
            }
          : { messageId: 'KART20008-E', message: `The specified value of a parameter is invalid (attribute = ${f.field}): ${f.reason}.` },
  }),
  hcp: (f) => ({
    type: undefined,
    empty: true,
    headers: { 'x-hcp-errormessage': f.keyword === 'additionalProperties' ? `'${f.field}' is not a valid property.` : `'${f.field}' parameter ${f.reason}.` },
  }),
  stratos: (f) => ({ type: 'application/json', body: { status: 'error', message: f.keyword === 'required' ? `${f.field} cannot be null` : `Provided ${f.field} is invalid` } }),
  s3: (f) => ({ type: 'application/xml', xml: { Code: 'InvalidArgument', Message: `Provided ${f.field} ${f.reason}` } }),
  'hcp-s3': (f) => ({ type: 'application/xml', xml: { Code: 'InvalidArgument', Message: `Provided ${f.field} ${f.reason}` } }),
  problem: (f) => ({
    type: 'application/problem+json',
    body: {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: `${f.field} ${f.reason}`,
      errors: [f.location === 'body' ? { detail: `${f.field} ${f.reason}`, pointer: f.pointer } : { detail: `${f.field} ${f.reason}`, parameter: f.field, in: f.location }],
    },
  }),
};
export const VALIDATION_PROFILES = Object.keys(VALIDATION_EXPECTED) as ProfileName[];
