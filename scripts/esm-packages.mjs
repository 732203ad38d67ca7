/**
 * The ESM build's lazy loads everywhere but Node (package.json `imports`
 * `#vendor-compat/packages`, condition `default`: Workers, browsers' bundlers and other runtimes
 * without `require`): imported up front, so that a bundler includes them, and answered to the
 * same `require()` calls. Copied into dist/ by tsup.config.ts; Node gets esm-packages.node.mjs.
 */
import ajv from 'ajv';
// The file name with its extension: native ESM resolves no extensionless subpath (ajv has no exports map).
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import jsonSchemaRefResolver from 'json-schema-ref-resolver';
import * as fastXmlParser from 'fast-xml-parser';
import negotiator from 'negotiator';
import contentType from 'content-type';
import * as profileDocument from './profile-document.mjs';

const MODULES = {
  ajv,
  'ajv/dist/2020.js': ajv2020,
  'ajv-formats': ajvFormats,
  'json-schema-ref-resolver': jsonSchemaRefResolver,
  'fast-xml-parser': fastXmlParser,
  negotiator,
  'content-type': contentType,
  '../generated/profile-document': profileDocument,
};

/** The module `id` names (imported with this file). */
export function requireLazily(id) {
  if (!Object.prototype.hasOwnProperty.call(MODULES, id)) throw new Error(`vendor-compat: ${id} is not preloaded for the ESM build (scripts/esm-packages.mjs)`);
  return MODULES[id];
}
