/**
 * Fault injection (the `faults` option): answers matching requests with any kind of the profile,
 * through the same engine and renderer as a real error, so a client team can exercise its retry
 * and error paths against the vendor's exact answers. Off unless set. A request matches
 *
 * - a rule: its method(s), its path pattern (`*` one segment's characters, `**` anything; or a
 *   RegExp) and its probability (default 1), answered with the rule's kind after its delay; or
 * - the fault header (default `X-Vendor-Compat-Fault`; `header: false` turns it off) naming a kind:
 *   `X-Vendor-Compat-Fault: serviceUnavailable`, after `headerDelayMs`.
 *
 * Refused at startup in production (`NODE_ENV=production`) unless `allowInProduction: true`; the
 * adapters read the environment and pass it in, so this module stays pure.
 *
 * @module
 */
import { isKindName, type KindName } from '../kinds';
import { viewPathOf } from '../request-target';
import type { RequestFacts } from './types';

/** One fault rule. */
export interface FaultRule {
  /** The kind to answer with (any kind of the profile). */
  readonly kind: KindName;
  /** Only these methods (default: any). */
  readonly method?: string | readonly string[];
  /** Only paths matching: `'/v1/volumes/*'` (`*` within a segment, `**` across), or a RegExp. Default: any. */
  readonly path?: string | RegExp;
  /** The share of matching requests answered with the fault, 0 to 1 (default 1). */
  readonly probability?: number;
  /** Milliseconds to wait before answering (default 0). */
  readonly delayMs?: number;
}

/** The `faults` option. */
export interface FaultOptions {
  readonly rules?: readonly FaultRule[];
  /** The request header naming a kind to answer with (default `'X-Vendor-Compat-Fault'`); `false`: none. */
  readonly header?: string | false;
  /** Milliseconds to wait before a header-driven fault (default 0). */
  readonly headerDelayMs?: number;
  /** Start even when `NODE_ENV` is `production` (default false: a TypeError at startup). */
  readonly allowInProduction?: boolean;
  /** The random source for `probability` (default `Math.random`). */
  readonly random?: () => number;
}

/** A fault to answer: the kind, after the delay. */
export interface Fault {
  readonly kind: KindName;
  readonly delayMs: number;
}

/** The compiled matcher: the fault for a request, or undefined. */
export type FaultMatcher = (facts: Pick<RequestFacts, 'method' | 'url' | 'headers' | 'allHeaders'>) => Fault | undefined;

const MAX_DELAY_MS = 5 * 60 * 1000;

function fail(message: string): never {
  throw new TypeError(`vendor-compat: option "faults": ${message}`);
}

function delayOf(value: unknown, where: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_DELAY_MS) fail(`${where} must be a number of milliseconds from 0 to ${MAX_DELAY_MS}`);
  return value;
}

function pathMatcher(path: unknown, where: string): (value: string) => boolean {
  if (path === undefined) return () => true;
  if (path instanceof RegExp) return (value) => path.test(value);
  if (typeof path !== 'string' || !path.startsWith('/')) fail(`${where}.path must be a path pattern starting with "/" or a RegExp`);
  const source = path.split('**').map((part) => part.split('*').map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*');
  const pattern = new RegExp(`^${source}$`);
  return (value) => pattern.test(value);
}

interface CompiledRule {
  readonly kind: KindName;
  readonly methods: ReadonlySet<string> | undefined;
  readonly path: (value: string) => boolean;
  readonly probability: number;
  readonly delayMs: number;
}

function compileRule(rule: unknown, index: number): CompiledRule {
  const where = `rules[${index}]`;
  if (rule === null || typeof rule !== 'object') fail(`${where} must be an object`);
  const spec = rule as Record<string, unknown>;
  if (!isKindName(spec.kind)) fail(`${where}.kind must be a kind name (e.g. "serviceUnavailable")`);
  const methodList = spec.method === undefined ? undefined : Array.isArray(spec.method) ? spec.method : [spec.method];
  if (methodList !== undefined && !methodList.every((method) => typeof method === 'string' && method.length > 0)) fail(`${where}.method must be a method or a list of methods`);
  const probability = spec.probability === undefined ? 1 : spec.probability;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) fail(`${where}.probability must be a number from 0 to 1`);
  return {
    kind: spec.kind,
    methods: methodList === undefined ? undefined : new Set((methodList as string[]).map((method) => method.toUpperCase())),
    path: pathMatcher(spec.path, where),
    probability,
    delayMs: delayOf(spec.delayMs, `${where}.delayMs`),
  };
}

function headerValue(facts: Parameters<FaultMatcher>[0], lower: string): string | undefined {
  const value = facts.headers[lower] ?? facts.allHeaders?.()[lower];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : undefined;
}

/**
 * Validates and compiles the `faults` option; undefined when it is not set. Throws a TypeError
 * for a bad option, and in production (`environment.production`) unless `allowInProduction`.
 *
 * @example
 * const faults = compileFaults({ rules: [{ method: 'POST', path: '/v1/volumes', kind: 'serviceUnavailable', probability: 0.1 }] }, { production: false })
 * faults?.({ method: 'GET', url: '/x', headers: { 'x-vendor-compat-fault': 'tooManyRequests' } }) // { kind: 'tooManyRequests', delayMs: 0 }
 */
export function compileFaults(options: unknown, environment: { readonly production: boolean }): FaultMatcher | undefined {
  if (options === undefined || options === false) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail('must be an object, e.g. { rules: [{ path: "/v1/volumes", kind: "serviceUnavailable" }] }');
  const spec = options as FaultOptions;
  if (environment.production && spec.allowInProduction !== true) fail('refused: NODE_ENV is "production" (set allowInProduction: true to inject faults there)');
  if (spec.rules !== undefined && !Array.isArray(spec.rules)) fail('rules must be a list');
  const rules = (spec.rules ?? []).map(compileRule);
  if (spec.header !== undefined && spec.header !== false && (typeof spec.header !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(spec.header))) fail('header must be a header name or false');
  const header = spec.header === false ? undefined : (spec.header ?? 'X-Vendor-Compat-Fault').toLowerCase();
  const headerDelayMs = delayOf(spec.headerDelayMs, 'headerDelayMs');
  if (spec.random !== undefined && typeof spec.random !== 'function') fail('random must be a function returning a number in [0, 1)');
  const random = spec.random ?? Math.random;
  return function faultFor(facts) {
    if (header !== undefined) {
      const named = headerValue(facts, header);
      if (named !== undefined && isKindName(named)) return { kind: named, delayMs: headerDelayMs };
    }
    if (rules.length === 0) return undefined;
    const method = facts.method.toUpperCase();
    const path = viewPathOf(facts.url); // the origin-form path as sent
    for (const rule of rules) {
      if (rule.methods !== undefined && !rule.methods.has(method)) continue;
      if (!rule.path(path)) continue;
      if (rule.probability < 1 && !(random() < rule.probability)) continue;
      return { kind: rule.kind, delayMs: rule.delayMs };
    }
    return undefined;
  };
}
