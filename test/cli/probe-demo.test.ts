/**
 * the probe against the demo gateway (Express 5 + `vc.attach`, the built
 * `demo/gateway.ts` started as a child process with `--profile X --port 0`) scores 100% for every
 * built-in profile, using the exact probe command the demo prints. The bundled `vendor-compat`
 * executable exits 0 against it.
 */
import { runCli } from '../../src/cli/main';
import type { ProbeReport } from '../../src/cli/probe';
import { profiles } from '../../src/profiles';
import { buildExecutables, runExecutable, startDemo, type RunningDemo } from './bundle';

jest.setTimeout(60000);

let bundle: Awaited<ReturnType<typeof buildExecutables>>;
const demos = new Map<string, RunningDemo>();
beforeAll(async () => {
  bundle = await buildExecutables();
  // Started together: each start is mostly CPU (loading and compiling the profiles).
  const started = await Promise.allSettled(Object.keys(profiles).map((name) => startDemo(bundle.gateway, name)));
  for (const result of started) if (result.status === 'fulfilled') demos.set(result.value.probeArgs[3] as string, result.value);
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}, 120000);
afterAll(async () => {
  await Promise.all([...demos.values()].map((demo) => demo.stop()));
  bundle?.remove();
});

async function probe(args: readonly string[]): Promise<{ code: number; report: ProbeReport; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--json', '--timeout', '3000'], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, report: JSON.parse(stdout) as ProbeReport, stderr };
}

describe.each(Object.keys(profiles))('probe against the demo gateway with profile %s', (name) => {
  it('the demo prints a probe command against itself, and it scores 100% (exit 0)', async () => {
    const demo = demos.get(name) as RunningDemo;
    expect(demo.probeArgs).toEqual(['probe', demo.base, '--profile', name, '--path', '/demo/items']);
    const { code, report } = await probe(demo.probeArgs);
    const differences = report.rows.filter((row) => row.differences.length > 0).map((row) => `${row.id}: ${row.differences.join('; ')}`);
    expect(differences).toEqual([]);
    expect(report.score).toBe(100);
    expect(report.passed).toBe(report.total);
    // hcp-s3 documents no URI, size or media-type limit, so the probe has 9 checks for it; the others 10 or more.
    expect(report.total).toBeGreaterThanOrEqual(name === 'hcp-s3' ? 9 : 10);
    expect(report.rows.map((row) => row.id)).toEqual(expect.arrayContaining(['unknownRoute', 'unknownRouteHead', 'requestLineTooLong', 'malformedRequestLine', 'unknownExpectation', 'continueAccepted']));
    expect(code).toBe(0);
  });
});

describe('the vendor-compat executable', () => {
  it('prints the table and exits 0 against the demo gateway (vsp)', async () => {
    const demo = demos.get('vsp') as RunningDemo;
    const result = await runExecutable(bundle.cli, [...demo.probeArgs, '--timeout', '3000']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^vendor-compat probe http:\/\/127\.0\.0\.1:\d+\/ --profile vsp\n/);
    expect(result.stdout).toMatch(/unknownRoute +404 Not Found KART94040-E +404 Not Found KART94040-E +ok/);
    expect(result.stdout).toMatch(/lengthRequired +411 Length Required KART94110-E +411 Length Required KART94110-E +ok/);
    expect(result.stdout).toMatch(/score: (\d+)\/\1 \(100%\)\n$/);
    expect(result.code).toBe(0);
  });

  it('openapi is wired to the OpenAPI command (its usage on --help, exit 0)', async () => {
    let stdout = '';
    const code = await runCli(['openapi', '--help'], { stdout: (text) => (stdout += text), stderr: () => undefined });
    expect(stdout).toMatch(/^usage: vendor-compat openapi --profile <name>/);
    expect(code).toBe(0);
  });

  it.each([
    [['probe', 'http://127.0.0.1:1'], /missing --profile/],
    [['probe', 'http://127.0.0.1:1', '--profile', 'nope'], /unknown profile "nope"/],
    [['probe', 'ftp://x', '--profile', 'vsp'], /must be http:\/\/ or https:\/\//],
    [['record', 'http://127.0.0.1:1', '--name', 'Bad Name'], /--name must be a profile name/],
    [['probe', 'http://127.0.0.1:1', '--profile', 'vsp', '--header', 'no colon'], /expected 'Name: value'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('usage errors exit 2 with a message: %j', async (args, message) => {
    let stderr = '';
    const code = await runCli(args, { stdout: () => undefined, stderr: (text) => (stderr += text) });
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });
});
