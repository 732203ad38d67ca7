'use strict';
/**
 * The library's internals the micro-benchmarks call directly, read from a build's dist/ (bench
 * code only: the package exports none of them). The CommonJS build's chunks export what other
 * chunks import, under the source's own names; each internal is looked up in the chunk that
 * holds its source module (esbuild's `// src/...` comment), and that chunk's lazy module
 * initialisers (`init_*`, esbuild's wrappers for modules also loaded with `require`) are run
 * first. What no chunk exports is reached through what does: `nextRequestId` through the
 * request-id policy of an app config, `compileRouteTable` through `appRoutesOf`
 * (dist/app-routes.cjs, the route table's own file).
 *
 *   const internals = require('./internals')(distDir)
 *   internals.evaluatePreconditions(compiled, view)
 */
const fs = require('node:fs');
const path = require('node:path');

/** Internal → the source module that defines it. */
const SOURCES = {
  compilePreconditions: 'src/core/preconditions/compile.ts',
  evaluatePreconditions: 'src/core/preconditions/evaluate.ts',
  compileErrorRules: 'src/core/error-rules.ts',
  resolveAppConfig: 'src/core/app-config.ts',
  validateBody: 'src/core/validation/request.ts',
  validateRequestParts: 'src/core/validation/request.ts',
};

function chunkExports(dist, name, source) {
  for (const file of fs.readdirSync(dist)) {
    if (!/^chunk-.*\.cjs$/.test(file)) continue;
    const text = fs.readFileSync(path.join(dist, file), 'utf8');
    if (!text.includes(`// ${source}\n`) || !text.includes(`exports.${name} =`)) continue;
    const chunk = require(path.join(dist, file));
    for (const [key, value] of Object.entries(chunk)) if (key.startsWith('init_') && typeof value === 'function') value();
    return chunk[name];
  }
  throw new Error(`${name} (${source}) is exported by no chunk of ${dist}: rebuild, or read it through something that is`);
}

/**
 * The internals of the build in `dist`.
 *
 * @example
 * const { nextRequestId } = loadInternals('dist')
 */
function loadInternals(dist) {
  const root = path.resolve(dist);
  const lib = require(path.join(root, 'index.cjs'));
  const internals = { ...lib };
  for (const [name, source] of Object.entries(SOURCES)) internals[name] = chunkExports(root, name, source);
  const { appRoutesOf } = require(path.join(root, 'app-routes.cjs'));
  internals.appRoutesOf = appRoutesOf;
  // The policy without a `requestId` option is `() => nextRequestId()`.
  internals.nextRequestId = internals.resolveAppConfig({ profile: 'apig' }).requestIds.idFor;
  /** A route table over `keys` (each `METHOD /path`), with the profile's preconditions. */
  internals.routeTableOf = (keys, profile = 'vsp') =>
    appRoutesOf(internals.resolveAppConfig({ profile, routes: Object.fromEntries(keys.map((key) => [key, {}])) })).table;
  return internals;
}

module.exports = loadInternals;
