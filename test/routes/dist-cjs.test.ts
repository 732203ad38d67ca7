/**
 * rou3 ships ESM only; the published CommonJS build must not `require()` it (Node 20 before 20.19
 * cannot load an ES module that way). tsup bundles it (`noExternal`): the built dist/*.cjs, run in
 * a plain Node child process, compiles and looks up a route table. (npm test builds first.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const DIST = path.resolve(__dirname, '../../dist');

describe('the CommonJS build and rou3', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(DIST, 'express.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  });

  it('no dist/*.cjs requires rou3 (it is bundled)', () => {
    const requiring = fs.readdirSync(DIST).filter((file) => file.endsWith('.cjs') && /require\(["']rou3["']\)/.test(fs.readFileSync(path.join(DIST, file), 'utf8')));
    expect(requiring).toEqual([]);
  });

  it('a plain node process loads dist/node.cjs and judges by the route table (a known path, another method: VSP\'s 405 with Allow)', () => {
    const script = `
      const http = require('node:http');
      const { vendorCompat } = require('./dist/node.cjs');
      const vc = vendorCompat({ profile: 'vsp', routes: { 'GET /ldevs/:id': {} } });
      const server = http.createServer((req, res) => { if (vc.preconditions(req, res)) res.end('ok'); });
      server.listen(0, '127.0.0.1', () => {
        const port = server.address().port;
        const get = (method, then) => http.request({ host: '127.0.0.1', port, method, path: '/ldevs/1' }, (res) => { res.resume(); res.on('end', () => then([res.statusCode, res.headers.allow ?? null])); }).end();
        get('GET', (a) => get('PUT', (b) => { process.stdout.write(JSON.stringify([a, b])); server.close(); }));
      });
    `;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: path.resolve(DIST, '..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([[200, null], [405, 'GET, HEAD']]);
  });

  it('the ESM build loads too (ajv\'s 2020 dialect is imported by its file name: native ESM resolves no bare subpath)', () => {
    const script = `
      import { vendorCompat } from './dist/express.mjs';
      const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/a/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: ['integer', 'null'] } }], responses: { '200': { description: 'ok' } } } } } };
      vendorCompat({ profile: 'mpc', openapi: document });
      process.stdout.write('ok');
    `;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: path.resolve(DIST, '..'), encoding: 'utf8' })).toBe('ok');
  });
});
