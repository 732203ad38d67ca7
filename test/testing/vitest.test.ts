/**
 * Runs the Vitest fixture (test/testing/vitest/matchers.vitest.ts) with Vitest itself, as a child
 * process, so `npm test` covers the matcher under both runners: every case passes, none is skipped.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(120000);

interface VitestJson {
  readonly numTotalTests: number;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: ReadonlyArray<{ readonly assertionResults: ReadonlyArray<{ readonly fullName: string; readonly status: string; readonly failureMessages: readonly string[] }> }>;
}

it('the Vitest fixture passes under Vitest 3 (8 cases)', async () => {
  const root = path.resolve(__dirname, '../..');
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/testing/vitest/vitest.config.mts', '--reporter=json'],
      { cwd: root, env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (stdout.trim().startsWith('{') ? resolve(stdout) : reject(new Error(`vitest did not report: ${String(error)}\n${stderr}`))),
    );
  });
  const report = JSON.parse(output) as VitestJson;
  const failures = report.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status !== 'passed').map((test) => `${test.fullName}: ${test.failureMessages.join('\n')}`));
  expect(failures).toEqual([]);
  expect([report.numTotalTests, report.numPassedTests, report.numFailedTests]).toEqual([8, 8, 0]);
});
