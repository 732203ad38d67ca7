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
import { shapedRequestIds } from './request-id';
import { formatChooser, type FormatChooser } from './negotiate-format';
import { serializeXml, xmlPayloadOf, type XmlBodySettings } from './xml';
import type { CodeEntry, KindEntry, MethodRule, ProfileDocument } from './profile-types';

/** One format an error body can be written in (the profile's `body`, or one of its `alternates`). */
export interface CompiledFormat {
  /** The Content-Type sent with it. */
  readonly contentType: string | undefined;
  /** Writes a rendered body in this format. */
  readonly serialize: BodySerializer;
  /** The XML settings, when this format is XML. */
  readonly xml: XmlBodySettings | undefined;
}

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
  /** The default format's serializer (`JSON.stringify` with constant members escaped once, or XML). */
  readonly serialize: BodySerializer;
  /** Content-Type of the body; undefined for an empty body. */
  readonly contentType: string | undefined;
  /** Every format the body can be sent in: the default first, then the profile's `alternates`. */
  readonly formats: readonly CompiledFormat[];
  /**
   * The body as `bodySchema` describes it: the rendered template itself for JSON, its XML reading
   * (every leaf a string) for an XML default format.
   */
  readonly schemaForm: (payload: unknown) => unknown;
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
  /** The entry for a row of the profile's `codes` table, or undefined when the code is not one. */
  readonly resolveCode: (code: string, method: string) => CompiledKind | undefined;
  /** Whether the body has `alternates`, so that answers vary by Accept. */
  readonly negotiated: boolean;
  /** The index in a kind's `formats` a request's Accept asks for (0: the default). */
  readonly chooseFormat: FormatChooser;
  /** Hex digits and case of a generated request id. */
  readonly requestIdShape: { readonly hexDigits: number; readonly uppercase: boolean };
  /** Generates a request id in that shape. */
  readonly generateRequestId: () => string;
}

/**
 * The kind entry a row of the `codes` table answers with: the row's kind, with the row's status,
 * message, code, headers and fields over the kind's (for `method`). A row field set to `null`
 * drops the kind's field of that name: S3's `MissingContentLength` row (411) is filed under
 * `lengthRequired`, whose 501 answer names `<Header>Transfer-Encoding</Header>`; the 411 does not.
 *
 * @example
 * codeEntryFor(s3Document, 'InvalidRange', s3Document.codes.InvalidRange, 'GET').status // 416
 * codeEntryFor(s3Document, 'MissingContentLength', s3Document.codes.MissingContentLength, 'PUT').fields // {}
 */
export function codeEntryFor(document: ProfileDocument, code: string, row: CodeEntry, method: string): KindEntry {
  const base = entryFor(document, row.kind, method);
  const fields: Record<string, unknown> = { ...(base.fields ?? {}) };
  for (const [name, value] of Object.entries(row.fields ?? {})) {
    if (value === null) delete fields[name];
    else fields[name] = value;
  }
  return {
    ...base,
    status: row.status,
    code,
    message: row.message,
    headers: { ...(base.headers ?? {}), ...(row.headers ?? {}) },
    fields,
    sources: row.sources,
  };
}

function jsonOrXml(xml: XmlBodySettings | undefined): BodySerializer {
  return xml === undefined ? createBodySerializer() : (payload) => serializeXml(payload, xml);
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
    const formats: CompiledFormat[] =
      body === null
        ? []
        : [
            Object.freeze({ contentType: document.body.contentType, serialize: jsonOrXml(document.body.xml), xml: document.body.xml }),
            ...(document.body.alternates ?? []).map((format) => Object.freeze({ contentType: format.contentType, serialize: jsonOrXml(format.xml), xml: format.xml })),
          ];
    const defaultXml = document.body.xml;
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
      serialize: formats[0]?.serialize ?? createBodySerializer(),
      contentType: body === null ? undefined : document.body.contentType,
      formats: Object.freeze(formats),
      schemaForm: defaultXml === undefined ? (payload: unknown) => payload : (payload: unknown) => xmlPayloadOf(payload, defaultXml.arrayItem),
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

  // The code table, per method table as above: a row answers with its kind's entry for the method
  // (headers, body), under the row's status, code and message.
  const codeRows = Object.entries(document.codes ?? {});
  const compileCodes = (method: string): ReadonlyMap<string, CompiledKind> =>
    new Map(codeRows.map(([code, row]) => [code, compileEntry(row.kind, codeEntryFor(document, code, row, method), `/codes/${code}`)]));
  const otherMethodCodes = compileCodes('\u0000');
  const codesByMethod = new Map<string, ReadonlyMap<string, CompiledKind>>();
  if (codeRows.length > 0) for (const method of byMethod.keys()) codesByMethod.set(method, compileCodes(method));

  function resolveCode(code: string, method: string): CompiledKind | undefined {
    if (codeRows.length === 0) return undefined;
    return (codesByMethod.get(method) ?? otherMethodCodes).get(code);
  }

  const requestIdShape = Object.freeze({ hexDigits: document.requestId?.hexDigits ?? 32, uppercase: document.requestId?.uppercase ?? false });
  return Object.freeze({
    requestIdHeader: document.requestId?.header,
    requestIdLower: document.requestId?.header.toLowerCase(),
    requestIdOnSuccess: document.requestId?.onSuccess ?? false,
    vars: Object.freeze({ ...(document.vars ?? {}) }),
    headerValueMaxLength: document.headerValueMaxLength ?? 1024,
    removeHeaders: Object.freeze((document.removeHeaders ?? []).map((name) => name.toLowerCase())),
    resolve,
    resolveCode,
    negotiated: (document.body.alternates?.length ?? 0) > 0 && document.body.template !== null,
    chooseFormat: formatChooser([document.body.contentType, ...(document.body.alternates ?? []).map((format) => format.contentType)]),
    requestIdShape,
    generateRequestId: shapedRequestIds(requestIdShape),
  });
}
