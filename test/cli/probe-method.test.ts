/**
 * The probe on a route that accepts only POST (`routes: { 'POST /v1/volumes': {} }`, so a GET is
 * answered 405 with `Allow: POST`, RFC 9110 §15.5.6): with `--path POST:/v1/volumes`, or with the
 * method discovered from the 405's `Allow`, every check is sent with a method the route accepts
 * and a faithful server scores 100%; sending the body-less checks as GET (the old behaviour,
 * `--path GET:/v1/volumes`) reports the 405s as differences (VSP: 405 KART94050-E, 406
 * KART94060-E, seed-001).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { runCli } from '../../src/cli/main';
import { parseCommon } from '../../src/cli/options';
import type { ProbeReport } from '../../src/cli/probe';
import { vendorCompat } from '../../src/express';

jest.setTimeout(60000);

let server: http.Server;
let base = '';
beforeAll(async () => {
  const vc = vendorCompat({ profile: 'vsp', routes: { 'POST /v1/volumes': {} } });
  const app = express();
  app.disable('x-powered-by');
  app.use(vc.preconditions);
  app.post('/v1/volumes', express.json(), (_req, res) => void res.status(202).json({ jobId: 1 }));
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  server = vc.attach(http.createServer(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function probe(path: string): Promise<ProbeReport> {
  let stdout = '';
  await runCli(['probe', base, '--profile', 'vsp', '--path', path, '--json', '--timeout', '3000'], { stdout: (text) => (stdout += text), stderr: () => undefined });
  return JSON.parse(stdout) as ProbeReport;
}

const failing = (report: ProbeReport): string[] => report.rows.filter((row) => row.differences.length > 0).map((row) => `${row.id}: ${row.differences.join('; ')}`);

it('--path POST:/v1/volumes sends every check with POST: 100%', async () => {
  const report = await probe('POST:/v1/volumes');
  expect(failing(report)).toEqual([]);
  expect(report.rows.find((row) => row.id === 'notAcceptable')?.request).toBe('notAcceptable: POST /v1/volumes with Accept: application/x-vendor-compat-probe');
});

it('--path /v1/volumes discovers POST from the 405\'s Allow: 100%', async () => {
  expect(failing(await probe('/v1/volumes'))).toEqual([]);
});

it('the body-less checks sent as GET meet the route\'s 405 (what the method fixes)', async () => {
  const report = await probe('GET:/v1/volumes');
  expect(failing(report).filter((line) => line.startsWith('notAcceptable:'))).toEqual(['notAcceptable: status 405 (expected 406); reason phrase "Method Not Allowed" (expected "Not Acceptable"); vendor code KART94050-E (expected KART94060-E)']);
});

it('parses METHOD:/path (the method upper-cased) and a plain path', () => {
  expect([parseCommon(['http://127.0.0.1:1', '--path', 'post:/v1/volumes'], []).method, parseCommon(['http://127.0.0.1:1', '--path', 'post:/v1/volumes'], []).path]).toEqual(['POST', '/v1/volumes']);
  expect(parseCommon(['http://127.0.0.1:1', '--path', '/v1/volumes'], []).method).toBeUndefined();
});
