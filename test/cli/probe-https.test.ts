/**
 * The probe over HTTPS (vendor appliances use self-signed certificates): an
 * Express 5 app with `vc.attach` on `https.createServer` with a throwaway self-signed certificate
 * (openssl, skipped where it is not on PATH). With `--insecure` it scores 100%, raw TLS sockets
 * included; without, every request is a reported certificate difference and the probe exits 1.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { runCli } from '../../src/cli/main';
import type { ProbeReport } from '../../src/cli/probe';
import { vendorCompat } from '../../src/express';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const maybe = hasOpenssl() ? describe : describe.skip;

maybe('probe over HTTPS with a self-signed certificate (apig)', () => {
  let server: https.Server;
  let base: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-probe-tls-'));
  beforeAll(async () => {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const app = express();
    const vc = vendorCompat({ profile: 'apig' });
    app.use(vc.preconditions);
    app.post('/v1/items', express.json(), (_req, res) => {
      res.status(201).json({ ok: true });
    });
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, app);
    vc.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function probe(extra: readonly string[]): Promise<{ code: number; report: ProbeReport }> {
    let stdout = '';
    const code = await runCli(['probe', base, '--profile', 'apig', '--path', '/v1/items', '--json', '--timeout', '3000', ...extra], { stdout: (text) => (stdout += text), stderr: () => undefined });
    return { code, report: JSON.parse(stdout) as ProbeReport };
  }

  it('--insecure: scores 100% (exit 0)', async () => {
    const { code, report } = await probe(['--insecure']);
    expect(report.rows.filter((row) => row.differences.length > 0)).toEqual([]);
    expect(report.score).toBe(100);
    expect(code).toBe(0);
  });

  it('without --insecure: every request is a certificate difference (exit 1)', async () => {
    const { code, report } = await probe([]);
    expect(report.passed).toBe(0);
    expect(report.rows.every((row) => row.got.error === 'DEPTH_ZERO_SELF_SIGNED_CERT')).toBe(true);
    expect(code).toBe(1);
  });
});
