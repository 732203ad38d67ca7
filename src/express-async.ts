/**
 * Async routes on Express 4. Express 5 forwards a route's rejected promise to `next(err)`; Express 4
 * ignores the promise, so a rejection is an `unhandledRejection` (which ends a Node 15+ process) and
 * the request never gets an answer. `asyncHandler` does on Express 4 what Express 5 does itself
 * (router 2.x `Layer.prototype.handleRequest`: `next(error || new Error('Rejected promise'))`), so
 * the vendor's error handler answers. On Express 5 it is harmless: the wrapper returns nothing, so
 * Express has no promise to follow and the rejection reaches `next` exactly once.
 *
 * @module
 */
import type { NextFunction, Request, Response } from 'express';

/** A route handler that may return a promise (an `async` function). */
export type AsyncRequestHandler<Req extends Request = Request, Res extends Response = Response> = (req: Req, res: Res, next: NextFunction) => unknown;

/** What `asyncHandler` returns: an ordinary Express handler. */
export type WrappedRequestHandler<Req extends Request = Request, Res extends Response = Response> = (req: Req, res: Res, next: NextFunction) => void;

/**
 * Wraps an async route handler so a rejected promise goes to `next(err)` (and so to
 * `vc.errorHandler`) on Express 4 as on Express 5. A rejection with no reason (`undefined`, `null`,
 * `false`…) becomes `new Error('Rejected promise')`, as Express 5 does, so it renders as a 500.
 * A synchronous throw is left to Express, which catches it on both majors.
 *
 * @example
 * import { asyncHandler, vendorCompat } from 'vendor-compat/express'
 * const vc = vendorCompat({ profile: 'vsp' })
 * app.use(vc.preconditions)
 * app.get('/ConfigurationManager/v1/objects/pools/:id', asyncHandler(async (req, res) => {
 *   res.json(await pools.get(req.params.id)) // a rejection answers as VSP, never crashes Express 4
 * }))
 * app.use(vc.notFound)
 * app.use(vc.errorHandler)
 */
export function asyncHandler<Req extends Request = Request, Res extends Response = Response>(handler: AsyncRequestHandler<Req, Res>): WrappedRequestHandler<Req, Res> {
  if (typeof handler !== 'function') throw new TypeError('asyncHandler(handler): handler must be a function');
  return function asyncRoute(req: Req, res: Res, next: NextFunction): void {
    const result = handler(req, res, next);
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      (result as PromiseLike<unknown>).then(undefined, (error: unknown) => {
        next(error || new Error('Rejected promise'));
      });
    }
  };
}
