/**
 * The var-name lists the option types are built from (src/profiles/vars.ts) are exactly the keys of
 * each built-in document's `vars`, in the document's order, so `VarsFor<'hcp'>` cannot drift from
 * hcp.json. (test/types/vars.types.ts checks that `BuiltInProfileVars` is built from these lists.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_IN_VAR_NAMES } from '../../src/profiles/vars';
import { profiles } from '../../src';

const PROFILE_DIR = path.resolve(__dirname, '../../src/profiles');

function documentVars(name: string): string[] {
  const document = JSON.parse(readFileSync(path.join(PROFILE_DIR, `${name}.json`), 'utf8')) as { vars?: Record<string, string> };
  return Object.keys(document.vars ?? {});
}

describe('BUILT_IN_VAR_NAMES', () => {
  it('has one entry per built-in profile document (src/profiles/*.json) and per `profiles` key', () => {
    const documents = readdirSync(PROFILE_DIR).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)).sort();
    expect(Object.keys(BUILT_IN_VAR_NAMES).sort()).toEqual(documents);
    expect(Object.keys(BUILT_IN_VAR_NAMES).sort()).toEqual(Object.keys(profiles).sort());
  });

  it.each(Object.entries(BUILT_IN_VAR_NAMES))('%s: the names are the document\'s `vars` keys', (name, names) => {
    expect([...names]).toEqual(documentVars(name));
  });

  it.each(Object.entries(BUILT_IN_VAR_NAMES))('%s: the compiled profile knows the same names', (name, names) => {
    const profile = profiles[name as keyof typeof profiles];
    expect(Object.keys(profile.document.vars ?? {})).toEqual([...names]);
  });

  it('pins the lists (a new var is a deliberate change to the option types)', () => {
    expect(BUILT_IN_VAR_NAMES).toEqual({ problem: ['authScheme', 'realm'], hcp: ['softwareVersion'], vsp: ['retryAfter'], apig: [], mpc: [], stratos: [], s3: ['hostId'], 'hcp-s3': ['hostId'] });
  });
});
