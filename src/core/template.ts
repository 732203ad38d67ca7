/**
 * Profile templates compiled once into plain functions.
 *
 * A template is JSON. Strings may hold `{{name}}` placeholders that read the render context
 * (`status`, `title`, `code`, `message`, `detail`, `path`, `method`, `requestId`, `fields.*`,
 * `vars.*`). A string that is exactly one placeholder yields the raw value (a number stays a
 * number, an object stays an object) and its key is omitted when the value is undefined. An
 * object `{ "$template": "{{code}}", "$match": "^KART(\\d{5})-([A-Z])$", "$replace": "$1$2-0" }`
 * derives a value by a regular-expression replacement and is omitted when it does not match.
 *
 * @module
 */

/** The values a template may read. */
export interface TemplateContext {
  readonly status: number;
  readonly title: string;
  readonly code: string | undefined;
  readonly message: string;
  readonly detail: string | undefined;
  readonly path: string;
  readonly method: string;
  readonly requestId: string | undefined;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly vars: Readonly<Record<string, string>>;
}

/** A compiled template. */
export type CompiledTemplate = (context: TemplateContext) => unknown;

/** Top-level names a placeholder may start with. */
export const TEMPLATE_ROOTS: ReadonlySet<string> = new Set([
  'status', 'title', 'code', 'message', 'detail', 'path', 'method', 'requestId', 'fields', 'vars',
]);
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;
const SOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}$/;

/** Thrown by {@link compileTemplate} for a placeholder that names no context value. */
export class TemplateError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

function compileAccessor(expression: string, where: string): CompiledTemplate {
  const [root, ...rest] = expression.split('.');
  if (root === undefined || !TEMPLATE_ROOTS.has(root)) {
    throw new TemplateError(where, `unknown placeholder {{${expression}}}; use one of ${[...TEMPLATE_ROOTS].join(', ')}`);
  }
  if (rest.length > 0 && root !== 'fields' && root !== 'vars') {
    throw new TemplateError(where, `placeholder {{${expression}}}: only fields.* and vars.* have members`);
  }
  if (rest.length === 0) return (context) => context[root as keyof TemplateContext];
  return (context) => {
    let value: unknown = context[root as keyof TemplateContext];
    for (const key of rest) {
      if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  };
}

function compileString(text: string, where: string): CompiledTemplate {
  const sole = SOLE_PLACEHOLDER.exec(text);
  if (sole?.[1] !== undefined) return compileAccessor(sole[1], where);
  const parts: Array<string | CompiledTemplate> = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    parts.push(compileAccessor(match[1] ?? '', where));
    last = index + match[0].length;
  }
  if (parts.length === 0) return () => text;
  if (last < text.length) parts.push(text.slice(last));
  return (context) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') out += part;
      else {
        const value = part(context);
        if (value !== undefined && value !== null) out += typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
    }
    return out;
  };
}

function compileDerived(spec: Record<string, unknown>, where: string): CompiledTemplate {
  const source = compileString(String(spec.$template), where);
  let pattern: RegExp;
  try {
    pattern = new RegExp(String(spec.$match));
  } catch (error) {
    throw new TemplateError(where, `invalid $match: ${(error as Error).message}`);
  }
  const replacement = String(spec.$replace ?? '$&');
  // The input is nearly always the kind's own code (VSP's KARTnnnnn-Z), so the last derivation
  // is remembered: a pure function of one string, it saves a regex test and a replace per render.
  let lastInput: string | undefined;
  let lastOutput: string | undefined;
  return (context) => {
    const value = source(context);
    if (typeof value !== 'string') return undefined;
    if (value === lastInput) return lastOutput;
    const output = pattern.test(value) ? value.replace(pattern, replacement) : undefined;
    lastInput = value;
    lastOutput = output;
    return output;
  };
}

/**
 * Compiles a JSON template into a function of the render context. Throws {@link TemplateError}
 * naming the JSON path of an unknown placeholder.
 *
 * @example
 * const body = compileTemplate({ error_code: '{{code}}', error_msg: '{{message}}' }, '/body')
 * body(context) // { error_code: 'APIG.0101', error_msg: 'The API does not exist.' }
 */
export function compileTemplate(template: unknown, where = ''): CompiledTemplate {
  if (typeof template === 'string') return compileString(template, where);
  if (Array.isArray(template)) {
    const items = template.map((item, index) => compileTemplate(item, `${where}/${index}`));
    return (context) => items.map((item) => item(context) ?? null);
  }
  if (template !== null && typeof template === 'object') {
    const spec = template as Record<string, unknown>;
    if (typeof spec.$template === 'string') return compileDerived(spec, where);
    const entries = Object.keys(spec).map((key) => [key, compileTemplate(spec[key], `${where}/${key}`)] as const);
    return (context) => {
      const out: Record<string, unknown> = {};
      for (const [key, item] of entries) {
        const value = item(context);
        if (value !== undefined) out[key] = value;
      }
      return out;
    };
  }
  return () => template;
}

/** Serializes a rendered body exactly as `JSON.stringify` does. */
export type BodySerializer = (payload: unknown) => string;

/**
 * A serializer for one compiled body (one per profile kind), equal to `JSON.stringify(payload)`
 * for every payload, and faster for the usual one: a plain object whose values are strings,
 * numbers, booleans or null. Its members are serialized one by one and each string member's JSON
 * is remembered from the previous render, so the kind's constant texts (VSP's `solution`, the
 * code, the default message) are escaped once instead of on every error; only the request path
 * and the thrown message change. Any other payload (a nested object, an array) goes to
 * `JSON.stringify` whole. About 1.1 → 0.4 µs for VSP's body on the bench machine.
 *
 * @example
 * const serialize = createBodySerializer()
 * serialize({ status: 'error', message: 'Not found' }) // '{"status":"error","message":"Not found"}'
 */
export function createBodySerializer(): BodySerializer {
  const memberJson = new Map<string, { value: string; json: string; key: string }>();
  return (payload) => {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return JSON.stringify(payload);
    const object = payload as Record<string, unknown>;
    const keys = Object.keys(object); // the order JSON.stringify uses (integer keys first)
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = object[key];
      let member: string;
      if (typeof value === 'string') {
        let memo = memberJson.get(key);
        if (memo === undefined) {
          memo = { value, json: JSON.stringify(value), key: JSON.stringify(key) };
          memberJson.set(key, memo);
        } else if (memo.value !== value) {
          memo.value = value;
          memo.json = JSON.stringify(value);
        }
        member = `${memo.key}:${memo.json}`;
      } else if (value === null || typeof value === 'number' || typeof value === 'boolean') {
        member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
      } else {
        return JSON.stringify(payload); // nested data, undefined, anything else: the general case
      }
      out += out.length === 1 ? member : `,${member}`;
    }
    return `${out}}`;
  };
}
