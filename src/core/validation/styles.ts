/**
 * OpenAPI parameter serialization, read back (OpenAPI 3.1 §4.8.12.4 "Style Values" and "Style
 * Examples"; RFC 6570 for `simple`, `label`, `matrix` and `form`): a styled parameter is judged by
 * the form the document promises, read from the raw request-target, not by what a framework's
 * query parser made of it. Express 4's `qs` turns `color[R]=100` into an object and Fastify's
 * `querystring` does not, and neither splits `color=blue,black` (`form`, `explode: false`): the
 * document is the contract both sides of the API read, so one reading serves every framework.
 *
 * Values stay strings; ajv's `coerceTypes` turns them into the schema's types.
 *
 * @module
 */

/**
 * How one parameter is serialized.
 *
 * @example
 * { name: 'color', style: 'form', explode: false, shape: 'array' }
 */
export interface StyledParameter {
  readonly name: string;
  readonly style: string;
  readonly explode: boolean;
  /** The schema's type: what the serialized form is read back into. */
  readonly shape: 'primitive' | 'array' | 'object';
  /** `form` + `explode` objects: the names of the query keys that are its properties (none: every key no other parameter claims). */
  readonly properties?: readonly string[];
}

type Value = string | string[] | Record<string, unknown>;

/** Name/value pairs of a list (`k1,v1,k2,v2`) as an object. */
function pairsOf(items: readonly string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (let index = 0; index + 1 < items.length; index += 2) out[items[index] as string] = items[index + 1] as string;
  return out;
}

/** `k1=v1,k2=v2` (exploded `simple`, `label`, `matrix` objects) as an object. */
function assignmentsOf(items: readonly string[]): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const item of items) {
    const equals = item.indexOf('=');
    if (equals > 0) out[item.slice(0, equals)] = item.slice(equals + 1);
  }
  return out;
}

function shaped(items: readonly string[], parameter: StyledParameter, single: string): Value {
  if (parameter.shape === 'array') return [...items];
  if (parameter.shape === 'object') return parameter.explode ? assignmentsOf(items) : pairsOf(items);
  return single;
}

/**
 * A path or header value read back by its style (`simple`, `label`, `matrix`). Undefined when it
 * does not have the style's form (a `label` value without its leading `.`).
 *
 * @example
 * readSimple('3,4,5', { name: 'id', style: 'simple', explode: false, shape: 'array' }) // ['3', '4', '5']
 * readSimple(';id=3;id=4', { name: 'id', style: 'matrix', explode: true, shape: 'array' }) // ['3', '4']
 */
export function readSimple(raw: string, parameter: StyledParameter): Value | undefined {
  if (parameter.style === 'label') {
    if (!raw.startsWith('.')) return undefined;
    const rest = raw.slice(1);
    return shaped(parameter.explode ? rest.split('.') : rest.split(','), parameter, rest);
  }
  if (parameter.style === 'matrix') {
    if (!raw.startsWith(';')) return undefined;
    const rest = raw.slice(1);
    if (parameter.shape === 'object' && parameter.explode) return assignmentsOf(rest.split(';'));
    const prefix = `${parameter.name}=`;
    const parts = rest.split(';');
    if (!parts.every((part) => part.startsWith(prefix) || part === parameter.name)) return undefined;
    const values = parts.map((part) => part.slice(prefix.length));
    if (parameter.shape === 'array' && parameter.explode) return values;
    const single = values[0] ?? '';
    return shaped(single.split(','), parameter, single);
  }
  return shaped(raw.split(','), parameter, raw);
}

/** The query's pairs, decoded as `application/x-www-form-urlencoded` (WHATWG URL §5.1). */
function pairsOfTarget(target: string | undefined): Array<[string, string]> {
  const mark = typeof target === 'string' ? target.indexOf('?') : -1;
  if (mark === -1) return [];
  return [...new URLSearchParams((target as string).slice(mark + 1))];
}

const DELIMITERS: Readonly<Record<string, string>> = { form: ',', spaceDelimited: ' ', pipeDelimited: '|' };

/**
 * The query's declared parameters, read from the raw target by their styles (`form`,
 * `spaceDelimited`, `pipeDelimited`, `deepObject`). A parameter absent from the query is absent
 * from the result; a repeated primitive stays an array (and a scalar schema refuses it).
 *
 * @example
 * readQuery('/pets?color=blue,black&R=100', [
 *   { name: 'color', style: 'form', explode: false, shape: 'array' },
 *   { name: 'point', style: 'form', explode: true, shape: 'object', properties: ['R'] },
 * ]) // { color: ['blue', 'black'], point: { R: '100' } }
 */
export function readQuery(target: string | undefined, parameters: readonly StyledParameter[]): Record<string, unknown> {
  const pairs = pairsOfTarget(target);
  const byName = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const list = byName.get(key);
    if (list === undefined) byName.set(key, [value]);
    else list.push(value);
  }
  const claimed = new Set(parameters.map((parameter) => parameter.name));
  const out = Object.create(null) as Record<string, unknown>;
  for (const parameter of parameters) {
    const values = byName.get(parameter.name);
    if (parameter.style === 'deepObject') {
      const prefix = `${parameter.name}[`;
      const object = Object.create(null) as Record<string, unknown>;
      let found = false;
      for (const [key, value] of pairs) {
        if (!key.startsWith(prefix) || !key.endsWith(']')) continue;
        const property = key.slice(prefix.length, -1);
        const seen = object[property];
        object[property] = seen === undefined ? value : Array.isArray(seen) ? [...(seen as string[]), value] : [seen, value];
        found = true;
      }
      if (found) out[parameter.name] = object;
      continue;
    }
    if (parameter.shape === 'object' && parameter.explode) {
      const object = Object.create(null) as Record<string, unknown>;
      const names = parameter.properties;
      for (const [key, list] of byName) {
        if (names === undefined ? claimed.has(key) : !names.includes(key)) continue;
        object[key] = list.length === 1 ? list[0] : list;
      }
      if (Object.keys(object).length > 0) out[parameter.name] = object;
      continue;
    }
    if (values === undefined) continue;
    if (parameter.shape === 'primitive' || (parameter.shape === 'array' && parameter.explode)) {
      out[parameter.name] = values.length === 1 && parameter.shape === 'primitive' ? values[0] : values.length === 1 ? [values[0]] : values;
      continue;
    }
    // explode: false arrays and objects: one value, split by the style's delimiter.
    const single = values.length === 1 ? (values[0] as string) : undefined;
    if (single === undefined) {
      out[parameter.name] = values; // repeated: not this style's form; the schema judges what it is
      continue;
    }
    const items = single.split(DELIMITERS[parameter.style] ?? ',');
    out[parameter.name] = parameter.shape === 'array' ? items : pairsOf(items);
  }
  return out;
}
