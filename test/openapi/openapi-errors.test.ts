/**
 * `openapiErrors(profile)` gives the error body schema and one response
 * per kind (status, headers, an example rendered by the library); `addErrorResponses` adds the
 * responses each operation can produce; `vendor-compat openapi --profile vsp` prints it. Every
 * output passes a real OpenAPI validator (@seriousme/openapi-schema-validator, in a child process
 * because it is ESM-only).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addErrorResponses, openapiErrors, profiles, render, kindAnswer } from '../support/internals';
import { runOpenapiCommand } from '../../src/cli/openapi-command';
import { MEDIA_31, STORAGE_30 } from '../support/openapi-cases';
import type { ProfileName } from '../../src/profiles';

const PROFILES = Object.keys(profiles) as ProfileName[];

function validate(documents: readonly unknown[]): Array<{ valid: boolean; errors?: string }> {
  const script = path.join(__dirname, '..', 'support', 'validate-openapi.mjs');
  const result = spawnSync(process.execPath, [script], { input: JSON.stringify(documents), encoding: 'utf8', cwd: path.join(__dirname, '..', '..'), timeout: 60000 });
  if (result.status !== 0) throw new Error(`validator failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Array<{ valid: boolean; errors?: string }>;
}

function wrap(version: '3.0' | '3.1', components: object): object {
  return { openapi: version === '3.0' ? '3.0.3' : '3.1.0', info: { title: 't', version: '1' }, paths: {}, ...components };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runOpenapiCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('openapiErrors', () => {
  it('every profile\'s components validate as OpenAPI 3.1 and 3.0 (one validator run)', () => {
    const documents = PROFILES.flatMap((name) => [wrap('3.1', openapiErrors(profiles[name])), wrap('3.0', openapiErrors(profiles[name], { version: '3.0' }))]);
    const results = validate(documents);
    expect(results.map((result, index) => [PROFILES[Math.floor(index / 2)], index % 2 === 0 ? '3.1' : '3.0', result.valid, result.errors])).toEqual(
      results.map((_result, index) => [PROFILES[Math.floor(index / 2)], index % 2 === 0 ? '3.1' : '3.0', true, undefined]),
    );
  });

  it.each(PROFILES)('%s: one response per kind plus ValidationFailed, each example exactly what render() sends', (name) => {
    const profile = profiles[name];
    const { components } = openapiErrors(profile);
    const prefix = name.replace(/(^|-)([a-z0-9])/g, (_all, _dash: string, letter: string) => letter.toUpperCase()); // hcp-s3 → HcpS3
    if (profile.document.body.template === null) expect(components.schemas).toEqual({}); // HCP sends no error body
    else expect(components.schemas).toEqual({ [`${prefix}Error`]: profile.document.bodySchema });
    const notFound = components.responses[`${prefix}NotFound`];
    const rendered = render(kindAnswer('notFound'), profile, { method: 'GET', path: '/example', requestId: 'acbc548ac6f2a0dbdb9e3518a7c0ff84' });
    expect(notFound?.description.startsWith(`${rendered.status} `)).toBe(true);
    if (rendered.payload === null) expect(notFound?.content).toBeUndefined();
    else expect(notFound?.content?.[rendered.headers['Content-Type'] as string]?.example).toEqual(rendered.payload);
    expect(Object.keys(components.responses)).toHaveLength(26);
    expect(components.responses[`${prefix}ValidationFailed`]?.description).toMatch(/^400 Bad Request/);
  });

  it('documents the vendor headers: X-Request-Id (APIG), X-HCP-ErrorMessage (HCP), Retry-After (VSP 503), WWW-Authenticate (Stratos 401), Allow (405)', () => {
    expect(openapiErrors(profiles.apig).components.responses.ApigNotFound?.headers?.['X-Request-Id']?.example).toBe('acbc548ac6f2a0dbdb9e3518a7c0ff84');
    expect(openapiErrors(profiles.hcp).components.responses.HcpBadRequest?.headers?.['X-HCP-ErrorMessage']).toBeDefined();
    expect(openapiErrors(profiles.hcp).components.responses.HcpValidationFailed?.headers?.['X-HCP-ErrorMessage']?.example).toBe("'name' parameter is required.");
    expect(openapiErrors(profiles.vsp, { vars: { retryAfter: '120' } }).components.responses.VspServiceUnavailable?.headers?.['Retry-After']?.example).toBe('120');
    expect(openapiErrors(profiles.stratos).components.responses.StratosUnauthorized?.headers?.['WWW-Authenticate']?.example).toBe('Basic');
    expect(openapiErrors(profiles.vsp).components.responses.VspMethodNotAllowed?.headers?.Allow?.example).toBe('GET, HEAD');
  });

  it('the validation example is the profile\'s validation answer (VSP KART20008-E, APIG APIG.2011)', () => {
    const vsp = openapiErrors(profiles.vsp).components.responses.VspValidationFailed?.content?.['application/json;charset=UTF-8']?.example as Record<string, unknown>;
    expect(vsp).toMatchObject({ messageId: 'KART20008-E', message: 'Required parameters are not specified.' });
    const apig = openapiErrors(profiles.apig).components.responses.ApigValidationFailed?.content?.['application/json']?.example as Record<string, unknown>;
    expect(apig).toMatchObject({ error_code: 'APIG.2011', error_msg: 'Invalid parameter value,parameterName:name. Please refer to the support documentation' });
  });

  it('throws a TypeError for something that is not a profile', () => {
    expect(() => openapiErrors({ name: 'x' } as never)).toThrow(TypeError);
  });
});

describe('addErrorResponses', () => {
  it('adds each operation\'s error responses to both fixtures, for every profile, and the results validate', () => {
    const documents = PROFILES.flatMap((name) => [addErrorResponses(STORAGE_30, profiles[name], { version: '3.0' }), addErrorResponses(MEDIA_31, profiles[name])]);
    const results = validate(documents);
    expect(results.filter((result) => !result.valid)).toEqual([]);
  });

  it('gives an operation the statuses its own checks produce, leaving the ones it documents alone (VSP)', () => {
    const documented = addErrorResponses(STORAGE_30, profiles.vsp, { version: '3.0' }) as typeof STORAGE_30;
    const post = (documented.paths['/objects/ldevs'] as Record<string, { responses: Record<string, unknown> }>).post?.responses ?? {};
    expect(Object.keys(post).sort()).toEqual(['202', '400', '406', '411', '415', '417', '500']);
    expect(post['415']).toEqual({ $ref: '#/components/responses/VspUnsupportedMediaType' });
    const shared = post['400'] as { description: string; content: Record<string, { examples: Record<string, unknown> }> };
    expect(Object.keys(shared.content['application/json;charset=UTF-8']?.examples ?? {})).toEqual(['badRequest', 'ValidationFailed']);
    const download = (documented.paths['/objects/keys/backup'] as Record<string, { responses: Record<string, unknown> }>).get?.responses ?? {};
    expect(download['415']).toBeUndefined(); // no request body, so no Content-Type check
    expect(download['406']).toEqual({ $ref: '#/components/responses/VspNotAcceptable' });
    expect(STORAGE_30.components).not.toHaveProperty('responses.VspNotFound'); // the input is not modified
  });
});

describe('vendor-compat openapi', () => {
  it('prints a document that validates, for every profile and both versions', async () => {
    const outputs: unknown[] = [];
    for (const name of PROFILES) {
      for (const version of ['3.0', '3.1']) {
        const { code, out, err } = await cli(['--profile', name, '--openapi', version]);
        expect([name, version, code, err]).toEqual([name, version, 0, '']);
        outputs.push(JSON.parse(out));
      }
    }
    expect(validate(outputs).filter((result) => !result.valid)).toEqual([]);
  });

  it('--document adds the responses to a JSON document', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vc-openapi-')), 'api.json');
    fs.writeFileSync(file, JSON.stringify(MEDIA_31));
    const { code, out } = await cli(['--profile', 'mpc', '--document', file]);
    expect(code).toBe(0);
    const document = JSON.parse(out) as typeof MEDIA_31;
    expect(Object.keys((document.paths['/{project_id}/transcodings'] as Record<string, { responses: object }>).post?.responses ?? {})).toContain('400');
  });

  it.each([
    [['--profile', 'nope'], /unknown profile "nope"/],
    [[], /missing --profile/],
    [['--profile', 'vsp', '--openapi', '2.0'], /--openapi must be 3.0 or 3.1/],
    [['--frobnicate'], /unknown argument/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { code, err, out } = await cli(args as string[]);
    expect([code, out]).toEqual([2, '']);
    expect(err).toMatch(message);
  });

  it('--help prints the usage', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: vendor-compat openapi --profile <name>/);
  });
});
