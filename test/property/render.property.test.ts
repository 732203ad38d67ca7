/**
 * Property: for every built-in profile, `render` and `normalize` are total over anything a route
 * can throw and any request view, and what they produce is a response the vendor could have sent:
 * a documented status, header names and values Node accepts, a body that validates against the
 * profile's `bodySchema`, no 5xx that reveals the thrown message, no stack or class name ever,
 * bounded sizes. `FC_NUM_RUNS` sets the runs per property (default 1,000).
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { KINDS, KIND_NAMES, normalize, profiles, render, type NormalizedError, type Profile, type RenderedError, type RequestView } from '../support/internals';
import { MAX_MESSAGE_LENGTH } from '../../src/core/normalize';
import { FC_PARAMS, MESSAGE_MARKER, METHODS, NUM_RUNS, PROFILE_NAMES, STACK_MARKER, junk, thrownCase } from './arbitraries';
import { saysExpose, schemaProblems } from './oracles';
import { installProcessSpies, type ProcessSpies } from './process-spies';

/** A reason phrase Node's `writeHead` accepts (`checkInvalidHeaderChar`). */
const VALID_REASON = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Every rendered body is bounded, whatever was thrown (see SECURITY.md "Bounded memory"). */
const MAX_BODY_BYTES = 64 * 1024;

const view: fc.Arbitrary<RequestView> = fc.record(
  {
    method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: junk }),
    // Node never hands a request an empty target, so neither does this (VSP's errorSource is minLength 1).
    path: fc.oneof(fc.constantFrom('/', '/mapi/tenants/t1', '/ConfigurationManager/v1/objects/ldevs', '/v1/things', '*'), junk.map((tail) => `/${tail}`), junk.filter((p) => p !== '')),
    requestId: fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined }),
  },
  { requiredKeys: ['method', 'path'] },
);

function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

let spies: ProcessSpies;
const cleanPrototype = prototypeKeys();
beforeAll(() => {
  spies = installProcessSpies();
});
afterAll(() => {
  spies.restore();
  expect(spies.events).toEqual([]);
  expect(prototypeKeys()).toEqual(cleanPrototype);
});

/**
 * Everything wrong with one rendering, as readable strings (one `expect` per run keeps 1,000 runs
 * cheap; a failure names every broken invariant at once).
 */
function problemsOf(out: RenderedError, profile: Profile, method: string, thrown: unknown): string[] {
  const problems: string[] = [];
  if (!profile.statuses.includes(out.status)) problems.push(`status ${out.status} is not documented`);
  if (!VALID_REASON.test(out.statusMessage)) problems.push(`invalid reason phrase ${JSON.stringify(out.statusMessage)}`);
  for (const [name, value] of Object.entries(out.headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch (error) {
      problems.push(`header ${JSON.stringify(name)}: ${(error as Error).message}`);
    }
    if (value.length > 1024) problems.push(`header ${name} is ${value.length} characters`);
  }
  const full = out.payload === null ? '' : JSON.stringify(out.payload);
  if (out.headers['Content-Length'] !== String(Buffer.byteLength(full))) problems.push('Content-Length does not match the body');
  if (out.body !== (method === 'HEAD' ? '' : full)) problems.push('body is not the serialized payload (or HEAD has a body)');
  if (Buffer.byteLength(full) > MAX_BODY_BYTES) problems.push(`body is ${Buffer.byteLength(full)} bytes`);
  if (profile.document.body.template === null) {
    if (out.payload !== null) problems.push('a profile without bodies rendered a body');
  } else {
    problems.push(...schemaProblems(profile, JSON.parse(full), normalize(thrown).vendorCode));
  }
  const everything = `${out.statusMessage}\n${JSON.stringify(out.headers)}\n${full}`;
  if (everything.includes(STACK_MARKER) || /\/srv\/app|node_modules/.test(everything)) problems.push('reveals the stack or class name');
  if (out.status >= 500 && !saysExpose(thrown) && everything.includes(MESSAGE_MARKER)) problems.push('a 5xx reveals the thrown message');
  return problems;
}

describe.each(PROFILE_NAMES)('render(thrown, profiles.%s, view) for any thrown value', (name) => {
  const profile = profiles[name];

  it(`answers a documented status with valid headers, a schema-valid body and no leaks (${NUM_RUNS} runs)`, () => {
    fc.assert(
      fc.property(thrownCase, view, (thrown, requestView) => {
        const value = thrown.make();
        expect(problemsOf(render(value, profile, requestView), profile, requestView.method, value)).toEqual([]);
      }),
      FC_PARAMS,
    );
  });
});

/** Everything wrong with one normalization. */
function normalizeProblems(result: NormalizedError, thrown: unknown): string[] {
  const problems: string[] = [];
  if (!KIND_NAMES.includes(result.kind)) problems.push(`unknown kind ${String(result.kind)}`);
  if (result.message !== undefined) {
    if (typeof result.message !== 'string' || result.message.length === 0 || result.message.length > MAX_MESSAGE_LENGTH) problems.push('message is not a bounded, non-empty string');
    if (result.message.includes(STACK_MARKER)) problems.push('message carries the stack');
    // http-errors' default: a thrown message is public for a 4xx, private for a 5xx unless it says expose: true.
    if (KINDS[result.kind].status >= 500 && !saysExpose(thrown)) problems.push('an unexposed 5xx kept its message');
  }
  if (result.exposeDeclared && !saysExpose(thrown)) problems.push('exposeDeclared although the error does not say expose: true');
  if (result.vendorCode !== undefined && !/^[\x21-\x7e]{1,64}$/.test(result.vendorCode)) problems.push('vendorCode is not a short token');
  if (result.headers.length > 32) problems.push(`${result.headers.length} headers`);
  for (const [name, value] of result.headers) {
    if (typeof name !== 'string' || name !== name.toLowerCase() || typeof value !== 'string') problems.push(`header ${String(name)} is not lower-case name, string value`);
  }
  if (result.details !== undefined) {
    const json = JSON.stringify(result.details); // throws for cycles, BigInt, throwing getters
    if (Object.prototype.hasOwnProperty.call(result.details, '__proto__')) problems.push('details keep __proto__');
    if (Buffer.byteLength(json) > MAX_BODY_BYTES) problems.push(`details are ${Buffer.byteLength(json)} bytes`);
    if (json.includes(STACK_MARKER)) problems.push('details carry the stack');
  }
  return problems;
}

describe('normalize(thrown) for any thrown value', () => {
  it(`never throws and returns bounded, plain data; unexposed 5xx keep no message (${NUM_RUNS} runs)`, () => {
    fc.assert(
      fc.property(thrownCase, (thrown) => {
        const value = thrown.make();
        expect(normalizeProblems(normalize(value), value)).toEqual([]);
        expect(prototypeKeys()).toEqual(cleanPrototype);
        expect(({} as Record<string, unknown>).solution).toBeUndefined();
      }),
      FC_PARAMS,
    );
  });
});
