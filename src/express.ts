/**
 * Express adapter (4.17+ and 5): `vendorCompat(options)` gives the precondition middleware, the
 * per-route precondition middleware, the unmatched-route handler, the error handler and the
 * server hooks. Express is imported as types only; the writing is the node layer's.
 *
 * @module
 */
import type { SendErrorOptions } from './core/render';
import type { ErrorRequestHandler, Request, RequestHandler, Response, NextFunction } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { assignRequestId, kindAnswer, requestIdOf, resolveAppConfig, sendRenderedError, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';
import type { Profile } from './core/define-profile';
import type { ProfileName } from './profiles';
import { expressRoutedRequest } from './express/routing';

/** Options for the Express adapter: `profile`, `vars`, `preconditions`, `errors`, `onError`, `requestId`, `routes`, `openapi`. */
export type ExpressVendorCompatOptions<P extends ProfileName | Profile = ProfileName | Profile> = VendorCompatOptions<P>;

/** What `vendorCompat()` returns for Express. */
export interface ExpressVendorCompat {
  /** Mount first: request id, then the profile's request preconditions (with app overrides). */
  readonly preconditions: RequestHandler;
  /**
   * Per-route preconditions: `overrides` merged over the app's, compiled now (a `TypeError` for a
   * bad key or value). A route can tighten the app's checks, not loosen them: `vc.preconditions`
   * has already run. Declared `methods` need a route that sees every method (`app.all`).
   */
  readonly route: (overrides: PreconditionOverrides) => RequestHandler;
  /**
   * Mount after the body parser (`app.use(express.json()); app.use(vc.validate)`): judges
   * `req.body` against the route table's body schema (options `routes`, `openapi`) and answers a
   * failure in the profile's words. Path parameters, query and headers were judged by
   * `vc.preconditions`, before routing.
   */
  readonly validate: RequestHandler;
  /** Mount after the routes: unmatched requests get the profile's 404. */
  readonly notFound: RequestHandler;
  /** Mount last: maps anything thrown or passed to `next(err)` (4 parameters, as Express requires). */
  readonly errorHandler: ErrorRequestHandler;
  /** Installs `checkContinue`, `checkExpectation` and `clientError` hooks on the HTTP server. */
  readonly attach: (server: Server) => Server;
  /**
   * Renders `error` as a route's throw (error rules, `onError`) and writes it: for callbacks that
   * have no `next`, such as http-proxy-middleware's `on.error`. Returns false when it could not be written.
   */
  readonly sendError: (req: IncomingMessage, res: ServerResponse, error: unknown, options?: SendErrorOptions) => boolean;
  /** The id the client sees for this request (or the one the `requestId` option made for logs). */
  readonly requestIdOf: (req: IncomingMessage) => string | undefined;
  readonly profile: Profile;
}

function middlewareFor(guard: PreconditionGuard): RequestHandler {
  return function vendorCompatPreconditions(req: Request, res: Response, next: NextFunction): void {
    // Express's routed path (its case and slash settings) and `req.query`.
    if (guard.admit(req, res, req.originalUrl, () => expressRoutedRequest(req))) next();
  };
}

/**
 * Builds the Express middleware for one profile.
 *
 * @example
 * const vc = vendorCompat({ profile: 'vsp', preconditions: { requestMediaTypes: ['application/json'] } })
 * app.use(vc.preconditions)
 * app.all('/ConfigurationManager/v1/objects/ldevs', vc.route({ methods: ['GET', 'POST'], maxBodyBytes: 65536 }))
 * app.get('/ConfigurationManager/v1/objects/ldevs', listLdevs)
 * app.post('/ConfigurationManager/v1/objects/ldevs', createLdev)
 * app.use(vc.notFound)
 * app.use(vc.errorHandler)
 * vc.attach(app.listen(3000))
 */
export function vendorCompat<P extends ProfileName | Profile = 'problem'>(options: ExpressVendorCompatOptions<P> = {}): ExpressVendorCompat {
  const config = resolveAppConfig(options);
  const guard = createPreconditionGuard(config);
  const checkApp = middlewareFor(guard);
  const unmatched = kindAnswer('notFound'); // one frozen answer for every unmatched request

  function preconditions(req: Request, res: Response, next: NextFunction): void {
    assignRequestId(req, res, config);
    checkApp(req, res, next);
  }

  function validate(req: Request, res: Response, next: NextFunction): void {
    if (guard.validateBody(req, res, (req as { body?: unknown }).body, req.originalUrl)) next();
  }

  function notFound(req: Request, res: Response, _next: NextFunction): void {
    sendRenderedError(req, res, unmatched, config, { url: req.originalUrl, source: 'notFound' });
  }

  function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
    sendRenderedError(req, res, err, config, req.originalUrl);
  }

  return Object.freeze({
    preconditions,
    route: (overrides: PreconditionOverrides): RequestHandler => middlewareFor(guard.forRoute(overrides)),
    validate,
    notFound,
    errorHandler,
    attach: (server: Server): Server => attachToServer(server, config, guard),
    sendError: (req: IncomingMessage, res: ServerResponse, error: unknown, options?: SendErrorOptions): boolean =>
      sendRenderedError(req, res, error, config, { url: (req as Partial<Request>).originalUrl ?? req.url, embedInOk: options?.embedInOk === true }).written,
    requestIdOf,
    profile: config.profile,
  });
}

export type { VendorCompatOptions, ErrorEvent, ErrorSource, OnError } from './node/app-config';
export { type PreconditionOverrides } from './node/precondition-guard';
export { asyncHandler, type AsyncRequestHandler, type WrappedRequestHandler } from './express-async';
