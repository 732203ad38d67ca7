/**
 * `vendor-compat openapi check <document.json> [--strict]`: the startup report, printed; exit 1
 * under `--strict` when anything is unjudged, 2 for a document the library refuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runOpenapiCommand } from '../../src/cli/openapi-command';
import { openapiReport } from '../../src/index';
import { expressMount } from '../support/mount';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-openapi-check-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, document: object): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, JSON.stringify(document));
  return at;
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runOpenapiCommand(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const ok = { '200': { description: 'ok' } };
const UPLOAD = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/upload': { post: { requestBody: { content: { 'multipart/form-data': { schema: { type: 'object' } } } }, responses: ok } } } };
const CLEAN = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { get: { parameters: [{ name: 'n', in: 'query', schema: { type: 'integer', format: 'snowflake' } }], responses: ok } } } };

describe('vendor-compat openapi check', () => {
  it('prints every unjudged part; exit 0, or 1 with --strict', async () => {
    const at = file('upload.json', UPLOAD);
    const expected = `${at}: 1 operation; 1 part not judged:\n  - #/paths/~1upload/post/requestBody/content/multipart~1form-data/schema (POST /upload): the parts are not judged; the presence of a required body is\n`;
    expect(await run(['check', at])).toEqual({ code: 0, stdout: expected, stderr: '' });
    expect(await run(['check', at, '--strict'])).toEqual({ code: 1, stdout: expected, stderr: '' });
  });

  it('a document judged whole (a custom format is an annotation) exits 0 under --strict', async () => {
    expect(await run(['check', file('clean.json', CLEAN), '--strict'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/: 1 operation; every request part is judged\n$/) as unknown });
  });

  it('a refused document exits 2 with the startup error', async () => {
    const result = await run(['check', file('swagger.json', { swagger: '2.0', paths: {} })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/only OpenAPI 3\.0\.x and 3\.1\.x documents are supported, got Swagger 2\.0/);
  });

  it('openapiReport (the root export) returns the same report', () => {
    expect(openapiReport(UPLOAD)).toEqual({ judged: 1, items: [{ at: '#/paths/~1upload/post/requestBody/content/multipart~1form-data/schema', operation: 'POST /upload', reason: 'the parts are not judged; the presence of a required body is' }], parserDependent: [] });
  });

  it('a schema ajv cannot compile: openapiReport and openapiStrict throw at once; otherwise the app starts and compiles in the background', () => {
    const broken = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { get: { parameters: [{ name: 'n', in: 'query', schema: { type: 'integer', minimum: 'one' } }], responses: ok } } } };
    const message = /1 problem in request schemas:\n {2}- route "GET \/a" schema\.query: minimum value must be \["number"\]/;
    expect(() => openapiReport(broken)).toThrow(message);
    expect(() => expressMount({ openapi: broken, openapiStrict: true })).toThrow(message);
    // The background compile runs on timers: run them here, inside the test, so nothing is left
    // to run after the file ends; the broken schema's failure stays inside the warm-up.
    jest.useFakeTimers();
    try {
      expect(() => expressMount({ openapi: broken })).not.toThrow();
      expect(() => jest.runAllTimers()).not.toThrow();
    } finally {
      jest.useRealTimers();
    }
  });
});
