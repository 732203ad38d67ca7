/**
 * The demo gateway's command line, run as `npm start` runs it: the built
 * `dist-demo/gateway.js` (npm test builds first) in a child process. An unknown flag (`--porf 8081`)
 * is refused with the usage line on stderr and exit code 2 instead of being ignored; `--help`
 * prints the usage and exits 0; a normal start on `--port 0` prints the curl list and answers.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const GATEWAY = path.join(ROOT, 'dist-demo/gateway.js');
const USAGE = /^usage: node dist-demo\/gateway\.js \[--profile <[a-z0-9|-]+>\] \[--port <0-65535>\] \[--faults\] \[--help\]$/m;

/** The demo with a clean environment (no PROFILE/PORT from the caller's shell). */
function env(): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  delete copy.PROFILE;
  delete copy.PORT;
  return copy;
}

function runDemo(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [GATEWAY, ...args], { cwd: ROOT, encoding: 'utf8', env: env() }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(GATEWAY)) throw new Error('dist-demo/ is missing: run `npm run build` (npm test does it first)');
});

// Each run loads the whole bundle (about a second of CPU), so the cases run side by side.
const REFUSED: Array<[string[], string]> = [
  [['--porf', '8081'], "Unknown option '--porf'"],
  [['8081'], 'Unexpected argument'],
  [['--port', '70000'], 'invalid port "70000"'],
  [['--profile', 'nope'], 'unknown profile "nope"; choose one of'],
];

describe('demo gateway: refused command lines and --help', () => {
  let refused: Array<{ status: number | null; stdout: string; stderr: string }>;
  let help: { status: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    [help, ...refused] = await Promise.all([runDemo(['--help', '--port', '0']), ...REFUSED.map(([args]) => runDemo(args))]);
  }, 60_000); // five cold starts side by side on a busy CI machine

  it.each(REFUSED.map(([args, message], index) => [args.join(' '), message, index] as const))('%s: exit 2, "%s" and the usage on stderr, nothing on stdout', (_args, message, index) => {
    const result = refused[index]!;
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`demo gateway: ${message}`);
    expect(result.stderr).toMatch(USAGE);
  });

  it('--help prints the usage on stdout and exits 0 without listening', () => {
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(USAGE);
    expect(help.stdout).not.toContain('listening on');
  });
});

describe('demo gateway: a normal start', () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = '';

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  // A cold start of the bundle plus a request, generous for a busy CI machine.
  it('prints the listening address and the curl list, answers, and stops on SIGTERM with exit 0', async () => {
    child = spawn(process.execPath, [GATEWAY, '--port', '0', '--profile', 'stratos'], { cwd: ROOT, env: env() });
    child.stdout.setEncoding('utf8');
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // Read stdout until the whole banner (it ends with the curl list) has been written.
    const banner = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        if (/^Every kind: /m.test(stdout) && stdout.endsWith('\n')) resolve(stdout);
      });
      child.once('exit', (code) => reject(new Error(`demo exited with ${String(code)} before listening: ${stderr}`)));
    });
    const listening = /^listening on (http:\/\/127\.0\.0\.1:(\d+)) /m.exec(banner);
    expect(listening).not.toBeNull();
    const base = listening![1]!;
    expect(Number(listening![2])).toBeGreaterThan(0);
    expect(banner).toContain('vendor-compat demo gateway: profile "stratos"');
    expect(banner).toContain(`  curl -i ${base}/demo/ok\n`);
    expect(banner).toContain(`  curl -i ${base}/demo/errors/notFound\n`);
    expect(banner).toContain(`  curl -I ${base}/demo/errors/notFound`);
    expect(banner.split('\n').filter((line) => line.startsWith('  curl ')).length).toBeGreaterThanOrEqual(10);

    const ok = await fetch(`${base}/demo/ok`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, profile: 'stratos' });
    const missing = await fetch(`${base}/demo/errors/notFound`);
    expect(missing.status).toBe(404);
    expect((await missing.json()) as unknown).toMatchObject({ status: 'error' });

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('SIGTERM: stopping the demo gateway');
    expect(stderr).toBe('');
  }, 60_000);
});
