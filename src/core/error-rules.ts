/**
 * Error rules: the user's own error classes, Node system errors and anything else thrown,
 * mapped to a canonical kind (and so to the vendor's answer) by an ordered list of rules.
 * First match wins. A rule matches the thrown value or, failing that, an error in its
 * `cause` chain (ES2022 `Error` cause), so `TypeError('fetch failed', { cause: ECONNREFUSED })`
 * matches an `ECONNREFUSED` rule.
 *
 * Rules are copied, validated and compiled once (a `TypeError` naming the rule's index and what is wrong);
 * matching reads the thrown value through guarded getters and never throws: a `when`, `message`,
 * `details` or `headers` function that throws counts as no match, or as the default.
 *
 * @module
 */
import { ERROR_BRAND } from './brand';
import { KINDS, isKindName, type KindName } from './kinds';
import { readProperty } from './safe-read';

/** One rule. At least one of `instanceOf`, `name`, `code`, `when` is required; all given must hold. */
export interface ErrorRule {
  /** The thrown value is an instance of this class (`instanceof`). */
  readonly instanceOf?: abstract new (...args: never[]) => unknown;
  /** `err.name` equals this string, or matches this RegExp. */
  readonly name?: string | RegExp;
  /** `err.code` is this value or one of these (Node system errors `'ECONNREFUSED'`, pg's `'23505'`, ...). */
  readonly code?: string | number | ReadonlyArray<string | number>;
  /** Any other test; a `when` that throws counts as no match. */
  readonly when?: (err: unknown) => boolean;
  /** What it is, in the vendor's terms: the canonical kind the profile renders. */
  readonly kind: KindName;
  /** A vendor code for this answer (`'KART30005-E'`, `'APIG.0402'`). */
  readonly vendorCode?: string;
  /** Default: the matched error's message for a 4xx kind, the kind's own text for a 5xx kind. */
  readonly message?: string | ((err: unknown) => string);
  /** Vendor body fields (VSP `cause`, `solution`, `errorCode`). */
  readonly details?: (err: unknown) => Record<string, unknown>;
  /** Extra response headers (`Retry-After`, ...). */
  readonly headers?: Readonly<Record<string, string>> | ((err: unknown) => Record<string, string>);
  /** A 5xx shows its message only with `expose: true`. */
  readonly expose?: boolean;
}

/**
 * What a matched rule turns the thrown value into: a plain branded object in the http-errors
 * protocol that `render` reads (no Error, no stack). `cause` keeps the original value.
 */
export interface RuleAnswer {
  readonly status: number;
  readonly statusCode: number;
  readonly expose: boolean;
  readonly message: string;
  readonly vendorCode?: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  readonly cause: unknown;
  readonly [ERROR_BRAND]: KindName;
}

/** Compiled rules: the answer for a thrown value, or undefined when no rule matches. */
export type CompiledErrorRules = (thrown: unknown) => RuleAnswer | undefined;

/** How deep the `cause` chain is followed (cycles are detected before that). */
export const MAX_CAUSE_DEPTH = 8;
const RULE_KEYS: ReadonlySet<string> = new Set(['instanceOf', 'name', 'code', 'when', 'kind', 'vendorCode', 'message', 'details', 'headers', 'expose']);
const VENDOR_CODE = /^[\x21-\x7e]{1,64}$/;

const read = readProperty;

function fail(index: number, problem: string): never {
  throw new TypeError(`vendor-compat: errors[${index}] ${problem}`);
}

type Test = (err: unknown) => boolean;

/**
 * A frozen copy of one rule, each property read once (a getter cannot say one thing to the
 * validation and another later); `code` lists and `headers` objects are copied too. Classes,
 * RegExps and functions are kept by reference, captured now.
 */
function snapshotRule(rule: unknown, index: number): Readonly<Record<string, unknown>> {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) fail(index, 'must be an object such as { code: "ECONNREFUSED", kind: "badGateway" }');
  const out: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(rule)) {
      if (!RULE_KEYS.has(key)) fail(index, `has an unknown key ${JSON.stringify(key)}; expected ${[...RULE_KEYS].join(', ')}`);
      out[key] = (rule as Record<string, unknown>)[key];
    }
    if (Array.isArray(out.code)) out.code = Object.freeze([...(out.code as unknown[])]);
    const headers = out.headers;
    if (headers !== null && typeof headers === 'object') out.headers = Object.freeze(Object.fromEntries(Object.keys(headers).map((name) => [name, (headers as Record<string, unknown>)[name]])));
  } catch (error) {
    if (error instanceof TypeError && error.message.startsWith('vendor-compat:')) throw error;
    fail(index, 'could not be read (a getter or Proxy trap threw)');
  }
  return Object.freeze(out);
}

function validateRule(r: Readonly<Record<string, unknown>>, index: number): Test {
  if (!isKindName(r.kind)) fail(index, `has kind ${JSON.stringify(r.kind)}, which is not a canonical kind (see KIND_NAMES)`);
  if (r.instanceOf === undefined && r.name === undefined && r.code === undefined && r.when === undefined) {
    fail(index, 'needs at least one of instanceOf, name, code, when');
  }
  if (r.instanceOf !== undefined && typeof r.instanceOf !== 'function') fail(index, 'has an instanceOf that is not a class');
  if (r.name !== undefined && typeof r.name !== 'string' && !(r.name instanceof RegExp)) fail(index, 'has a name that is neither a string nor a RegExp');
  const codes = r.code === undefined ? undefined : Array.isArray(r.code) ? r.code : [r.code];
  if (codes !== undefined && (codes.length === 0 || codes.some((code) => typeof code !== 'string' && typeof code !== 'number'))) {
    fail(index, 'has a code that is not a string, a number or a non-empty array of them');
  }
  if (r.when !== undefined && typeof r.when !== 'function') fail(index, 'has a when that is not a function');
  if (r.vendorCode !== undefined && (typeof r.vendorCode !== 'string' || !VENDOR_CODE.test(r.vendorCode))) fail(index, 'has a vendorCode that is not 1–64 printable ASCII characters');
  if (r.message !== undefined && typeof r.message !== 'string' && typeof r.message !== 'function') fail(index, 'has a message that is neither a string nor a function');
  if (r.details !== undefined && typeof r.details !== 'function') fail(index, 'has details that are not a function');
  if (r.headers !== undefined && typeof r.headers !== 'function' && (r.headers === null || typeof r.headers !== 'object' || Object.values(r.headers).some((v) => typeof v !== 'string'))) {
    fail(index, 'has headers that are neither a function nor an object of strings');
  }
  if (r.expose !== undefined && typeof r.expose !== 'boolean') fail(index, 'has an expose that is not a boolean');

  const tests: Test[] = [];
  const klass = r.instanceOf as (abstract new (...args: never[]) => unknown) | undefined;
  if (klass !== undefined) tests.push((err) => err instanceof klass);
  if (typeof r.name === 'string') {
    const name = r.name;
    tests.push((err) => read(err, 'name') === name);
  } else if (r.name instanceof RegExp) {
    const pattern = new RegExp(r.name.source, r.name.flags.replace(/[gy]/g, '')); // no lastIndex state
    tests.push((err) => {
      const name = read(err, 'name');
      return typeof name === 'string' && pattern.test(name);
    });
  }
  if (codes !== undefined) {
    const set = new Set<unknown>(codes);
    tests.push((err) => set.has(read(err, 'code')));
  }
  if (r.when !== undefined) tests.push(r.when as Test);
  return (err) => {
    try {
      for (const test of tests) if (test(err) !== true) return false;
      return true;
    } catch {
      return false; // a throwing when, getter or Symbol.hasInstance is no match
    }
  };
}

/** The thrown value, then its `cause`, its cause's cause, ...: bounded and cycle-safe. */
function causeChain(thrown: unknown): unknown[] {
  const chain: unknown[] = [thrown];
  const seen = new Set<unknown>([thrown]);
  let current = thrown;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
    const cause = read(current, 'cause');
    if (cause === undefined || cause === null || seen.has(cause)) break;
    chain.push(cause);
    seen.add(cause);
    current = cause;
  }
  return chain;
}

function safeCall<T>(fn: (err: unknown) => T, err: unknown): T | undefined {
  try {
    return fn(err);
  } catch {
    return undefined;
  }
}

function answerFor(rule: ErrorRule, matched: unknown, thrown: unknown): RuleAnswer {
  const status = KINDS[rule.kind].status;
  const expose = rule.expose ?? status < 500;
  let message: unknown;
  if (typeof rule.message === 'function') message = safeCall(rule.message, matched);
  else if (typeof rule.message === 'string') message = rule.message;
  else if (expose) message = read(matched, 'message'); // the thrown message for 4xx (or expose: true)
  const details = rule.details === undefined ? undefined : safeCall(rule.details, matched);
  const headers = typeof rule.headers === 'function' ? safeCall(rule.headers, matched) : rule.headers;
  const answer: Record<PropertyKey, unknown> = {
    status,
    statusCode: status,
    expose,
    message: typeof message === 'string' ? message : '',
    cause: thrown,
    [ERROR_BRAND]: rule.kind,
  };
  if (rule.vendorCode !== undefined) answer.vendorCode = rule.vendorCode;
  if (details !== null && typeof details === 'object') answer.details = details;
  if (headers !== null && typeof headers === 'object') answer.headers = headers;
  return answer as unknown as RuleAnswer;
}

/**
 * Validates and compiles an ordered rule list. Throws `TypeError` naming the index of the first
 * bad rule. The rules are copied (each property read once): editing, adding or removing a rule
 * afterwards changes nothing the compiled function does.
 *
 * @example
 * const rules = compileErrorRules([{ instanceOf: VolumeNotFoundError, kind: 'notFound', vendorCode: 'KART40046-E' }])
 * render(rules(new VolumeNotFoundError('LDEV 12 does not exist')) ?? thrown, profiles.vsp, view)
 */
export function compileErrorRules(rules: unknown): CompiledErrorRules {
  if (!Array.isArray(rules)) throw new TypeError('vendor-compat: option "errors" must be an array of rules, e.g. [{ code: "ECONNREFUSED", kind: "badGateway" }]');
  const list = Object.freeze([...(rules as unknown[])].map((rule, index) => snapshotRule(rule, index) as unknown as ErrorRule));
  const tests = list.map((rule, index) => validateRule(rule as unknown as Readonly<Record<string, unknown>>, index));
  return (thrown) => {
    if (tests.length === 0) return undefined;
    const chain = causeChain(thrown);
    for (let i = 0; i < tests.length; i++) {
      const test = tests[i] as Test;
      for (const candidate of chain) if (test(candidate)) return answerFor(list[i] as ErrorRule, candidate, thrown);
    }
    return undefined;
  };
}

/**
 * The value to render for `thrown`: the first matching rule's answer, or `thrown` itself.
 *
 * @example
 * applyErrorRules(compileErrorRules(upstreamErrors), new TypeError('fetch failed', { cause }))
 * // { status: 502, [ERROR_BRAND]: 'badGateway', ... }
 */
export function applyErrorRules(rules: CompiledErrorRules | undefined, thrown: unknown): unknown {
  if (rules === undefined) return thrown;
  return rules(thrown) ?? thrown;
}
