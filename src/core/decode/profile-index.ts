/**
 * The reverse index of a profile, built once per profile (memoised in a `WeakMap`): for each
 * method, what every kind answers (status, code, message, body template, the headers it always
 * sends), and where a body or header template puts the code, the message, the request id and
 * the vendor fields, so an answer can be read back by the same data that rendered it.
 *
 * @module
 */
import { compiledOf, type Profile } from '../define-profile';
import { codeEntryFor, entryFor, type CompiledKind } from '../compile-profile';
import { KIND_NAMES, type KindName } from '../kinds';
import type { KindEntry, ProfileDocument } from '../profile-types';
import type { XmlBodySettings } from '../xml';

/** Where a template puts one value: a JSON path into the body and the placeholder it holds. */
export interface Slot {
  readonly path: readonly string[];
  /** `code`, `message`, `detail`, `requestId`, `status`, `title`, `path`, `method` or `fields.<name>`. */
  readonly name: string;
}

/** A header one kind sends on its errors. */
export interface KindHeader {
  readonly name: string;
  readonly lower: string;
  readonly template: string;
  /** The template has no placeholder: the value is the same on every answer. */
  readonly constant: boolean;
  /** The header is on every answer of this kind (it renders non-empty whatever was thrown). */
  readonly always: boolean;
}

/** One kind as answered to one method. */
export interface KindAnswerShape {
  readonly kind: KindName;
  readonly status: number;
  readonly statusMessage: string;
  readonly code: string | undefined;
  readonly message: string;
  /** The body template, or null for an empty body. */
  readonly bodyTemplate: unknown;
  readonly contentType: string | undefined;
  /** Every format the body may come in (the default first; `body.alternates` after it). */
  readonly formats: ReadonlyArray<{ readonly contentType: string | undefined; readonly xml: XmlBodySettings | undefined }>;
  readonly headers: readonly KindHeader[];
}

/** The whole reverse index of one profile. */
export interface ProfileIndex {
  readonly forMethod: (method: string) => readonly KindAnswerShape[];
  /** Every distinct body template with its slots (the profile's first, then kind overrides). */
  readonly bodySlots: ReadonlyArray<readonly Slot[]>;
  /** Headers whose template is exactly one placeholder (`X-HCP-ErrorMessage: {{message}}`). */
  readonly headerSlots: ReadonlyArray<{ readonly lower: string; readonly name: string }>;
  readonly requestIdLower: string | undefined;
  /** Lower-cased headers the vendor never sends on errors. */
  readonly removeHeaders: readonly string[];
}

const SOLE = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}$/;
const ANY_PLACEHOLDER = /\{\{/;
const MAX_METHODS = 64;
const indexes = new WeakMap<Profile, ProfileIndex>();

/**
 * Collects the slots of a JSON template (sole placeholders only; derived `$template`s are skipped).
 *
 * @example
 * slotsOf({ error_code: '{{code}}', error_msg: '{{message}}' }) // [{ path: ['error_code'], name: 'code' }, { path: ['error_msg'], name: 'message' }]
 */
export function slotsOf(template: unknown, path: readonly string[] = [], out: Slot[] = []): Slot[] {
  if (typeof template === 'string') {
    const sole = SOLE.exec(template);
    if (sole?.[1] !== undefined) out.push({ path, name: sole[1] });
  } else if (template !== null && typeof template === 'object' && !Array.isArray(template)) {
    const spec = template as Record<string, unknown>;
    if (typeof spec.$template !== 'string') for (const key of Object.keys(spec)) slotsOf(spec[key], [...path, key], out);
  }
  return out;
}

/** True when a header rendered from `template` is non-empty whatever the thrown error says. */
function alwaysRendered(template: string, entry: KindEntry, document: ProfileDocument): boolean {
  const sole = SOLE.exec(template);
  if (sole?.[1] === undefined) return template.length > 0; // literal text (with or without placeholders)
  const [root, member] = sole[1].split('.');
  switch (root) {
    case 'status': case 'title': case 'message': case 'path': case 'method':
      return true;
    case 'code':
      return entry.code !== undefined;
    case 'requestId':
      return document.requestId !== undefined;
    case 'vars':
      return typeof document.vars?.[member ?? ''] === 'string' && document.vars[member ?? ''] !== '';
    case 'fields': {
      const value = { ...(document.fields ?? {}), ...(entry.fields ?? {}) }[member ?? ''];
      return value !== undefined && value !== null && value !== '';
    }
    default:
      return false; // detail: only an exposed thrown message fills it
  }
}

function headersOf(document: ProfileDocument, entry: KindEntry): KindHeader[] {
  const kindHeaders = Object.entries(entry.headers ?? {});
  const overridden = new Set(kindHeaders.map(([name]) => name.toLowerCase()));
  const all = [...Object.entries(document.headers ?? {}).filter(([name]) => !overridden.has(name.toLowerCase())), ...kindHeaders];
  const out: KindHeader[] = all.map(([name, template]) => ({
    name,
    lower: name.toLowerCase(),
    template,
    constant: !ANY_PLACEHOLDER.test(template),
    always: alwaysRendered(template, entry, document),
  }));
  if (document.requestId !== undefined) {
    const lower = document.requestId.header.toLowerCase();
    out.push({ name: document.requestId.header, lower, template: '{{requestId}}', constant: false, always: true });
  }
  return out;
}

function buildIndex(profile: Profile): ProfileIndex {
  const document = profile.document;
  const compiled = compiledOf(profile);
  const byMethod = new Map<string, readonly KindAnswerShape[]>();
  const forMethod = (method: string): readonly KindAnswerShape[] => {
    const known = byMethod.get(method);
    if (known !== undefined) return known;
    const shapeOf = (kind: KindName, entry: KindEntry, resolved: CompiledKind): KindAnswerShape =>
      Object.freeze({
        kind,
        status: resolved.status,
        statusMessage: resolved.statusMessage,
        code: resolved.code,
        message: resolved.message,
        bodyTemplate: entry.body === undefined ? document.body.template : entry.body,
        contentType: resolved.contentType,
        formats: Object.freeze(resolved.formats.map((format) => Object.freeze({ contentType: format.contentType, xml: format.xml }))),
        headers: Object.freeze(headersOf(document, entry)),
      });
    // Every kind, then every row of the code table (S3's NoSuchBucket is a notFound at 404 too).
    const shapes = Object.freeze([
      ...KIND_NAMES.map((kind) => shapeOf(kind, entryFor(document, kind, method), compiled.resolve(kind, method))),
      ...Object.entries(document.codes ?? {}).flatMap(([code, row]) => {
        const resolved = compiled.resolveCode(code, method);
        return resolved === undefined ? [] : [shapeOf(row.kind, codeEntryFor(document, code, row, method), resolved)];
      }),
    ]);
    if (byMethod.size < MAX_METHODS) byMethod.set(method, shapes);
    return shapes;
  };
  const templates: unknown[] = [document.body.template];
  const overrides = [...KIND_NAMES.map((kind) => document.kinds[kind].body), ...(document.methodRules ?? []).flatMap((rule) => Object.values(rule.kinds).map((entry) => entry?.body))];
  for (const body of overrides) {
    if (body === undefined || body === null) continue;
    if (!templates.some((known) => JSON.stringify(known) === JSON.stringify(body))) templates.push(body);
  }
  const headerSlots = new Map<string, string>();
  const headerTemplates = [
    ...Object.entries(document.headers ?? {}),
    ...KIND_NAMES.flatMap((kind) => Object.entries(document.kinds[kind].headers ?? {})),
    ...Object.values(document.codes ?? {}).flatMap((row) => Object.entries(row.headers ?? {})),
  ];
  for (const [name, template] of headerTemplates) {
    const sole = SOLE.exec(template);
    const lower = name.toLowerCase();
    if (sole?.[1] !== undefined && !headerSlots.has(lower)) headerSlots.set(lower, sole[1]);
  }
  return Object.freeze({
    forMethod,
    bodySlots: Object.freeze(templates.filter((template) => template !== null).map((template) => Object.freeze(slotsOf(template)))),
    headerSlots: Object.freeze([...headerSlots].map(([lower, name]) => Object.freeze({ lower, name }))),
    requestIdLower: compiled.requestIdLower,
    removeHeaders: compiled.removeHeaders,
  });
}

/**
 * The reverse index of `profile`, built on first use and remembered for the profile's lifetime.
 *
 * @example
 * profileIndex(profiles.hcp).forMethod('HEAD').find((shape) => shape.kind === 'notFound')?.status // 302
 */
export function profileIndex(profile: Profile): ProfileIndex {
  let index = indexes.get(profile);
  if (index === undefined) {
    index = buildIndex(profile);
    indexes.set(profile, index);
  }
  return index;
}
