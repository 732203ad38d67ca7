/**
 * `defineProfile`: validate a profile document, clone it, freeze it, compile it.
 *
 * Follows fastify's `lib/initial-config-validation.js`: clone, validate with ajv, throw one error
 * naming every problem, deep-freeze. The caller's object is never mutated.
 *
 * @module
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { KIND_NAMES } from './kinds';
import { bodyValidatorOf, compileBodySchema, profileDocumentValidator } from './profile-validators';
import { TemplateError } from './template';
import { compileProfile, type CompiledProfile } from './compile-profile';
import { bodyProblems } from './body-check';
import type { ProfileDocument, ProfileSource } from './profile-types';

/** Where the compiled form hides on a profile object. */
export const COMPILED: unique symbol = Symbol.for('vendor-compat/compiled-profile') as never;
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A validated, frozen, compiled profile. */
export interface Profile {
  readonly name: string;
  readonly title: string;
  /** Every status the vendor documents, ascending. */
  readonly statuses: readonly number[];
  readonly sources: readonly ProfileSource[];
  /** The frozen document this profile was built from. */
  readonly document: ProfileDocument;
  /** Validates a parsed error body against the profile's `bodySchema`; returns the problems. */
  readonly validateBody: (payload: unknown) => readonly string[];
  readonly [COMPILED]: CompiledProfile;
}

/** One problem found in a profile document. */
export interface ProfileProblem {
  /** JSON Pointer into the document, e.g. `/kinds/notFound/status`. */
  readonly path: string;
  readonly message: string;
}

/** Thrown by {@link defineProfile}; its message lists every problem, one per line. */
export class ProfileValidationError extends TypeError {
  readonly code = 'ERR_VENDOR_COMPAT_PROFILE_INVALID';
  constructor(readonly profileName: string, readonly problems: readonly ProfileProblem[]) {
    super(
      `vendor-compat: profile ${JSON.stringify(profileName)} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem.path || '/'}: ${problem.message}`).join('\n'),
    );
    this.name = 'ProfileValidationError';
  }
}

/** Options for {@link defineProfile}. */
export interface DefineProfileOptions {
  /** A profile whose document this one's is merged over (objects merge; arrays, body templates and body schemas replace). */
  readonly extends?: Profile;
}

function describeAjvError(error: ErrorObject): ProfileProblem {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') message = `unknown property ${JSON.stringify(params.additionalProperty)}`;
  if (error.keyword === 'required') message = `missing required property ${JSON.stringify(params.missingProperty)}`;
  return { path: error.instancePath, message };
}

function findUnsafeKeys(value: unknown, path: string, problems: ProfileProblem[]): void {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (UNSAFE_KEYS.has(key)) problems.push({ path: `${path}/${key}`, message: 'forbidden key (prototype pollution)' });
    else findUnsafeKeys((value as Record<string, unknown>)[key], `${path}/${key}`, problems);
  }
}

/** Paths whose value is replaced whole by `extends`: a template or schema is one unit, not a bag of keys. */
const ATOMIC_PATHS = /^\/(?:body\/template|bodySchema|kinds\/[A-Za-z]+\/body)$/;

function merge(base: unknown, patch: unknown, path = ''): unknown {
  if (patch === undefined) return base;
  if (ATOMIC_PATHS.test(path)) return patch;
  if (base === null || patch === null || typeof base !== 'object' || typeof patch !== 'object' || Array.isArray(base) || Array.isArray(patch)) {
    return patch;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  // A new body template brings its own formats: the base's XML settings and alternates describe
  // the base's template (problem's application/problem+xml), not the extension's.
  if (path === '/body' && 'template' in patch) {
    delete out.xml;
    delete out.alternates;
  }
  for (const key of Object.keys(patch)) {
    if (UNSAFE_KEYS.has(key)) continue;
    out[key] = merge(out[key], (patch as Record<string, unknown>)[key], `${path}/${key}`);
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Cross-field rules the JSON Schema cannot say. */
function semanticProblems(document: ProfileDocument): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const documented = new Set(document.statuses);
  const sourceIds = new Set(document.sources.map((source) => source.id));
  const checkSources = (ids: readonly string[] | undefined, path: string): void => {
    for (const id of ids ?? []) if (!sourceIds.has(id)) problems.push({ path, message: `cites unknown source ${JSON.stringify(id)}` });
  };
  const checkStatus = (status: number | undefined, path: string): void => {
    if (status !== undefined && !documented.has(status)) {
      problems.push({ path, message: `status ${status} is not one of the profile's statuses (${document.statuses.join(', ')})` });
    }
  };
  for (const kind of KIND_NAMES) {
    const entry = document.kinds[kind];
    checkStatus(entry.status, `/kinds/${kind}/status`);
    if (entry.status < 300) problems.push({ path: `/kinds/${kind}/status`, message: 'an error kind cannot answer with a 1xx or 2xx status' });
    checkSources(entry.sources, `/kinds/${kind}/sources`);
  }
  (document.methodRules ?? []).forEach((rule, index) => {
    checkSources(rule.sources, `/methodRules/${index}/sources`);
    for (const [kind, override] of Object.entries(rule.kinds)) {
      checkStatus(override?.status, `/methodRules/${index}/kinds/${kind}/status`);
      checkSources(override?.sources, `/methodRules/${index}/kinds/${kind}/sources`);
    }
  });
  (document.body.alternates ?? []).forEach((format, index) => checkSources(format.sources, `/body/alternates/${index}/sources`));
  for (const [code, row] of Object.entries(document.codes ?? {})) {
    checkStatus(row.status, `/codes/${code}/status`);
    if (row.status < 300) problems.push({ path: `/codes/${code}/status`, message: 'an error code cannot answer with a 1xx or 2xx status' });
    checkSources(row.sources, `/codes/${code}/sources`);
  }
  const xmlFormats = [document.body.xml, ...(document.body.alternates ?? []).map((format) => format.xml)].filter((xml) => xml !== undefined);
  const template = document.body.template;
  if (xmlFormats.length > 0 && template !== null && (typeof template !== 'object' || Array.isArray(template))) {
    problems.push({ path: '/body/template', message: 'an XML body needs an object template (its members become the root element\'s children)' });
  }
  if (document.validation !== undefined) {
    checkSources(document.validation.sources, '/validation/sources');
    (document.validation.rules ?? []).forEach((rule, index) => checkSources(rule.sources, `/validation/rules/${index}/sources`));
  }
  for (let i = 1; i < document.statuses.length; i++) {
    if ((document.statuses[i] ?? 0) <= (document.statuses[i - 1] ?? 0)) {
      problems.push({ path: `/statuses/${i}`, message: 'statuses must be listed in ascending order' });
      break;
    }
  }
  return problems;
}

/**
 * The name an invalid document is reported under: its own, never the name of the profile it
 * extends (that one is valid; the merged document only inherits its name).
 */
function nameOf(input: unknown, base: Profile | undefined): string {
  const own = (input as { name?: unknown } | null)?.name;
  if (typeof own === 'string') return own;
  return base === undefined ? '(unnamed)' : `(unnamed, extends ${base.name})`;
}

/**
 * Validates, clones, freezes and compiles a profile document. Throws
 * {@link ProfileValidationError} naming every problem (JSON path and reason).
 *
 * @example
 * const acme = defineProfile({ name: 'acme', title: 'ACME API', body: { template: { err: '{{message}}' } } }, { extends: profiles.problem })
 */
export function defineProfile(input: unknown, options: DefineProfileOptions = {}): Profile {
  // The profile schema's validator, precompiled from PROFILE_SCHEMA with ajv's standalone code
  // (scripts/build-validators.ts, options { allErrors: true, strict: false, inlineRefs: false }).
  return defineProfileWith(profileDocumentValidator(), input, options);
}

/**
 * {@link defineProfile} with the profile-document validator given: the build step passes one it
 * compiled from the current `PROFILE_SCHEMA`, so that checking the built-in profiles never
 * depends on the precompiled validator it is about to regenerate.
 *
 * @example
 * defineProfileWith(new Ajv({ allErrors: true, strict: false, inlineRefs: false }).compile(PROFILE_SCHEMA), document)
 */
export function defineProfileWith(validate: ValidateFunction, input: unknown, options: DefineProfileOptions = {}): Profile {
  const name = nameOf(input, options.extends);
  const problems: ProfileProblem[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ProfileValidationError(name, [{ path: '', message: 'a profile document must be a JSON object' }]);
  }
  findUnsafeKeys(input, '', problems);
  if (problems.length > 0) throw new ProfileValidationError(name, problems);
  let document: ProfileDocument;
  try {
    document = structuredClone(merge(options.extends?.document, input)) as ProfileDocument;
  } catch (error) {
    throw new ProfileValidationError(name, [{ path: '', message: `a profile document must be plain JSON data (${(error as Error).message})` }]);
  }
  if (!validate(document)) throw new ProfileValidationError(name, (validate.errors ?? []).map(describeAjvError));
  problems.push(...semanticProblems(document));

  let bodyValidator: ValidateFunction | undefined;
  try {
    bodyValidator = compileBodySchema(document.bodySchema);
  } catch (error) {
    problems.push({ path: '/bodySchema', message: `is not a valid JSON Schema: ${(error as Error).message}` });
  }
  let compiled: CompiledProfile | undefined;
  try {
    compiled = compileProfile(document);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    problems.push({ path: error.path, message: error.message });
  }
  if (problems.length > 0 || compiled === undefined || bodyValidator === undefined) throw new ProfileValidationError(name, problems);
  const validateBody = bodyValidatorOf(bodyValidator);
  // README: every rendered body validates against the profile's bodySchema; prove it now, for
  // every kind and method rule, rather than on the first request that hits a bad one.
  problems.push(...bodyProblems(document, compiled, validateBody));
  if (problems.length > 0) throw new ProfileValidationError(name, problems);
  return frozenProfile(document, compiled, validateBody);
}

function frozenProfile(document: ProfileDocument, compiled: CompiledProfile, validateBody: (payload: unknown) => readonly string[]): Profile {
  deepFreeze(document);
  const profile = {
    name: document.name,
    title: document.title,
    statuses: document.statuses,
    sources: document.sources,
    document,
    validateBody,
  };
  Object.defineProperty(profile, COMPILED, { value: compiled, enumerable: false });
  return Object.freeze(profile) as Profile;
}

/**
 * A built-in profile: its document was validated at build time by the full {@link defineProfile}
 * (scripts/build-validators.ts fails the build otherwise; test/perf/generated-validators.test.ts
 * proves the embedded documents and precompiled validators are those the sources produce), so
 * only what a profile object holds is built here: the compiled form and the precompiled body
 * validator. `document` must be the caller's own fresh copy (it is frozen, not cloned). Not for
 * custom documents: those go through {@link defineProfile}.
 *
 * @example
 * const apig = defineBuiltInProfile(JSON.parse(DOCUMENT_TEXTS.apig), BODY_VALIDATORS.apig())
 */
export function defineBuiltInProfile(document: unknown, bodyValidator: ValidateFunction): Profile {
  const built = document as ProfileDocument;
  return frozenProfile(built, compileProfile(built), bodyValidatorOf(bodyValidator));
}

/**
 * The compiled form of a profile (internal to the renderer and the adapters).
 *
 * @example
 * compiledOf(profiles.vsp).resolve('forbidden', 'GET').status // 404
 */
export function compiledOf(profile: Profile): CompiledProfile {
  const compiled = (profile as Partial<Profile>)[COMPILED];
  if (compiled === undefined) throw new TypeError('vendor-compat: not a profile; build one with defineProfile()');
  return compiled;
}
