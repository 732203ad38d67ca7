/**
 * The benchmark's Nest servers (bench/nest-apps.js, the `server/nest-*` groups) measure what they
 * claim: each serves the JSON route with 200, the `vc` variant has the module installed (an
 * unmatched route gets the profile's 404, seed-001 VSP row 404) and the bare one answers Nest's
 * own 404. Run in a child process under plain Node (Nest 12 is ES modules only) against dist/
 * (npm test builds it first).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');

/** Starts each app, sends two requests, prints `[status, body]` pairs as JSON. */
const SCRIPT = `
const http = require('node:http');
const { serverApps } = require('./bench/server-apps');
const get = (port, path) => new Promise((resolve, reject) => {
  http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => resolve([res.statusCode, body, res.headers['x-request-id'] === undefined ? null : 'id']));
  }).on('error', reject);
});
(async () => {
  const out = {};
  for (const app of process.argv.slice(1)) {
    const [name, profile] = app.split(':');
    const server = serverApps[name]({ app: name, profile });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    out[app] = [await get(port, '/v1/items/ldev-7'), await get(port, '/nope')];
    server.close();
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((error) => { process.stderr.write(String(error.stack)); process.exit(1); });
`;

const ITEM = '{"id":"ldev-7","name":"volume one","capacity":1024,"status":"NORMAL"}';
/** VSP's not-found answer (seed-001 row 404, as test/contract/vsp.contract.test.ts expects it). */
const VSP_404 =
  '{"errorSource":"/nope","messageId":"KART94040-E","message":"The resource specified by the URL is not found, or you do not have read permission for the resource.",' +
  '"solution":"Check the URL of the resource, and whether you have read permission for the resource.","solutionType":"SEE_ERROR_DETAIL","detailCode":"94040E-0"}';

describe('bench/nest-apps.js', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'nest.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  });

  it('serves the route on both platforms, with the module in the vc variant only', () => {
    const apps = ['server-nest-express-bare', 'server-nest-express-vc:vsp', 'server-nest-fastify-bare', 'server-nest-fastify-header', 'server-nest-fastify-vc:apig'];
    const out = JSON.parse(execFileSync(process.execPath, ['-e', SCRIPT, ...apps], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } })) as Record<string, unknown>;
    expect(out).toEqual({
      'server-nest-express-bare': [
        [200, ITEM, null],
        [404, '{"message":"Cannot GET /nope","error":"Not Found","statusCode":404}', null],
      ],
      'server-nest-express-vc:vsp': [
        [200, ITEM, null],
        [404, VSP_404, null],
      ],
      'server-nest-fastify-bare': [
        [200, ITEM, null],
        [404, '{"message":"Cannot GET /nope","error":"Not Found","statusCode":404}', null],
      ],
      'server-nest-fastify-header': [
        [200, ITEM, 'id'],
        [404, '{"message":"Cannot GET /nope","error":"Not Found","statusCode":404}', 'id'],
      ],
      'server-nest-fastify-vc:apig': [
        [200, ITEM, 'id'],
        [404, expect.stringMatching(/^\{"error_code":"APIG\.0101","error_msg":"[^"]+","request_id":"[0-9a-f]{32}"\}$/), 'id'],
      ],
    });
  });
});
