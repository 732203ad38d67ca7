/**
 * Injected into the ESM build only (tsup.config.ts `esbuildOptions`): the library loads ajv,
 * json-schema-ref-resolver, fast-xml-parser, the profile-document validator, the route table,
 * negotiator and content-type lazily with `require()` inside the functions that need them (a
 * custom profile, a route table, an OpenAPI document, an XML body, an Accept or a Content-Type to
 * judge), so that a cold start with a built-in profile never loads them. Native ESM has no
 * `require`: this module answers those calls. The route table is part of this build (imported
 * here, up front: a second, CommonJS copy would not share the profiles' state); everything else
 * comes from `#vendor-compat/packages` (package.json `imports`), which on Node loads each on its
 * first call (scripts/esm-packages.node.mjs) and elsewhere imports them up front so that bundlers
 * include them (scripts/esm-packages.mjs).
 */
import { requireLazily } from '#vendor-compat/packages';
import * as appRoutes from '../src/core/routes/app-routes';

export function __vendorCompatRequire(id) {
  return id === '../routes/app-routes' ? appRoutes : requireLazily(id);
}
