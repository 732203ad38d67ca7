/**
 * Express adapter (4.17+ and 5): `vendorCompat(options)` gives the precondition middleware, the
 * unmatched-route handler, the error handler and the server hooks. Express is imported as types
 * only; the writing is the node layer's.
 *
 * @module
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response, NextFunction } from 'express';
import type { Server } from 'node:http';
import { createVendorError } from './core/errors';
import { assignRequestId, resolveAppConfig, sendRenderedError, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';
import type { Profile } from './core/define-profile';

/** Options for the Express adapter. */
export interface ExpressVendorCompatOptions extends VendorCompatOptions {
  /** App-wide precondition overrides (see the README "Preconditions" section). */
  readonly preconditions?: PreconditionOverrides;
}

/** What `vendorCompat()` returns for Express. */
export interface ExpressVendorCompat {
  /** Mount first: request id, then the profile's request preconditions. */
  readonly preconditions: RequestHandler;
  /** Mount after the routes: unmatched requests get the profile's 404. */
  readonly notFound: RequestHandler;
  /** Mount last: maps anything thrown or passed to `next(err)` (4 parameters, as Express requires). */
  readonly errorHandler: ErrorRequestHandler;
  /** Installs `checkContinue`, `checkExpectation` and `clientError` hooks on the HTTP server. */
  readonly attach: (server: Server) => Server;
  readonly profile: Profile;
}

/**
 * Builds the Express middleware for one profile.
 *
 * @example
 * const vc = vendorCompat({ profile: 'vsp' })
 * app.use(vc.preconditions)
 * app.get('/ConfigurationManager/v1/objects/ldevs', listLdevs)
 * app.use(vc.notFound)
 * app.use(vc.errorHandler)
 * vc.attach(app.listen(3000))
 */
export function vendorCompat(options: ExpressVendorCompatOptions = {}): ExpressVendorCompat {
  const config = resolveAppConfig(options);
  const guard = createPreconditionGuard(config, options.preconditions);

  function preconditions(req: Request, res: Response, next: NextFunction): void {
    assignRequestId(req, res, config);
    const violation = guard.check(req);
    if (violation === undefined) return next();
    guard.reject(req, res, violation, req.originalUrl);
  }

  function notFound(req: Request, res: Response, _next: NextFunction): void {
    sendRenderedError(req, res, createVendorError('notFound'), config, req.originalUrl);
  }

  function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
    sendRenderedError(req, res, err, config, req.originalUrl);
  }

  return Object.freeze({
    preconditions,
    notFound,
    errorHandler,
    attach: (server: Server): Server => attachToServer(server, config, guard),
    profile: config.profile,
  });
}

export { type VendorCompatOptions } from './node/app-config';
