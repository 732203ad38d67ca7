/**
 * `record` drafts only from answers whose cause is clear. A POST-only route whose body schema
 * refuses `{}` (RFC 9457 validation answer, 400) answers the battery's chunked `{}` with that
 * same 400: it is not evidence that Content-Length is required, so the draft keeps
 * `requireContentLength: false` and its description says why; the route's method comes from the
 * 405's `Allow` (RFC 9110 §15.5.6).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { runCli } from '../../src/cli/main';
import type { ProfileDocument } from '../../src/core/profile-types';
import { vendorCompat } from '../../src/express';

jest.setTimeout(60000);

let server: http.Server;
let base = '';
beforeAll(async () => {
  const vc = vendorCompat({
    profile: 'problem',
    routes: { 'POST /v1/volumes': { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(vc.preconditions);
  app.post('/v1/volumes', express.json(), vc.validate, (_req, res) => void res.status(202).json({ jobId: 1 }));
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  server = vc.attach(http.createServer(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('a validation answer to the chunked {} is not drafted as lengthRequired', async () => {
  let stdout = '';
  const code = await runCli(['record', base, '--name', 'acme', '--path', '/v1/volumes', '--timeout', '3000'], { stdout: (text) => (stdout += text), stderr: () => undefined });
  const draft = JSON.parse(stdout) as ProfileDocument & { description: string };
  expect(code).toBe(0);
  expect(draft.preconditions.requireContentLength).toBe(false);
  expect(draft.kinds.lengthRequired.sources).toEqual(['rfc9110']);
  expect(draft.description).toContain('not drafted: lengthRequired');
  expect(draft.description).toContain('answered exactly as an acceptable request to the route was, so the answer does not tell the cause');
});
