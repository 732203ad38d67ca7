/**
 * The ESM build's lazy loads on Node (package.json `imports` `#vendor-compat/packages`, condition
 * `node`): the packages and the profile-document validator the library `require()`s inside the
 * functions that need them (a custom profile, a route table, an OpenAPI document, an Accept or a
 * Content-Type to judge) are loaded by those calls, as in the CommonJS build, through Node's own
 * `require` (all of them are CommonJS; the profile-document validator is the CommonJS build's
 * stateless file, dist/profile-document.cjs). Copied into dist/ by tsup.config.ts.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** Ids that name a file of the build rather than a package. */
const FILES = { '../generated/profile-document': './profile-document.cjs' };

/** The module `id` names, loaded on this first call (Node caches it). */
export function requireLazily(id) {
  return load(Object.prototype.hasOwnProperty.call(FILES, id) ? FILES[id] : id);
}
