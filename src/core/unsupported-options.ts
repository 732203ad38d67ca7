/**
 * Options an adapter does not apply yet fail loudly instead of being ignored (issue 11: a
 * setting that silently does nothing is a bug the user cannot see).
 *
 * @module
 */

/**
 * Throws a `TypeError` when `options` sets one of `names`, naming what to use instead.
 *
 * @example
 * refuseOptions({ routes: {} }, ['routes', 'openapi'], 'the Fastify plugin', 'route config: { vendorCompat: { … } }')
 * // TypeError: vendor-compat: option "routes" is not applied by the Fastify plugin yet; use route config: { vendorCompat: { … } }
 */
export function refuseOptions(options: unknown, names: readonly string[], adapter: string, instead: string): void {
  if (options === null || typeof options !== 'object') return;
  for (const name of names) {
    if ((options as Record<string, unknown>)[name] !== undefined) {
      throw new TypeError(`vendor-compat: option ${JSON.stringify(name)} is not applied by ${adapter} yet; use ${instead}`);
    }
  }
}
