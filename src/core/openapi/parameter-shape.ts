/**
 * The shape of a parameter's schema, for reading its serialization back (OpenAPI §4.8.12.4
 * "Style Values" differ for primitives, arrays and objects): its `type` through local `$ref`s and
 * `allOf`, and an object's property names (what `form` + `explode` spreads into the query).
 *
 * @module
 */
import type { StyledParameter } from '../validation/styles';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A parameter schema's shape.
 *
 * @example
 * const shape: ParameterShape = { shape: 'object', properties: ['R', 'G', 'B'] }
 */
export interface ParameterShape {
  readonly shape: StyledParameter['shape'];
  /** Closed objects: their property names (an open one takes every query key no other parameter claims). */
  readonly properties?: readonly string[];
}

/** A schema with its local `$ref`s followed. */
function schemaAt(schema: unknown, lookup: (ref: string) => unknown): Json | undefined {
  let current = schema;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 16; hops++) {
    const ref = current.$ref;
    current = ref.startsWith('#/') ? lookup(ref) : undefined;
  }
  return isObject(current) ? current : undefined;
}

/**
 * `primitive`, `array` or `object` (`type`, or `items`/`properties` without one), and a closed
 * object's property names, through `allOf`. `lookup` resolves a local `$ref`.
 *
 * @example
 * shapeOf({ $ref: '#/components/schemas/Point' }, (ref) => components[ref.split('/').pop()]) // { shape: 'object', properties: ['x', 'y'] }
 */
export function shapeOf(schema: unknown, lookup: (ref: string) => unknown): ParameterShape {
  const resolved = schemaAt(schema, lookup);
  if (resolved === undefined) return { shape: 'primitive' };
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  const properties = new Set<string>();
  let open = false;
  for (const part of [resolved, ...(Array.isArray(resolved.allOf) ? resolved.allOf.map((item) => schemaAt(item, lookup)) : [])]) {
    if (part === undefined) continue;
    if (isObject(part.properties)) for (const name of Object.keys(part.properties)) properties.add(name);
    if (part.additionalProperties !== undefined && part.additionalProperties !== false) open = true;
  }
  if (types.includes('array') || (resolved.type === undefined && resolved.items !== undefined)) return { shape: 'array' };
  if (types.includes('object') || (resolved.type === undefined && properties.size > 0)) return open || properties.size === 0 ? { shape: 'object' } : { shape: 'object', properties: [...properties] };
  return { shape: 'primitive' };
}
