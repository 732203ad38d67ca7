/**
 * Definition-time proof that a profile's bodies match its own `bodySchema`:
 * every kind is rendered for every method a method rule names and for one no rule names, with
 * and without a thrown message, and each payload is validated. A kind whose body a client would
 * get wrong (APIG without `error_code`, Stratos with an empty `message`, clients.md) fails
 * `defineProfile`, not the first request that hits it.
 *
 * @module
 */
import { KIND_NAMES, type KindName } from './kinds';
import { templateContext, type ContextError } from './render-context';
import { ruleApplies, type CompiledKind, type CompiledProfile } from './compile-profile';
import type { MethodRule, ProfileDocument } from './profile-types';

/** One problem, as `defineProfile` reports it. */
export interface BodyProblem {
  readonly path: string;
  readonly message: string;
}

/** Methods every profile is checked for, besides those its rules name. */
const COMMON_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** A request id of the documented shape (32 lower-case hex), so an id pattern in the schema holds. */
const SAMPLE_REQUEST_ID = '0123456789abcdef0123456789abcdef';
const SAMPLE_PATH = '/sample/resource';
const SAMPLE_MESSAGE = 'Sample thrown message.';

interface Variant {
  readonly label: string;
  readonly error: ContextError;
}

const VARIANTS: readonly Variant[] = [
  { label: 'without a thrown message', error: { message: undefined, vendorCode: undefined, details: undefined, exposeDeclared: false } },
  { label: 'with a thrown message', error: { message: SAMPLE_MESSAGE, vendorCode: undefined, details: undefined, exposeDeclared: false } },
  { label: 'with an exposed thrown message', error: { message: SAMPLE_MESSAGE, vendorCode: undefined, details: undefined, exposeDeclared: true } },
];


/** Where the entry used for `kind` on `method` is written: the first rule that overrides it, or the kind. */
function entryPath(document: ProfileDocument, kind: string, method: string): string {
  if (kind.startsWith('code:')) return `/codes/${kind.slice(5)}`;
  const rules = document.methodRules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index] as MethodRule;
    if (rule.kinds[kind as KindName] !== undefined && ruleApplies(rule, method)) return `/methodRules/${index}/kinds/${kind}`;
  }
  return `/kinds/${kind}`;
}

/** The methods that cover every way the rules can resolve: each named one, the common ones, and one no rule names. */
function methodsToCheck(document: ProfileDocument): string[] {
  const named = new Set((document.methodRules ?? []).flatMap((rule) => [...(rule.methods ?? []), ...(rule.exceptMethods ?? [])]));
  const methods = new Set<string>([...COMMON_METHODS, ...named]);
  if (COMMON_METHODS.every((method) => named.has(method))) {
    let plain = 'UNNAMED';
    while (named.has(plain)) plain += 'X';
    methods.add(plain);
  }
  return [...methods];
}

/**
 * Renders every kind of a compiled profile and returns the payloads that fail `validate`, one
 * problem per entry and case (the methods it fails for listed together).
 *
 * @example
 * bodyProblems(document, compileProfile(document), (payload) => validator(payload) ? [] : ['/error_code must be string'])
 * // [{ path: '/kinds/notFound', message: 'the body rendered for GET, POST without a thrown message fails bodySchema: /error_code must be string' }]
 */
export function bodyProblems(document: ProfileDocument, compiled: CompiledProfile, validate: (payload: unknown) => readonly string[]): BodyProblem[] {
  const failures = new Map<string, { path: string; label: string; reasons: string; methods: string[] }>();
  let missingContentType = false;
  // A sample id in the profile's shape (`requestId.hexDigits`, `uppercase`), as generated ids are.
  const { hexDigits, uppercase } = compiled.requestIdShape;
  const digits = SAMPLE_REQUEST_ID.repeat(Math.ceil(hexDigits / SAMPLE_REQUEST_ID.length)).slice(0, hexDigits);
  const sampleId = uppercase ? digits.toUpperCase() : digits;
  for (const method of methodsToCheck(document)) {
    const entries: Array<readonly [string, CompiledKind]> = [
      ...KIND_NAMES.map((kind) => [kind, compiled.resolve(kind, method)] as const),
      ...Object.keys(document.codes ?? {}).flatMap((code) => {
        const row = compiled.resolveCode(code, method);
        return row === undefined ? [] : [[`code:${code}`, row] as const];
      }),
    ];
    for (const [kind, entry] of entries) {
      for (const variant of VARIANTS) {
        if (variant.error.exposeDeclared && entry.status < 500) continue; // same as "with a thrown message"
        const context = templateContext(entry, variant.error, {
          method,
          path: SAMPLE_PATH,
          requestId: compiled.requestIdHeader === undefined ? undefined : sampleId,
          vars: compiled.vars,
        });
        const payload = entry.body === null ? null : entry.body(context);
        const reasons = payload === undefined ? ['the body template renders no value'] : validate(payload === null ? null : entry.schemaForm(payload));
        if (payload !== null && payload !== undefined && entry.contentType === undefined) missingContentType = true;
        if (reasons.length === 0) continue;
        const path = entryPath(document, kind, method);
        const key = `${path}\u0000${variant.label}\u0000${reasons.join('; ')}`;
        const failure = failures.get(key) ?? { path, label: variant.label, reasons: reasons.join('; '), methods: [] };
        failure.methods.push(method);
        failures.set(key, failure);
      }
    }
  }
  const problems = [...failures.values()].map(({ path, label, reasons, methods }) => ({
    path,
    message: `the body rendered for ${methods.join(', ')} ${label} fails bodySchema: ${reasons}`,
  }));
  // clients.md "VSP": Cinder's driver raises KeyError on a body without Content-Type.
  if (missingContentType) problems.push({ path: '/body/contentType', message: 'is required: a non-empty error body must carry a Content-Type' });
  return problems;
}
