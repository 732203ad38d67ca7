/**
 * The demo's OpenAPI part: the curl lines it prints, run with the real curl
 * against the same app (`vendorCompat({ openapi: demoOpenapi })` + `mountOpenapiDemo`), give the
 * document's answers: validation, 405, 415, 406 (VSP: KART94050-E, KART94150-E, KART94060-E,
 * KART20008-E / KART40038-E).
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import express from 'express';
import { vendorCompat } from '../../src/express';
import { demoOpenapi, mountOpenapiDemo, openapiCurlLines } from '../../demo/openapi-api';
import { close, listen } from '../hooks/raw-client';

function curl(line: string): Promise<string> {
  // -s: no progress; the demo's lines already say -i. Run as printed, through the shell.
  const command = line.trim().replace(/^curl /, 'curl -s ').replace(/\s+# .*$/, '');
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { encoding: 'utf8', timeout: 10000 }, (error, stdout) => (error === null ? resolve(stdout) : reject(error)));
  });
}

const EXPECTED: Array<[status: string, marker?: string]> = [
  ['200', '"poolName":"pool-0"'],
  ['405', 'KART94050-E'],
  ['415', 'KART94150-E'],
  ['406', 'KART94060-E'],
  ['400', '(attribute = poolId): must be integer.'],
  ['400', '(attribute = count): must be >= 1.'],
  ['400', 'Required parameters are not specified.'],
  ['400', 'KART40038-E'],
  ['201', '"poolName":"gold"'],
  ['200', 'demo key backup'],
];

const haveCurl = new Promise<boolean>((resolve) => execFile('curl', ['--version'], (error) => resolve(error === null)));

describe('demo: the OpenAPI part, with curl', () => {
  const app = express();
  const vc = vendorCompat({ profile: 'vsp', openapi: demoOpenapi });
  app.use(vc.preconditions);
  mountOpenapiDemo(app, vc, express);
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  const server = vc.attach(http.createServer(app));
  let base = '';
  beforeAll(async () => {
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => close(server));

  it('prints one curl line per answer, and each gets the document\'s answer', async () => {
    const lines = openapiCurlLines(base).filter((line) => line.trim().startsWith('curl '));
    expect(lines).toHaveLength(EXPECTED.length);
    if (!(await haveCurl)) return; // no curl on PATH: the lines are still checked above
    for (const [index, line] of lines.entries()) {
      const output = await curl(line);
      const [status, marker] = EXPECTED[index] as [string, string | undefined];
      expect([line, output.split('\r\n')[0]]).toEqual([line, expect.stringMatching(new RegExp(`^HTTP/1\\.1 ${status} `))]);
      if (marker !== undefined) expect([line, output.includes(marker)]).toEqual([line, true]);
      if (status === '405') expect(output).toContain('Allow: GET, HEAD, DELETE');
    }
  });
});
