/**
 * OpenAPI 3.0's Schema Object is "an extended subset" of JSON Schema draft 5 (OpenAPI 3.0.3
 * §4.7.24), not draft-07 as ajv reads it. Two differences change what validates, and are
 * translated on the library's own copy of the document (the caller's is never touched):
 *
 * - `nullable: true` (3.0 only) allows `null`: `type` gains `'null'` (and `enum` gains `null`,
 *   OpenAPI 3.0.3 clarification); without a `type` the schema becomes `anyOf: [schema, null]`.
 * - `exclusiveMinimum` / `exclusiveMaximum` are booleans qualifying `minimum` / `maximum`
 *   (draft 4/5); draft-07 makes them the bound itself.
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
  if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type = [...schema.type, 'null'];
    return;
  }
  const inner: Schema = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [inner, { type: 'null' }];
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
export function normalizeSchema(schema: unknown, version: '3.0' | '3.1', extensions: Set<string>, depth = 0): void {
  if (!isObject(schema) || depth > 64) return;
  if (version === '3.0') {
    exclusive30(schema, 'exclusiveMinimum', 'minimum');
    exclusive30(schema, 'exclusiveMaximum', 'maximum');
  }
  for (const key of Object.keys(schema)) if (key.startsWith('x-')) extensions.add(key);
  for (const key of ONE) if (isObject(schema[key])) normalizeSchema(schema[key], version, extensions, depth + 1);
  for (const key of MANY) {
    const list = schema[key];
    if (Array.isArray(list)) for (const item of list) normalizeSchema(item, version, extensions, depth + 1);
  }
  for (const key of MAP) {
    const map = schema[key];
    if (isObject(map)) for (const item of Object.values(map)) normalizeSchema(item, version, extensions, depth + 1);
  }
  if (version === '3.0') nullable30(schema); // last: it may wrap the schema in anyOf
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
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node as Schema)) {
      if (key === 'example' || key === 'examples') continue; // data, not schemas
      if (key === 'schema' && isObject(value)) normalizeSchema(value, version, extensions);
      else visit(value, depth + 1);
    }
  };
  const components = document.components;
  if (isObject(components) && isObject(components.schemas)) {
    for (const schema of Object.values(components.schemas)) normalizeSchema(schema, version, extensions);
  }
  visit({ ...document, components: isObject(components) ? { ...components, schemas: undefined } : components }, 0);
  return extensions;
}
