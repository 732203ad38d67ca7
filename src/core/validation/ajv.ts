/**
 * The ajv instances request schemas are compiled with: for the app's own `routes` schemas, strict
 * about keywords and formats (an unknown keyword or format throws at startup rather than being
 * ignored, ajv `strictSchema`); for an OpenAPI document's, lenient (unknown keywords and formats
 * are annotations: JSON Schema 2020-12 Core §6.5, OpenAPI 3.0.3 §4.4);
 * lenient about the style rules OpenAPI documents commonly break (`strictTypes`: `properties`
 * without `type: object`). Formats come from ajv-formats, which also knows OpenAPI's `int32`,
 * `int64`, `float`, `double`, `byte`, `binary` and `password`.
 *
 * Two instances per dialect: one coerces strings to the schema's types (path parameters, query
 * strings and headers arrive as strings), one does not (the parsed body already has JSON types).
 * Coercion is ajv's `coerceTypes: true`, never `'array'`: `'array'` would accept `['1000']` (what
 * `?limit[]=1000` or `?limit=1000&limit=1000` hands a handler) for an `integer`, and the handler
 * would read an array its schema refuses. Neither removes, adds or defaults anything: validation never changes
 * what it judges (`useDefaults` and `removeAdditional` stay off).
 *
 * @module
 */
import type { default as Ajv, Format, Options } from 'ajv';
import type { default as Ajv2020 } from 'ajv/dist/2020.js';
import type { default as addFormats } from 'ajv-formats';

/**
 * The JSON Schema dialects request schemas may be written in.
 *
 * @example
 * const dialect: SchemaDialect = document.openapi.startsWith('3.1') ? '2020-12' : 'draft-07'
 */
export type SchemaDialect = 'draft-07' | '2020-12';

/**
 * Annotation keywords of OpenAPI's Schema Object that JSON Schema does not define (OpenAPI 3.0
 * §4.7.24, 3.1 §4.8.24): accepted and ignored, as the specification says they do not validate.
 * 3.0's `nullable` is ajv's own keyword.
 */
const OPENAPI_ANNOTATIONS = ['example', 'discriminator', 'xml', 'externalDocs'] as const;
/** Keys of the schema documents added for `$ref` resolution that are not schema keywords. */
const DOCUMENT_MEMBERS = ['components', 'paths', 'webhooks'] as const;

/**
 * Validators for `format` values, by name, as ajv and ajv-formats define them: a RegExp, a
 * function, or `{ type, validate }` (ajv "Formats"). A document's own formats (`snowflake`,
 * `iso-country-code`) are annotations until one is registered (OpenAPI 3.1 §4.8.5.1 "Data Type
 * Format": tools MAY fall back to the type).
 *
 * @example
 * const formats: FormatDefinitions = { snowflake: /^\d{17,20}$/, even: (value: string) => value.length % 2 === 0 }
 */
export type FormatDefinitions = Readonly<Record<string, Format>>;

/**
 * The two instances of one dialect.
 *
 * @example
 * createRequestAjv('draft-07', { allErrors: false }).coercing.compile({ type: 'integer' })('3') // true
 */
export interface RequestAjv {
  /** Coerces strings (params, query, headers); mutates only the copy it is given. */
  readonly coercing: Ajv;
  /** Judges parsed bodies as they are. */
  readonly plain: Ajv;
}

/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-globals -- lazy loads the bundler resolves (scripts/esm-require.mjs in the ESM build): ajv is loaded with the first route table, not with the package */
function build(dialect: SchemaDialect, options: Options, extraKeywords: readonly string[], formats: FormatDefinitions): Ajv {
  const ajv =
    dialect === '2020-12'
      ? // The file name with its extension: native ESM resolves no extensionless subpath (ajv has no exports map).
        new (require('ajv/dist/2020.js') as { default: typeof Ajv2020 }).default(options)
      : new (require('ajv') as { default: typeof Ajv }).default(options);
  (require('ajv-formats') as { default: typeof addFormats }).default(ajv);
  /* eslint-enable @typescript-eslint/no-require-imports, no-restricted-globals */
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  for (const keyword of [...OPENAPI_ANNOTATIONS, ...DOCUMENT_MEMBERS, ...extraKeywords]) {
    if (ajv.getKeyword(keyword) === false) ajv.addKeyword({ keyword });
  }
  return ajv;
}

/**
 * Creates the pair of instances for one dialect. `allErrors` reports every failure (a profile
 * that lists them all, RFC 9457 §3) instead of stopping at the first. `extraKeywords` are
 * annotation keywords to accept (an OpenAPI document's `x-` extensions inside its schemas).
 *
 * @example
 * const { coercing, plain } = createRequestAjv('draft-07', { allErrors: false })
 * coercing.compile({ type: 'object', properties: { count: { type: 'integer' } } })({ count: '3' }) // true
 */
export function createRequestAjv(
  dialect: SchemaDialect,
  options: { readonly allErrors: boolean; readonly extraKeywords?: readonly string[]; readonly strict?: boolean; readonly formats?: FormatDefinitions },
): RequestAjv {
  const common: Options = {
    allErrors: options.allErrors,
    // Not strict: an unknown keyword or format is an annotation (ajv ignores it, `logger: false` keeps it silent).
    strictSchema: options.strict !== false,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    validateFormats: true,
    // ajv's default of 'log' would print on stdout at startup; a schema problem throws instead.
    logger: false,
  };
  const extra = options.extraKeywords ?? [];
  const formats = options.formats ?? {};
  return Object.freeze({
    coercing: build(dialect, { ...common, coerceTypes: true }, extra, formats),
    plain: build(dialect, { ...common, coerceTypes: false }, extra, formats),
  });
}
