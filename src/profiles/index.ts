/**
 * The built-in vendor profiles. Each is a JSON document in this folder, validated by
 * `defineProfile` when this module loads, and cited to `shared/seeds` and `shared/vendors`.
 *
 * @module
 */
import { defineProfile, type Profile } from '../core/define-profile';
import apigDocument from './apig.json';
import hcpDocument from './hcp.json';
import mpcDocument from './mpc.json';
import problemDocument from './problem.json';
import stratosDocument from './stratos.json';
import vspDocument from './vsp.json';

/** Names of the built-in profiles. */
export type ProfileName = 'problem' | 'hcp' | 'vsp' | 'apig' | 'mpc' | 'stratos';

/** The documents behind the built-in profiles. */
const DOCUMENTS: Readonly<Record<ProfileName, unknown>> = {
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
 * The built-in profiles, by name. Each is validated and compiled by `defineProfile` the first
 * time it is read, not when the package loads: defining one checks every kind's rendered body
 * against its `bodySchema`, which would otherwise cost every consumer (a CLI, a
 * serverless cold start) all six profiles' compilation before its first line runs.
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
      get: (): Profile => (defined[name] ??= defineProfile(DOCUMENTS[name])),
    });
  }
  return Object.freeze(table);
})();
