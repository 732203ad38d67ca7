/**
 * Same request, same answer: every target (test/support/targets.ts: Express 4 and 5, Koa 2 and 3,
 * Fastify 4 and 5, Hono and the Fetch entry behind `@hono/node-server`, node:http) runs one app
 * per profile with the same routes (test/support/same-answer-apps.ts), and gets the same requests
 * over keep-alive: every kind thrown, a plain Error, a thrown string, http-errors 4xx and 5xx,
 * every precondition, invalid JSON, a body without Content-Type, unknown routes and methods, HEAD
 * of an error. Each answer (status, reason phrase, header set, body bytes) must equal Express 5's,
 * after removing only what a framework must differ in (EXCEPTIONS). What a runtime decides and the
 * library cannot (the plain Fetch entry returns a `Response`; the server writes it) is listed in
 * TOLERATED_DIFFERENCES with its reason: a listed group must still differ (so one that no longer
 * does fails until its row is deleted), an unlisted one must not.
 * `VC_PEEK=<profile>` prints Express 5's answers; `VC_FRAMEWORKS=express5,hono` runs a subset.
 */
import http from 'node:http';
import createError from 'http-errors';
import { createVendorError, KIND_NAMES, KINDS } from '../support/internals';
import { makeSameAnswerServer, type SameAnswerRoute } from '../support/same-answer-apps';
import { ALL_TARGETS, isFetchRuntime, selectTargets, type Target } from '../support/targets';
import { closeLocal, listenLocal, sendWire, type WireAnswer, type WireRequest } from '../support/wire-client';
import type { MountOptions } from '../support/mount';

const PROFILES = ['problem', 'hcp', 'vsp', 'apig', 'mpc', 'stratos'] as const;
type ProfileName = (typeof PROFILES)[number];

/** The reference every other target is compared to. */
const REFERENCE: Target = 'express5';
const TARGETS: readonly Target[] = selectTargets(process.env.VC_FRAMEWORKS).filter((target) => target !== REFERENCE);

// ---------------------------------------------------------------------------------------------
// What a framework must differ in: removed from every answer before comparing, each for its reason.
// ---------------------------------------------------------------------------------------------

/** The only differences every target may show. */
const EXCEPTIONS = {
  date: 'Date is the time of the answer (RFC 9110 §6.6.1): removed.',
  connection:
    'Connection and Keep-Alive are connection management, each server its own (RFC 9112 §9.3, §9.6): removed. A connection closed right after an answer that did not announce it is kept (the next request on it goes unanswered).',
  headerCase:
    'Header names on Fetch runtimes (Hono, the Fetch entry): a Fetch `Headers` holds names lower-cased and the runtime writes them so (field names are case-insensitive, RFC 9110 §5.1): compared lower-cased.',
  generatedIds: 'Generated ids (32 hex digits, or a UUID) are random per request: each replaced by <id> in header values and the body.',
} as const;

const REMOVED_HEADERS: ReadonlySet<string> = new Set(['date', 'connection', 'keep-alive']);
const GENERATED_ID = /\b[0-9a-f]{32}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;

/** An answer as text: the status line, the header set (sorted), a blank line, the body. */
function canonical(answer: WireAnswer, lowerCaseNames: boolean): string {
  if (answer.status === undefined) return `(no answer: ${answer.error ?? 'unknown'})`;
  const headers: string[] = [];
  for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
    const name = answer.rawHeaders[i] as string;
    if (REMOVED_HEADERS.has(name.toLowerCase())) continue;
    headers.push(`${lowerCaseNames ? name.toLowerCase() : name}: ${(answer.rawHeaders[i + 1] as string).replace(GENERATED_ID, '<id>')}`);
  }
  headers.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  const body = answer.body.toString('utf8').replace(GENERATED_ID, '<id>');
  const after = [...(answer.error === undefined ? [] : [`(then: ${answer.error})`]), ...(answer.closedSilently === true ? ['(then the server closed the connection without "Connection: close")'] : [])];
  return [`${answer.status} ${answer.reason ?? ''}`, ...headers, '', body, ...after].join('\n');
}

/** A readable line diff: `-` only in the reference, `+` only in the target. */
function lineDiff(reference: string, actual: string): string {
  const want = reference.split('\n');
  const got = actual.split('\n');
  const out: string[] = [];
  for (const line of want) if (!got.includes(line)) out.push(`- ${line}`);
  for (const line of got) if (!want.includes(line)) out.push(`+ ${line}`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The app and the requests.
// ---------------------------------------------------------------------------------------------

const BODY_SCHEMA = {
  type: 'object',
  properties: { sizeGB: { type: 'integer', minimum: 1, maximum: 100 } },
  required: ['sizeGB'],
  additionalProperties: false,
};

/** The same options on every target: each precondition set so that a request can break it. */
function optionsFor(profile: ProfileName): MountOptions {
  return {
    profile,
    preconditions: { maxUriBytes: 2048, maxBodyBytes: 1024, requestMediaTypes: ['application/json'], responseMediaTypes: ['application/json'], expectations: ['100-continue'] },
    routes: {
      'POST /items': { schema: { body: BODY_SCHEMA } },
      '/limited': { methods: ['GET', 'POST'] },
      'PUT /uploads': { requireContentLength: true },
    },
  };
}

const ROUTES: readonly SameAnswerRoute[] = [
  { method: 'POST', path: '/items' },
  { method: 'GET', path: '/limited' },
  { method: 'POST', path: '/limited' },
  { method: 'PUT', path: '/uploads' },
  ...KIND_NAMES.map((kind): SameAnswerRoute => ({ method: 'GET', path: `/kinds/${kind}`, throws: () => createVendorError(kind, `the ${kind} message`) })),
  { method: 'GET', path: '/throws/error', throws: () => new Error('ECONNREFUSED 10.0.0.7:5432') },
  { method: 'GET', path: '/throws/string', throws: () => 'a thrown string' },
  { method: 'GET', path: '/throws/http-4xx', throws: () => createError(409, 'Volume 12 already exists') },
  { method: 'GET', path: '/throws/http-5xx', throws: () => createError(503, 'replica at 10.0.0.8 lagging') },
  {
    method: 'GET',
    path: '/throws/upstream-headers',
    throws: () => Object.assign(new Error('upstream said no'), { headers: { 'Set-Cookie': 'sid=upstream', 'Strict-Transport-Security': 'max-age=0', 'X-Upstream-Host': 'db7.internal' } }),
  },
];

const JSON_TYPE = { 'Content-Type': 'application/json' };
const TOO_BIG = JSON.stringify({ sizeGB: 1, pad: 'x'.repeat(2000) });

/** Every request, by name (the name is the key of TOLERATED_DIFFERENCES). */
const REQUESTS: Readonly<Record<string, WireRequest>> = {
  ...Object.fromEntries(KIND_NAMES.map((kind) => [`kind ${kind}`, { method: 'GET', path: `/kinds/${kind}` }])),
  'plain Error': { method: 'GET', path: '/throws/error' },
  'thrown string': { method: 'GET', path: '/throws/string' },
  'http-errors 409': { method: 'GET', path: '/throws/http-4xx' },
  'http-errors 503': { method: 'GET', path: '/throws/http-5xx' },
  'a masked 500 from an error carrying upstream headers': { method: 'GET', path: '/throws/upstream-headers' },
  'HEAD of a thrown kind': { method: 'HEAD', path: '/kinds/conflict' },
  'HEAD of a plain Error': { method: 'HEAD', path: '/throws/error' },
  'HEAD of an unknown route': { method: 'HEAD', path: '/nowhere' },
  'unknown route': { method: 'GET', path: '/nowhere' },
  'unknown route with a body': { method: 'POST', path: '/nowhere', headers: JSON_TYPE, body: '{"sizeGB":1}' },
  '405: a method the route table does not list': { method: 'PUT', path: '/limited', headers: JSON_TYPE, body: '{}' },
  '405: DELETE on a methods route': { method: 'DELETE', path: '/limited' },
  '405: an extension method (PURGE)': { method: 'PURGE', path: '/limited' },
  'a method token Node does not parse (FOO)': { method: 'FOO', path: '/limited' },
  'unknown method on a method-keyed route (PATCH /items)': { method: 'PATCH', path: '/items', headers: JSON_TYPE, body: '{"sizeGB":1}' },
  'OPTIONS on a method-keyed route': { method: 'OPTIONS', path: '/items' },
  '414: a long request-target': { method: 'GET', path: `/kinds/conflict?q=${'a'.repeat(3000)}` },
  '415: an unsupported Content-Type': { method: 'POST', path: '/items', headers: { 'Content-Type': 'text/plain' }, body: 'sizeGB=1' },
  '406: an unacceptable Accept': { method: 'GET', path: '/limited', headers: { Accept: 'image/png' } },
  '411: a chunked body where Content-Length is required': { method: 'PUT', path: '/uploads', headers: JSON_TYPE, chunks: ['{"a":', '1}'] },
  '417: an unmet expectation': { method: 'GET', path: '/limited', headers: { Expect: 'teapot' } },
  '413: Content-Length over maxBodyBytes': { method: 'POST', path: '/items', headers: JSON_TYPE, body: TOO_BIG },
  '413: a chunked body streaming past maxBodyBytes': { method: 'POST', path: '/items', headers: JSON_TYPE, chunks: [TOO_BIG.slice(0, 700), TOO_BIG.slice(700, 1400), TOO_BIG.slice(1400)] },
  'invalid JSON': { method: 'POST', path: '/items', headers: JSON_TYPE, body: '{"sizeGB":' },
  'a body failing the schema': { method: 'POST', path: '/items', headers: JSON_TYPE, body: '{"sizeGB":99999,"admin":true}' },
  'a body without Content-Type on a route with a body schema': { method: 'POST', path: '/items', body: '{"sizeGB":99999,"admin":true}' },
};
const REQUEST_NAMES = Object.keys(REQUESTS);

/**
 * What RFC 9457's profile (statuses as RFC 9110 has them) answers each request with on Express 5,
 * so that each request is known to break what its name says. The marked row changes when the
 * engine answers an untyped body with 415.
 */
const RFC_STATUS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(KIND_NAMES.map((kind) => [`kind ${kind}`, KINDS[kind].status])),
  'plain Error': 500,
  'thrown string': 500,
  'http-errors 409': 409,
  'http-errors 503': 503,
  'a masked 500 from an error carrying upstream headers': 500,
  'HEAD of a thrown kind': 409,
  'HEAD of a plain Error': 500,
  'HEAD of an unknown route': 404,
  'unknown route': 404,
  'unknown route with a body': 404,
  '405: a method the route table does not list': 405,
  '405: DELETE on a methods route': 405,
  '405: an extension method (PURGE)': 405,
  'a method token Node does not parse (FOO)': 400,
  'unknown method on a method-keyed route (PATCH /items)': 405,
  'OPTIONS on a method-keyed route': 405,
  '414: a long request-target': 414,
  '415: an unsupported Content-Type': 415,
  '406: an unacceptable Accept': 406,
  '411: a chunked body where Content-Length is required': 411,
  '417: an unmet expectation': 417,
  '413: Content-Length over maxBodyBytes': 413,
  '413: a chunked body streaming past maxBodyBytes': 413,
  'invalid JSON': 400,
  'a body failing the schema': 400,
  'a body without Content-Type on a route with a body schema': 415, // RFC 9110 §8.3: an untyped body on a route whose schemas describe typed ones
};

// ---------------------------------------------------------------------------------------------
// Differences a runtime decides, not the library (delete a row when its group matches Express 5).
// ---------------------------------------------------------------------------------------------

/** A group of answers that differ from Express 5 today, and why. `profiles` absent: every profile. */
interface KnownDifference {
  readonly requests: readonly string[];
  readonly targets: readonly Target[];
  readonly profiles?: readonly ProfileName[];
  readonly reason: string;
}

/** Requests Node answers before any handler (the node entry's `attach` hooks, on every target). */
const SERVER_HOOK_REQUESTS: readonly string[] = ['417: an unmet expectation', 'a method token Node does not parse (FOO)'];

const TOLERATED_DIFFERENCES: readonly KnownDifference[] = [
  {
    requests: REQUEST_NAMES.filter((name) => !SERVER_HOOK_REQUESTS.includes(name)),
    targets: ['fetch'],
    profiles: ['hcp'],
    reason:
      "the plain Fetch entry returns a Response and the runtime writes it: @hono/node-server adds `content-type: text/plain; charset=UTF-8` to a Response without one (HCP's body-less answers; test/support/runtime-differences.ts defaultContentType) and writes Node's own reason phrase (414 'URI Too Long', where HCP says 'Request URI Too Long'). Workers, Deno and Bun write their own too. The Hono adapter writes through `c.env.outgoing` on Node and so keeps HCP's bytes; the Fetch entry has no such handle in a runtime-neutral API",
  },
  {
    requests: ['kind headersTooLarge'],
    targets: ['fetch'],
    profiles: ['apig'],
    reason: "a Fetch runtime writes its own reason phrase: Node's is 'unknown' for APIG's 494 (test/support/runtime-differences.ts reasonPhrase); a Response's statusText is not put on the wire by @hono/node-server",
  },
];

function knownDifference(profile: ProfileName, request: string, target: Target): KnownDifference | undefined {
  return TOLERATED_DIFFERENCES.find(
    (row) => row.requests.includes(request) && row.targets.includes(target) && (row.profiles === undefined || row.profiles.includes(profile)),
  );
}

// ---------------------------------------------------------------------------------------------
// The run: one server per profile and target, the requests in sequence over one keep-alive socket.
// ---------------------------------------------------------------------------------------------

async function answersOf(target: Target, profile: ProfileName): Promise<Map<string, WireAnswer>> {
  const server = makeSameAnswerServer(target, optionsFor(profile), ROUTES);
  const port = await listenLocal(server);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const answers = new Map<string, WireAnswer>();
  try {
    for (const name of REQUEST_NAMES) answers.set(name, await sendWire(agent, port, REQUESTS[name] as WireRequest));
  } finally {
    agent.destroy();
    await closeLocal(server);
  }
  return answers;
}

const silenced: jest.SpyInstance[] = [];
beforeAll(() => {
  // Frameworks log what they answer (Koa's 'error' re-emit is silenced by app.silent; @hono/node-server logs handler errors).
  silenced.push(jest.spyOn(console, 'error').mockImplementation(() => undefined));
});
afterAll(() => {
  for (const spy of silenced) spy.mockRestore();
});

describe.each(PROFILES)('profile %s: every target answers as Express 5 does', (profile) => {
  const answers = new Map<Target, Map<string, WireAnswer>>();

  beforeAll(async () => {
    const targets = [REFERENCE, ...TARGETS];
    const all = await Promise.all(targets.map((target) => answersOf(target, profile)));
    targets.forEach((target, i) => answers.set(target, all[i] as Map<string, WireAnswer>));
  }, 60_000);

  it.each(REQUEST_NAMES)('%s', (name) => {
    const reference = answers.get(REFERENCE)?.get(name) as WireAnswer;
    expect(reference.error).toBeUndefined(); // the reference answered, whole
    const unexpected: Record<string, string> = {};
    const fixed: string[] = [];
    for (const target of TARGETS) {
      const lower = isFetchRuntime(target);
      const want = canonical(reference, lower);
      const got = canonical(answers.get(target)?.get(name) as WireAnswer, lower);
      const known = knownDifference(profile, name, target);
      if (got === want && known !== undefined) fixed.push(`${target}: now answers as Express 5 does; delete it from the row "${known.reason}"`);
      if (got !== want && known === undefined) unexpected[target] = `${lineDiff(want, got)}\n--- Express 5:\n${want}\n--- ${target}:\n${got}`;
    }
    if (process.env.VC_PEEK === profile) process.stdout.write(`=== ${name}\n${canonical(reference, false)}\n`);
    if (profile === 'problem') expect(reference.status).toBe(RFC_STATUS[name]); // the request breaks what its name says
    expect(fixed).toEqual([]);
    expect(unexpected).toEqual({});
  });
});

/** The table names only requests and targets that exist. */
it('TOLERATED_DIFFERENCES names existing requests and targets', () => {
  const problems = TOLERATED_DIFFERENCES.flatMap((row) => [
    ...row.requests.filter((name) => !REQUEST_NAMES.includes(name)).map((name) => `unknown request ${name}`),
    ...row.targets.filter((target) => !ALL_TARGETS.includes(target) || target === REFERENCE).map((target) => `bad target ${target}`),
  ]);
  expect(problems).toEqual([]);
  expect(Object.keys(EXCEPTIONS)).toEqual(['date', 'connection', 'headerCase', 'generatedIds']);
});
