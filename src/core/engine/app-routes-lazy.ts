/**
 * The app's route table, loaded with its code on first need: an app without `routes` or
 * `openapi` (most apps) never loads the route table, the request validators' compiler, rou3 or
 * the OpenAPI reader. In the CommonJS build `../routes/app-routes` is a file of its own
 * (dist/app-routes.cjs, tsup.config.ts), so a cold start does not even parse it; the ESM build
 * answers the `require` through scripts/esm-require.mjs.
 *
 * @module
 */
import type { AppConfig } from '../app-config';
import type * as AppRoutesModule from '../routes/app-routes';

/**
 * The app's compiled route table (cached per config), or undefined when the app declares no
 * routes: without `routes` and `openapi` nothing is loaded.
 *
 * @example
 * appRoutesOf(resolveAppConfig({ profile: 'vsp' })) // undefined, and the route table's code stays unloaded
 */
export function appRoutesOf(config: AppConfig): AppRoutesModule.AppRoutes | undefined {
  const options = config.options;
  if (options.routes === undefined && options.openapi === undefined) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- a lazy load: an import would load the route table's code with the package
  return (require('../routes/app-routes') as typeof AppRoutesModule).appRoutesOf(config);
}
