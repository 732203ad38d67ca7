/**
 * defineProfile: clone, validate (ajv), name every problem, freeze, compile (fastify
 * lib/initial-config-validation.js). Profiles are data; an invalid one never half-works.
 */
import { defineProfile, ProfileValidationError, type Profile } from '../../src/core/define-profile';
import { render } from '../../src/core/render';
import { profiles } from '../../src/profiles';
import problemDocument from '../../src/profiles/problem.json';

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
