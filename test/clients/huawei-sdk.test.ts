/**
 * The real Huawei Cloud Node.js SDK (`@huaweicloud/huaweicloud-sdk-core`) against
 * real Express servers on loopback running the `apig` and `mpc` profiles: `ClientBuilder` +
 * `BasicCredentials` + `withEndpoint`, then `HcClient.sendRequest`, exactly as a generated service
 * client (e.g. `MpcClient`) calls it. For every kind of both profiles the exception the SDK throws
 * is checked field by field: the class (ExceptionUtil.generalException: 4xx →
 * ClientRequestException, 5xx → ServerResponseException), `httpStatusCode`, `errorCode`/`errorMsg`
 * (top-level `error_code`/`error_msg`, clients.md:22-37 and vendors/huawei-apig-mpc-and-stratos.md
 * §4) and `requestId` (DefaultHttpClient reads only the `x-request-id` response header). Expected
 * values are the profile's kind entries; a kind that cites the seed table (seed-003 for APIG,
 * seed-004 for MPC) must answer a status that table lists.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';
import { ClientRequestException } from '@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException';
import { ServerResponseException } from '@huaweicloud/huaweicloud-sdk-core/exception/ServerResponseException';
import { ServiceResponseException } from '@huaweicloud/huaweicloud-sdk-core/exception/ServiceResponseException';
import { KIND_NAMES, createVendorError, isKindName, profiles, type KindName } from '../support/internals';
import { vendorCompat } from '../../src/express';

// The SDK logs every failed request at ERROR through log4js to stdout (logger/log4jLogger.ts);
// log4js loggers read the configuration at each call, so turning the category off silences it.
const sdkDir = path.dirname(require.resolve('@huaweicloud/huaweicloud-sdk-core'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const log4js = require(require.resolve('log4js', { paths: [sdkDir] })) as { configure: (config: unknown) => void };
log4js.configure({ appenders: { out: { type: 'stdout' } }, categories: { default: { appenders: ['out'], level: 'off' } } });

/**
 * Status codes a seed table lists: the rows of docs/sources/seeds/<file> (`| 404 | Not Found | 30 |`),
 * each copied from the seed's table with its line there.
 */
function seedStatuses(file: string): Set<number> {
  const text = readFileSync(path.resolve(__dirname, '../../docs/sources/seeds', file), 'utf8');
  return new Set([...text.matchAll(/^\| ([1-5]\d\d) \| [A-Z][A-Za-z -]+ \| \d+ \|$/gm)].map((match) => Number(match[1])));
}

const PROFILES = [
  { name: 'apig', seed: 'seed-003', seedFile: 'seed-003-apig-status-codes.md' },
  { name: 'mpc', seed: 'seed-004', seedFile: 'seed-004-mpc-status-codes.md' },
] as const;

interface Caught {
  readonly className: string;
  readonly httpStatusCode: unknown;
  readonly errorCode: unknown;
  readonly errorMsg: unknown;
  readonly requestId: unknown;
}

describe.each(PROFILES)('the real Huawei Cloud SDK against the $name profile (Express, loopback)', ({ name, seed, seedFile }) => {
  const profile = profiles[name];
  let server: http.Server;
  let client: HcClient;
  let nextRequestId = '';
  const authorizations: string[] = [];

  beforeAll(async () => {
    const app = express();
    // Every request gets the id the test chose, so the SDK's requestId can be compared exactly.
    const vc = vendorCompat({ profile: name, requestId: { generate: () => nextRequestId } });
    app.use(vc.preconditions);
    app.all('/v1/:projectId/kinds/:kind', (req) => {
      authorizations.push(String(req.headers.authorization));
      const kind = String(req.params['kind']);
      if (!isKindName(kind)) throw new Error(`not a kind: ${kind}`);
      throw createVendorError(kind);
    });
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const credentials = new BasicCredentials().withAk('AK').withSk('SK').withProjectId('p1');
    client = new ClientBuilder<HcClient>((hcClient) => hcClient).withCredential(credentials).withEndpoint(endpoint).build();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** One SDK call; returns what the thrown exception holds (fails if nothing is thrown). */
  async function call(kind: KindName, method: 'GET' | 'POST' = 'GET'): Promise<{ caught: Caught; requestId: string; error: unknown }> {
    const requestId = randomBytes(16).toString('hex');
    nextRequestId = requestId;
    let error: unknown = undefined;
    let threw = false;
    try {
      await client.sendRequest({
        method,
        url: '/v1/{project_id}/kinds/{kind}',
        contentType: 'application/json',
        pathParams: { project_id: 'p1', kind },
        queryParams: {},
        headers: {},
        ...(method === 'POST' ? { data: { name: 'order-42' } } : {}),
      });
    } catch (thrown) {
      threw = true;
      error = thrown;
    }
    expect(threw).toBe(true);
    const exception = error as ServiceResponseException;
    return {
      caught: {
        className: exception.constructor.name,
        httpStatusCode: exception.httpStatusCode,
        errorCode: exception.errorCode,
        errorMsg: exception.errorMsg,
        requestId: exception.requestId,
      },
      requestId,
      error,
    };
  }

  it.each(KIND_NAMES)(`%s: the SDK's exception carries the profile's status, error_code, error_msg and the X-Request-Id`, async (kind) => {
    const entry = profile.document.kinds[kind];
    const { caught, requestId, error } = await call(kind);
    const className = entry.status < 500 ? 'ClientRequestException' : 'ServerResponseException';
    expect(caught).toEqual({ className, httpStatusCode: entry.status, errorCode: entry.code, errorMsg: entry.message, requestId });
    expect(error).toBeInstanceOf(entry.status < 500 ? ClientRequestException : ServerResponseException);
    expect(error).toBeInstanceOf(ServiceResponseException);
  });

  it(`every kind citing ${seed} answers a status that the seed's table lists`, () => {
    const listed = seedStatuses(seedFile);
    // Each table has 18 rows (docs/sources/seeds/*.md, "Rows: 18").
    expect(listed.size).toBe(18);
    const citing = KIND_NAMES.filter((kind) => (profile.document.kinds[kind].sources ?? []).includes(seed));
    expect(citing.length).toBeGreaterThan(0);
    for (const kind of citing) expect({ kind, status: profile.document.kinds[kind].status, listed: listed.has(profile.document.kinds[kind].status) }).toEqual({ kind, status: profile.document.kinds[kind].status, listed: true });
  });

  it('a POST with a JSON body (conflict) gets the same fields as a GET', async () => {
    const entry = profile.document.kinds.conflict;
    const { caught, requestId } = await call('conflict', 'POST');
    expect(caught).toEqual({ className: 'ClientRequestException', httpStatusCode: entry.status, errorCode: entry.code, errorMsg: entry.message, requestId });
  });

  it('the requests were signed by the SDK (AK/SK, SDK-HMAC-SHA256), so this is the real client talking', () => {
    expect(authorizations.length).toBeGreaterThan(0);
    for (const authorization of authorizations) expect(authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/);
  });
});
