/**
 * The two `errorFromResponse` examples of docs/gateways.md (fetch; http-proxy-middleware 3's `on.proxyRes`
 * with `selfHandleResponse`) run against real loopback servers: an RFC 9457 backend (hand-written
 * problem+json answers, RFC 9457 §3) behind an APIG facade and a VSP facade. docs/gateways.md shows
 * exactly the code of test/decode/examples/*.ts (checked here).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildFetchFacade } from './examples/translate-fetch';
import { buildProxyFacade } from './examples/translate-proxy';

const servers: http.Server[] = [];
function listen(server: http.Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** An RFC 9457 backend: /…/12 conflicts, /…/down is unavailable (Retry-After: 120), /…/7 exists. */
function backend(): http.Server {
  return http.createServer((req, res) => {
    const problem = (status: number, title: string, detail: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
      res.end(JSON.stringify({ type: 'about:blank', title, status, detail, instance: req.url }));
    };
    if (req.url?.endsWith('/12')) return problem(409, 'Conflict', 'Volume 12 is attached to host group 3');
    if (req.url?.endsWith('/down')) return problem(503, 'Service Unavailable', 'pool db-7 failover in progress (10.0.0.7)', { 'retry-after': '120' });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 7 }));
  });
}

let fetchFacade: string;
let proxyFacade: string;
beforeAll(async () => {
  const BACKEND = await listen(backend());
  fetchFacade = await listen(http.createServer(buildFetchFacade(BACKEND)));
  proxyFacade = await listen(http.createServer(buildProxyFacade(BACKEND)));
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('docs/gateways.md: errorFromResponse with fetch (APIG facade, RFC 9457 backend)', () => {
  it('a backend 409 is APIG\'s 409 with the backend\'s detail as error_msg', async () => {
    const response = await fetch(`${fetchFacade}/v1/volumes/12`);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error_code: 'APIG.0201', error_msg: 'Volume 12 is attached to host group 3', request_id: response.headers.get('x-request-id') });
  });

  it('a backend 503 is APIG\'s 503 APIG.0613 with Retry-After kept and the detail hidden', async () => {
    const response = await fetch(`${fetchFacade}/v1/volumes/down`);
    const body = await response.text();
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '120']);
    expect(JSON.parse(body)).toEqual({ error_code: 'APIG.0613', error_msg: 'The IAM service is currently unavailable.', request_id: response.headers.get('x-request-id') });
    expect(body).not.toContain('10.0.0.7');
  });

  it('a success passes through', async () => {
    const response = await fetch(`${fetchFacade}/v1/volumes/7`);
    expect([response.status, await response.json()]).toEqual([200, { id: 7 }]);
  });
});

describe('docs/gateways.md: errorFromResponse with http-proxy-middleware (VSP facade, RFC 9457 backend)', () => {
  it('a backend 409 is VSP\'s 409 KART94090-E with the detail as message', async () => {
    const response = await fetch(`${proxyFacade}/ConfigurationManager/v1/objects/ldevs/12`);
    expect([response.status, response.headers.get('content-type')]).toEqual([409, 'application/json;charset=UTF-8']);
    expect(await response.json()).toMatchObject({ errorSource: '/ConfigurationManager/v1/objects/ldevs/12', messageId: 'KART94090-E', message: 'Volume 12 is attached to host group 3', detailCode: '94090E-0' });
  });

  it('a backend 503 is VSP\'s 503 KART95030-E with the backend\'s Retry-After, the detail hidden', async () => {
    const response = await fetch(`${proxyFacade}/ConfigurationManager/v1/objects/ldevs/down`);
    const body = await response.text();
    expect([response.status, response.headers.get('retry-after'), (JSON.parse(body) as { messageId: string }).messageId]).toEqual([503, '120', 'KART95030-E']);
    expect(body).not.toContain('10.0.0.7');
  });

  it('a success streams through', async () => {
    const response = await fetch(`${proxyFacade}/ConfigurationManager/v1/objects/ldevs/7`);
    expect([response.status, await response.json()]).toEqual([200, { id: 7 }]);
  });
});

describe('docs/gateways.md shows exactly these examples', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../docs/gateways.md'), 'utf8');
  it.each(['translate-fetch.ts', 'translate-proxy.ts'])('%s', (file) => {
    const source = readFileSync(path.join(__dirname, 'examples', file), 'utf8');
    const region = /\/\/ #region readme\n([\s\S]*?)\n\s*\/\/ #endregion/.exec(source)?.[1] ?? '';
    const code = region.split('\n').map((line) => line.replace(/^ {2}/, '')).join('\n');
    const imports = source.split('\n').filter((line) => line.startsWith('import ')).map((line) => line.replace(/'\.\.\/\.\.\/\.\.\/src'/, "'vendor-compat'").replace(/'\.\.\/\.\.\/\.\.\/src\/express'/, "'vendor-compat/express'"));
    expect(readme).toContain(`${imports.join('\n')}\n\n${code}\n`);
  });
});
