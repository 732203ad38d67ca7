/**
 * The `vars` names of each built-in profile, written out so that the types do not import the
 * profile JSON: a type taken from a JSON import is inlined into the bundled declarations as
 * `var name = "hcp"`, which a consumer compiling with `skipLibCheck: false` rejects (TS1039,
 * "Initializers are not allowed in ambient contexts"). test/profiles/vars.test.ts fails when this
 * list and the documents' `vars` keys disagree.
 *
 * @module
 */
import type { ProfileName } from './index';

/**
 * Each built-in profile's var names, as the document's `vars` object lists them.
 *
 * @example
 * BUILT_IN_VAR_NAMES.vsp // ['retryAfter']
 */
export const BUILT_IN_VAR_NAMES = {
  problem: ['authScheme', 'realm'],
  hcp: ['softwareVersion'],
  vsp: ['retryAfter'],
  apig: [],
  mpc: [],
  stratos: [],
  s3: ['hostId'],
  'hcp-s3': ['hostId'],
} as const satisfies Readonly<Record<ProfileName, readonly string[]>>;

/**
 * The var names of one built-in profile, as a union (`never` when it has none).
 *
 * @example
 * const name: BuiltInVarName<'problem'> = 'realm' // or 'authScheme'
 */
export type BuiltInVarName<P extends ProfileName> = (typeof BUILT_IN_VAR_NAMES)[P][number];
