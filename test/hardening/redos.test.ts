/**
 * ReDoS in header parsing: 100 KB pathological Accept, Content-Type and Expect values against
 * jshttp `content-type` and `negotiator` directly, against the pure precondition checks of every
 * profile, and through Express 5 and Koa 3 servers whose `maxHeaderSize` lets 100 KB headers in.
 *
 * The bound: every single parse or evaluation of one 100 KB value finishes within REDOS_BOUND_MS
 * (2,000 ms). Measured on the 2-core development machine (three runs), the slowest single call
 * took 30 to 150 ms (`negotiator` on 25,600 media ranges, cold JIT); the library's own checks
 * took at most about 45 ms (an HCP Accept of 25,600 ranges); `content-type` at most about 42 ms.
 * The bound is deliberately over ten times the worst measurement so that a loaded CI machine
 * does not flake, while a quadratic or exponential regex on 100 KB (10^10 steps or more) would
 * miss it by orders of magnitude. This is the only timing assertion in the suites. See
 * SECURITY.md "ReDoS in header parsing".
 */
import http from 'node:http';
import { parse as parseContentType } from 'content-type';
import Negotiator from 'negotiator';
import { profiles } from '../support/internals';
import { compilePreconditions, evaluatePreconditions } from '../../src/core/preconditions';
import { close, listen, send } from '../property/http-client';
import { makeServer } from '../support/frameworks';

const REDOS_BOUND_MS = 2000;
const SIZE = 100 * 1024;

/** `prefix + unit…unit + suffix`, exactly SIZE characters. */
function fill(unit: string, prefix = '', suffix = ''): string {
  const room = SIZE - prefix.length - suffix.length;
  return prefix + unit.repeat(Math.ceil(room / unit.length)).slice(0, room) + suffix;
}

/** Shapes that have made media-type parsers backtrack: long parameter lists, runs of separators, quoted strings. */
const PATHOLOGICAL: ReadonlyArray<readonly [string, string]> = [
  ['a/a;a=a;a=a… (12,800 parameters)', fill(';a=a', 'a/a')],
  ['*/*;q=0.*/*;q=0.…', fill('*/*;q=0.')],
  ['100 KB of spaces, then a type', fill(' ', '', 'application/json')],
  ['100 KB of commas, then a type', fill(',', '', 'application/json')],
  ['", " repeated, then a type', fill(', ', '', 'application/json')],
  ['a/a;;;;… (semicolons)', fill(';', 'a/a')],
  ['a q-value with 100 KB of digits', fill('0', 'application/json;q=0.')],
  ['an unterminated quoted string of escapes', fill('\\"', 'a/a;a="')],
  ['spaces inside a parameter', fill(' ', 'a/a; a=', 'b')],
  ['25,600 media ranges', fill('a/b,')],
  ['10,240 media ranges with q-values', fill('a/b;q=0.5,')],
  ['tabs before a parameter', fill('\t', 'a/a;', 'a=b')],
  ['100 KB of slashes', fill('/')],
  ['a parameter name of 100 KB of "="', fill('=', 'a/a;a')],
];

function elapsed(run: () => unknown): number {
  const start = process.hrtime.bigint();
  try {
    run();
  } catch {
    // a TypeError for a malformed value is an answer too
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe(`ReDoS: 100 KB pathological header values finish within ${REDOS_BOUND_MS} ms each`, () => {
  it.each(PATHOLOGICAL)('content-type parse: %s', (_label, value) => {
    expect(value).toHaveLength(SIZE);
    expect(elapsed(() => parseContentType(value))).toBeLessThan(REDOS_BOUND_MS);
  });

  it.each(PATHOLOGICAL)('negotiator mediaTypes: %s', (_label, value) => {
    expect(elapsed(() => new Negotiator({ headers: { accept: value } }).mediaTypes(['application/json', 'application/xml']))).toBeLessThan(REDOS_BOUND_MS);
  });

  describe.each(Object.keys(profiles) as Array<keyof typeof profiles>)('precondition checks of the %s profile', (name) => {
    const compiled = compilePreconditions(profiles[name].document.preconditions);
    it.each(PATHOLOGICAL)('Content-Type, Accept and Expect: %s', (_label, value) => {
      const views = [
        { method: 'POST', url: '/x', headers: { 'content-type': value, 'content-length': '2' } },
        { method: 'GET', url: '/x', headers: { accept: value } },
        { method: 'POST', url: '/x', headers: { expect: value, 'content-type': 'application/json', 'content-length': '2' } },
        { method: 'POST', url: `/${value}`, headers: { 'content-type': value, accept: value, expect: value, 'content-length': value } },
      ];
      for (const view of views) expect(elapsed(() => evaluatePreconditions(compiled, view))).toBeLessThan(REDOS_BOUND_MS);
    });
  });
});

describe.each(['express5', 'koa3'] as const)('ReDoS through %s with maxHeaderSize raised to 256 KiB', (framework) => {
  let server: http.Server;
  let port: number;
  const agent = new http.Agent({ keepAlive: false });
  beforeAll(async () => {
    const inner = makeServer(framework, { profile: 'vsp' }, [{ method: 'POST', path: '/ldevs' }, { method: 'GET', path: '/ldevs' }]);
    // Re-host the app's request listener on a server that admits 100 KB headers.
    server = http.createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => inner.emit('request', req, res));
    port = await listen(server);
  });
  afterAll(async () => {
    agent.destroy();
    await close(server);
  });

  it.each(PATHOLOGICAL)('a 100 KB Accept and Content-Type are answered by the profile: %s', async (_label, value) => {
    const answer = await send(agent, port, { method: 'POST', path: '/ldevs', headers: { 'content-type': value, accept: value }, body: '{}' });
    expect(answer.error).toBeUndefined();
    expect([200, 400, 406, 415]).toContain(answer.status);
    if (answer.status !== 200) expect(profiles.vsp.validateBody(JSON.parse(answer.body))).toEqual([]);
  });
});
