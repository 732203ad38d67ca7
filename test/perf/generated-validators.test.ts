/**
 * The embedded documents and precompiled validators (src/generated/built-in-profiles.ts) are the
 * ones the sources produce: the module is regenerated from the current profile schema, built-in
 * profile documents and installed ajv, and compared byte for byte with the committed file, so a profile or schema
 * change cannot ship stale validators. Then the built-in profiles, defined at run time without
 * ajv, are shown to be what the full `defineProfile` makes of the same documents.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { generateValidators, GENERATED_PATH, PROFILE_DOCUMENT_PATH, DOCUMENT_OPTIONS, BODY_OPTIONS } from '../../scripts/build-validators';
import { defineProfile } from '../../src/core/define-profile';
import { PROFILE_SCHEMA } from '../../src/core/profile-schema';
import { KIND_NAMES } from '../../src/core/kinds';
import { render } from '../../src/core/render';
import { createVendorError } from '../../src/core/errors';
import { BODY_VALIDATORS, DOCUMENT_TEXTS } from '../../src/generated/built-in-profiles';
import { profileDocumentValidator } from '../../src/generated/profile-document';
import { profiles } from '../../src/profiles';
import { DOCUMENTS, type ProfileName } from '../../src/profiles/documents';

const NAMES = Object.keys(DOCUMENTS) as ProfileName[];

describe('src/generated/built-in-profiles.ts and profile-document.ts', () => {
  const generated = generateValidators();

  it.each([GENERATED_PATH, PROFILE_DOCUMENT_PATH])('%s is exactly what scripts/build-validators.ts generates from the current sources (run it after changing a profile or the schema)', (file) => {
    expect(readFileSync(file, 'utf8')).toBe(generated[file]);
  });

  it('are the only files it generates', () => {
    expect(Object.keys(generated).sort()).toEqual([GENERATED_PATH, PROFILE_DOCUMENT_PATH].sort());
  });

  it('holds one document and one body validator per built-in profile, and nothing else', () => {
    expect(Object.keys(BODY_VALIDATORS).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(DOCUMENT_TEXTS).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(profiles).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('embeds the %s document exactly as src/profiles/%s.json has it', (name) => {
    expect(JSON.parse(DOCUMENT_TEXTS[name] as string)).toEqual(DOCUMENTS[name]);
  });
});

describe('the precompiled profile-document validator', () => {
  const compiled = new Ajv(DOCUMENT_OPTIONS).compile(PROFILE_SCHEMA);
  const samples: Array<[string, unknown]> = [
    ...NAMES.map((name): [string, unknown] => [`built-in ${name}`, DOCUMENTS[name]]),
    ['an empty object', {}],
    ['a kind with a 2-digit status and an unknown key', { ...(DOCUMENTS.apig as object), kinds: { notFound: { status: 40, message: 'x', sources: [], oops: 1 } } }],
    ['a name with upper case', { ...(DOCUMENTS.vsp as object), name: 'VSP' }],
  ];

  it.each(samples)('judges %s as ajv compiling PROFILE_SCHEMA now does (same verdict, same errors)', (_label, document) => {
    const precompiled = profileDocumentValidator();
    expect(precompiled(document)).toBe(compiled(document));
    expect(precompiled.errors ?? null).toEqual(compiled.errors ?? null);
  });
});

describe.each(NAMES)('built-in profile %s', (name) => {
  const full = defineProfile(DOCUMENTS[name]);
  const builtIn = profiles[name];

  it('has the document, statuses and sources the full defineProfile gives', () => {
    expect(builtIn.document).toEqual(full.document);
    expect(builtIn.statuses).toEqual(full.statuses);
    expect(builtIn.sources).toEqual(full.sources);
    expect(Object.isFrozen(builtIn.document)).toBe(true);
  });

  it('renders every kind for GET and DELETE exactly as the full defineProfile does', () => {
    for (const kind of KIND_NAMES) {
      for (const method of ['GET', 'DELETE']) {
        const error = createVendorError(kind, 'Sample.');
        const view = { method, path: '/sample', requestId: '0123456789abcdef0123456789abcdef' };
        expect(render(error, builtIn, view)).toEqual(render(error, full, view));
      }
    }
  });

  it('validates bodies with the precompiled validator as ajv compiling bodySchema now does', () => {
    const compiled = new Ajv(BODY_OPTIONS).compile((DOCUMENTS[name] as { bodySchema: object }).bodySchema);
    const rendered = render(createVendorError('notFound', 'Sample.'), full, { method: 'GET', path: '/x', requestId: '0123456789abcdef0123456789abcdef' });
    for (const payload of [rendered.payload, {}, { unexpected: true }, [], 'text', null]) {
      expect(builtIn.validateBody(payload)).toEqual(full.validateBody(payload));
      expect(builtIn.validateBody(payload).length === 0).toBe(compiled(payload));
    }
  });
});
