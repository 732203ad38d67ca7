/**
 * The real `curl` as a client, when it is on PATH (skipped cleanly otherwise): what a vendor's
 * users actually type. curl waits for `100 Continue` before uploading, so an early rejection
 * shows up as a final status with no interim response.
 */
import { execFile, spawnSync } from 'node:child_process';
import http from 'node:http';
import { attach, preconditions } from '../support/node-app';
import type { NodeVendorCompatOptions } from '../../src/node';
import { close, listen } from './raw-client';

const curl = spawnSync('which', ['curl'], { encoding: 'utf8' }).stdout.trim();
const describeWithCurl = curl === '' ? describe.skip : describe;

/** Runs curl asynchronously (the server runs in this process) and returns its stdout. */
function runCurl(args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(curl, ['--silent', '--show-error', '--max-time', '5', ...args], { encoding: 'latin1', maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error !== null && stdout === '') reject(error);
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

describeWithCurl(`curl (${curl || 'not installed'}) against vendor-compat on node:http`, () => {
  const servers: http.Server[] = [];
  async function base(options: NodeVendorCompatOptions): Promise<string> {
    const server = attach(
      http.createServer((req, res) => {
        if (!preconditions(req, res, options)) return;
        req.resume();
        req.on('end', () => res.end('{"ok":true}'));
      }),
      options,
    );
    servers.push(server);
    return `http://127.0.0.1:${await listen(server)}`;
  }
  afterAll(() => Promise.all(servers.map(close)));

  it('VSP: Expect: 100-continue with text/plain gets 415 KART94150-E and no 100 Continue', async () => {
    const url = await base({ profile: 'vsp' });
    const out = await runCurl(['--include', '-X', 'POST', '-H', 'Expect: 100-continue', '-H', 'Content-Type: text/plain', '--data-binary', 'hello', `${url}/ConfigurationManager/v1/objects/ldevs`]);
    expect(out).not.toContain('100 Continue');
    expect(out).toMatch(/^HTTP\/1\.1 415 Unsupported Media Type\r\n/);
    expect(out).toContain('"messageId":"KART94150-E"');
  });

  it('VSP: a valid upload gets 100 Continue, then 200', async () => {
    const url = await base({ profile: 'vsp' });
    const out = await runCurl(['--include', '-X', 'POST', '-H', 'Expect: 100-continue', '-H', 'Content-Type: application/json', '--data-binary', '{}', `${url}/ConfigurationManager/v1/objects/ldevs`]);
    expect(out).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('VSP: a chunked upload gets 411 KART94110-E', async () => {
    const url = await base({ profile: 'vsp' });
    const out = await runCurl(['--write-out', '\\n%{http_code}', '-X', 'POST', '-H', 'Transfer-Encoding: chunked', '-H', 'Content-Type: application/json', '--data-binary', '@-', `${url}/ConfigurationManager/v1/objects/ldevs`], '{}');
    expect(out).toMatch(/"messageId":"KART94110-E".*\n411$/s);
  });

  it('HCP: a 20,000-byte URL gets 414 Request URI Too Large, not 431', async () => {
    const url = await base({ profile: 'hcp' });
    const out = await runCurl(['--include', `${url}/mapi/${'a'.repeat(20000)}`]);
    expect(out).toMatch(/^HTTP\/1\.1 414 Request URI Too Large\r\n/);
    expect(out).toContain('X-HCP-SoftwareVersion: 9.0.0.2');
  });

  it('HCP: an Accept it cannot produce gets 415 (its substitute for 406)', async () => {
    const url = await base({ profile: 'hcp' });
    const out = await runCurl(['--write-out', '%{http_code}', '--output', '/dev/null', '-H', 'Accept: text/html', `${url}/mapi/tenants`]);
    expect(out).toBe('415');
  });
});
