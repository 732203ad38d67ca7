/**
 * Contract: the `vsp` profile (Configuration Manager REST API) through Express 4, Express 5,
 * Koa 2 and Koa 3. Each seed-001 row a thrown error can produce is produced over the wire with the
 * exact status, headers and S21 error object. Precondition-driven rows (406, 411, 415, 417 from
 * request headers) are covered here through thrown errors only. Row 202 (an async job accepted)
 * is a success the route writes itself; the harness answers 200 only, so row 200 stands for both.
 * Seed: shared/seeds/001_4428a4abe22fe2d7.txt. Reference: shared/vendors/hitachi-hcp-and-vsp.md §2.
 */
import createError from 'http-errors';
import request from 'supertest';
import { CONTRACT_FRAMEWORKS, itWhere, makeServer, type TestRoute } from '../support/frameworks';
import {
  authenticationRequired,
  badGateway,
  badRequest,
  conflict,
  expectationFailed,
  forbidden,
  gatewayTimeout,
  internalServerError,
  lengthRequired,
  methodNotAllowed,
  notAcceptable,
  preconditionFailed,
  serviceUnavailable,
  unauthorized,
  unsupportedMediaType,
} from '../support/internals';

const CM = '/ConfigurationManager/v1/objects';
const LDEVS = `${CM}/storages/836000123456/ldevs`;
const CONTENT_TYPE = 'application/json;charset=UTF-8';
const SEE = 'SEE_ERROR_DETAIL';
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'x-powered-by']);

function profileHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !TRANSPORT_HEADERS.has(name)));
}

interface ErrorObject {
  errorSource: string;
  messageId: string;
  message: string;
  cause?: string;
  solution: string;
  solutionType: string;
  errorCode?: { SSB1: string; SSB2: string };
}

/** The S21 error object text, attributes in S21 order, detailCode derived from messageId. */
function errorText(error: ErrorObject): string {
  const { errorSource, messageId, message, cause, solution, solutionType, errorCode } = error;
  const detailCode = messageId.replace(/^KART(\d{5})-([IQWE])$/, '$1$2-0');
  return JSON.stringify({ errorSource, messageId, message, cause, solution, solutionType, errorCode, detailCode });
}

function jsonHeaders(text: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, 'content-type': CONTENT_TYPE, 'content-length': String(Buffer.byteLength(text)) };
}

const SESSION_CHALLENGE = { 'www-authenticate': 'Session realm="Block storage"' };
const NOT_FOUND = {
  messageId: 'KART94040-E',
  message: 'The resource specified by the URL is not found, or you do not have read permission for the resource.',
  solution: 'Check the URL of the resource, and whether you have read permission for the resource.',
  solutionType: SEE,
};

const routes: TestRoute[] = [
  { method: 'GET', path: `${CM}/ok` },
  { method: 'POST', path: LDEVS, throws: () => badRequest() },
  { method: 'GET', path: `${CM}/pools`, throws: () => authenticationRequired() },
  { method: 'GET', path: `${CM}/ports`, async: true, throws: () => unauthorized() },
  { method: 'GET', path: `${CM}/ldevs/16`, throws: () => forbidden('You do not have read permission for LDEV 16.') },
  { method: 'PATCH', path: `${CM}/ldevs/16`, throws: () => forbidden() },
  { method: 'DELETE', path: `${CM}/ldevs/17`, throws: () => createError(403) },
  { method: 'PUT', path: `${CM}/ldevs`, throws: () => methodNotAllowed(['GET', 'HEAD']) },
  { method: 'GET', path: `${CM}/accept`, throws: () => notAcceptable() },
  { method: 'POST', path: `${CM}/ldevs`, async: true, throws: () => conflict('The specified LDEV ID 16 is already in use.') },
  { method: 'POST', path: `${CM}/length`, throws: () => lengthRequired() },
  { method: 'POST', path: `${CM}/precondition`, throws: () => preconditionFailed() },
  { method: 'POST', path: `${CM}/media`, throws: () => unsupportedMediaType() },
  { method: 'POST', path: `${CM}/expect`, throws: () => expectationFailed() },
  { method: 'GET', path: `${CM}/crash`, throws: () => new Error('ECONNREFUSED 10.0.0.7:5432 at /srv/app/db.js:42') },
  {
    method: 'POST',
    path: `${LDEVS}/16/actions/expand/invoke`,
    async: true,
    throws: () =>
      internalServerError('An error occurred in the storage system. (message = The state of the pool is incorrect.)', {
        expose: true,
        details: { cause: 'An error occurred during execution of a RAID Manager command.', errorCode: { SSB1: '2E21', SSB2: '9010' } },
      }),
  },
  { method: 'GET', path: `${CM}/proxy`, throws: () => badGateway() },
  { method: 'GET', path: `${CM}/busy`, async: true, throws: () => serviceUnavailable('pool 3 locked by job 77 on 10.0.0.7') },
  { method: 'GET', path: `${CM}/slow`, throws: () => gatewayTimeout() },
  { method: 'GET', path: `${CM}/etag`, setHeaders: { ETag: '"v1"', 'Content-Type': 'text/csv', 'X-Trace': 't1' }, throws: () => badRequest() },
];

describe.each(CONTRACT_FRAMEWORKS)('vsp profile through %s', (framework) => {
  const server = makeServer(framework, { profile: 'vsp' }, routes);

  function expectError(res: request.Response, error: ErrorObject, extra?: Record<string, string>): void {
    const text = errorText(error);
    expect(profileHeaders(res.headers)).toEqual(jsonHeaders(text, extra));
    expect(res.text).toBe(text);
  }

  it('VSP seed-001 rows 200/202: a successful request passes through untouched', async () => {
    const res = await request(server).get(`${CM}/ok`).expect(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('VSP seed-001 row 400 (S21): the REST-server error object, byte for byte, with errorSource from the path without query', async () => {
    const res = await request(server).post(`${LDEVS}?refresh=true`).send({ ldevId: 16 }).expect(400);
    expect(res.headers['content-type']).toBe(CONTENT_TYPE);
    expect(res.text).toBe(
      '{"errorSource":"/ConfigurationManager/v1/objects/storages/836000123456/ldevs","messageId":"KART20008-E","message":"Required parameters are not specified.","solution":"Check parameters.","solutionType":"SEE_ERROR_DETAIL","detailCode":"20008E-0"}',
    );
  });

  it('VSP seed-001 row 401 (S20/S24): no Authorization header answers 401 with the Session challenge', async () => {
    const res = await request(server).get(`${CM}/pools`).expect(401);
    expectError(
      res,
      {
        errorSource: `${CM}/pools`,
        messageId: 'KART94010-E',
        message: 'The Authorization header is not specified in the request header.',
        solution: 'Specify the Authorization header, and then run the request again.',
        solutionType: SEE,
      },
      SESSION_CHALLENGE,
    );
  });

  it('VSP seed-001 row 401 (S31, quirk 5): a rejected token answers 401 "The specified token is invalid."', async () => {
    const res = await request(server).get(`${CM}/ports`).expect(401);
    expectError(
      res,
      {
        errorSource: `${CM}/ports`,
        messageId: 'KART94011-E',
        message: 'The specified token is invalid.',
        solution: 'Create a session again, and then specify the new token in the Authorization header.',
        solutionType: SEE,
      },
      SESSION_CHALLENGE,
    );
  });

  it('VSP seed-001 row 403: no permission for a write (PATCH) answers 403', async () => {
    const res = await request(server).patch(`${CM}/ldevs/16`).expect(403);
    expectError(res, {
      errorSource: `${CM}/ldevs/16`,
      messageId: 'KART94030-E',
      message: 'You do not have the permission required to perform the operation.',
      solution: 'Check the permissions of the user, and then run the request again.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 403: an http-errors 403 on DELETE answers 403', async () => {
    const res = await request(server).delete(`${CM}/ldevs/17`).expect(403);
    expect(JSON.parse(res.text)).toMatchObject({ messageId: 'KART94030-E', errorSource: `${CM}/ldevs/17` });
  });

  it('VSP seed-001 row 404 (S19, quirk 1): no read permission on GET answers 404', async () => {
    const res = await request(server).get(`${CM}/ldevs/16`).expect(404);
    expectError(res, { ...NOT_FOUND, errorSource: `${CM}/ldevs/16`, message: 'You do not have read permission for LDEV 16.' });
  });

  it('VSP seed-001 row 404 (S19): no read permission on HEAD answers 404 with the GET headers and no body', async () => {
    const res = await request(server).head(`${CM}/ldevs/16`).expect(404);
    const text = errorText({ ...NOT_FOUND, errorSource: `${CM}/ldevs/16`, message: 'You do not have read permission for LDEV 16.' });
    expect(profileHeaders(res.headers)).toEqual(jsonHeaders(text));
    expect(res.text ?? '').toBe('');
  });

  it('VSP seed-001 row 404: an unmatched route answers 404 with errorSource = the path', async () => {
    const res = await request(server).get(`${CM}/storages/0/nothing?x=1`).expect(404);
    expectError(res, { ...NOT_FOUND, errorSource: `${CM}/storages/0/nothing` });
  });

  it('VSP seed-001 row 405: a method not allowed for the URL answers 405', async () => {
    const res = await request(server).put(`${CM}/ldevs`).expect(405);
    expectError(res, {
      errorSource: `${CM}/ldevs`,
      messageId: 'KART94050-E',
      message: 'The specified method is not allowed for the resource specified by the URL.',
      solution: 'Check the HTTP method and the URL.',
      solutionType: SEE,
    }, { allow: 'GET, HEAD' }); // methodNotAllowed(allow) sets it (RFC 9110 §15.5.6)
  });

  it('VSP seed-001 row 406: notAcceptable() answers 406', async () => {
    const res = await request(server).get(`${CM}/accept`).expect(406);
    expectError(res, {
      errorSource: `${CM}/accept`,
      messageId: 'KART94060-E',
      message: 'The media type specified in the Accept header is not supported.',
      solution: 'Specify */* or application/json in the Accept header, or omit the Accept header.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 409: a rejected async conflict answers 409 with its message', async () => {
    const res = await request(server).post(`${CM}/ldevs`).send({ ldevId: 16 }).expect(409);
    expectError(res, {
      errorSource: `${CM}/ldevs`,
      messageId: 'KART94090-E',
      message: 'The specified LDEV ID 16 is already in use.',
      solution: 'Check the status of the resource.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 411: lengthRequired() answers 411', async () => {
    const res = await request(server).post(`${CM}/length`).expect(411);
    expectError(res, {
      errorSource: `${CM}/length`,
      messageId: 'KART94110-E',
      message: 'The Content-Length header must be specified.',
      solution: 'Specify the Content-Length header, and then run the request again.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 412: preconditionFailed() answers 412', async () => {
    const res = await request(server).post(`${CM}/precondition`).expect(412);
    expectError(res, {
      errorSource: `${CM}/precondition`,
      messageId: 'KART94120-E',
      message: 'The conditions for running the API request are not met.',
      solution: 'Check the conditions for running the API request.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 415: unsupportedMediaType() answers 415', async () => {
    const res = await request(server).post(`${CM}/media`).expect(415);
    expectError(res, {
      errorSource: `${CM}/media`,
      messageId: 'KART94150-E',
      message: 'The media type specified in the Content-Type header is not supported.',
      solution: 'Specify application/json in the Content-Type header.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 417: expectationFailed() answers 417', async () => {
    const res = await request(server).post(`${CM}/expect`).expect(417);
    expectError(res, {
      errorSource: `${CM}/expect`,
      messageId: 'KART94170-E',
      message: 'The specified Expect header is invalid, or the Expect header is not supported by the web server.',
      solution: 'Remove the Expect header, or specify 100-continue.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 500: a plain Error answers KART30000-E and reveals nothing', async () => {
    const res = await request(server).get(`${CM}/crash`).expect(500);
    expectError(res, {
      errorSource: `${CM}/crash`,
      messageId: 'KART30000-E',
      message: 'An error occurred in the storage system.',
      solution: 'Collect the error information, and then contact customer support.',
      solutionType: SEE,
    });
    expect(res.text).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|db\.js/);
  });

  it('VSP seed-001 row 500 (S21, S30): an exposed storage error carries cause and errorCode {SSB1, SSB2}', async () => {
    const res = await request(server).post(`${LDEVS}/16/actions/expand/invoke`).expect(500);
    expectError(res, {
      errorSource: `${LDEVS}/16/actions/expand/invoke`,
      messageId: 'KART30000-E',
      message: 'An error occurred in the storage system. (message = The state of the pool is incorrect.)',
      cause: 'An error occurred during execution of a RAID Manager command.',
      solution: 'Collect the error information, and then contact customer support.',
      solutionType: SEE,
      errorCode: { SSB1: '2E21', SSB2: '9010' },
    });
  });

  it('VSP seed-001 row 502: badGateway() answers 502 Proxy Error as the error object', async () => {
    const res = await request(server).get(`${CM}/proxy`).expect(502);
    expectError(res, {
      errorSource: `${CM}/proxy`,
      messageId: 'KART95020-E',
      message: 'There is no response from the REST API server, or an invalid response was received.',
      solution: 'Check the status of the REST API server, and then run the request again.',
      solutionType: SEE,
    });
  });

  it('VSP seed-001 row 503 (S24, S28): busy answers 503 with Retry-After 300 and solutionType RETRY, never the thrown text', async () => {
    const res = await request(server).get(`${CM}/busy`).expect(503);
    expectError(
      res,
      {
        errorSource: `${CM}/busy`,
        messageId: 'KART95030-E',
        message: 'The request cannot be accepted because the REST API server or the storage system is busy. Wait for a while and try again.',
        solution: 'Wait for the time in the Retry-After header, and then run the request again.',
        solutionType: 'RETRY',
      },
      { 'retry-after': '300' },
    );
    expect(res.text).not.toContain('10.0.0.7');
  });

  it('VSP seed-001 row 503 (S24): Retry-After follows the app vars', async () => {
    const custom = makeServer(framework, { profile: 'vsp', vars: { retryAfter: '60' } }, routes);
    const res = await request(custom).get(`${CM}/busy`).expect(503);
    expect(res.headers['retry-after']).toBe('60');
  });

  it('VSP seed-001 row 504: gatewayTimeout() answers 504', async () => {
    const res = await request(server).get(`${CM}/slow`).expect(504);
    expectError(res, {
      errorSource: `${CM}/slow`,
      messageId: 'KART95040-E',
      message: 'A response was not received from the REST API server in time.',
      solution: 'Check the status of the REST API server, and then run the request again.',
      solutionType: SEE,
    });
  });

  itWhere(framework, 'headersBeforeThrow')('S22: headers the route set that contradict the JSON error are replaced; unrelated ones are kept', async () => {
    const res = await request(server).get(`${CM}/etag`).expect(400);
    const text = errorText({
      errorSource: `${CM}/etag`,
      messageId: 'KART20008-E',
      message: 'Required parameters are not specified.',
      solution: 'Check parameters.',
      solutionType: SEE,
    });
    expect(profileHeaders(res.headers)).toEqual(jsonHeaders(text, { 'x-trace': 't1' }));
  });
});
