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

/**
 * The built-in profiles, by name.
 *
 * @example
 * profiles.vsp.statuses // [200, 202, 400, 401, 403, 404, 405, 406, 409, 411, 412, 415, 417, 500, 502, 503, 504]
 */
export const profiles: Readonly<Record<ProfileName, Profile>> = Object.freeze({
  /** RFC 9457 problem details: the neutral default. */
  problem: defineProfile(problemDocument),
  /** Hitachi Content Platform management API (MAPI). */
  hcp: defineProfile(hcpDocument),
  /** Hitachi VSP Configuration Manager REST API. */
  vsp: defineProfile(vspDocument),
  /** Huawei Cloud / Open Telekom Cloud API Gateway (runtime gateway responses). */
  apig: defineProfile(apigDocument),
  /** Huawei Cloud Media Processing Center. */
  mpc: defineProfile(mpcDocument),
  /** Apache Stratos 4.1 REST API. */
  stratos: defineProfile(stratosDocument),
});
