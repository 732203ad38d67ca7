/**
 * Injected into the ESM build only (tsup.config.ts `esbuildOptions`): the library loads ajv and
 * json-schema-ref-resolver lazily with `require()` inside the functions that need them (a custom
 * profile's body schema, a route table, an OpenAPI document), so that a CommonJS cold start with
 * a built-in profile never loads them. Native ESM has no `require`: there, this module imports
 * them statically (as every ESM build did before) and answers the same `require()` calls.
 */
import ajv from 'ajv';
// The file name with its extension: native ESM resolves no extensionless subpath (ajv has no exports map).
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import jsonSchemaRefResolver from 'json-schema-ref-resolver';

const MODULES = {
  ajv,
  'ajv/dist/2020.js': ajv2020,
  'ajv-formats': ajvFormats,
  'json-schema-ref-resolver': jsonSchemaRefResolver,
};

export function __vendorCompatRequire(id) {
  if (!Object.prototype.hasOwnProperty.call(MODULES, id)) throw new Error(`vendor-compat: ${id} is not preloaded for the ESM build (scripts/esm-require.mjs)`);
  return MODULES[id];
}
