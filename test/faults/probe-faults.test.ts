/**
 * The probe drives fault injection against the demo gateway started with `--faults` (the built
 * `demo/gateway.ts`, `faults: {}`): `--header 'X-Vendor-Compat-Fault: serviceUnavailable'` on every
 * request of the battery makes it answer APIG's 503 (APIG.0613, seed-003 row 503), and the probe
 * reports the injected answer on every row; without the header the same gateway scores 100%.
 */
import { runCli } from '../../src/cli/main';
import type { ProbeReport } from '../../src/cli/probe';
import { buildExecutables, startDemo, type RunningDemo } from '../cli/bundle';

jest.setTimeout(60000);

let bundle: Awaited<ReturnType<typeof buildExecutables>>;
let demo: RunningDemo;
let base = '';
beforeAll(async () => {
  bundle = await buildExecutables();
  demo = await startDemo(bundle.gateway, 'apig', ['--faults']);
  base = demo.base;
}, 120000);
afterAll(async () => {
  await demo?.stop();
  bundle?.remove();
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

it('with --header X-Vendor-Compat-Fault: serviceUnavailable the probe reports the injected 503 on every row the middleware answers', async () => {
  const report = await probe(['--header', 'X-Vendor-Compat-Fault: serviceUnavailable']);
  const injected = report.rows.filter((row) => row.got.status === 503);
  // What Node's server answers before any middleware (a request line too long, a bad request) is
  // not the app's to inject into: those rows still match the prediction.
  const untouched = report.rows.filter((row) => row.got.status !== 503);
  expect(injected.length).toBeGreaterThan(report.total / 2);
  for (const row of injected) {
    const expected = row.expected.status === undefined ? 'no 100 Continue before the final 503' : `status 503 (expected ${row.expected.status})`;
    expect([row.id, row.differences[0]]).toEqual([row.id, expected]);
  }
  // HEAD answers carry no body, so no code (RFC 9110 §9.3.2); every other injected row reads APIG.0613.
  expect(new Set(injected.map((row) => row.got.code ?? 'APIG.0613'))).toEqual(new Set(['APIG.0613']));
  for (const row of untouched) expect([row.id, row.differences]).toEqual([row.id, []]);
});
