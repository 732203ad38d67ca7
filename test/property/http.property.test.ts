/**
 * Property, through every target of test/support/frameworks.ts (Express 5 and 4, Koa 3 and 2,
 * Fastify 5 and 4, Hono, the Fetch entry, node:http), each with one server per built-in profile
 * (reused across runs, over keep-alive). Each run picks a profile, a thrown value, a method, a request-target and request headers; whatever happens, the request is
 * answered once, with a documented status, headers Node and clients accept, a body that validates
 * against the profile's `bodySchema`, no 5xx revealing the thrown message, no stack ever, no
 * client-sent X-Request-Id echoed, and nothing reaching the process's unhandled handlers.
 */
import http, { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { normalize, profiles } from '../support/internals';
import { FRAMEWORKS, makeServer, type Framework, type TestRoute } from '../support/frameworks';
import { refusedByRuntime, RUNTIME_DEFAULT_CONTENT_TYPE } from '../support/runtime-differences';
import { FC_PARAMS, MESSAGE_MARKER, METHODS, NUM_RUNS, PROFILE_NAMES, STACK_MARKER, requestHeaders, requestTarget, thrownCase, type ThrownCase } from './arbitraries';
import { saysExpose, schemaProblems } from './oracles';
import { close, listen, rawHeader, send, type Answer } from './http-client';
import { installProcessSpies, type ProcessSpies } from './process-spies';

type ProfileName = (typeof PROFILE_NAMES)[number];

/** What the routes throw next, and what they threw last (for the disclosure oracle). */
const state: { next: ThrownCase | undefined; last: unknown; thrown: boolean } = { next: undefined, last: undefined, thrown: false };

function throwNext(): unknown {
  const value = state.next === undefined ? new Error('no case') : state.next.make();
  state.last = value;
  state.thrown = true;
  // Express reserves next('route') and next('router') for control flow, so a route that throws
  // one of those strings is not failing (pillarjs/router); they are not thrown values to test.
  return value === 'route' || value === 'router' ? `${value}!` : value;
}

const ROUTE_METHODS: ReadonlyArray<TestRoute['method']> = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ROUTES: TestRoute[] = [
  { method: 'GET', path: '/ok', body: { ok: true } },
  ...ROUTE_METHODS.map((method): TestRoute => ({ method, path: '/throw', throws: throwNext, setHeaders: { ETag: '"v1"', 'Content-Type': 'text/csv', 'X-Route': 'set' } })),
  ...ROUTE_METHODS.map((method): TestRoute => ({ method, path: '/throw-async', async: true, throws: throwNext })),
];

/** Everything wrong with one answer. */
function problemsOf(answer: Answer, name: ProfileName, method: string, sentRequestId: string | undefined, refused = false): string[] {
  if (answer.error !== undefined || answer.status === undefined) return [`unanswered: ${answer.error ?? 'no status'}`];
  // The runtime's own answer (test/support/runtime-differences.ts runtimeRefusal), exactly.
  if (refused) return answer.status === 400 && answer.body === '' && rawHeader(answer.rawHeaders, 'content-type') === RUNTIME_DEFAULT_CONTENT_TYPE ? [] : ['not the runtime refusal'];
  const profile = profiles[name];
  const problems: string[] = [];
  for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
    const header = answer.rawHeaders[i] as string;
    try {
      validateHeaderName(header);
      validateHeaderValue(header, answer.rawHeaders[i + 1] as string);
    } catch (error) {
      problems.push(`header ${JSON.stringify(header)}: ${(error as Error).message}`);
    }
  }
  // The request id is generated (32 hex) where the vendor sends one; a client's is never echoed.
  const id = rawHeader(answer.rawHeaders, 'x-request-id');
  if (id !== undefined && sentRequestId !== undefined && id.startsWith('client')) problems.push(`echoes the client's X-Request-Id ${JSON.stringify(id)}`);
  if (profile.document.requestId !== undefined && !/^[0-9a-f]{32}$/.test(id ?? '')) problems.push(`X-Request-Id ${JSON.stringify(id)} is not a generated id`);
  const everything = `${answer.statusMessage ?? ''}\n${answer.rawHeaders.join('\n')}\n${answer.body}`;
  if (everything.includes(STACK_MARKER) || /\/srv\/app|node_modules|\n\s+at /.test(everything)) problems.push('reveals a stack');
  if (answer.status < 300 && answer.status >= 200) return problems; // the /ok route succeeded

  if (!profile.statuses.includes(answer.status)) problems.push(`status ${answer.status} is not documented`);
  const length = rawHeader(answer.rawHeaders, 'content-length');
  if (method === 'HEAD') {
    if (answer.body !== '') problems.push('HEAD answered with a body');
  } else {
    if (length !== String(Buffer.byteLength(answer.body))) problems.push(`Content-Length ${String(length)} for ${Buffer.byteLength(answer.body)} bytes`);
    if (profile.document.body.template === null) {
      if (answer.body !== '') problems.push('a profile without bodies sent a body');
    } else {
      try {
        problems.push(...schemaProblems(profile, JSON.parse(answer.body), state.thrown ? normalize(state.last).vendorCode : undefined));
      } catch {
        problems.push(`body is not JSON: ${answer.body.slice(0, 200)}`);
      }
    }
  }
  if (answer.status >= 500 && state.thrown && !saysExpose(state.last) && everything.includes(MESSAGE_MARKER)) problems.push('a 5xx reveals the thrown message');
  return problems;
}

/** A request: any method Node parses (mostly the routed ones), any target, any headers, a small body. */
const outgoing = fc
  .record({
    method: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<string>(...ROUTE_METHODS, 'HEAD') }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    path: requestTarget(['/throw', '/throw-async', '/ok']),
    headers: requestHeaders,
    body: fc.option(fc.string({ maxLength: 64 }), { nil: undefined }),
  })
  .map((request) => (request.method === 'GET' || request.method === 'HEAD' ? { ...request, body: undefined } : request));

/**
 * Runs per target. With `FC_NUM_RUNS` unset, the default budget (NUM_RUNS for each of the four
 * original targets, Express 4/5 and Koa 2/3) is shared by every target, so adding Fastify, Hono,
 * Fetch and node:http keeps the suite's time: 4,000 requests over 9 targets is 445 each. An
 * explicit `FC_NUM_RUNS` is per target, as before (soak and CI nights).
 */
const RUNS_PER_TARGET = process.env.FC_NUM_RUNS === undefined ? Math.ceil((NUM_RUNS * 4) / FRAMEWORKS.length) : NUM_RUNS;

let spies: ProcessSpies;
beforeAll(() => {
  spies = installProcessSpies();
});
afterAll(() => {
  spies.restore();
  expect(spies.events).toEqual([]);
});

describe.each(FRAMEWORKS)('through %s, one server per profile', (framework: Framework) => {
  const servers = new Map<ProfileName, { server: http.Server; port: number }>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    for (const name of PROFILE_NAMES) {
      const server = makeServer(framework, { profile: name }, ROUTES);
      servers.set(name, { server, port: await listen(server) });
    }
  });
  afterAll(async () => {
    agent.destroy();
    await Promise.all([...servers.values()].map(({ server }) => close(server)));
  });

  it(`answers every request once, in the profile's format, for any thrown value and request (${RUNS_PER_TARGET} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROFILE_NAMES),
        thrownCase,
        outgoing,
        async (name, thrown, request) => {
          state.next = thrown;
          state.thrown = false;
          const { port } = servers.get(name) as { port: number };
          const answer = await send(agent, port, request);
          expect(problemsOf(answer, name, request.method, request.headers['x-request-id'], refusedByRuntime(framework, request.path))).toEqual([]);
        },
      ),
      { ...FC_PARAMS, numRuns: RUNS_PER_TARGET },
    );
  });
});
