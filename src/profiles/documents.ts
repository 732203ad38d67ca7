/**
 * The built-in profiles' documents, as written (one JSON document per vendor in this folder).
 * The build step validates them and embeds them in src/generated/built-in-profiles.ts, which is
 * what `profiles` reads at run time; this module is for the build step and the tests.
 *
 * @module
 */
import apigDocument from './apig.json';
import hcpDocument from './hcp.json';
import hcpS3Document from './hcp-s3.json';
import mpcDocument from './mpc.json';
import problemDocument from './problem.json';
import s3Document from './s3.json';
import stratosDocument from './stratos.json';
import vspDocument from './vsp.json';

/** Names of the built-in profiles. */
export type ProfileName = 'problem' | 'hcp' | 'vsp' | 'apig' | 'mpc' | 'stratos' | 's3' | 'hcp-s3';

/**
 * The documents behind the built-in profiles.
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
  /** Amazon S3 REST API (XML error bodies). */
  s3: s3Document,
  /** Hitachi Content Platform S3 compatible API (HS3). */
  'hcp-s3': hcpS3Document,
};
