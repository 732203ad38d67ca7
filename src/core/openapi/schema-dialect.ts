/**
 * OpenAPI 3.0's Schema Object is "an extended subset" of JSON Schema draft 5 (OpenAPI 3.0.3
 * §4.7.24), not draft-07 as ajv reads it. Two differences change what validates, and are
 * translated on the library's own copy of the document (the caller's is never touched):
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
 * Both dialects: `x-` extension keys inside schemas are collected so they can be declared as
 * annotations (ajv's strict mode rejects unknown keywords).
 *
 * @module
 */

/** Keywords whose value is one subschema. */
const ONE = ['additionalProperties', 'not', 'items', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems'];
/** Keywords whose value is an array of subschemas. */
const MANY = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];

type Schema = Record<string, unknown>;

function isObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
    let property: unknown = typeof name === 'string' ? properties[name] : undefined;
    for (let hops = 0; isObject(property) && typeof property.$ref === 'string' && hops < 16; hops++) {
      const match = /^#\/components\/schemas\/([^/]+)$/.exec(property.$ref);
      property = match === null ? undefined : components[match[1] as string];
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

/**
 * Translates one schema (and its subschemas) in place; `extensions` collects `x-` keys.
 *
 * @example
 * const schema = { type: 'string', nullable: true }
 * normalizeSchema(schema, '3.0', new Set())
 * schema // { type: ['string', 'null'] }
 */
export function normalizeSchema(schema: unknown, version: '3.0' | '3.1', extensions: Set<string>, depth = 0, components: Schema = {}): void {
  if (!isObject(schema) || depth > 64) return;
  // A boolean `exclusiveMinimum` has only its draft-4 meaning, also where a 3.1 document keeps it.
  exclusive30(schema, 'exclusiveMinimum', 'minimum');
  exclusive30(schema, 'exclusiveMaximum', 'maximum');
  if (version === '3.0') readOnly30(schema, components);
  for (const key of Object.keys(schema)) if (key.startsWith('x-')) extensions.add(key);
  for (const key of ONE) if (isObject(schema[key])) normalizeSchema(schema[key], version, extensions, depth + 1, components);
  for (const key of MANY) {
    const list = schema[key];
    if (Array.isArray(list)) for (const item of list) normalizeSchema(item, version, extensions, depth + 1, components);
  }
  for (const key of MAP) {
    const map = schema[key];
    if (isObject(map)) for (const item of Object.values(map)) normalizeSchema(item, version, extensions, depth + 1, components);
  }
  if (version === '3.0') nullable30(schema);
  // 3.1 has no `nullable`: an unknown keyword, an annotation (JSON Schema 2020-12 Core §6.5);
  // removed, because ajv would read it as 3.0's (adding `null` to `type`, refusing it without one).
  else delete schema.nullable;
}

/**
 * Translates every schema of an OpenAPI document (a copy): `components.schemas`, and every
 * `schema` member of parameters, media types and headers, wherever they are.
 *
 * @example
 * const extensions = normalizeDocumentSchemas(copy, '3.0') // Set { 'x-internal' }
 */
export function normalizeDocumentSchemas(document: Schema, version: '3.0' | '3.1'): Set<string> {
  const extensions = new Set<string>();
  const components = document.components;
  // Read before any is translated: a `$ref`'d property's `readOnly` is the document's.
  const schemas: Schema = isObject(components) && isObject(components.schemas) ? { ...components.schemas } : {};
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node as Schema)) {
      if (key === 'example' || key === 'examples') continue; // data, not schemas
      if (key === 'schema' && isObject(value)) normalizeSchema(value, version, extensions, 0, schemas);
      else visit(value, depth + 1);
    }
  };
  for (const schema of Object.values(schemas)) normalizeSchema(schema, version, extensions, 0, schemas);
  visit({ ...document, components: isObject(components) ? { ...components, schemas: undefined } : components }, 0);
  return extensions;
}
