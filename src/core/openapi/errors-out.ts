/**
 * OpenAPI out: the vendor's error responses as OpenAPI components, for a gateway team's own API
 * document (hono-openapi #88, tsoa #1732: nobody generates these). Every example is rendered by
 * the library itself (`render`), so the document shows exactly what the gateway sends.
 *
 * @module
 */
import { kindAnswer } from '../app-config';
import { compiledOf, type Profile } from '../define-profile';
import { KIND_NAMES, KINDS, type KindName } from '../kinds';
import { render, type RenderedError } from '../render';
import { compileValidationAnswer } from '../validation/answer';

/**
 * Options for {@link openapiErrors}.
 *
 * @example
 * openapiErrors(profiles.vsp, { version: '3.0', prefix: 'Storage', vars: { retryAfter: '120' } })
 */
export interface OpenapiErrorsOptions {
  /** Component name prefix (default: the profile name in PascalCase, `Vsp`). */
  readonly prefix?: string;
  /** Target OpenAPI version (default `'3.1'`); `'3.0'` writes `const` as `enum` and type arrays as `nullable`. */
  readonly version?: '3.0' | '3.1';
  /** The path shown in examples (VSP's `errorSource`, problem's `instance`); default `/example`. */
  readonly examplePath?: string;
  /** The app's `vars` (VSP's Retry-After seconds), as `vendorCompat({ vars })` takes them. */
  readonly vars?: Readonly<Record<string, string>>;
}

/**
 * What {@link openapiErrors} returns: merge it into a document's `components`.
 *
 * @example
 * const document = { openapi: '3.1.0', info, paths, components: { ...mine, ...openapiErrors(profiles.vsp).components } }
 */
export interface OpenapiErrorComponents {
  readonly components: {
    readonly schemas: Record<string, unknown>;
    readonly responses: Record<string, OpenapiResponse>;
  };
}

/**
 * An OpenAPI Response Object (the subset written here).
 *
 * @example
 * { description: '404 Not Found KART94040-E (notFound)', content: { 'application/json;charset=UTF-8': { schema: { $ref: '#/components/schemas/VspError' }, example: { messageId: 'KART94040-E' } } } }
 */
export interface OpenapiResponse {
  readonly description: string;
  readonly headers?: Record<string, { readonly description: string; readonly schema: { readonly type: 'string' }; readonly example?: string }>;
  readonly content?: Record<string, { readonly schema: { readonly $ref: string }; readonly example?: unknown; readonly examples?: Record<string, { readonly summary: string; readonly value: unknown }> }>;
}

/**
 * A fixed id for examples, in the 32-hex form the vendors use (APIG `X-Request-Id`).
 *
 * @example
 * openapiErrors(profiles.apig).components.responses.ApigNotFound.headers['X-Request-Id'].example === EXAMPLE_REQUEST_ID // true
 */
export const EXAMPLE_REQUEST_ID = 'acbc548ac6f2a0dbdb9e3518a7c0ff84';
/**
 * The response component of a validation failure (`<prefix>ValidationFailed`).
 *
 * @example
 * componentNames(profiles.vsp).response(VALIDATION_RESPONSE) // 'VspValidationFailed'
 */
export const VALIDATION_RESPONSE = 'ValidationFailed';
const SKIPPED_HEADERS: ReadonlySet<string> = new Set(['content-type', 'content-length']);
const HEADER_NOTES: Readonly<Record<string, string>> = {
  'x-request-id': 'The id of this request (the same in the body where the vendor puts it there).',
  'x-hcp-errormessage': 'The error detail, in one line of plain text (the only detail HCP sends).',
  'retry-after': 'Seconds to wait before retrying (RFC 9110 §10.2.3).',
  'www-authenticate': 'The authentication scheme to use (RFC 9110 §11.6.1).',
  allow: 'The methods the resource supports (RFC 9110 §10.2.1).',
};

function pascal(name: string): string {
  return name.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _sep: string, letter: string) => letter.toUpperCase());
}

/**
 * Rewrites a JSON Schema for OpenAPI 3.0's Schema Object: `const` → `enum`, type arrays → `nullable`,
 * no `$comment`.
 *
 * @example
 * schemaFor30({ type: ['string', 'null'], const: 'x' }) // { type: 'string', nullable: true, enum: ['x'] }
 */
export function schemaFor30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(schemaFor30);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$comment') continue; // a JSON Schema keyword OpenAPI 3.0's Schema Object does not allow
    if (key === 'const') out.enum = [value];
    else if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((type) => type !== 'null');
      out.type = types.length === 1 ? types[0] : types;
      if (types.length !== value.length) out.nullable = true;
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, item]) => [name, schemaFor30(item)]));
    } else out[key] = typeof value === 'object' ? schemaFor30(value) : value;
  }
  return out;
}

function headersOf(rendered: RenderedError, kind: KindName, also?: RenderedError): OpenapiResponse['headers'] {
  const headers: NonNullable<OpenapiResponse['headers']> = {};
  for (const [name, value] of Object.entries({ ...also?.headers, ...rendered.headers })) {
    const lower = name.toLowerCase();
    if (SKIPPED_HEADERS.has(lower)) continue;
    headers[name] = { description: HEADER_NOTES[lower] ?? `Sent by the vendor on this error (${kind}).`, schema: { type: 'string' }, example: value };
  }
  return Object.keys(headers).length === 0 ? undefined : headers;
}

/**
 * The response for one rendering: its headers and, where the vendor sends a body, the schema and example.
 *
 * @example
 * responseOf(render(kindAnswer('notFound'), profiles.vsp, view), '404 Not Found', '#/components/schemas/VspError', 'notFound')
 */
export function responseOf(rendered: RenderedError, description: string, schemaRef: string, kind: KindName, withDetail?: RenderedError): OpenapiResponse {
  const headers = headersOf(rendered, kind, withDetail);
  const type = rendered.headers['Content-Type'];
  const content = rendered.payload === null || type === undefined ? undefined : { [type]: { schema: { $ref: schemaRef }, example: rendered.payload } };
  return { description, ...(headers === undefined ? {} : { headers }), ...(content === undefined ? {} : { content }) };
}

/**
 * Renders the library's own answer for `kind` (with `Allow` on a 405), as an example.
 *
 * @example
 * exampleOf(profiles.hcp, 'notFound', {}, 'HEAD').status // 302
 */
export function exampleOf(profile: Profile, kind: KindName, options: OpenapiErrorsOptions, method = 'GET', message = ''): RenderedError {
  const headers = KINDS[kind].status === 405 ? { allow: 'GET, HEAD' } : undefined;
  return render(kindAnswer(kind, headers, message), profile, { method, path: options.examplePath ?? '/example', requestId: EXAMPLE_REQUEST_ID }, { vars: options.vars });
}

/**
 * A rendering of a validation failure, as an example.
 *
 * @example
 * validationExampleOf(profiles.mpc, {}).body // '{"error_code":"MPC.10202","error_msg":"Invalid request parameter, name is required."}'
 */
export function validationExampleOf(profile: Profile, options: OpenapiErrorsOptions, method = 'POST'): RenderedError {
  const answer = compileValidationAnswer(profile.document.validation);
  const failure = { location: 'body', keyword: 'required', field: 'name', pointer: '#/name', reason: 'is required' } as const;
  return render(answer([failure]), profile, { method, path: options.examplePath ?? '/example', requestId: EXAMPLE_REQUEST_ID }, { vars: options.vars });
}

/**
 * The component names {@link openapiErrors} uses for a profile.
 *
 * @example
 * componentNames(profiles.vsp).schema // 'VspError'
 */
export function componentNames(profile: Profile, options: OpenapiErrorsOptions = {}): { readonly schema: string; readonly response: (kind: KindName | typeof VALIDATION_RESPONSE) => string } {
  const prefix = options.prefix ?? pascal(profile.name);
  return { schema: `${prefix}Error`, response: (kind) => `${prefix}${pascal(kind)}` };
}

/**
 * The profile's error body schema and one response per canonical kind (its status in the
 * description, its headers, an example the library rendered), plus `<Prefix>ValidationFailed`
 * for a request that fails its schemas. Merge into a document's `components`.
 *
 * @example
 * const { components } = openapiErrors(profiles.vsp)
 * components.responses.VspNotFound.content['application/json;charset=UTF-8'].example.messageId // 'KART94040-E'
 */
export function openapiErrors(profile: Profile, options: OpenapiErrorsOptions = {}): OpenapiErrorComponents {
  compiledOf(profile); // a TypeError for anything that is not a defined profile
  const names = componentNames(profile, options);
  const schemaRef = `#/components/schemas/${names.schema}`;
  const bodySchema = profile.document.bodySchema;
  // A vendor without error bodies (HCP: Content-Length 0) has no body schema to document.
  const schemas: Record<string, unknown> = profile.document.body.template === null ? {} : { [names.schema]: options.version === '3.0' ? schemaFor30(bodySchema) : bodySchema };
  const responses: Record<string, OpenapiResponse> = {};
  for (const kind of KIND_NAMES) {
    const rendered = exampleOf(profile, kind, options);
    // Headers sent only when the error carries a detail (HCP's X-HCP-ErrorMessage) are documented too.
    const detailed = exampleOf(profile, kind, options, 'GET', 'The detail of this error.');
    const code = rendered.code === undefined ? '' : ` ${rendered.code}`;
    responses[names.response(kind)] = responseOf(rendered, `${rendered.status} ${rendered.statusMessage}${code} (${kind}): ${KINDS[kind].summary}`, schemaRef, kind, detailed);
  }
  const invalid = validationExampleOf(profile, options);
  responses[names.response(VALIDATION_RESPONSE)] = responseOf(
    invalid,
    `${invalid.status} ${invalid.statusMessage}${invalid.code === undefined ? '' : ` ${invalid.code}`} (validation): the request failed its schema; the message names the field.`,
    schemaRef,
    invalid.kind,
  );
  return { components: { schemas, responses } };
}
