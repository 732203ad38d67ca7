/**
 * Plain `node:http` entry: `sendError` for request handlers and `attach` for the server hooks.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { resolveAppConfig, sendRenderedError, type AppConfig, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';

/** Options for the node:http entry. */
export interface NodeVendorCompatOptions extends VendorCompatOptions {
  readonly preconditions?: PreconditionOverrides;
}

// Options objects are usually module constants: resolve each once.
const resolved = new WeakMap<object, AppConfig>();
function configFor(options: NodeVendorCompatOptions): AppConfig {
  let config = resolved.get(options);
  if (config === undefined) {
    config = resolveAppConfig(options);
    resolved.set(options, config);
  }
  return config;
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
  return sendRenderedError(req, res, error, configFor(options));
}

/**
 * Installs the `checkContinue`, `checkExpectation` and `clientError` hooks and returns the server.
 *
 * @example
 * attach(http.createServer(handler), { profile: 'hcp' }).listen(3000)
 */
export function attach(server: Server, options: NodeVendorCompatOptions = {}): Server {
  const config = configFor(options);
  return attachToServer(server, config, createPreconditionGuard(config, options.preconditions));
}

export { type VendorCompatOptions } from './node/app-config';
