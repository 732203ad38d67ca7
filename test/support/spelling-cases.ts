/**
 * The route table, request spellings and the oracle of the route-spelling differential test
 * (test/differential/route-spelling.property.test.ts): two routes whose schemas refuse most
 * values, generated request-targets that spell the same path in every way a router may read it,
 * and the check that a handler only ever received values its route's schema accepts.
 */
import Ajv from 'ajv';
import fc from 'fast-check';
import type { RouteTableOptions } from '../../src/core/routes';
import type { EchoRoute } from './route-apps';

/** Two routes: an integer id with a bounded integer `limit`, and a lower-case name. */
export const SPELLING_ROUTES: RouteTableOptions = {
  'GET /items/:id': {
    schema: {
      params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
      query: { type: 'object', properties: { limit: { type: 'integer', maximum: 100 } } },
    },
  },
  'GET /names/:name': {
    schema: { params: { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } }, required: ['name'] } },
  },
};

/** The echo routes the apps mount for them (Express-style paths). */
export const SPELLING_ECHO_ROUTES: readonly EchoRoute[] = [
  { method: 'GET', path: '/items/:id' },
  { method: 'GET', path: '/names/:name' },
];

// The oracle judges what the handler received with the library's documented semantics: strings
// coerced to the schema's scalar types (ajv `coerceTypes: true`), nothing else.
const oracle = new Ajv({ coerceTypes: true, allErrors: true });
const checks = Object.entries(SPELLING_ROUTES).map(([key, settings]) => ({
  first: key.split(' ')[1]?.split('/')[1] as string,
  params: oracle.compile(settings.schema?.params as object),
  query: settings.schema?.query === undefined ? undefined : oracle.compile(settings.schema.query as object),
}));

/** What an echo route answered with. */
export interface Echoed {
  readonly params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
}

/**
 * Why the values a handler received break its route's schema, or undefined when they do not. The
 * route is known from the parameter names the handler got (`id` or `name`).
 *
 * @example
 * refusal({ params: { id: 'abc' }, query: {} }) // 'params {"id":"abc"}: must be integer'
 */
export function refusal(echoed: Echoed): string | undefined {
  const check = 'id' in echoed.params ? checks[0] : checks[1];
  if (check === undefined) return 'no route';
  const params = structuredClone(echoed.params);
  if (!check.params(params)) return `params ${JSON.stringify(echoed.params)}: ${oracle.errorsText(check.params.errors)}`;
  const query = structuredClone(echoed.query);
  if (check.query !== undefined && !check.query(query)) return `query ${JSON.stringify(echoed.query)}: ${oracle.errorsText(check.query.errors)}`;
  return undefined;
}

const hex = (code: number, upper: boolean): string => `%${code.toString(16).padStart(2, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`;

/** A path segment spelled with random letter case and random percent-escapes of its letters. */
function spelled(word: string): fc.Arbitrary<string> {
  // Half the time as routed by a case-sensitive, non-decoding router: most requests then reach a handler.
  return fc.oneof(fc.constant(word), respelled(word));
}

function respelled(word: string): fc.Arbitrary<string> {
  return fc.array(fc.tuple(fc.constantFrom('same', 'upper', 'escape', 'escapeUpper'), fc.boolean()), { minLength: word.length, maxLength: word.length }).map((choices) =>
    [...word]
      .map((char, index) => {
        const [choice, hexUpper] = choices[index] ?? ['same', false];
        if (choice === 'upper') return char.toUpperCase();
        if (choice === 'escape') return hex(char.charCodeAt(0), hexUpper);
        if (choice === 'escapeUpper') return hex(char.toUpperCase().charCodeAt(0), hexUpper);
        return char;
      })
      .join(''),
  );
}

/** Parameter values: valid and refused, plain and escaped. */
const ID = fc.constantFrom('7', '42', 'abc', '1.5', '%31', '%61bc', '1e400', 'ABC', '0x1', '%2e%2e', '-', '1%2F2', '%2531', '%E2%91%A0');
const NAME = fc.constantFrom('abc', 'ABC', 'aBc', '%41bc', '%61bc', 'a%2Fb', 'a b'.replace(' ', '%20'), 'x1');
const LIMIT = fc.constantFrom('5', '1000', 'abc', '100', '%31000');

/** A query spelled as every parser reads it differently: repeated keys, `a[]`, `a[b]`. */
const QUERY = fc.oneof(
  fc.constant(''),
  LIMIT.map((v) => `?limit=${v}`),
  LIMIT.map((v) => `?limit[]=${v}`),
  fc.tuple(LIMIT, LIMIT).map(([a, b]) => `?limit=${a}&limit=${b}`),
  LIMIT.map((v) => `?limit[a]=${v}`),
  LIMIT.map((v) => `?limit[0]=${v}`),
  LIMIT.map((v) => `?li%6Dit=${v}`),
);

/** The ways to put a path in a request-target. */
const FORM = fc.constantFrom('plain', 'plain', 'plain', 'absolute', 'dot', 'dotEscaped', 'dotInside', 'doubleLead', 'doubleInside', 'trailing', 'semicolon', 'semicolonQuery', 'semicolonParam');

function target(form: string, first: string, value: string, port: number): string {
  switch (form) {
    case 'absolute':
      return `http://127.0.0.1:${port}/${first}/${value}`;
    case 'dot':
      return `/x/../${first}/${value}`;
    case 'dotEscaped':
      return `/x/%2e%2E/${first}/./${value}`;
    case 'dotInside':
      return `/${first}/x/../${value}`;
    case 'doubleLead':
      return `//${first}/${value}`;
    case 'doubleInside':
      return `/${first}//${value}`;
    case 'trailing':
      return `/${first}/${value}/`;
    case 'semicolon':
      return `/${first}/${value};v=1`;
    case 'semicolonQuery':
      return `/${first}/${value};limit=1000`;
    case 'semicolonParam':
      return `/${first};v=1/${value}`;
    default:
      return `/${first}/${value}`;
  }
}

/**
 * Request-targets for the two routes on a server listening on `port`.
 *
 * @example
 * fc.sample(targets(8080), 1) // ['/ITems/%31?limit[]=1000']
 */
export function targets(port: number): fc.Arbitrary<string> {
  const items = fc.tuple(FORM, spelled('items'), ID, QUERY).map(([form, first, id, query]) => target(form, first, id, port) + query);
  const names = fc.tuple(FORM, spelled('names'), NAME).map(([form, first, name]) => target(form, first, name, port));
  return fc.oneof(items, names);
}
