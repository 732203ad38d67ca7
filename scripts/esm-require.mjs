/**
 * Injected into the ESM build only (tsup.config.ts `esbuildOptions`): the library loads ajv,
 * json-schema-ref-resolver, the profile-document validator, the route table, negotiator and
 * content-type lazily with `require()` inside the functions that need them (a custom profile, a
 * route table, an OpenAPI document, an Accept or a Content-Type to judge), so that a
 * CommonJS cold start with a built-in profile never loads them. Native ESM has no `require`: there, this module imports
 * them statically (as every ESM build did before) and answers the same `require()` calls.
 */
import ajv from 'ajv';
// The file name with its extension: native ESM resolves no extensionless subpath (ajv has no exports map).
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import jsonSchemaRefResolver from 'json-schema-ref-resolver';
import * as fastXmlParser from 'fast-xml-parser';
import negotiator from 'negotiator';
import contentType from 'content-type';
import * as profileDocument from '../src/generated/profile-document';
import * as appRoutes from '../src/core/routes/app-routes';

const MODULES = {
  ajv,
  'ajv/dist/2020.js': ajv2020,
  'ajv-formats': ajvFormats,
  'json-schema-ref-resolver': jsonSchemaRefResolver,
  'fast-xml-parser': fastXmlParser,
  negotiator,
  'content-type': contentType,
  '../generated/profile-document': profileDocument,
  '../routes/app-routes': appRoutes,
};

export function __vendorCompatRequire(id) {
  if (!Object.prototype.hasOwnProperty.call(MODULES, id)) throw new Error(`vendor-compat: ${id} is not preloaded for the ESM build (scripts/esm-require.mjs)`);
  return MODULES[id];
}
