/**
 * An app's route table, from its `routes` and `openapi` options: compiled once per app config
 * (cached beside it), with the request validators and the profile's validation answer.
 *
 * A key in `routes` that names the same method and path as an OpenAPI operation refines it: its
 * settings are merged over the operation's (`schema` parts replace the operation's part by part).
 *
 * @module
 */
import type { ValidateFunction } from 'ajv';
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

/** What ajv keeps beside a compiled function: the functions of the schemas it `$ref`s (ajv's `SchemaEnv.refs`, typed loosely). */
interface SchemaEnvLike {
  readonly validate?: unknown;
  readonly refs?: Readonly<Record<string, unknown>>;
  readonly root?: unknown;
}

function envOf(value: unknown): SchemaEnvLike | undefined {
  return value !== null && typeof value === 'object' && 'refs' in value ? (value as SchemaEnvLike) : undefined;
}

/**
 * Calls, once each, the functions of every schema the routes' validators reach through `$ref`
 * (on `undefined`: a type check that fails at once). ajv compiles a `$ref`'d schema that is not
 * inlined into a function of its own (ajv `inlineRefs`), and V8 compiles each generated function
 * on its first call ("lazy compilation", v8.dev/blog/preparser): the route's own warm-up (its
 * validator on nothing and on `{}`) compiles only the top function, so a route's first real
 * request compiled the rest: 1–2.5 ms on OpenAI's `POST /chat/completions`. Returns a
 * `compileSome`-style step: true while functions remain.
 */
function deepWarmer(routes: readonly { readonly validator: RequestValidator | undefined }[]): (budgetMs: number) => boolean {
  const queue: SchemaEnvLike[] = [];
  const seen = new Set<unknown>();
  let started = false;
  const enqueue = (env: SchemaEnvLike | undefined): void => {
    if (env === undefined || seen.has(env)) return;
    seen.add(env);
    queue.push(env);
  };
  const start = (): void => {
    started = true;
    for (const route of routes) {
      const validator = route.validator;
      if (validator === undefined) continue;
      for (const validate of [validator.params, validator.query, validator.headers, ...validator.bodies.map((body) => body.validate)]) {
        enqueue(envOf((validate as (ValidateFunction & { schemaEnv?: unknown }) | undefined)?.schemaEnv));
      }
    }
  };
  return (budgetMs) => {
    const begun = Date.now();
    if (!started) start();
    while (queue.length > 0) {
      const env = queue.pop() as SchemaEnvLike;
      if (typeof env.validate === 'function') (env.validate as (data: unknown) => unknown)(undefined);
      enqueue(envOf(env.root));
      for (const ref of Object.values(env.refs ?? {})) enqueue(envOf(ref));
      if (Date.now() - begun >= budgetMs) break;
    }
    return queue.length > 0;
  };
}

/**
 * Compiles an OpenAPI document's validators in the background, a slice per timer turn, so each
 * route is compiled before its first request (a request that comes first compiles its own); then
 * runs the functions they reach once (`deepWarmer`). The timer never keeps a process alive
 * (`unref` where the runtime has it), and nothing it runs can throw into the process.
 */
let warmUpsRunning = 0;

/**
 * How many background warm-ups are still running in this process: a test runner that tears
 * down its module registry after each file (Jest) waits for none to be left, so that no warm-up
 * loads a module after the teardown.
 *
 * @example
 * backgroundWarmUps() // 0 once every app's validators are compiled and warmed
 */
export function backgroundWarmUps(): number {
  return warmUpsRunning;
}

function warmInBackground(compileSome: (budgetMs: number) => boolean, warmDeep: (budgetMs: number) => boolean): void {
  let step = compileSome;
  warmUpsRunning += 1;
  const turn = (): void => {
    let more: boolean;
    try {
      more = step(WARM_SLICE_MS);
      if (!more && step === compileSome) {
        step = warmDeep;
        more = true;
      }
    } catch {
      // Nothing thrown on a timer may reach the process (it would crash it): the warm-up stops, and
      // a route not compiled yet compiles on its first request, where a failure is answered.
      more = false;
    }
    if (!more) {
      warmUpsRunning -= 1;
      return;
    }
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
    sayReport({ items: fromDocument.report, judged: fromDocument.entries.length, parserDependent: fromDocument.parserDependent }, options.openapiStrict, options.onOpenapiReport);
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
  if (lazy) warmInBackground(compiler.compileSome, deepWarmer(table.routes));
  const routes: AppRoutes = Object.freeze({ table, answer: compileValidationAnswer(validation), maxField: validation?.maxFieldLength ?? DEFAULT_MAX_FIELD, compileAll: compiler.compileAll });
  cache.set(config, routes);
  return routes;
}
