/**
 * `createValidationCompiler`: compiles each route's request schemas once, at startup, and
 * collects every problem (an unknown keyword or format, a `$ref` that resolves nowhere) so the
 * app fails with one error naming all of them rather than the first.
 *
 * @module
 */
import type { ValidateFunction } from 'ajv';
import { matcherOf } from '../preconditions/compile';
import type { MediaTypeMatcher } from '../preconditions/types';
import type { ParsedRouteKey, RouteSchemas } from '../routes/types';
import type { RouteEntry } from '../routes/compile-table';
import { createRequestAjv, type FormatDefinitions, type RequestAjv, type SchemaDialect } from './ajv';
import type { StyledParameter } from './styles';

/**
 * A schema document request schemas may `$ref` into (an OpenAPI document's schemas).
 *
 * @example
 * { id: 'urn:vendor-compat:openapi:1', dialect: 'draft-07', schema: { $id: 'urn:vendor-compat:openapi:1', components: { schemas: {} } } }
 */
export interface SchemaDocument {
  /** Its `$id`, the base of every `$ref` into it. */
  readonly id: string;
  readonly dialect: SchemaDialect;
  readonly schema: Readonly<Record<string, unknown>>;
}

/**
 * A body schema for the media types it applies to (null: any).
 *
 * @example
 * { mediaTypes: ['application/json'], schema: { $ref: 'urn:vendor-compat:openapi:1#/components/schemas/Ldev' } }
 */
export interface BodySchema {
  readonly mediaTypes: readonly string[] | null;
  readonly schema: unknown;
  /** `application/x-www-form-urlencoded`: the values are strings, coerced to the schema's types. */
  readonly form?: boolean;
}

/**
 * What an OpenAPI operation adds to a route's schemas (see src/core/openapi).
 *
 * @example
 * { dialect: '2020-12', bodies: [{ mediaTypes: ['application/json'], schema: { type: 'object' } }], bodyRequired: true }
 */
export interface ValidationExtra {
  readonly dialect?: SchemaDialect;
  /** Body schemas per request media type (`requestBody.content`). */
  readonly bodies?: readonly BodySchema[];
  /** `requestBody.required`: a request without a body fails validation. */
  readonly bodyRequired?: boolean;
  /** Parameters whose serialization is read back by its style before judging (see ./styles). */
  readonly styles?: ParameterStyles;
}

/**
 * The styled parameters of a route, per location.
 *
 * @example
 * { query: [{ name: 'color', style: 'form', explode: false, shape: 'array' }] }
 */
export interface ParameterStyles {
  readonly path?: readonly StyledParameter[];
  readonly query?: readonly StyledParameter[];
  readonly header?: readonly StyledParameter[];
}

/**
 * One route's compiled validators.
 *
 * @example
 * validateRequestParts(route.validator, { params, url, headers, hasBody: false })
 */
export interface RequestValidator {
  readonly params: ValidateFunction | undefined;
  readonly query: ValidateFunction | undefined;
  readonly headers: ValidateFunction | undefined;
  readonly bodies: ReadonlyArray<{ readonly matcher: MediaTypeMatcher | null; readonly validate: ValidateFunction; readonly form: boolean }>;
  readonly bodyRequired: boolean;
  readonly styles: ParameterStyles | undefined;
}

/**
 * The compiler for one app.
 *
 * @example
 * compileRouteTable(entries, settings, compiler.compile); compiler.finish()
 */
export interface ValidationCompiler {
  /** The route table's validator factory. */
  readonly compile: (route: ParsedRouteKey, schema: RouteSchemas, entry: RouteEntry) => RequestValidator | undefined;
  /** Throws one `TypeError` listing every problem found so far, if any. */
  readonly finish: () => void;
  /** Compiles every validator still waiting (see `lazy`), then throws like `finish`. */
  readonly compileAll: () => void;
  /**
   * Compiles waiting validators for about `budgetMs` milliseconds; returns whether any still wait.
   * Run in the background after startup, so no route pays for its compile on its first request.
   */
  readonly compileSome: (budgetMs: number) => boolean;
}

/** Header names are case-insensitive (RFC 9110 §5.1); Node delivers them lower-cased. */
function lowerCaseHeaders(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = { ...source };
  if (source.properties !== null && typeof source.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(source.properties).map(([name, value]) => [name.toLowerCase(), value]));
  }
  if (Array.isArray(source.required)) out.required = source.required.map((name) => (typeof name === 'string' ? name.toLowerCase() : name));
  return out;
}

/**
 * Creates the compiler for one app. `allErrors` when the profile lists every failure.
 *
 * @example
 * const compiler = createValidationCompiler({ allErrors: false })
 * const table = compileRouteTable(entries, settings, compiler.compile)
 * compiler.finish() // throws a TypeError listing every schema problem
 */
export function createValidationCompiler(options: {
  readonly allErrors: boolean;
  readonly documents?: readonly SchemaDocument[];
  readonly extraKeywords?: readonly string[];
  readonly formats?: FormatDefinitions;
  /**
   * Compile an OpenAPI document's validators when first used (or by `compileSome`), not at
   * startup: a large document's shared `components` compile once either way, but construction
   * does not wait for every operation's. The app's own `routes` schemas always compile at startup.
   */
  readonly lazy?: boolean;
}): ValidationCompiler {
  const instances = new Map<string, RequestAjv>();
  const problems: string[] = [];
  /** Documents' schemas compile leniently (JSON Schema 2020-12 Core §6.5: unknown keywords are annotations); the app's own `routes` schemas strictly. */
  function ajvFor(dialect: SchemaDialect, strict: boolean): RequestAjv {
    const key = `${dialect} ${String(strict)}`;
    let pair = instances.get(key);
    if (pair === undefined) {
      pair = createRequestAjv(dialect, { allErrors: options.allErrors, extraKeywords: options.extraKeywords, strict, formats: options.formats });
      for (const document of strict ? [] : (options.documents ?? [])) {
        if (document.dialect !== dialect) continue;
        pair.coercing.addSchema(document.schema, document.id);
        pair.plain.addSchema(document.schema, document.id);
      }
      instances.set(key, pair);
    }
    return pair;
  }

  function compileOne(ajv: RequestAjv['plain'], schema: unknown, where: string): ValidateFunction | undefined {
    if (schema === undefined) return undefined;
    try {
      return ajv.compile(schema as object);
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      return undefined;
    }
  }

  const waiting = new Set<() => RequestValidator>();

  function compile(_route: ParsedRouteKey, schema: RouteSchemas, entry: RouteEntry): RequestValidator | undefined {
    const extra = (entry.extra ?? {}) as ValidationExtra;
    const bodies: BodySchema[] = [...(extra.bodies ?? [])];
    if (schema.body !== undefined) bodies.push({ mediaTypes: null, schema: schema.body });
    const empty = schema.params === undefined && schema.query === undefined && schema.headers === undefined && bodies.length === 0 && extra.bodyRequired !== true;
    if (empty) return undefined;
    if (options.lazy !== true || entry.openapi !== true) return compileNow(schema, entry, extra, bodies);
    let compiled: RequestValidator | undefined;
    let failure: (TypeError & { problems?: readonly string[] }) | undefined;
    // Compiled in the background or on the route's first request, after startup: a schema ajv
    // refuses then cannot stop the app, so the route fails closed instead of letting requests
    // through unjudged. Every use of its validator throws this TypeError, which the engine
    // answers as the vendor's 500 and reports to onError.
    const now = (): RequestValidator => {
      if (failure !== undefined) throw failure;
      if (compiled === undefined) {
        waiting.delete(now);
        const before = problems.length;
        const validator = compileNow(schema, entry, extra, bodies);
        if (problems.length > before) {
          const found = problems.splice(before);
          failure = Object.assign(new TypeError(`vendor-compat: a request schema could not be compiled, so the route answers every request with a 500: ${found.join('; ')}`), { problems: found });
          throw failure;
        }
        compiled = validator;
      }
      return compiled;
    };
    waiting.add(now);
    return Object.freeze({
      get params() {
        return now().params;
      },
      get query() {
        return now().query;
      },
      get headers() {
        return now().headers;
      },
      get bodies() {
        return now().bodies;
      },
      bodyRequired: extra.bodyRequired === true,
      styles: extra.styles,
    });
  }

  function compileNow(schema: RouteSchemas, entry: RouteEntry, extra: ValidationExtra, bodies: readonly BodySchema[]): RequestValidator {
    const pair = ajvFor(extra.dialect ?? 'draft-07', entry.openapi !== true);
    const where = `route ${JSON.stringify(entry.key)}`;
    const validator: RequestValidator = {
      params: compileOne(pair.coercing, schema.params, `${where} schema.params`),
      query: compileOne(pair.coercing, schema.query, `${where} schema.query`),
      headers: compileOne(pair.coercing, lowerCaseHeaders(schema.headers), `${where} schema.headers`),
      bodies: bodies.flatMap((body) => {
        const validate = compileOne(body.form === true ? pair.coercing : pair.plain, body.schema, `${where} body${body.mediaTypes === null ? '' : ` (${body.mediaTypes.join(', ')})`}`);
        return validate === undefined ? [] : [{ matcher: body.mediaTypes === null ? null : matcherOf(body.mediaTypes.map((type) => type.toLowerCase())), validate, form: body.form === true }];
      }),
      bodyRequired: extra.bodyRequired === true,
      styles: extra.styles,
    };
    return Object.freeze(validator);
  }

  function finish(): void {
    if (problems.length === 0) return;
    throw new TypeError(`vendor-compat: ${problems.length} problem${problems.length === 1 ? '' : 's'} in request schemas:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }

  function compileSome(budgetMs: number): boolean {
    const start = Date.now();
    for (const now of waiting) {
      try {
        warmUp(now());
      } catch {
        // A route whose schema does not compile fails closed on its requests (see `compile`).
      }
      if (Date.now() - start >= budgetMs) break;
    }
    return waiting.size > 0;
  }

  /**
   * Runs each new validator once on nothing and on `{}`: V8 compiles a function on its first call
   * (lazily), and an ajv validator is generated code, so the route's first request would pay it.
   */
  function warmUp(validator: RequestValidator): void {
    for (const validate of [validator.params, validator.query, validator.headers, ...validator.bodies.map((body) => body.validate)]) {
      if (validate === undefined) continue;
      validate(undefined);
      validate(Object.create(null));
    }
  }

  /** Compiles every waiting route now (openapiReport, openapiStrict), then throws every problem at once. */
  function compileAll(): void {
    for (const now of [...waiting]) {
      try {
        now();
      } catch (error) {
        problems.push(...((error as { problems?: readonly string[] }).problems ?? [String((error as Error).message)]));
      }
    }
    finish();
  }

  return Object.freeze({ compile, finish, compileAll, compileSome });
}
