/**
 * The vendor's answer to a request that fails validation, from the profile's `validation`
 * section: a branded error value (the http-errors protocol plus `ERROR_BRAND`, as
 * `kindAnswer` builds) carrying the section's kind, the vendor code, a message naming the failing
 * field in the vendor's words, and body fields; `render` turns it into the vendor's response like
 * any other error. The message is bounded and built only from sanitized names and fixed reasons.
 *
 * @module
 */
import { ERROR_BRAND } from '../brand'; // not '../errors': http-errors needs node:path (the Fetch entry must not)
import { KINDS, type KindName } from '../kinds';
import type { ValidationRule, ValidationSettings } from '../profile-types';
import { safeText, type ValidationFailure } from './failure';

/**
 * The profile-neutral default: the kind `badRequest`, the failure's own words.
 *
 * @example
 * compileValidationAnswer(DEFAULT_VALIDATION)([failure]).message // 'start_time is required'
 */
export const DEFAULT_VALIDATION: ValidationSettings = Object.freeze({
  kind: 'badRequest',
  message: '{{field}} {{reason}}',
  sources: Object.freeze(['rfc9110']) as readonly string[],
});

/**
 * What a validation failure renders from: the http-errors protocol (`status`, `expose`,
 * `message`), the vendor code and body fields, the brand, and the failures themselves (for
 * `onError` and logs; never rendered beyond what the profile lists).
 *
 * @example
 * onError: (event) => { if (event.source === 'validation') log((event.error as RequestValidationError).failures) }
 */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError' as const;
  readonly status: number;
  readonly statusCode: number;
  readonly expose = true as const;
  readonly vendorCode: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly failures: readonly ValidationFailure[];
  readonly [ERROR_BRAND]: KindName;

  constructor(init: { readonly kind: KindName; readonly status: number; readonly message: string; readonly vendorCode: string | undefined; readonly details: Readonly<Record<string, unknown>> | undefined; readonly failures: readonly ValidationFailure[] }) {
    super(init.message);
    this.status = init.status;
    this.statusCode = init.status;
    this.vendorCode = init.vendorCode;
    this.details = init.details;
    this.failures = init.failures;
    this[ERROR_BRAND] = init.kind;
    Object.freeze(this);
  }
}

/**
 * Builds the answer for a request's failures (the first one is the one named).
 *
 * @example
 * const answer: ValidationAnswer = compileValidationAnswer(profiles.apig.document.validation)
 */
export type ValidationAnswer = (failures: readonly ValidationFailure[]) => RequestValidationError;

const PLACEHOLDER = /\{\{(field|reason|location|pointer|keyword|parameter|in)\}\}/g;
type Placeholder = 'field' | 'reason' | 'location' | 'pointer' | 'keyword' | 'parameter' | 'in';

/** One placeholder's value for a failure (`pointer` only in a body, `parameter`/`in` only outside one). */
function valueOf(name: Placeholder, failure: ValidationFailure): string | undefined {
  const body = failure.location === 'body';
  switch (name) {
    case 'pointer':
      return body ? failure.pointer : undefined;
    case 'parameter':
      return body ? undefined : failure.field;
    case 'in':
      return body ? undefined : failure.location;
    default:
      return failure[name];
  }
}

/** A message template compiled once into literal text and placeholders. */
interface CompiledMessage {
  readonly parts: ReadonlyArray<string | { readonly name: Placeholder }>;
  /** The template is exactly one placeholder (an item member omitted when it has no value). */
  readonly sole: Placeholder | undefined;
}

function compileMessage(template: string): CompiledMessage {
  const parts: Array<string | { name: Placeholder }> = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(template.slice(last, index));
    parts.push({ name: match[1] as Placeholder });
    last = index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  const only = parts.length === 1 ? parts[0] : undefined;
  return { parts, sole: typeof only === 'object' ? only.name : undefined };
}

function fill(message: CompiledMessage, failure: ValidationFailure, max: number): string {
  let out = '';
  for (const part of message.parts) out += typeof part === 'string' ? part : valueOf(part.name, failure) ?? '';
  return safeText(out, max);
}

/** An item of the failure list: a member that is exactly one placeholder is omitted when it has no value. */
function itemOf(item: ReadonlyArray<readonly [string, CompiledMessage]>, failure: ValidationFailure, max: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of item) {
    if (message.sole !== undefined && valueOf(message.sole, failure) === undefined) continue;
    out[key] = fill(message, failure, max);
  }
  return out;
}

function ruleFor<R extends ValidationRule>(rules: readonly R[], failure: ValidationFailure): R | undefined {
  return rules.find(
    (rule) => (rule.keywords === undefined || rule.keywords.includes(failure.keyword)) && (rule.locations === undefined || rule.locations.includes(failure.location)),
  );
}

/**
 * Compiles a profile's validation section (or the default) into the function that builds the
 * answer for a request's failures.
 *
 * @example
 * const answer = compileValidationAnswer(profiles.vsp.document.validation)
 * answer([{ location: 'body', keyword: 'additionalProperties', field: 'capacityInGB', pointer: '#/capacityInGB', reason: 'is not a supported parameter' }]).message
 * // 'An unsupported parameter is specified in the request body, or the hierarchy of the specified parameter is invalid (attribute = capacityInGB)'
 */
export function compileValidationAnswer(settings: ValidationSettings | undefined): ValidationAnswer {
  const section = settings ?? DEFAULT_VALIDATION;
  const message = compileMessage(section.message);
  const rules = (section.rules ?? []).map((rule) => ({ ...rule, compiled: rule.message === undefined ? undefined : compileMessage(rule.message) }));
  const maxMessage = section.maxMessageLength ?? 256;
  const list = section.list;
  const item = list === undefined ? [] : Object.entries(list.item).map(([key, template]) => [key, compileMessage(template)] as const);
  const status = KINDS[section.kind].status;
  return (failures) => {
    const first = failures[0] as ValidationFailure;
    const rule = ruleFor(rules, first);
    let details: Record<string, unknown> | undefined;
    if (section.fields !== undefined || rule?.fields !== undefined) details = { ...section.fields, ...rule?.fields };
    if (list !== undefined) {
      details = { ...details, [list.field]: failures.slice(0, list.max ?? 20).map((failure) => itemOf(item, failure, maxMessage)) };
    }
    return new RequestValidationError({
      kind: section.kind,
      status,
      message: fill(rule?.compiled ?? message, first, maxMessage),
      vendorCode: rule?.code ?? section.code,
      details,
      failures,
    });
  };
}
