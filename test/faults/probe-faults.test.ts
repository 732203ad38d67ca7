/**
 * The probe drives fault injection: `--header 'X-Vendor-Compat-Fault: serviceUnavailable'` on
 * every request of the battery makes an Express 5 app with `faults: {}` answer APIG's 503
 * (APIG.0613, seed-003 row 503), and the probe reports the injected answer on every row; without
 * the header the same app scores 100%.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { runCli } from '../../src/cli/main';
import type { ProbeReport } from '../../src/cli/probe';
import { vendorCompat } from '../../src/express';

jest.setTimeout(60000);

let server: http.Server;
let base = '';
beforeAll(async () => {
  const vc = vendorCompat({ profile: 'apig', faults: {} });
  const app = express();
  app.disable('x-powered-by');
  app.use(vc.preconditions);
  app.get('/demo/items', (_req, res) => void res.json({ items: [] }));
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  server = vc.attach(http.createServer(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function probe(extra: readonly string[]): Promise<ProbeReport> {
  let stdout = '';
  await runCli(['probe', base, '--profile', 'apig', '--path', '/demo/items', ...extra, '--json', '--timeout', '3000'], { stdout: (text) => (stdout += text), stderr: () => undefined });
  return JSON.parse(stdout) as ProbeReport;
}

it('without the fault header the app scores 100%', async () => {
  const report = await probe([]);
  expect([report.passed, report.total]).toEqual([report.total, report.total]);
});

it('with --header X-Vendor-Compat-Fault: serviceUnavailable every answered row reports the injected 503', async () => {
  const report = await probe(['--header', 'X-Vendor-Compat-Fault: serviceUnavailable']);
  const answered = report.rows.filter((row) => row.got.status !== undefined && row.expected.status !== undefined && row.expected.status !== 503);
  expect(answered.length).toBeGreaterThan(0);
  for (const row of answered) {
    // HEAD answers carry no body, so no code (RFC 9110 §9.3.2): the code is read where there is one.
    expect([row.id, row.got.status, row.got.code ?? 'APIG.0613', row.differences[0]]).toEqual([row.id, 503, 'APIG.0613', `status 503 (expected ${row.expected.status})`]);
  }
  expect(answered.filter((row) => row.got.code === 'APIG.0613').length).toBeGreaterThan(0);
  expect(report.passed).toBeLessThan(report.total);
});
