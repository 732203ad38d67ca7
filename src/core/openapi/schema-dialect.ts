/**
 * OpenAPI 3.0's Schema Object is "an extended subset" of JSON Schema draft 5 (OpenAPI 3.0.3
 * §4.7.24), not draft-07 as ajv reads it. The differences that change what validates are
 * translated while the library takes its one private copy of the document (the caller's is never
 * touched, and nothing the caller changes later reaches the copy):
 *
 * - `nullable: true` (3.0 only) allows `null`: `type` gains `'null'` (and `enum` gains `null`,
 *   OpenAPI 3.0.3 clarification). Without a `type` in the same Schema Object it has no effect
 *   (OpenAPI 3.0.3 §4.7.24.1: "only has effect if `type` is explicitly defined within the same
 *   Schema Object"): it is dropped, and `null` is judged by the rest of the schema.
 * - `readOnly` properties listed in `required` (3.0 only): "the `required` will take effect on the
 *   response only" (OpenAPI 3.0.3 §4.7.24.1 `readOnly`); only requests are judged here, so they
 *   leave `required`. A `writeOnly` property's `required` takes effect on requests: it stays.
 * - `exclusiveMinimum` / `exclusiveMaximum` are booleans qualifying `minimum` / `maximum`
 *   (draft 4/5); draft-07 makes them the bound itself. A boolean one in a 3.1 document (where it
 *   is invalid JSON Schema 2020-12) is read the same way: it has no other meaning.
 *
 * 3.1: `nullable` is not a keyword (an annotation, so removed before ajv, which reads it as 3.0's).
 *
 * Both dialects: `x-` keys are left out of the copy where nothing reads them: inside schemas
 * (Specification Extensions are annotations, OpenAPI 3.1 §4.9; JSON Schema 2020-12 Core §6.5), and
 * on the document, a Path Item or an Operation (`x-vendor-compat` excepted), where real documents
 * keep their largest blocks (OpenAI's `x-oaiMeta`: a fifth of the document). Data inside schemas
 * (`enum`, `const`, `default`, `examples`) is copied as it is.
 *
 * @module
 */

/** Keywords whose value is one subschema. */
const ONE: ReadonlySet<string> = new Set(['additionalProperties', 'not', 'items', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems']);
/** Keywords whose value is an array of subschemas. */
const MANY: ReadonlySet<string> = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
/** Keywords whose value maps names to subschemas. */
const MAP: ReadonlySet<string> = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Deeper schemas are copied as data, untranslated (a guard against pathological nesting). */
const MAX_DEPTH = 64;
const HTTP_METHODS: ReadonlySet<string> = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

type Schema = Record<string, unknown>;

function isObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An own data property, also for a JSON `"__proto__"` key (JSON.parse makes one; plain assignment would set the prototype). */
function put(target: Schema, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function nullable30(schema: Schema): void {
  const flag = schema.nullable;
  if (flag === undefined) return;
  delete schema.nullable;
  if (flag !== true) return;
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return;
  }
  if (Array.isArray(schema.type) && !schema.type.includes('null')) schema.type = [...schema.type, 'null'];
}

/** Drops from `required` the properties declared `readOnly` (directly, or in the component a property `$ref`s). */
function readOnly30(schema: Schema, components: Schema): void {
  if (!Array.isArray(schema.required) || !isObject(schema.properties)) return;
  const properties = schema.properties;
  const readOnly = (name: unknown): boolean => {
    let property: unknown = typeof name === 'string' && Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
    for (let hops = 0; isObject(property) && typeof property.$ref === 'string' && hops < 16; hops++) {
      const match = /^#\/components\/schemas\/([^/]+)$/.exec(property.$ref);
      property = match === null || !Object.prototype.hasOwnProperty.call(components, match[1] as string) ? undefined : components[match[1] as string];
    }
    return isObject(property) && property.readOnly === true;
  };
  const kept = schema.required.filter((name) => !readOnly(name));
  if (kept.length === schema.required.length) return;
  if (kept.length === 0) delete schema.required;
  else schema.required = kept;
}

function exclusive30(schema: Schema, exclusive: 'exclusiveMinimum' | 'exclusiveMaximum', bound: 'minimum' | 'maximum'): void {
  const flag = schema[exclusive];
  if (typeof flag !== 'boolean') return;
  if (flag && typeof schema[bound] === 'number') {
    schema[exclusive] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[exclusive];
  }
}

/** Copies a document once, translating its schemas on the way (see the module comment). */
class TranslatingCopy {
  /** Source node → its copy, per reading (a node reached as data and as a schema gets one copy of each); keeps shared and circular references shared. */
  private readonly data = new Map<object, unknown>();
  private readonly schemas = new Map<object, unknown>();
  /** The source's `components.schemas`, untranslated: a `$ref`'d property's `readOnly` is the document's. */
  components: Schema = {};
  /** Every `#/` JSON Pointer `$ref` of a schema outside any `$id`'d schema (those resolve against the document). */
  readonly pointerRefs = new Set<string>();

  constructor(private readonly version: '3.0' | '3.1') {}

  /** Plain data, deep: every key kept. */
  copyData(value: unknown): unknown {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new TypeError(`a ${typeof value} is not JSON data`);
      return value;
    }
    const known = this.data.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      this.data.set(value, out);
      for (let i = 0; i < value.length; i++) out[i] = this.copyData(value[i]);
      return out;
    }
    const out: Schema = {};
    this.data.set(value, out);
    for (const key of Object.keys(value)) put(out, key, this.copyData((value as Schema)[key]));
    return out;
  }

  /** A Schema Object (or a boolean schema), translated, without its `x-` keys. */
  copySchema(schema: unknown, depth: number, scoped = false): unknown {
    if (!isObject(schema) || depth > MAX_DEPTH) return this.copyData(schema);
    const known = this.schemas.get(schema);
    if (known !== undefined) return known;
    const out: Schema = {};
    this.schemas.set(schema, out);
    // Inside a schema with its own `$id`, a `#/` reference is relative to that resource (JSON Schema 2020-12 Core §8.2.1).
    const inner = scoped || typeof schema.$id === 'string';
    if (!inner && typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) this.pointerRefs.add(schema.$ref);
    for (const key of Object.keys(schema)) {
      if (key.startsWith('x-')) continue;
      const value = schema[key];
      let copied: unknown;
      if (ONE.has(key) && isObject(value)) copied = this.copySchema(value, depth + 1, inner);
      else if (MANY.has(key) && Array.isArray(value)) copied = value.map((item) => this.copySchema(item, depth + 1, inner));
      else if (MAP.has(key) && isObject(value)) {
        const map: Schema = {};
        for (const name of Object.keys(value)) put(map, name, this.copySchema(value[name], depth + 1, inner));
        copied = map;
      } else copied = this.copyData(value);
      put(out, key, copied);
    }
    // A boolean `exclusiveMinimum` has only its draft-4 meaning, also where a 3.1 document keeps it.
    exclusive30(out, 'exclusiveMinimum', 'minimum');
    exclusive30(out, 'exclusiveMaximum', 'maximum');
    if (this.version === '3.0') {
      readOnly30(out, this.components);
      nullable30(out);
    } else {
      // 3.1 has no `nullable`: an unknown keyword, an annotation (JSON Schema 2020-12 Core §6.5);
      // removed, because ajv would read it as 3.0's (adding `null` to `type`, refusing it without one).
      delete out.nullable;
    }
    return out;
  }

  /**
   * An OpenAPI object (not a schema): every `schema` member is a Schema Object; `example(s)` are
   * data; `x-` members of the objects listed in the module comment are left out. `level` says
   * where the node is: the document, `paths`, a Path Item, an Operation, or anywhere else.
   */
  copyObject(node: unknown, level: 'document' | 'paths' | 'pathItem' | 'operation' | 'other', depth: number): unknown {
    if (node === null || typeof node !== 'object' || depth > MAX_DEPTH) return this.copyData(node);
    if (Array.isArray(node)) return node.map((item) => this.copyObject(item, 'other', depth + 1));
    const known = this.data.get(node);
    if (known !== undefined) return known;
    const out: Schema = {};
    this.data.set(node, out);
    const dropsExtensions = level !== 'other' && level !== 'paths';
    for (const key of Object.keys(node)) {
      const value = (node as Schema)[key];
      if (dropsExtensions && key.startsWith('x-') && key !== 'x-vendor-compat') continue;
      let copied: unknown;
      if (key === 'example' || key === 'examples') copied = this.copyData(value); // data, not schemas
      else if (key === 'schema' && isObject(value)) copied = this.copySchema(value, 0);
      else if (level === 'document' && key === 'components' && isObject(value)) copied = this.copyComponents(value, depth + 1);
      else if (level === 'document' && key === 'paths') copied = this.copyObject(value, 'paths', depth + 1);
      else if (level === 'paths') copied = this.copyObject(value, 'pathItem', depth + 1);
      else if (level === 'pathItem' && HTTP_METHODS.has(key)) copied = this.copyObject(value, 'operation', depth + 1);
      else copied = this.copyObject(value, 'other', depth + 1);
      put(out, key, copied);
    }
    return out;
  }

  /** `components`: `schemas` maps names to Schema Objects, `pathItems` to Path Items; the rest are OpenAPI objects. */
  private copyComponents(components: Schema, depth: number): Schema {
    const out: Schema = {};
    for (const key of Object.keys(components)) {
      const value = components[key];
      if (key === 'schemas' && isObject(value)) {
        const schemas: Schema = {};
        for (const name of Object.keys(value)) put(schemas, name, this.copySchema(value[name], 0));
        put(out, key, schemas);
      } else if (key === 'pathItems' && isObject(value)) {
        const items: Schema = {};
        for (const name of Object.keys(value)) put(items, name, this.copyObject(value[name], 'pathItem', depth + 1));
        put(out, key, items);
      } else put(out, key, this.copyObject(value, 'other', depth + 1));
    }
    return out;
  }
}

/**
 * The library's one private copy of an OpenAPI document, its schemas translated (see the module
 * comment). The caller's document is read once, here, and never referenced afterwards. Throws a
 * `TypeError` for a value that is not JSON data (a function). `pointerRefs`, when given, receives
 * every `#/…` `$ref` of the schemas (outside `$id`'d ones), for the reader to check.
 *
 * @example
 * const copy = translatedCopy({ openapi: '3.0.3', paths: {}, components: { schemas: { A: { type: 'string', nullable: true } } } }, '3.0')
 * copy.components // { schemas: { A: { type: ['string', 'null'] } } }
 */
export function translatedCopy(document: Schema, version: '3.0' | '3.1', pointerRefs?: Set<string>): Schema {
  const copier = new TranslatingCopy(version);
  const components = document.components;
  if (isObject(components) && isObject(components.schemas)) copier.components = components.schemas;
  const copy = copier.copyObject(document, 'document', 0) as Schema;
  if (pointerRefs !== undefined) for (const ref of copier.pointerRefs) pointerRefs.add(ref);
  return copy;
}
