/**
 * Turns a validated profile document into the structures the renderer reads per request:
 * templates as functions, kind entries resolved per method, header names checked. Nothing here
 * runs per request except the `resolve` lookup in tables built at definition.
 *
 * @module
 */
import statuses from 'statuses';
import { KIND_NAMES, type KindName } from './kinds';
import { compileTemplate, createBodySerializer, type BodySerializer, type CompiledTemplate } from './template';
import type { KindEntry, MethodRule, ProfileDocument } from './profile-types';

/** One kind as the renderer uses it, for one method. */
export interface CompiledKind {
  readonly kind: KindName;
  readonly status: number;
  readonly statusMessage: string;
  readonly code: string | undefined;
  readonly message: string;
  readonly title: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** Header templates: profile-wide first, then the kind's (later wins, case-insensitively). */
  readonly headers: ReadonlyArray<readonly [name: string, lower: string, template: CompiledTemplate]>;
  /** The body template, or null for an empty body. */
  readonly body: CompiledTemplate | null;
  /** `JSON.stringify` for this kind's body, with its constant members escaped once. */
  readonly serialize: BodySerializer;
  /** Content-Type of the body; undefined for an empty body. */
  readonly contentType: string | undefined;
}

/** The compiled form of a profile. */
export interface CompiledProfile {
  readonly requestIdHeader: string | undefined;
  readonly requestIdLower: string | undefined;
  readonly requestIdOnSuccess: boolean;
  readonly vars: Readonly<Record<string, string>>;
  readonly headerValueMaxLength: number;
  /** Lower-cased headers removed from the response before an error is written. */
  readonly removeHeaders: readonly string[];
  readonly resolve: (kind: KindName, method: string) => CompiledKind;
}

/**
 * Whether a method rule applies to `method` (`methods` lists it, or `exceptMethods` does not).
 *
 * @example
 * ruleApplies({ methods: ['HEAD'], kinds: {}, sources: ['seed-000'] }, 'HEAD') // true
 */
export function ruleApplies(rule: MethodRule, method: string): boolean {
  if (rule.methods !== undefined) return rule.methods.includes(method);
  return rule.exceptMethods !== undefined && !rule.exceptMethods.includes(method);
}

/**
 * Merges the first matching rule's override (per kind) over the base entry: the entry a kind is
 * answered with for `method`.
 *
 * @example
 * entryFor(hcpDocument, 'notFound', 'HEAD').status // 302
 */
export function entryFor(document: ProfileDocument, kind: KindName, method: string): KindEntry {
  const base = document.kinds[kind];
  for (const rule of document.methodRules ?? []) {
    const override = rule.kinds[kind];
    if (override !== undefined && ruleApplies(rule, method)) return { ...base, ...override };
  }
  return base;
}

/**
 * Compiles a (validated) document. Throws `TemplateError` for a bad placeholder.
 *
 * @example
 * const compiled = compileProfile(document)
 * compiled.resolve('notFound', 'HEAD').status // 302 for HCP
 */
export function compileProfile(document: ProfileDocument): CompiledProfile {
  const profileHeaders = Object.entries(document.headers ?? {}).map(
    ([name, value]) => [name, name.toLowerCase(), compileTemplate(value, `/headers/${name}`)] as const,
  );
  const profileBody = document.body.template === null ? null : compileTemplate(document.body.template, '/body/template');

  function compileEntry(kind: KindName, entry: KindEntry, where: string): CompiledKind {
    const kindHeaders = Object.entries(entry.headers ?? {}).map(
      ([name, value]) => [name, name.toLowerCase(), compileTemplate(value, `${where}/headers/${name}`)] as const,
    );
    const overridden = new Set(kindHeaders.map(([, lower]) => lower));
    const body = entry.body === undefined ? profileBody : entry.body === null ? null : compileTemplate(entry.body, `${where}/body`);
    const statusMessage = document.reasonPhrases?.[String(entry.status)] ?? statuses.message[entry.status] ?? 'Unknown';
    return Object.freeze({
      kind,
      status: entry.status,
      statusMessage,
      code: entry.code,
      message: entry.message,
      title: entry.title ?? statusMessage,
      fields: Object.freeze({ ...(document.fields ?? {}), ...(entry.fields ?? {}) }),
      headers: [...profileHeaders.filter(([, lower]) => !overridden.has(lower)), ...kindHeaders],
      body,
      serialize: createBodySerializer(),
      contentType: body === null ? undefined : document.body.contentType,
    });
  }

  const compileMethod = (method: string): Readonly<Record<KindName, CompiledKind>> =>
    Object.freeze(
      Object.fromEntries(KIND_NAMES.map((kind) => [kind, compileEntry(kind, entryFor(document, kind, method), `/kinds/${kind}`)])) as Record<
        KindName,
        CompiledKind
      >,
    );

  // Every method a rule names gets its own table; every other method answers alike (a `methods`
  // rule cannot name it, an `exceptMethods` rule applies to it), so one table built here serves
  // them all: an unknown method token (RFC 9110 §9.1: any token is a method) costs a map miss,
  // never a rebuild. Built eagerly, so template errors surface at definition.
  const otherMethods = compileMethod('\u0000');
  const byMethod = new Map<string, Readonly<Record<KindName, CompiledKind>>>();
  for (const rule of document.methodRules ?? []) {
    for (const method of [...(rule.methods ?? []), ...(rule.exceptMethods ?? [])]) if (!byMethod.has(method)) byMethod.set(method, compileMethod(method));
  }

  function resolve(kind: KindName, method: string): CompiledKind {
    return (byMethod.get(method) ?? otherMethods)[kind];
  }

  return Object.freeze({
    requestIdHeader: document.requestId?.header,
    requestIdLower: document.requestId?.header.toLowerCase(),
    requestIdOnSuccess: document.requestId?.onSuccess ?? false,
    vars: Object.freeze({ ...(document.vars ?? {}) }),
    headerValueMaxLength: document.headerValueMaxLength ?? 1024,
    removeHeaders: Object.freeze((document.removeHeaders ?? []).map((name) => name.toLowerCase())),
    resolve,
  });
}
