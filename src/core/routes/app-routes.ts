/**
 * An app's route table, from its `routes` and `openapi` options: compiled once per app config
 * (cached beside it), with the request validators and the profile's validation answer.
 *
 * A key in `routes` that names the same method and path as an OpenAPI operation refines it: its
 * settings are merged over the operation's (`schema` parts replace the operation's part by part).
 *
 * @module
 */
import type { AppConfig } from '../app-config';
import { routesFromOpenapi } from '../openapi/from-document';
import { formatOpenapiReport, type OpenapiReport } from '../openapi/report';
import type { FormatDefinitions } from '../validation/ajv';
import { compileValidationAnswer, type ValidationAnswer } from '../validation/answer';
import { createValidationCompiler, type RequestValidator, type SchemaDocument } from '../validation/compile';
import { DEFAULT_MAX_FIELD } from '../validation/request';
import { compileRouteTable, type RouteEntry, type RouteTable } from './compile-table';
import { parseRouteKey } from './route-key';
import type { RouteSettings } from './types';

/**
 * What the adapters read per request.
 *
 * @example
 * appRoutesOf(config)?.table.lookup('GET', '/ldevs/1')?.route?.validator
 */
export interface AppRoutes {
  readonly table: RouteTable<RequestValidator>;
  /** Builds the profile's answer for validation failures. */
  readonly answer: ValidationAnswer;
  /** Longest field name a message shows. */
  readonly maxField: number;
  /** Compiles every validator not compiled yet; throws one `TypeError` listing every schema problem. */
  readonly compileAll: () => void;
}

/** Milliseconds of compiling per background turn: short enough that a request waits at most this long behind it. */
const WARM_SLICE_MS = 4;

/**
 * Compiles an OpenAPI document's validators in the background, a slice per timer turn, so each
 * route is compiled before its first request (a request that comes first compiles its own).
 * The timer never keeps a process alive (`unref` where the runtime has it), and nothing it runs can
 * throw into the process.
 */
function warmInBackground(compileSome: (budgetMs: number) => boolean): void {
  const turn = (): void => {
    let more: boolean;
    try {
      more = compileSome(WARM_SLICE_MS);
    } catch {
      // Nothing thrown on a timer may reach the process (it would crash it): the warm-up stops, and
      // a route not compiled yet compiles on its first request, where a failure is answered.
      return;
    }
    if (!more) return;
    const handle = setTimeout(turn, 0) as unknown as { unref?: () => void };
    handle.unref?.();
  };
  const handle = setTimeout(turn, 0) as unknown as { unref?: () => void };
  handle.unref?.();
}

const cache = new WeakMap<AppConfig, AppRoutes | null>();

function identity(entry: RouteEntry): string {
  const parsed = parseRouteKey(entry.key, { openapi: entry.openapi, prefix: entry.prefix });
  return `${parsed.method ?? '*'} ${parsed.pattern}`;
}

function routeEntries(routes: unknown): RouteEntry[] {
  if (routes === undefined) return [];
  if (routes === null || typeof routes !== 'object' || Array.isArray(routes)) {
    throw new TypeError('vendor-compat: option "routes" must be an object, e.g. { "GET /v1/items/:id": { schema: { params: {...} } } }');
  }
  return Object.entries(routes as Record<string, RouteSettings>).map(([key, settings]) => ({ key, settings }));
}

function merged(base: RouteEntry, refinement: RouteEntry): RouteEntry {
  const schema = { ...base.settings.schema, ...refinement.settings.schema };
  const settings: RouteSettings = { ...base.settings, ...refinement.settings, ...(Object.keys(schema).length > 0 ? { schema } : {}) };
  return { ...base, settings };
}

function formatsOf(formats: unknown): FormatDefinitions | undefined {
  if (formats === undefined) return undefined;
  if (formats === null || typeof formats !== 'object' || Array.isArray(formats)) {
    throw new TypeError('vendor-compat: option "formats" must be an object of format validators, e.g. { snowflake: /^\\d{17,20}$/ }');
  }
  return formats as FormatDefinitions;
}

/** `openapiStrict: true` refuses a document with unjudged parts; otherwise the report goes to `onOpenapiReport`. */
function sayReport(report: OpenapiReport, strict: unknown, hook: unknown): void {
  if (strict !== undefined && typeof strict !== 'boolean') throw new TypeError('vendor-compat: option "openapiStrict" must be a boolean');
  if (hook !== undefined && typeof hook !== 'function') throw new TypeError('vendor-compat: option "onOpenapiReport" must be a function (report) => void');
  if (strict === true && report.items.length > 0) throw new TypeError(`vendor-compat: option "openapi" (openapiStrict): ${formatOpenapiReport(report)}`);
  if (typeof hook === 'function') (hook as (report: OpenapiReport) => void)(report);
}

/**
 * The app's compiled route table, or undefined when it declares no routes. Throws a `TypeError`
 * (at startup) for a bad key or setting, and one listing every schema or OpenAPI problem.
 *
 * @example
 * const routes = appRoutesOf(resolveAppConfig({ profile: 'vsp', routes: { 'GET /ldevs/:id': {} } }))
 * routes?.table.lookup('POST', '/ldevs/1')?.notAllowed?.methods // Set { 'GET', 'HEAD' }
 */
export function appRoutesOf(config: AppConfig): AppRoutes | undefined {
  const known = cache.get(config);
  if (known !== undefined) return known ?? undefined;
  const options = config.options;
  let entries = routeEntries(options.routes);
  let documents: readonly SchemaDocument[] = [];
  let extraKeywords: readonly string[] = [];
  const formats = formatsOf(options.formats);
  if (options.openapi !== undefined) {
    const fromDocument = routesFromOpenapi(options.openapi);
    sayReport({ items: fromDocument.report, judged: fromDocument.entries.length }, options.openapiStrict, options.onOpenapiReport);
    documents = fromDocument.documents;
    extraKeywords = fromDocument.extraKeywords;
    const refinements = new Map(entries.map((entry) => [identity(entry), entry]));
    const combined = fromDocument.entries.map((entry) => {
      const key = identity(entry);
      const refinement = refinements.get(key);
      if (refinement === undefined) return entry;
      refinements.delete(key);
      return merged(entry, refinement);
    });
    entries = [...combined, ...refinements.values()];
  }
  if (entries.length === 0) {
    cache.set(config, null);
    return undefined;
  }
  const validation = config.profile.document.validation;
  // openapiStrict: everything at startup, compile problems included; otherwise the document's
  // validators compile in the background after construction.
  const lazy = options.openapi !== undefined && options.openapiStrict !== true;
  const compiler = createValidationCompiler({ allErrors: validation?.list !== undefined, documents, extraKeywords, formats, lazy });
  const table = compileRouteTable(entries, config.preconditions.settings, compiler.compile);
  compiler.finish();
  if (lazy) warmInBackground(compiler.compileSome);
  const routes: AppRoutes = Object.freeze({ table, answer: compileValidationAnswer(validation), maxField: validation?.maxFieldLength ?? DEFAULT_MAX_FIELD, compileAll: compiler.compileAll });
  cache.set(config, routes);
  return routes;
}
