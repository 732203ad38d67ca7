/**
 * Plain `node:http` entry: `preconditions` and `sendError` for request handlers, `attach` for
 * the server hooks.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { assignRequestId, resolveAppConfig, sendRenderedError, type AppConfig, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionGuard } from './node/precondition-guard';

/** Options for the node:http entry (`preconditions`: app-wide overrides). */
export type NodeVendorCompatOptions = VendorCompatOptions;

// Options objects are usually module constants: resolve each once.
const resolved = new WeakMap<object, { config: AppConfig; guard: PreconditionGuard }>();
function appFor(options: NodeVendorCompatOptions): { config: AppConfig; guard: PreconditionGuard } {
  let app = resolved.get(options);
  if (app === undefined) {
    const config = resolveAppConfig(options);
    app = { config, guard: createPreconditionGuard(config) };
    resolved.set(options, app);
  }
  return app;
}

/**
 * Renders `error` with the profile and writes it to `res`. Never throws; returns false when the
 * response could not be written (headers already sent, socket closed).
 *
 * @example
 * const options = { profile: 'stratos' } as const
 * http.createServer((req, res) => {
 *   try { route(req, res) } catch (err) { sendError(req, res, err, options) }
 * })
 */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown, options: NodeVendorCompatOptions = {}): boolean {
  return sendRenderedError(req, res, error, appFor(options).config).written;
}

/**
 * Runs the profile's request preconditions (with `options.preconditions`). Returns true when the
 * request may go on; false when it was answered with the vendor's rejection.
 *
 * @example
 * const options = { profile: 'vsp', preconditions: { requestMediaTypes: ['application/json'] } } as const
 * http.createServer((req, res) => {
 *   if (!preconditions(req, res, options)) return
 *   route(req, res)
 * })
 */
export function preconditions(req: IncomingMessage, res: ServerResponse, options: NodeVendorCompatOptions = {}): boolean {
  const { config, guard } = appFor(options);
  assignRequestId(req, res, config);
  return guard.admit(req, res);
}

/**
 * Installs the `checkContinue`, `checkExpectation` and `clientError` hooks and returns the server.
 *
 * @example
 * attach(http.createServer(handler), { profile: 'hcp' }).listen(3000)
 */
export function attach(server: Server, options: NodeVendorCompatOptions = {}): Server {
  const { config, guard } = appFor(options);
  return attachToServer(server, config, guard);
}

export { type VendorCompatOptions } from './node/app-config';
export { type PreconditionOverrides } from './node/precondition-guard';
