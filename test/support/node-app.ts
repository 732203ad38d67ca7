/**
 * node:http through `vendorCompat()` for tests written as `attach(server, options)`,
 * `preconditions(req, res, options)`, `sendError(req, res, err, options)`: one app per options
 * object (options are usually module constants), so each call reaches the same `vc`.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { vendorCompat, type NodeVendorCompat, type NodeVendorCompatOptions } from '../../src/node';

const apps = new WeakMap<object, NodeVendorCompat>();

function appFor(options: NodeVendorCompatOptions): NodeVendorCompat {
  let app = apps.get(options);
  if (app === undefined) {
    app = vendorCompat(options);
    apps.set(options, app);
  }
  return app;
}

/** `vendorCompat(options).attach(server)`. */
export function attach(server: Server, options: NodeVendorCompatOptions = {}): Server {
  return appFor(options).attach(server);
}

/** `vendorCompat(options).preconditions(req, res)`. */
export function preconditions(req: IncomingMessage, res: ServerResponse, options: NodeVendorCompatOptions = {}): boolean {
  return appFor(options).preconditions(req, res);
}

/** `vendorCompat(options).sendError(req, res, err)`. */
export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown, options: NodeVendorCompatOptions = {}): boolean {
  return appFor(options).sendError(req, res, error);
}
