/**
 * The built-in vendor profiles. Each is a JSON document in this folder, cited to `shared/seeds`
 * and `shared/vendors`, validated at build time by `defineProfile` (scripts/build-validators.ts)
 * and built on first use with its precompiled body validator.
 *
 * @module
 */
import { defineBuiltInProfile, type Profile } from '../core/define-profile';
import { BODY_VALIDATORS } from '../generated/validators';
import type { ValidateFunction } from 'ajv';
import apigDocument from './apig.json';
import hcpDocument from './hcp.json';
import mpcDocument from './mpc.json';
import problemDocument from './problem.json';
import stratosDocument from './stratos.json';
import vspDocument from './vsp.json';

/** Names of the built-in profiles. */
export type ProfileName = 'problem' | 'hcp' | 'vsp' | 'apig' | 'mpc' | 'stratos';

/**
 * The documents behind the built-in profiles (internal: the build step validates them).
 *
 * @example
 * defineProfile(DOCUMENTS.vsp).name // 'vsp'
 */
export const DOCUMENTS: Readonly<Record<ProfileName, unknown>> = {
  /** RFC 9457 problem details: the neutral default. */
  problem: problemDocument,
  /** Hitachi Content Platform management API (MAPI). */
  hcp: hcpDocument,
  /** Hitachi VSP Configuration Manager REST API. */
  vsp: vspDocument,
  /** Huawei Cloud / Open Telekom Cloud API Gateway (runtime gateway responses). */
  apig: apigDocument,
  /** Huawei Cloud Media Processing Center. */
  mpc: mpcDocument,
  /** Apache Stratos 4.1 REST API. */
  stratos: stratosDocument,
};

/**
 * The built-in profiles, by name. Each is compiled the first time it is read, not when the
 * package loads, and without ajv: `defineProfile`'s checks (the profile schema, the cross-field
 * rules, every kind's rendered body against its `bodySchema`) ran at build time, and the body
 * validator is precompiled (src/generated/validators.ts).
 *
 * @example
 * profiles.vsp.statuses // [200, 202, 400, 401, 403, 404, 405, 406, 409, 411, 412, 415, 417, 500, 502, 503, 504]
 */
export const profiles: Readonly<Record<ProfileName, Profile>> = (() => {
  const defined: Partial<Record<ProfileName, Profile>> = {};
  const table = {} as Record<ProfileName, Profile>;
  for (const name of Object.keys(DOCUMENTS) as ProfileName[]) {
    Object.defineProperty(table, name, {
      enumerable: true,
      get: (): Profile => (defined[name] ??= defineBuiltInProfile(DOCUMENTS[name], builtInBodyValidator(name))),
    });
  }
  return Object.freeze(table);
})();

function builtInBodyValidator(name: ProfileName): ValidateFunction {
  const validator = BODY_VALIDATORS[name];
  if (validator === undefined) throw new Error(`vendor-compat: no precompiled body validator for ${name}; run scripts/build-validators.ts`);
  return validator();
}
