/**
 * `routesFromOpenapi`: an OpenAPI 3.0 or 3.1 document becomes the route table.
 *
 * - every operation is a route `METHOD /prefix/path`, the prefix being the path of the first URL of
 *   its `servers` (the operation's, else its path item's, else the document's); other methods on a
 *   known path get the vendor's 405 with `Allow` (the table's own rule);
 * - `requestBody.content` → the route's `requestMediaTypes`, `requestBody.required` → a body is
 *   required, its JSON and `application/x-www-form-urlencoded` schemas → body validation (other
 *   media types are accepted as they are, and reported);
 * - the 2xx responses' `content` → the route's `responseMediaTypes` (what `Accept` must allow);
 *   none → no Accept check;
 * - path, query and header parameters → `schema.params` / `query` / `headers`, with their styles
 *   (../validation/styles reads each back from the request as the document serializes it);
 * - an operation's `x-vendor-compat` member → further precondition overrides (`maxBodyBytes`).
 *
 * `$ref`s to OpenAPI objects (`#/components/parameters/...`, `requestBodies`, `responses`,
 * `pathItems`) are resolved with Fastify's json-schema-ref-resolver; `$ref`s inside schemas are
 * ajv's own (the schemas are added to ajv as one document). What the library reads but cannot
 * judge (a cookie parameter, a multipart body's parts) is listed in one report (./report), in one
 * pass; what is not a readable document (a `$ref` outside it, an invalid media type) is thrown as
 * one `TypeError` listing every item with its JSON Pointer.
 *
 * Not request checks, so not judged (documentation or the app's own business): `security`,
 * `callbacks`, `links`, `examples`, `tags`, `deprecated`, response headers and schemas.
 *
 * @module
 */
import { mediaTypeEssence } from '../media-type';
import type { RefResolver } from 'json-schema-ref-resolver';
import type { RouteEntry } from '../routes/compile-table';
import type { RouteSettings } from '../routes/types';
import type { SchemaDialect } from '../validation/ajv';
import type { BodySchema, ParameterStyles, SchemaDocument, ValidationExtra } from '../validation/compile';
import type { StyledParameter } from '../validation/styles';
import type { OpenapiReportItem } from './report';
import { shapeOf, type ParameterShape } from './parameter-shape';
import { documentCopyOf } from './document-copy';
import { prefixOf } from './servers';

/**
 * What a document contributes to an app: its routes, and the schema document they `$ref` into.
 *
 * @example
 * routesFromOpenapi(document).entries.length // one per operation
 */
export interface OpenapiRoutes {
  readonly entries: readonly RouteEntry[];
  readonly documents: readonly SchemaDocument[];
  /** Keywords to declare to ajv as annotations: none (the copy leaves schemas' `x-` keys out, ./schema-dialect). */
  readonly extraKeywords: readonly string[];
  /** Every operation, parameter and media type left unjudged, with the reason (see ./report). */
  readonly report: readonly OpenapiReportItem[];
  /** Form bodies judged only when they reach validation parsed (see ./report `parserDependent`). */
  readonly parserDependent: readonly OpenapiReportItem[];
}

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PATH_ITEM_KEYS: ReadonlySet<string> = new Set(['$ref', 'summary', 'description', 'parameters', 'servers', ...METHODS]);
/** OpenAPI §4.8.12.1: these header parameters "SHALL be ignored" (Accept, Content-Type, Authorization). */
const IGNORED_HEADERS: ReadonlySet<string> = new Set(['accept', 'content-type', 'authorization']);
const DEFAULT_STYLE: Readonly<Record<string, string>> = { path: 'simple', query: 'form', header: 'simple' };
/** OpenAPI §4.8.12.4 "Style Values": the styles each location allows. */
const STYLES: Readonly<Record<string, readonly string[]>> = {
  path: ['simple', 'label', 'matrix'],
  query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'],
  header: ['simple'],
};
const FORM_MEDIA = 'application/x-www-form-urlencoded';
const MEDIA_TYPE = /^[!#$%&'+.^_`|~0-9a-z-]+\/[!#$%&'+.^_`|~0-9a-z*-]+$/;
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$|^\*\/\*$|^application\/\*$/;
let documentCounter = 0;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 6901 token escaping, then URI-fragment encoding (ajv decodes both, RFC 6901 §6). */
function fragment(tokens: readonly string[]): string {
  return tokens.map((token) => `/${encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))}`).join('');
}

/** Whether a `#/…` $ref (a URI fragment holding an RFC 6901 JSON Pointer) points at something in `root`. */
function resolvable(root: Json, ref: string): boolean {
  let current: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return false;
    }
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, token)) return false;
    current = (current as Json)[token];
  }
  return current !== undefined;
}

function shown(tokens: readonly string[]): string {
  return `#${tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
}

/** The media type without parameters, lower-cased (`application/json; charset=utf-8` → `application/json`). */
function mediaTypeOf(key: string): string {
  return mediaTypeEssence(key) ?? '';
}

/** A schema that needs no validation for a body ajv cannot see as JSON (binary uploads). */
function opaque(schema: unknown): boolean {
  if (schema === undefined || (isObject(schema) && Object.keys(schema).length === 0)) return true;
  return isObject(schema) && schema.type === 'string' && (schema.format === 'binary' || schema.format === 'byte' || schema.format === undefined) && Object.keys(schema).every((key) => ['type', 'format', 'description', 'title'].includes(key));
}

/** One operation and where it is in the document. */
interface OperationAt {
  readonly path: string;
  readonly method: string;
  readonly item: Json;
  readonly operation: Json;
  readonly tokens: readonly string[];
  readonly itemTokens: readonly string[];
}

/** Builds routes from one document. */
class DocumentReader {
  readonly problems: string[] = [];
  readonly report: OpenapiReportItem[] = [];
  readonly parserDependent: OpenapiReportItem[] = [];
  readonly entries: RouteEntry[] = [];
  // Loaded with the first OpenAPI document, not with the package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- a lazy load the bundler resolves (scripts/esm-require.mjs in the ESM build)
  private readonly resolver: RefResolver = new (require('json-schema-ref-resolver') as { RefResolver: typeof RefResolver }).RefResolver();

  constructor(
    private readonly document: Json,
    private readonly id: string,
    private readonly dialect: SchemaDialect,
  ) {
    this.resolver.addSchema(document, id);
  }

  private problem(tokens: readonly string[], message: string): void {
    this.problems.push(`${shown(tokens)}: ${message}`);
  }

  private unjudged(tokens: readonly string[], operation: string | undefined, reason: string): void {
    this.report.push(Object.freeze({ at: shown(tokens), operation, reason }));
  }

  /** `primitive`, `array` or `object`, and an object's property names (see ./parameter-shape). */
  private shapeOf(schema: unknown): ParameterShape {
    return shapeOf(schema, (ref) => this.resolver.getSchema(this.id, ref) as unknown);
  }

  /** Follows an object's `$ref` chain into `components`; returns the object and where it is. */
  resolve(value: unknown, tokens: readonly string[], expected: string): { value: Json; tokens: readonly string[] } | undefined {
    let current = value;
    let at = tokens;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
      const ref = current.$ref;
      if (hops > 16) {
        this.problem(tokens, `$ref chain too long (a cycle?) at ${JSON.stringify(ref)}`);
        return undefined;
      }
      // Component names are [A-Za-z0-9._-]+ (OpenAPI §4.8.7.1): no escapes to decode.
      if (!/^#\/components\/[A-Za-z]+\/[A-Za-z0-9._-]+$/.test(ref)) {
        this.problem(at, `unsupported $ref ${JSON.stringify(ref)} (only local refs into #/components/${expected}/<name>)`);
        return undefined;
      }
      const target: unknown = this.resolver.getSchema(this.id, ref);
      if (!isObject(target)) {
        this.problem(at, `$ref ${JSON.stringify(ref)} resolves to nothing`);
        return undefined;
      }
      current = target;
      at = ref.slice(2).split('/');
    }
    if (!isObject(current)) {
      this.problem(at, `must be an object (a ${expected} object)`);
      return undefined;
    }
    return { value: current, tokens: at };
  }

  schemaRef(tokens: readonly string[]): Json {
    return { $ref: `${this.id}#${fragment(tokens)}` };
  }

  read(prefix: string, prefixOfServers: (servers: unknown, tokens: readonly string[]) => string | undefined): void {
    this.prefixOfServers = prefixOfServers;
    const paths = this.document.paths;
    if (paths === undefined) return;
    if (!isObject(paths)) {
      this.problem(['paths'], 'must be an object');
      return;
    }
    for (const [path, rawItem] of Object.entries(paths)) {
      if (path.startsWith('x-')) continue;
      if (path.includes('?') || path.includes('#')) {
        // OpenAPI §4.8.8.1: a path is a template of the URL's path; the query is the parameters'.
        this.unjudged(['paths', path], undefined, 'a path holding a query or fragment is not a path template: its operations are not routes');
        continue;
      }
      const item = this.resolve(rawItem, ['paths', path], 'pathItems');
      if (item !== undefined) this.readPathItem(path, item.value, item.tokens, prefix);
    }
  }

  private prefixOfServers: (servers: unknown, tokens: readonly string[]) => string | undefined = () => undefined;

  /** OpenAPI §4.8.9.1 Path Item `servers`: they replace the document's, so the path prefix is theirs. */
  private readPathItem(path: string, item: Json, tokens: readonly string[], documentPrefix: string): void {
    for (const key of Object.keys(item)) {
      if (!PATH_ITEM_KEYS.has(key) && !key.startsWith('x-')) this.unjudged([...tokens, key], undefined, `unknown path item member ${JSON.stringify(key)} is ignored`);
    }
    const prefix = item.servers === undefined ? documentPrefix : (this.prefixOfServers(item.servers, [...tokens, 'servers']) ?? documentPrefix);
    // In the document's order, which is the order `Allow` lists them in.
    for (const method of Object.keys(item).filter((key): key is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(key))) {
      const operation = item[method];
      if (!isObject(operation)) {
        this.problem([...tokens, method], 'must be an Operation object');
        continue;
      }
      this.readOperation({ path, method, item, operation, tokens: [...tokens, method], itemTokens: tokens }, prefix);
    }
  }

  private readOperation(where: OperationAt, itemPrefix: string): void {
    const { path, method, operation, tokens } = where;
    // OpenAPI §4.8.10.1 Operation `servers` override the path item's and the document's.
    const prefix = operation.servers === undefined ? itemPrefix : (this.prefixOfServers(operation.servers, [...tokens, 'servers']) ?? itemPrefix);
    const name = `${method.toUpperCase()} ${path}`;
    const settings: Record<string, unknown> = {};
    const extension = operation['x-vendor-compat'];
    if (extension !== undefined) {
      if (!isObject(extension) || 'schema' in extension) this.problem([...tokens, 'x-vendor-compat'], 'must be an object of precondition overrides, e.g. { "maxBodyBytes": 1048576 }');
      else Object.assign(settings, extension);
    }
    const styles: { path: StyledParameter[]; query: StyledParameter[]; header: StyledParameter[] } = { path: [], query: [], header: [] };
    const schema = this.parameters(where, name, styles);
    const extra: { dialect: SchemaDialect; bodies?: BodySchema[]; bodyRequired?: boolean; styles?: ParameterStyles } = { dialect: this.dialect };
    if (schema.query !== undefined || styles.path.length > 0 || styles.header.length > 0) extra.styles = Object.freeze({ path: styles.path, query: styles.query, header: styles.header });
    const body = this.requestBody(operation.requestBody, [...tokens, 'requestBody'], name);
    if (body !== undefined) {
      settings.requestMediaTypes = body.mediaTypes;
      extra.bodies = body.bodies;
      extra.bodyRequired = body.required;
    }
    const produced = this.responseMediaTypes(operation.responses, [...tokens, 'responses']);
    if (!('responseMediaTypes' in settings)) settings.responseMediaTypes = produced;
    if (Object.keys(schema).length > 0) settings.schema = schema;
    this.entries.push({ key: `${method.toUpperCase()} ${path}`, settings: settings as RouteSettings, openapi: true, prefix, extra: extra as ValidationExtra });
  }

  /** Path-item parameters, overridden by the operation's of the same `name` and `in` (§4.8.10.1). */
  private parameters(where_: OperationAt, operationName: string, styles: Record<'path' | 'query' | 'header', StyledParameter[]>): Json {
    const { path, item, operation, tokens, itemTokens } = where_;
    const byKey = new Map<string, { parameter: Json; at: readonly string[] }>();
    for (const [list, at] of [
      [item.parameters, [...itemTokens, 'parameters']],
      [operation.parameters, [...tokens, 'parameters']],
    ] as const) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        this.problem(at, 'must be an array');
        continue;
      }
      list.forEach((raw: unknown, index) => {
        const resolved = this.resolve(raw, [...at, String(index)], 'parameters');
        if (resolved === undefined) return;
        const { value } = resolved;
        if (typeof value.name !== 'string' || typeof value.in !== 'string') {
          this.problem(resolved.tokens, 'a parameter needs a string "name" and "in"');
          return;
        }
        byKey.set(`${value.in}:${value.in === 'header' ? value.name.toLowerCase() : value.name}`, { parameter: value, at: resolved.tokens });
      });
    }
    const parts: Record<'path' | 'query' | 'header', { properties: Json; required: string[] }> = {
      path: { properties: {}, required: [] },
      query: { properties: {}, required: [] },
      header: { properties: {}, required: [] },
    };
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    for (const { parameter, at } of byKey.values()) {
      const where = parameter.in as string;
      const name = where === 'header' ? (parameter.name as string).toLowerCase() : (parameter.name as string);
      if (where === 'header' && IGNORED_HEADERS.has(name)) continue;
      if (where !== 'path' && where !== 'query' && where !== 'header') {
        this.unjudged(at, operationName, `${where} parameter ${JSON.stringify(parameter.name)} is not judged (path, query and header parameters are)`);
        continue;
      }
      let schema = parameter.schema;
      if (parameter.content !== undefined) {
        this.unjudged([...at, 'content'], operationName, `the value of ${where} parameter ${JSON.stringify(name)} (described by "content") is not judged; its presence is`);
        schema = undefined;
      }
      const style = typeof parameter.style === 'string' ? parameter.style : (DEFAULT_STYLE[where] as string);
      if (!(STYLES[where] ?? []).includes(style)) {
        this.unjudged([...at, 'style'], operationName, `style ${JSON.stringify(parameter.style)} is not defined for ${where} parameters (OpenAPI "Style Values"); the value of ${JSON.stringify(name)} is not judged, its presence is`);
        schema = undefined;
      } else if (schema !== undefined) {
        // OpenAPI §4.8.12.4: `explode` defaults to true for `form`, false for every other style.
        const explode = typeof parameter.explode === 'boolean' ? parameter.explode : style === 'form';
        const shape = this.shapeOf(schema);
        if (where === 'query' || shape.shape !== 'primitive' || style !== 'simple') styles[where].push(Object.freeze({ name, style, explode, ...shape }));
      }
      if (where === 'path') {
        if (!templated.includes(name)) this.problem(at, `path parameter ${JSON.stringify(name)} is not in the path template ${JSON.stringify(path)}`);
        if (parameter.required !== true) this.problem([...at, 'required'], 'a path parameter must be required: true (OpenAPI §4.8.12.1)');
      }
      const part = parts[where];
      part.properties[name] = schema === undefined ? {} : this.schemaRef([...at, 'schema']);
      if (schema === undefined && where === 'query') styles.query.push(Object.freeze({ name, style: 'form', explode: true, shape: 'primitive' }));
      if (parameter.required === true) part.required.push(name);
    }
    const out: Json = {};
    for (const [where, key] of [['path', 'params'], ['query', 'query'], ['header', 'headers']] as const) {
      const part = parts[where];
      if (Object.keys(part.properties).length === 0) continue;
      out[key] = part.required.length === 0 ? { type: 'object', properties: part.properties } : { type: 'object', properties: part.properties, required: part.required };
    }
    return out;
  }

  private requestBody(raw: unknown, tokens: readonly string[], operationName: string): { mediaTypes: string[]; bodies: BodySchema[]; required: boolean } | undefined {
    if (raw === undefined) return undefined;
    const resolved = this.resolve(raw, tokens, 'requestBodies');
    if (resolved === undefined) return undefined;
    const content = resolved.value.content;
    if (!isObject(content) || Object.keys(content).length === 0) {
      this.problem([...resolved.tokens, 'content'], 'a request body needs at least one media type');
      return undefined;
    }
    const mediaTypes: string[] = [];
    const bodies: BodySchema[] = [];
    for (const [key, media] of Object.entries(content)) {
      const type = mediaTypeOf(key);
      const at = [...resolved.tokens, 'content', key];
      if (!MEDIA_TYPE.test(type) || (type.startsWith('*/') && type !== '*/*')) {
        this.problem(at, `invalid media type ${JSON.stringify(key)}`);
        continue;
      }
      mediaTypes.push(type);
      // Every declared type gets an entry, so a body of any of them is accepted (never a 415); `true` judges nothing.
      if (!isObject(media) || media.schema === undefined || opaque(media.schema)) {
        bodies.push({ mediaTypes: [type], schema: true });
        continue;
      }
      if (JSON_MEDIA.test(type)) bodies.push({ mediaTypes: [type], schema: this.schemaRef([...at, 'schema']) });
      else if (type === FORM_MEDIA) {
        bodies.push({ mediaTypes: [type], schema: this.schemaRef([...at, 'schema']), form: true });
        this.parserDependent.push(
          Object.freeze({
            at: shown([...at, 'schema']),
            operation: operationName,
            reason: `judged on the body the app's form parser gives (express.urlencoded(), Koa's body parser, @fastify/formbody) or the adapter reads (Hono's vc.validate); a body the app leaves unparsed is not judged`,
          }),
        );
        if (media.encoding !== undefined) this.unjudged([...at, 'encoding'], operationName, `${type} bodies are read as the framework's form parser gives them (or as URLSearchParams reads them); "encoding" is not applied`);
      } else {
        bodies.push({ mediaTypes: [type], schema: true });
        const what = type === 'multipart/form-data' ? 'the parts are not judged; the presence of a required body is' : `${type} bodies are not judged against their schema; the presence of a required body is`;
        this.unjudged([...at, 'schema'], operationName, what);
      }
    }
    return { mediaTypes: [...new Set(mediaTypes)], bodies, required: resolved.value.required === true };
  }

  /** The media types of the 2xx responses (or of `default` when there is no 2xx); null when none has content. */
  private responseMediaTypes(raw: unknown, tokens: readonly string[]): string[] | null {
    if (!isObject(raw)) return null;
    const codes = Object.keys(raw).filter((code) => /^2(?:\d\d|XX)$/.test(code));
    const chosen = codes.length > 0 ? codes : 'default' in raw ? ['default'] : [];
    const types = new Set<string>();
    for (const code of chosen) {
      const response = this.resolve(raw[code], [...tokens, code], 'responses');
      if (response === undefined || !isObject(response.value.content)) continue;
      for (const key of Object.keys(response.value.content)) {
        const type = mediaTypeOf(key);
        if (MEDIA_TYPE.test(type)) types.add(type);
        else this.problem([...response.tokens, 'content', key], `invalid media type ${JSON.stringify(key)}`);
      }
    }
    return types.size === 0 ? null : [...types];
  }
}

/**
 * Reads an OpenAPI 3.0 or 3.1 document (not modified; a copy is kept) into route entries and the
 * schema document their validators `$ref` into. Throws one `TypeError` listing every
 * unsupported or invalid part.
 *
 * @example
 * const { entries, documents } = routesFromOpenapi(YAML.parse(fs.readFileSync('vsp.yaml', 'utf8')))
 * entries[0].key // 'GET /objects/ldevs/{ldevId}' (with prefix '/ConfigurationManager/v1')
 */
export function routesFromOpenapi(input: unknown): OpenapiRoutes {
  // One private copy, schemas translated (./document-copy); given the options snapshot's, that one.
  const { version, document: copy, pointerRefs } = documentCopyOf(input);
  const problems: string[] = [];
  const dialect: SchemaDialect = version === '3.1' ? '2020-12' : 'draft-07';
  if (version === '3.1' && copy.jsonSchemaDialect !== undefined && copy.jsonSchemaDialect !== 'https://spec.openapis.org/oas/3.1/dialect/base' && copy.jsonSchemaDialect !== 'https://json-schema.org/draft/2020-12/schema') {
    problems.push(`#/jsonSchemaDialect: ${JSON.stringify(copy.jsonSchemaDialect)} is not supported (JSON Schema 2020-12 is)`);
  }
  const id = `urn:vendor-compat:openapi:${++documentCounter}`;
  const prefix = prefixOf(copy.servers, ['servers'], problems) ?? '';
  const reader = new DocumentReader(copy, id, dialect);
  reader.read(prefix, (servers, tokens) => prefixOf(servers, tokens, problems));
  problems.push(...reader.problems);
  // ajv resolves a schema's `#/…` $ref within { components, paths } (below) and, where one resolves
  // nowhere, fails to compile every validator reaching it: said here, at startup, not left to a
  // background compile that could only drop the route's check.
  const seen = { components: copy.components, paths: copy.paths };
  for (const ref of pointerRefs) {
    if (!resolvable(seen, ref)) problems.push(`$ref ${JSON.stringify(ref)} (in a schema) resolves to nothing in #/components or #/paths`);
  }
  if (problems.length > 0) {
    throw new TypeError(`vendor-compat: option "openapi": ${problems.length} unsupported or invalid part${problems.length === 1 ? '' : 's'}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  // ajv compiles only what a route `$ref`s; the members around it are declared annotations.
  const schema = { $id: id, components: copy.components ?? {}, paths: copy.paths ?? {} };
  return Object.freeze({ entries: Object.freeze(reader.entries), documents: Object.freeze([{ id, dialect, schema }]), extraKeywords: Object.freeze([]), report: Object.freeze(reader.report), parserDependent: Object.freeze(reader.parserDependent) });
}
