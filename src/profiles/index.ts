/**
 * The built-in vendor profiles. Each is a JSON document in this folder (./documents.ts), cited to
 * `shared/seeds` and `shared/vendors`, validated at build time by `defineProfile`
 * (scripts/build-validators.ts) and embedded, with its precompiled body validator, in
 * src/generated/built-in-profiles.ts.
 *
 * @module
 */
import { defineBuiltInProfile, type Profile } from '../core/define-profile';
import { BODY_VALIDATORS, DOCUMENT_TEXTS } from '../generated/built-in-profiles';
import type { ProfileName } from './documents';

export type { ProfileName } from './documents';

/**
 * The built-in profiles, by name. Each is built the first time it is read, not when the package
 * loads, and without ajv: `defineProfile`'s checks (the profile schema, the cross-field rules,
 * every kind's rendered body against its `bodySchema`) ran at build time, the document is parsed
 * from the text the build embedded, and the body validator is precompiled.
 *
 * @example
 * profiles.vsp.statuses // [200, 202, 400, 401, 403, 404, 405, 406, 409, 411, 412, 415, 417, 500, 502, 503, 504]
 */
export const profiles: Readonly<Record<ProfileName, Profile>> = (() => {
  const defined: Partial<Record<ProfileName, Profile>> = {};
  const table = {} as Record<ProfileName, Profile>;
  for (const name of Object.keys(DOCUMENT_TEXTS) as ProfileName[]) {
    Object.defineProperty(table, name, {
      enumerable: true,
      get: (): Profile => (defined[name] ??= defineBuiltInProfile(JSON.parse(builtIn(DOCUMENT_TEXTS, name)) as unknown, builtIn(BODY_VALIDATORS, name)())),
    });
  }
  return Object.freeze(table);
})();

function builtIn<T>(table: Readonly<Record<string, T>>, name: ProfileName): T {
  const value = table[name];
  if (value === undefined) throw new Error(`vendor-compat: built-in profile ${name} is missing from src/generated/built-in-profiles.ts; run scripts/build-validators.ts`);
  return value;
}
