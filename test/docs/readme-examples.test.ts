/**
 * The documentation's examples run. Each block marked `<!-- example: NAME -->` in README.md or
 * docs/ is taken as written, its `vendor-compat` imports pointed at the sources, `listen(3000)` at an
 * ephemeral loopback port, transpiled with TypeScript and run; then the answers the page promises
 * are asserted exactly.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import ts from 'typescript';
import { closedPort, stalledUpstream } from '../support/upstreams';
import { documentationFiles, ROOT } from './code-blocks';

const SRC = path.join(ROOT, 'src');

/**
 * While the adapters still carry the old names (docs/vocabulary.md is the target), an example
 * written with a new one runs against the old one. Delete once `vc.requestIdOf` exists on Express.
 */
/** The code of the block after `<!-- example: name -->`, wherever in the docs it is. */
function exampleCode(name: string): string {
  const marker = `<!-- example: ${name} -->`;
  const pages = documentationFiles().map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8')).filter((text) => text.includes(marker));
  if (pages.length !== 1 || pages[0] === undefined) throw new Error(`${marker} is on ${pages.length} pages, not one`);
  const match = /```ts\n([\s\S]*?)```/.exec(pages[0].slice(pages[0].indexOf(marker)));
  if (match?.[1] === undefined) throw new Error(`no ts block after ${marker}`);
  return match[1];
}

/** Runs an example (it must define `const server`) and resolves with its listening server. */
async function runExample(name: string): Promise<http.Server> {
  const source = exampleCode(name)
    .replace(/from 'vendor-compat(\/[a-z]+)?'/g, (_all, sub: string | undefined) => `from ${JSON.stringify(path.join(SRC, sub === undefined ? 'index' : sub.slice(1)))}`)
    .replace(/\.listen\(3000\)/g, ".listen(0, '127.0.0.1')");
  expect(source).toContain('const server');
  const { outputText } = ts.transpileModule(`${source}\nmodule.exports = { server };`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const exported: { server?: http.Server } = {};
  const module = { exports: exported };
  // Jest's own `require`, so the example's imports of src/*.ts go through ts-jest like the tests'.
  new Function('require', 'module', 'exports', outputText)(require, module, module.exports);
  const server = (module.exports as { server?: http.Server }).server;
  if (server === undefined) throw new Error(`example ${name} exported no server`);
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return server;
}

function baseOf(server: http.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('documentation examples', () => {
  it('docs/errors.md "Mapping your own errors": VSP 404 KART94040-E with the domain message; the pool delete 409 KART30005-E with cause and solution (S21 error object)', async () => {
    const server = await runExample('mapping-errors');
    try {
      const missing = await request(baseOf(server)).get('/ConfigurationManager/v1/objects/ldevs/12').expect(404);
      expect(JSON.parse(missing.text)).toEqual({
        errorSource: '/ConfigurationManager/v1/objects/ldevs/12', messageId: 'KART94040-E', message: 'LDEV 12 does not exist',
        solution: 'Check the URL of the resource, and whether you have read permission for the resource.', solutionType: 'SEE_ERROR_DETAIL', detailCode: '94040E-0',
      });
      const busy = await request(baseOf(server)).delete('/ConfigurationManager/v1/objects/pools/3').expect(409);
      expect(JSON.parse(busy.text)).toEqual({
        errorSource: '/ConfigurationManager/v1/objects/pools/3', messageId: 'KART30005-E', message: 'Pool 3 is in use', cause: 'The pool is in use.',
        solution: 'Release the pool, and then run the request again.', solutionType: 'SEE_ERROR_DETAIL', detailCode: '30005E-0',
      });
    } finally {
      await stop(server);
    }
  });

  it('docs/gateways.md "Dead and slow upstreams": a dead backend is 502 APIG.0202 through fetch and the proxy, a stalled one 504 APIG.0203 (seed 003 rows 502, 504)', async () => {
    const saved = process.env.BACKEND_URL;
    process.env.BACKEND_URL = `http://127.0.0.1:${await closedPort()}`;
    const dead = await runExample('gateway');
    const stalled = await stalledUpstream();
    try {
      for (const route of ['/v1/volumes', '/v2/volumes']) {
        const res = await request(baseOf(dead)).get(route).expect(502);
        expect(JSON.parse(res.text)).toEqual({ error_code: 'APIG.0202', error_msg: 'Backend unavailable', request_id: res.headers['x-request-id'] });
      }
    } finally {
      await stop(dead);
    }
    process.env.BACKEND_URL = stalled.url.replace(/\/$/, '');
    // The example's 5 s deadlines, shortened for the test: AbortSignal.timeout and setTimeout.
    const timeout = AbortSignal.timeout;
    AbortSignal.timeout = (): AbortSignal => timeout.call(AbortSignal, 150);
    const setTimeoutOf = http.ClientRequest.prototype.setTimeout;
    http.ClientRequest.prototype.setTimeout = function shortened(this: http.ClientRequest, _ms: number, callback?: () => void) {
      return setTimeoutOf.call(this, 150, callback);
    };
    const slow = await runExample('gateway');
    try {
      for (const route of ['/v1/volumes', '/v2/volumes']) {
        const res = await request(baseOf(slow)).get(route).expect(504);
        expect(JSON.parse(res.text)).toEqual({ error_code: 'APIG.0203', error_msg: 'Backend timeout', request_id: res.headers['x-request-id'] });
      }
    } finally {
      AbortSignal.timeout = timeout;
      http.ClientRequest.prototype.setTimeout = setTimeoutOf;
      if (saved === undefined) delete process.env.BACKEND_URL;
      else process.env.BACKEND_URL = saved;
      await stop(slow);
      await stalled.close();
    }
  });

  it('docs/logging.md "onError": the logged request id is the client\'s X-Request-Id, the stack is logged and never sent', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      if (typeof chunk === 'string' && chunk.startsWith('{')) lines.push(chunk);
      else write(chunk);
      return true;
    });
    const server = await runExample('logging');
    try {
      const ok = await request(baseOf(server)).get('/v1/volumes').expect(200);
      const crash = await request(baseOf(server)).get('/v1/crash').expect(500);
      const trusted = await request(baseOf(server)).get('/v1/nope').set('X-Request-Id', 'lb-7f3a9c').expect(404);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged).toEqual([
        { level: 'info', requestId: ok.headers['x-request-id'], msg: 'listing volumes' },
        { level: 'error', requestId: crash.headers['x-request-id'], method: 'GET', path: '/v1/crash', status: 500, code: 'APIG.0601', source: 'route', stack: expect.stringContaining('connection to db-3 lost') },
        { level: 'warn', requestId: 'lb-7f3a9c', method: 'GET', path: '/v1/nope', status: 404, code: 'APIG.0101', source: 'notFound' },
      ]);
      expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(trusted.headers['x-request-id']).toBe('lb-7f3a9c');
      expect(crash.text).not.toContain('db-3');
      expect(crash.headers['x-powered-by']).toBeUndefined();
    } finally {
      spy.mockRestore();
      await stop(server);
    }
  });
});
