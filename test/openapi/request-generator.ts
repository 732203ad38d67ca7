/**
 * The differential harness's generator: for one operation of an OpenAPI document, a valid request
 * and single mutations of it, each with the verdict the specification gives (the generator knows
 * what it changed). Only what it can build with certainty: a schema it cannot sample surely
 * (`pattern`, `oneOf`, `not`, `multipleOf`, …) gives no body cases, never a guessed verdict.
 */

type Json = Record<string, unknown>;

/** One generated request and the status the specification expects. */
export interface GeneratedCase {
  readonly name: string;
  readonly method: string;
  /** Path and query, under the document's prefix. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** 200: the echo route answers; 400 invalid; 405 method; 415 media type. */
  readonly expected: number;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

class Unsure extends Error {}

/** Resolves local `$ref`s and merges `allOf` (objects only). */
export class SchemaSampler {
  constructor(private readonly document: Json) {}

  resolve(value: unknown): Json {
    let current = value;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
      if (hops > 16 || !current.$ref.startsWith('#/')) throw new Unsure('ref');
      current = current.$ref
        .slice(2)
        .split('/')
        .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, token) => (isObject(node) ? node[token] : undefined), this.document);
    }
    if (!isObject(current)) throw new Unsure('not a schema');
    if (!Array.isArray(current.allOf)) return current;
    const merged: Json = { ...current, allOf: undefined, properties: { ...(isObject(current.properties) ? current.properties : {}) }, required: [...(Array.isArray(current.required) ? current.required : [])] };
    for (const part of current.allOf) {
      const resolved = this.resolve(part);
      if (resolved.type !== undefined && resolved.type !== 'object') throw new Unsure('allOf of non-objects');
      Object.assign(merged.properties as Json, resolved.properties ?? {});
      (merged.required as unknown[]).push(...(Array.isArray(resolved.required) ? resolved.required : []));
      if (resolved.additionalProperties === false) throw new Unsure('allOf closing');
    }
    merged.type = 'object';
    return merged;
  }

  /** A value the schema accepts, or throws `Unsure`. */
  sample(raw: unknown, depth = 0): unknown {
    if (depth > 8) throw new Unsure('deep');
    const schema = this.resolve(raw);
    for (const keyword of ['oneOf', 'anyOf', 'not', 'pattern', 'multipleOf', 'if', 'patternProperties', 'propertyNames', 'minProperties', 'dependentRequired', 'contains', 'prefixItems', 'uniqueItems']) {
      if (schema[keyword] !== undefined) throw new Unsure(keyword);
    }
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum)) {
      if (schema.enum.length === 0) throw new Unsure('empty enum');
      return schema.enum[0];
    }
    const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== 'null') : schema.type;
    switch (type) {
      case 'string':
        return this.string(schema);
      case 'integer':
      case 'number': {
        const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1;
        if (typeof schema.maximum === 'number' && schema.maximum < min) throw new Unsure('bounds');
        return Math.ceil(min);
      }
      case 'boolean':
        return true;
      case 'array': {
        const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
        return Array.from({ length: count }, () => this.sample(schema.items, depth + 1));
      }
      case 'object':
      case undefined: {
        if (type === undefined && schema.properties === undefined) throw new Unsure('untyped');
        const out: Json = {};
        const properties = isObject(schema.properties) ? schema.properties : {};
        for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
          const property = properties[name];
          if (property === undefined) {
            if (schema.additionalProperties === false) throw new Unsure('required, undeclared');
            out[name] = 'x';
          } else out[name] = this.sample(property, depth + 1);
        }
        return out;
      }
      default:
        throw new Unsure(`type ${String(type)}`);
    }
  }

  private string(schema: Json): string {
    const known: Record<string, string> = {
      'date-time': '2024-01-02T03:04:05Z', date: '2024-01-02', time: '03:04:05Z', email: 'a@example.com', uri: 'https://example.com/a',
      'uri-reference': '/a', url: 'https://example.com/a', uuid: '123e4567-e89b-12d3-a456-426614174000', ipv4: '192.0.2.1', ipv6: '2001:db8::1', hostname: 'example.com',
      byte: 'YQ==', binary: 'a', password: 'secret',
    };
    const format = typeof schema.format === 'string' ? schema.format : undefined;
    // ajv-formats knows these too; any other format is an annotation, so any string will do.
    if (format !== undefined && ['regex', 'json-pointer', 'relative-json-pointer', 'uri-template', 'iri', 'iri-reference', 'idn-email', 'idn-hostname', 'duration'].includes(format)) throw new Unsure(`format ${format}`);
    let value = format === undefined ? 'abc' : (known[format] ?? 'abc');
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
    if (value.length < min) {
      if (format !== undefined && known[format] !== undefined) throw new Unsure('minLength with format');
      value = value.padEnd(min, 'a');
    }
    if (value.length > max) {
      if (format !== undefined && known[format] !== undefined) throw new Unsure('maxLength with format');
      value = value.slice(0, max);
    }
    return value;
  }

  /** A value of the wrong type for a simply-typed schema, or undefined. */
  wrongType(raw: unknown): unknown {
    const schema = this.resolve(raw);
    if (typeof schema.type !== 'string' || schema.oneOf !== undefined || schema.anyOf !== undefined) return undefined;
    return { string: 12345, integer: 'x', number: 'x', boolean: 'x', array: 'x', object: 'x' }[schema.type];
  }

  /** A string outside a string enum, or undefined. */
  outsideEnum(raw: unknown): string | undefined {
    const schema = this.resolve(raw);
    if (!Array.isArray(schema.enum) || !schema.enum.every((item) => typeof item === 'string')) return undefined;
    return `${schema.enum.join('')}-not-in-enum`;
  }
}

/** Anything thrown by an unsure sampler. */
export function isUnsure(error: unknown): boolean {
  return error instanceof Unsure;
}

/** A string a parameter's schema accepts (path, query, header values), or throws `Unsure`. */
export function parameterValue(sampler: SchemaSampler, schema: unknown): string {
  const value = sampler.sample(schema);
  if (value === null || typeof value === 'object') throw new Unsure('structured parameter');
  return String(value);
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** A string matching a simple `pattern` (`^AC[0-9a-fA-F]{32}$`), checked with the pattern itself, or throws `Unsure`. */
function matching(pattern: string): string {
  const match = /^\^([A-Za-z0-9_-]*)\[([^\]]+)\]\{(\d+)\}\$$/.exec(pattern);
  if (match === null) throw new Unsure('pattern');
  const value = (match[1] as string) + (match[2] as string).charAt(0).repeat(Number(match[3]));
  if (!new RegExp(pattern, 'u').test(value)) throw new Unsure('pattern');
  return value;
}

function parameterSample(sampler: SchemaSampler, schema: unknown): string {
  const resolved = sampler.resolve(schema);
  if (typeof resolved.pattern === 'string' && resolved.type === 'string' && resolved.enum === undefined) return matching(resolved.pattern);
  return parameterValue(sampler, schema);
}

/** One operation, where it is. */
export interface OperationRef {
  readonly path: string;
  readonly method: string;
  readonly item: Json;
  readonly operation: Json;
}

/** The document's operations (paths that are path templates: no query in the key). */
export function operationsOf(document: Json): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    if (!isObject(item) || path.includes('?')) continue;
    for (const method of METHODS) if (isObject(item[method])) out.push({ path, method, item, operation: item[method] as Json });
  }
  return out;
}

/**
 * The cases for one operation under `prefix` (the valid request first), or the reason there are
 * none it can build with certainty.
 */
export function casesOf(document: Json, prefix: string, ref: OperationRef): GeneratedCase[] | string {
  const sampler = new SchemaSampler(document);
  const method = ref.method.toUpperCase();
  try {
    const parameters = new Map<string, Json>();
    for (const list of [ref.item.parameters, ref.operation.parameters]) {
      for (const raw of Array.isArray(list) ? list : []) {
        const parameter = sampler.resolve(raw);
        parameters.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter);
      }
    }
    let path = ref.path;
    const query: Array<[string, string]> = [];
    const headers: Record<string, string> = {};
    for (const parameter of parameters.values()) {
      const name = String(parameter.name);
      if (parameter.content !== undefined || (parameter.style !== undefined && parameter.in !== 'query')) throw new Unsure('styled');
      if (parameter.in === 'path') path = path.replace(`{${name}}`, encodeURIComponent(parameterSample(sampler, parameter.schema)));
      else if (parameter.in === 'query' && parameter.required === true) {
        if (parameter.style !== undefined && parameter.style !== 'form') throw new Unsure('styled');
        query.push([name, parameterSample(sampler, parameter.schema)]);
      } else if (parameter.in === 'header' && parameter.required === true && !IGNORED_HEADERS.has(name.toLowerCase())) headers[name] = parameterSample(sampler, parameter.schema);
    }
    const target = (q: ReadonlyArray<[string, string]>): string => `${prefix}${path}${q.length === 0 ? '' : `?${new URLSearchParams(q as Array<[string, string]>).toString()}`}`;
    const cases: GeneratedCase[] = [];
    const body = sampler.resolve(ref.operation.requestBody ?? {});
    const content = isObject(body.content) ? body.content : undefined;
    const types = Object.keys(content ?? {}).map((key) => key.split(';')[0]?.trim().toLowerCase() ?? '');
    const jsonType = types.find((type) => type === 'application/json');
    const formType = types.find((type) => type === 'application/x-www-form-urlencoded');
    let valid: { type: string; text: string; object?: Json; schema?: Json } | undefined;
    if (content !== undefined && (jsonType !== undefined || formType !== undefined)) {
      const key = Object.keys(content).find((name) => name.toLowerCase().startsWith(jsonType ?? formType ?? '')) as string;
      const media = content[key] as Json;
      const schema = sampler.resolve(media.schema ?? {});
      const sampled = sampler.sample(schema);
      if (!isObject(sampled)) throw new Unsure('non-object body');
      const text = jsonType !== undefined ? JSON.stringify(sampled) : new URLSearchParams(Object.entries(sampled).flatMap(([name, value]): Array<[string, string]> => (Array.isArray(value) ? value.map((item): [string, string] => [name, String(item)]) : [[name, String(value)]]))).toString();
      valid = { type: (jsonType ?? formType) as string, text, ...(jsonType !== undefined ? { object: sampled, schema } : {}) };
    } else if (content !== undefined && body.required === true) throw new Unsure('required body of another media type');
    const send = (name: string, expected: number, extra: { target?: string; type?: string; text?: string; method?: string } = {}): void => {
      const type = extra.type ?? valid?.type;
      const text = 'text' in extra ? extra.text : valid?.text;
      cases.push({ name, method: extra.method ?? method, target: extra.target ?? target(query), headers: { ...headers, ...(type !== undefined && text !== undefined ? { 'content-type': type } : {}) }, ...(text === undefined ? {} : { body: text }), expected });
    };
    send('valid', 200);
    const declared = new Set(METHODS.filter((name) => isObject(ref.item[name])));
    const other = METHODS.find((name) => !declared.has(name));
    if (other !== undefined) send(`unknown method ${other.toUpperCase()}`, 405, { method: other.toUpperCase() });
    if (content !== undefined && !types.some((type) => type === 'text/plain' || type === '*/*' || type === 'text/*')) send('wrong Content-Type', 415, { type: 'text/plain', text: 'x' });
    if (body.required === true) send('missing required body', 400, { type: undefined, text: undefined });
    const requiredQuery = query[0];
    if (requiredQuery !== undefined) send(`missing required query parameter ${requiredQuery[0]}`, 400, { target: target(query.slice(1)) });
    if (valid?.object !== undefined && valid.schema !== undefined) {
      const schema = valid.schema;
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const mutate = (name: string, change: (object: Json) => void): void => {
        const object = structuredClone(valid?.object) as Json;
        change(object);
        send(name, 400, { text: JSON.stringify(object) });
      };
      const dropped = required.find((name) => properties[name] === undefined || sampler.resolve(properties[name]).readOnly !== true || document.openapi?.toString().startsWith('3.1'));
      if (dropped !== undefined) mutate(`dropped required property ${dropped}`, (object) => delete object[dropped]);
      for (const [name, property] of Object.entries(properties)) {
        const wrong = sampler.wrongType(property);
        if (wrong === undefined) continue;
        mutate(`wrong type for ${name}`, (object) => (object[name] = wrong));
        break;
      }
      for (const [name, property] of Object.entries(properties)) {
        const outside = sampler.outsideEnum(property);
        if (outside === undefined) continue;
        mutate(`enum violation for ${name}`, (object) => (object[name] = outside));
        break;
      }
      if (schema.additionalProperties === false) mutate('extra property (additionalProperties: false)', (object) => (object['not-declared-anywhere'] = 1));
    }
    return cases;
  } catch (error) {
    if (error instanceof Unsure) return `not generated: ${error.message}`;
    throw error;
  }
}
