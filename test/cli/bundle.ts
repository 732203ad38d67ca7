/**
 * Builds the demo gateway and the `vendor-compat` executable from the current sources into a
 * private folder (tsup, the project's bundler, with the same settings as tsup.config.ts), so the
 * tests run the real executables without racing a concurrent `npm run build` over dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'tsup';

const ROOT = path.resolve(__dirname, '../..');

/** Where the bundles are: `gateway.js` and `cli.cjs`. */
export async function buildExecutables(): Promise<{ dir: string; gateway: string; cli: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache-vendor-compat-cli-'));
  await build({
    config: false,
    silent: true,
    entry: { gateway: path.join(ROOT, 'demo/gateway.ts'), cli: path.join(ROOT, 'src/cli.ts') },
    format: ['cjs'],
    outDir: dir,
    target: 'node20',
    noExternal: ['rou3'],
    outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.mjs' }),
  });
  return {
    dir,
    gateway: path.join(dir, 'gateway.cjs'),
    cli: path.join(dir, 'cli.cjs'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A running demo gateway and what it printed. */
export interface RunningDemo {
  readonly child: ChildProcess;
  readonly base: string;
  /** The probe command line the demo printed (`npx vendor-compat probe …`), split into words. */
  readonly probeArgs: readonly string[];
  readonly stop: () => Promise<void>;
}

/**
 * Starts `node gateway.cjs --profile X --port 0` and waits until it printed its usage.
 *
 * @example
 * const demo = await startDemo(bundle.gateway, 'vsp')
 */
export function startDemo(gateway: string, profile: string, extraArgs: readonly string[] = []): Promise<RunningDemo> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [gateway, '--profile', profile, '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    // Generous: starting is mostly CPU (loading and compiling the profiles) on a shared machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo did not start within 60 s: ${out}${errors}`));
    }, 60000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const base = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const probe = /npx vendor-compat (probe .*)\n/.exec(out)?.[1];
      if (base === undefined || probe === undefined) return;
      clearTimeout(timer);
      const stop = (): Promise<void> =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const force = setTimeout(() => child.kill('SIGKILL'), 3000); // never let a stuck child hold the suite
          child.once('exit', () => {
            clearTimeout(force);
            done();
          });
          child.kill('SIGTERM');
        });
      resolve({ child, base, probeArgs: probe.trim().split(/\s+/), stop });
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${String(code)}: ${out}${errors}`));
    });
  });
}

/** Runs the bundled CLI as a child process and collects its output and exit code. */
export function runExecutable(cli: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
