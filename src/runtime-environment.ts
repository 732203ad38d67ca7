/**
 * What the adapters read from the runtime for the core (which reads no globals): whether this
 * is production (`NODE_ENV=production`), which refuses the `faults` option. Works without Node
 * (`process` is read through `globalThis`, absent in some Fetch runtimes).
 *
 * @module
 */

/**
 * The runtime environment as `resolveAppConfig` takes it.
 *
 * @example
 * resolveAppConfig(options, [], runtimeEnvironment())
 */
export function runtimeEnvironment(): { readonly production: boolean } {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return { production: env?.NODE_ENV === 'production' };
}
