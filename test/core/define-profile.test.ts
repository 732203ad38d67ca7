/**
 * defineProfile: clone, validate (ajv), name every problem, freeze, compile (fastify
 * lib/initial-config-validation.js). Profiles are data; an invalid one never half-works.
 */
import { defineProfile, ProfileValidationError, type Profile } from '../../src/core/define-profile';
import { render } from '../../src/core/render';
import { profiles } from '../../src/profiles';
import problemDocument from '../../src/profiles/problem.json';
import { KIND_NAMES } from '../../src/core/kinds';

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileValidationError);
    return (error as ProfileValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a ProfileValidationError');
}

type Doc = Record<string, unknown> & { kinds: Record<string, Record<string, unknown>> };
const clone = (): Doc => JSON.parse(JSON.stringify(problemDocument)) as Doc;

describe('defineProfile(document)', () => {
  it('returns a frozen profile exposing name, statuses (ascending) and sources', () => {
    const profile = defineProfile(clone());
    expect(profile.name).toBe('problem');
    expect([...profile.statuses]).toEqual([...profile.statuses].sort((a, b) => a - b));
    expect(profile.sources.map((s) => s.id)).toEqual(['rfc9457', 'rfc9110', 'rfc6585']);
    expect(Object.isFrozen(profile)).toBe(true);
    expect(Object.isFrozen(profile.document.kinds.notFound)).toBe(true);
  });

  it('does not keep a reference to the caller document', () => {
    const document = clone();
    const profile = defineProfile(document);
    document.kinds.notFound!.status = 400;
    expect(profile.document.kinds.notFound.status).toBe(404);
  });

  it('names every structural problem at once, with its JSON path (cross-field rules run once the structure is valid)', () => {
    const document = clone();
    document.kinds.notFound!.status = 418;
    delete document.kinds.gone;
    document.colour = 'blue';
    expect(problems(() => defineProfile(document))).toEqual([
      ': unknown property "colour"',
      '/kinds: missing required property "gone"',
    ]);
  });

  it('reports a status that is not one of the profile statuses', () => {
    const document = clone();
    document.kinds.notFound!.status = 418;
    expect(problems(() => defineProfile(document))).toEqual([
      expect.stringMatching(/^\/kinds\/notFound\/status: status 418 is not one of the profile's statuses/),
    ]);
  });

  it('reports unknown placeholders, unknown sources, unsorted statuses and a bad bodySchema together', () => {
    const document = clone();
    (document.body as Record<string, unknown>).template = { x: '{{secret}}' };
    document.kinds.conflict!.sources = ['nowhere'];
    document.statuses = [404, 400, ...(document.statuses as number[]).filter((s) => s !== 404 && s !== 400)];
    document.bodySchema = { type: 'no-such-type' };
    const found = problems(() => defineProfile(document));
    expect(found).toEqual(expect.arrayContaining([
      '/kinds/conflict/sources: cites unknown source "nowhere"',
      '/statuses/1: statuses must be listed in ascending order',
      expect.stringMatching(/^\/bodySchema: is not a valid JSON Schema/),
    ]));
  });

  it('reports a template placeholder that names nothing', () => {
    const document = clone();
    (document.body as Record<string, unknown>).template = { x: '{{secret}}' };
    expect(problems(() => defineProfile(document))).toEqual([expect.stringMatching(/^\/body\/template\/x: unknown placeholder \{\{secret\}\}/)]);
  });

  it.each([
    ['__proto__ in kinds', '{"kinds":{"__proto__":{"status":400}}}', '/kinds/__proto__'],
    ['constructor in headers', '{"headers":{"constructor":"x"}}', '/headers/constructor'],
    ['prototype deep inside fields', '{"fields":{"a":{"prototype":1}}}', '/fields/a/prototype'],
  ])('rejects prototype-pollution keys: %s', (_label, json, path) => {
    const document = { ...clone(), ...(JSON.parse(json) as Record<string, unknown>) };
    expect(problems(() => defineProfile(document))).toEqual([`${path}: forbidden key (prototype pollution)`]);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it.each([null, 42, 'problem', []])('rejects a document that is not an object: %p', (value) => {
    expect(problems(() => defineProfile(value))).toEqual([': a profile document must be a JSON object']);
  });

  it('rejects non-JSON data such as functions', () => {
    expect(problems(() => defineProfile({ ...clone(), fields: { f: () => 1 } }))).toEqual([expect.stringMatching(/plain JSON data/)]);
  });

  it('formats the thrown message with one line per problem', () => {
    const document = clone();
    delete document.title;
    expect(() => defineProfile(document)).toThrow('vendor-compat: profile "problem" is invalid (1 problem):\n  - /: missing required property "title"');
  });
});

describe('defineProfile(patch, { extends })', () => {
  let acme: Profile;
  beforeAll(() => {
    acme = defineProfile(
      {
        name: 'acme',
        title: 'ACME API',
        body: { contentType: 'application/vnd.acme.error+json', template: { error: { code: '{{code}}', text: '{{message}}' } } },
        bodySchema: { type: 'object', required: ['error'] },
        kinds: { notFound: { code: 'ACME-404', message: 'No such thing.', sources: ['rfc9110'] } },
      },
      { extends: profiles.problem },
    );
  });

  it('merges objects over the base and keeps everything else', () => {
    expect(acme.name).toBe('acme');
    expect(acme.document.kinds.notFound).toEqual({ status: 404, code: 'ACME-404', message: 'No such thing.', sources: ['rfc9110'] });
    expect(acme.document.kinds.conflict).toEqual(profiles.problem.document.kinds.conflict);
  });

  it('renders with the merged document', () => {
    const rendered = render(new Error('x'), acme, { method: 'GET', path: '/' });
    expect(rendered.status).toBe(500);
    expect(rendered.headers['Content-Type']).toBe('application/vnd.acme.error+json');
    expect(JSON.parse(rendered.body)).toEqual({ error: { text: 'An internal error occurred.' } });
    const notFound = render({ status: 404 }, acme, { method: 'GET', path: '/' });
    expect(JSON.parse(notFound.body)).toEqual({ error: { code: 'ACME-404', text: 'No such thing.' } });
  });

  it('does not change the base profile', () => {
    expect(profiles.problem.document.kinds.notFound.code).toBeUndefined();
  });
});

describe('defineProfile: every rendered body is checked against bodySchema at definition', () => {
  it('a kind whose body fails the schema is a ProfileValidationError naming the kind (APIG body without error_code)', () => {
    const found = problems(() =>
      defineProfile({ name: 'apig-broken', kinds: { notFound: { body: { error_msg: '{{message}}', request_id: '{{requestId}}' } } } }, { extends: profiles.apig }),
    );
    expect(found).toEqual([
      `/kinds/notFound: the body rendered for GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS without a thrown message fails bodySchema: / must have required property 'error_code'`,
      `/kinds/notFound: the body rendered for GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS with a thrown message fails bodySchema: / must have required property 'error_code'`,
    ]);
  });

  it('a method rule whose override fails the schema is named by its rule index (VSP forbidden read with a code not in KARTnnnnn-Z form)', () => {
    const found = problems(() =>
      defineProfile(
        { name: 'vsp-broken', methodRules: [{ methods: ['GET'], kinds: { forbidden: { code: 'NOT-A-KART' } }, sources: ['S19'] }] },
        { extends: profiles.vsp },
      ),
    );
    expect(found).toEqual([
      '/methodRules/0/kinds/forbidden: the body rendered for GET without a thrown message fails bodySchema: /messageId must match pattern "^KART\\d{5}-[IQWE]$"',
      '/methodRules/0/kinds/forbidden: the body rendered for GET with a thrown message fails bodySchema: /messageId must match pattern "^KART\\d{5}-[IQWE]$"',
    ]);
  });

  it('a body that is only valid with a thrown message fails for every case without one (Stratos message from {{detail}})', () => {
    const found = problems(() => defineProfile({ name: 'stratos-detail', body: { template: { status: 'error', message: '{{detail}}' } } }, { extends: profiles.stratos }));
    const missing = "fails bodySchema: / must have required property 'message'";
    const stratos = profiles.stratos.document.kinds;
    const expected = KIND_NAMES.flatMap((kind) => [
      `/kinds/${kind}: the body rendered for GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS without a thrown message ${missing}`,
      // a 5xx hides an unexposed message, so only an exposed one fills {{detail}}
      ...(stratos[kind].status >= 500 ? [`/kinds/${kind}: the body rendered for GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS with a thrown message ${missing}`] : []),
    ]);
    expect(found).toEqual(expected);
  });

  it('a 5xx body is checked with an exposed message too (the only case a 5xx shows one)', () => {
    const found = problems(() =>
      defineProfile(
        { name: 'short-detail', bodySchema: { ...profiles.problem.document.bodySchema, properties: { ...(profiles.problem.document.bodySchema.properties as object), detail: { type: 'string', maxLength: 3 } } } },
        { extends: profiles.problem },
      ),
    );
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\/kinds\/badRequest: the body rendered for .* with a thrown message fails bodySchema: \/detail must NOT have more than 3 characters$/),
      expect.stringMatching(/^\/kinds\/internalServerError: the body rendered for .* with an exposed thrown message fails bodySchema: \/detail must NOT have more than 3 characters$/),
    ]));
    expect(found.filter((line) => line.startsWith('/kinds/internalServerError'))).toHaveLength(1);
  });

  it('a non-empty body without a Content-Type is refused (clients.md "VSP": Cinder raises KeyError without one)', () => {
    const document = clone();
    delete (document.body as Record<string, unknown>).contentType;
    expect(problems(() => defineProfile(document))).toEqual(['/body/contentType: is required: a non-empty error body must carry a Content-Type']);
  });

  it('a body template that renders no value at all is refused', () => {
    expect(problems(() => defineProfile({ name: 'nothing', body: { template: '{{fields.nothing}}' }, bodySchema: {} }, { extends: profiles.problem }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/kinds\/badRequest: .* fails bodySchema: the body template renders no value$/)]),
    );
  });

  it('every built-in profile passes the check (they are defined when src/profiles loads)', () => {
    for (const profile of Object.values(profiles)) expect(() => defineProfile(profile.document)).not.toThrow();
  });
});

describe('defineProfile(bad, { extends }): the error names the profile being defined', () => {
  const bad = { kinds: { notFound: { status: 418 } } };

  it('an unnamed document is reported as such, never as the valid profile it extends', () => {
    let thrown: unknown;
    try {
      defineProfile(bad, { extends: profiles.problem });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProfileValidationError);
    expect((thrown as ProfileValidationError).profileName).toBe('(unnamed, extends problem)');
    expect((thrown as Error).message).toMatch(/^vendor-compat: profile "\(unnamed, extends problem\)" is invalid \(1 problem\):/);
  });

  it('a named document is reported under its own name', () => {
    expect(() => defineProfile({ ...bad, name: 'acme' }, { extends: profiles.problem })).toThrow(/^vendor-compat: profile "acme" is invalid/);
  });

  it('a body-schema mismatch is reported under the new name too', () => {
    expect(() => defineProfile({ name: 'acme', body: { template: { status: '{{title}}' } } }, { extends: profiles.problem })).toThrow(
      /^vendor-compat: profile "acme" is invalid/,
    );
  });
});
