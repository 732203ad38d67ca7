/**
 * Every route is ready before its first request: the background warm-up compiles each route's
 * validators and then calls, once each, the functions of the schemas they reach through `$ref`
 * (V8 compiles a function on its first call, v8.dev/blog/preparser; ajv gives a `$ref`'d schema
 * that is not inlined a function of its own). Observed with V8's own function status
 * (`%GetOptimizationStatus`, natives syntax enabled in this worker only): no function the routes
 * reach is still waiting for its first compile once the warm-up is over.
 */
import v8 from 'node:v8';
import { resolveAppConfig } from '../../src/core/app-config';
import { appRoutesOf } from '../../src/core/routes/app-routes';

v8.setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- V8's natives syntax is reachable from a Function body only
const statusOf = new Function('f', 'return %GetOptimizationStatus(f)') as (fn: unknown) => number;
/** The status bit V8 sets on a function not compiled yet (its value differs between V8 versions): found by calling one. */
const LAZY_BIT = ((): number => {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a function V8 has not compiled yet
  const fresh = new Function('return function probe(a) { return a + 1 }')() as (a: number) => number;
  const before = statusOf(fresh);
  fresh(1);
  return before & ~statusOf(fresh);
})();

const ok = { '200': { description: 'ok' } };
/** A chain of components, each `$ref`ing the next, so ajv gives each a function of its own (they are not inlined). */
const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/chats': { post: { requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Chat' } } } }, responses: ok } },
  },
  components: {
    schemas: {
      Chat: { type: 'object', required: ['messages'], properties: { messages: { type: 'array', items: { $ref: '#/components/schemas/Message' } } } },
      Message: { oneOf: [{ $ref: '#/components/schemas/User' }, { $ref: '#/components/schemas/Tool' }] },
      User: { type: 'object', required: ['role'], properties: { role: { const: 'user' }, content: { $ref: '#/components/schemas/Content' } } },
      Tool: { type: 'object', required: ['role'], properties: { role: { const: 'tool' }, content: { $ref: '#/components/schemas/Content' } } },
      Content: { anyOf: [{ type: 'string' }, { type: 'array', items: { $ref: '#/components/schemas/Part' } }] },
      Part: { type: 'object', properties: { text: { type: 'string' }, next: { $ref: '#/components/schemas/Part' } } },
    },
  },
};

interface Env {
  readonly validate?: unknown;
  readonly refs?: Record<string, unknown>;
  readonly root?: unknown;
}

/** Every ajv function reachable from `validate` through `$ref`s. */
function reachable(validate: unknown): Set<unknown> {
  const functions = new Set<unknown>();
  const seen = new Set<unknown>();
  const visit = (env: unknown): void => {
    if (env === null || typeof env !== 'object' || !('refs' in env) || seen.has(env)) return;
    seen.add(env);
    const { validate: fn, refs, root } = env as Env;
    if (typeof fn === 'function') functions.add(fn);
    visit(root);
    for (const ref of Object.values(refs ?? {})) visit(ref);
  };
  visit((validate as { schemaEnv?: unknown }).schemaEnv);
  return functions;
}

describe('the background warm-up', () => {
  it('leaves no function a route reaches through $ref waiting for its first compile', async () => {
    expect(LAZY_BIT).not.toBe(0);
    const routes = appRoutesOf(resolveAppConfig({ profile: 'problem', openapi: DOCUMENT }));
    const route = routes?.table.lookup('POST', '/chats')?.route;
    const lazy = (): unknown[] => {
      // Read without calling anything: the validator's getters compile it if the warm-up has not yet.
      const validate = route?.validator?.bodies[0]?.validate;
      return [...reachable(validate)].filter((fn) => (statusOf(fn) & LAZY_BIT) !== 0);
    };
    // The warm-up runs in 4 ms slices on timer turns (later on a loaded machine): give it up to 10 s.
    for (let waited = 0; waited < 10_000 && lazy().length > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const validate = route?.validator?.bodies[0]?.validate;
    expect(reachable(validate).size).toBeGreaterThanOrEqual(4); // Chat's, and those of the $ref'd components ajv did not inline
    expect(lazy()).toEqual([]);
    // And it answers as before.
    expect(validate?.({ messages: [{ role: 'user', content: [{ text: 'hi', next: { text: 'there' } }] }] })).toBe(true);
    expect(validate?.({ messages: [{ role: 'bot' }] })).toBe(false);
  }, 15_000);
});
