/**
 * Build step (`npm run build` runs it before tsup): precompiles, with ajv's standalone code
 * generation, what is fixed at build time, so that no ajv is loaded or compiled at run time for a
 * built-in profile (https://ajv.js.org/standalone.html):
 *
 * - the profile-document validator (`PROFILE_SCHEMA`, with the options `defineProfile` uses), for
 *   custom profiles;
 * - each built-in profile's `bodySchema` validator (the options `defineProfile` uses for it);
 * - each built-in profile's document as JSON text, so that an app parses the one it uses.
 *
 * Each built-in profile is first defined with the full `defineProfile` (schema, cross-field rules,
 * every kind's rendered body against its `bodySchema`): an invalid built-in fails the build here,
 * which is what lets `src/profiles/index.ts` skip those checks at run time.
 *
 *   npx ts-node --transpile-only scripts/build-validators.ts          write src/generated/built-in-profiles.ts
 *   npx ts-node --transpile-only scripts/build-validators.ts --check   exit 1 when it is stale
 *
 * test/perf/generated-validators.test.ts regenerates the module and compares it byte for byte.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type Options } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import ucs2length from 'ajv/dist/runtime/ucs2length';
import { PROFILE_SCHEMA } from '../src/core/profile-schema';
import { defineProfileWith } from '../src/core/define-profile';
import { DOCUMENTS, type ProfileName } from '../src/profiles/documents';

/** Where the generated module is written (committed, so typecheck and tests run on a fresh clone). */
export const GENERATED_PATH = join(__dirname, '..', 'src', 'generated', 'built-in-profiles.ts');

/** The options `defineProfile` compiles the profile-document schema with (src/core/define-profile.ts). */
export const DOCUMENT_OPTIONS: Options = { allErrors: true, strict: false, inlineRefs: false };
/** The options `defineProfile` compiles a profile's `bodySchema` with. */
export const BODY_OPTIONS: Options = { allErrors: true, strict: false };

/** ajv's runtime helpers the generated code may use, inlined from the installed ajv by name. */
const RUNTIME: Readonly<Record<string, { readonly name: string; readonly source: string }>> = {
  'ajv/dist/runtime/ucs2length': { name: 'ucs2length', source: ucs2length.toString() },
};

/**
 * One schema's standalone validator, as a factory function `name()` that builds it on first call
 * (so loading the module evaluates no schema literal and no regular expression).
 */
function factory(name: string, schema: object, options: Options, runtimeUsed: Set<string>): string {
  const ajv = new Ajv({ ...options, code: { source: true, esm: true, lines: true } });
  const module = standaloneCode(ajv, ajv.compile(schema));
  const head = /^"use strict";\nexport const validate = (validate\d+);\nexport default \1;\n/.exec(module);
  if (head === null) throw new Error(`build-validators: unexpected standalone code shape for ${name}`);
  let body = module.slice(head[0].length);
  body = body.replace(/require\("([^"]+)"\)\.default/g, (_all, id: string) => {
    const helper = RUNTIME[id];
    if (helper === undefined) throw new Error(`build-validators: ${name} needs ajv runtime helper ${id}; add it to RUNTIME`);
    runtimeUsed.add(id);
    return helper.name;
  });
  if (/\brequire\(/.test(body)) throw new Error(`build-validators: ${name} still requires a module`);
  const indented = body.trimEnd().split('\n').map((line) => (line === '' ? '' : `  ${line}`)).join('\n');
  return [`function ${name}(): ValidateFunction {`, indented, `  return ${head[1]} as unknown as ValidateFunction;`, '}'].join('\n');
}

/**
 * The text of src/generated/built-in-profiles.ts for the current sources (profile schema, built-in
 * profile documents, installed ajv). Throws if a built-in profile is invalid.
 *
 * @example
 * generateValidators().includes('export const BODY_VALIDATORS') // true
 */
export function generateValidators(): string {
  const names = Object.keys(DOCUMENTS) as ProfileName[];
  // Each built-in through defineProfile's checks (schema, cross-field rules, rendered bodies) with
  // a schema validator compiled now, not the committed one it replaces: a throw fails the build.
  const fresh = new Ajv(DOCUMENT_OPTIONS).compile(PROFILE_SCHEMA);
  for (const name of names) defineProfileWith(fresh, DOCUMENTS[name]);
  const runtimeUsed = new Set<string>();
  const factories = [factory('profileDocument', PROFILE_SCHEMA, DOCUMENT_OPTIONS, runtimeUsed)];
  for (const name of names) {
    factories.push(factory(`${name}Body`, (DOCUMENTS[name] as { bodySchema: object }).bodySchema, BODY_OPTIONS, runtimeUsed));
  }
  const helpers = [...runtimeUsed].sort().map((id) => `// ${id} (ajv ${ajvVersion()})\nconst ${RUNTIME[id]?.name} = ${RUNTIME[id]?.source};`);
  return [
    '/* eslint-disable */',
    '// @ts-nocheck -- generated by scripts/build-validators.ts (`npm run build`); do not edit.',
    '/**',
    ' * What is fixed at build time: the built-in profiles\' documents (validated) and ajv standalone',
    " * validators for the profile-document schema and the built-in profiles' body schemas.",
    ' * Regenerate with `npm run build:validators` (`npm run build` does it);',
    ' * test/perf/generated-validators.test.ts fails when this file is stale.',
    ' *',
    ' * @module',
    ' */',
    "import type { ValidateFunction } from 'ajv';",
    '',
    ...helpers,
    '',
    factories.join('\n\n'),
    '',
    '/**',
    ' * The profile-document validator (`PROFILE_SCHEMA`), built on first call.',
    ' *',
    ' * @example',
    ' * profileDocumentValidator()({ name: 1 }) // false',
    ' */',
    'export const profileDocumentValidator: () => ValidateFunction = once(profileDocument);',
    '',
    '/**',
    ' * Each built-in profile\'s document, as JSON text (validated at build time; `JSON.parse` gives',
    ' * the one profile an app uses, and leaves the others unparsed).',
    ' *',
    ' * @example',
    " * JSON.parse(DOCUMENT_TEXTS.vsp).name // 'vsp'",
    ' */',
    'export const DOCUMENT_TEXTS: Readonly<Record<string, string>> = Object.freeze({',
    ...names.map((name) => `  ${name}: ${JSON.stringify(JSON.stringify(DOCUMENTS[name]))},`),
    '});',
    '',
    '/**',
    " * Each built-in profile's `bodySchema` validator, built on first call.",
    ' *',
    ' * @example',
    " * BODY_VALIDATORS.apig()({ error_code: 'APIG.0101', error_msg: 'x', request_id: 'y' }) // true",
    ' */',
    'export const BODY_VALIDATORS: Readonly<Record<string, () => ValidateFunction>> = Object.freeze({',
    ...names.map((name) => `  ${name}: once(${name}Body),`),
    '});',
    '',
    'function once(build: () => ValidateFunction): () => ValidateFunction {',
    '  let built: ValidateFunction | undefined;',
    '  return () => (built ??= build());',
    '}',
    '',
  ].join('\n');
}

function ajvVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('ajv/package.json'), 'utf8')) as { version: string }).version;
}

if (require.main === module) {
  const text = generateValidators();
  if (process.argv.includes('--check')) {
    const current = readFileSync(GENERATED_PATH, 'utf8');
    if (current !== text) {
      process.stderr.write(`${GENERATED_PATH} is stale: run scripts/build-validators.ts\n`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(GENERATED_PATH, text);
    process.stdout.write(`build-validators: wrote ${GENERATED_PATH} (${text.length} characters)\n`);
  }
}
