/**
 * Koa adapter (2 and 3): `app.use(vendorCompat(options))` first. It assigns the request id, runs
 * the preconditions, maps anything thrown below it and unmatched routes (status 404 with no body)
 * to the profile, and re-emits 5xx on `app.on('error')` as Koa's own handler would
 * (koa `docs/error-handling.md`). Koa is imported as types only.
 *
 * @module
 */
import type { Context, Middleware, Next } from 'koa';
import type { Server } from 'node:http';
import { createVendorError } from './core/errors';
import type { Profile } from './core/define-profile';
import { normalize } from './core/normalize';
import { KINDS } from './core/kinds';
import { assignRequestId, resolveAppConfig, sendRenderedError, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';

/** Options for the Koa adapter. */
export interface KoaVendorCompatOptions extends VendorCompatOptions {
  /** App-wide precondition overrides (see the README "Preconditions" section). */
  readonly preconditions?: PreconditionOverrides;
}

/** The Koa middleware, with the server hooks and the profile attached. */
export interface KoaVendorCompat extends Middleware {
  readonly attach: (server: Server) => Server;
  readonly profile: Profile;
}

/**
 * Builds the Koa middleware for one profile.
 *
 * @example
 * const app = new Koa()
 * const vc = vendorCompat({ profile: 'apig' })
 * app.use(vc)
 * app.use(router.routes())
 * vc.attach(app.listen(3000))
 */
export function vendorCompat(options: KoaVendorCompatOptions = {}): KoaVendorCompat {
  const config = resolveAppConfig(options);
  const guard = createPreconditionGuard(config, options.preconditions);

  function fail(ctx: Context, thrown: unknown): void {
    ctx.respond = false; // the node writer answers; Koa must not write a second response
    sendRenderedError(ctx.req, ctx.res, thrown, config, ctx.originalUrl);
    if (KINDS[normalize(thrown).kind].status >= 500) ctx.app.emit('error', thrown, ctx);
  }

  async function vendorCompatMiddleware(ctx: Context, next: Next): Promise<void> {
    assignRequestId(ctx.req, ctx.res, config);
    const violation = guard.check(ctx.req);
    if (violation !== undefined) {
      ctx.respond = false;
      guard.reject(ctx.req, ctx.res, violation, ctx.originalUrl);
      return;
    }
    try {
      await next();
    } catch (thrown) {
      fail(ctx, thrown);
      return;
    }
    if (ctx.status === 404 && ctx.body == null && ctx.respond !== false && !ctx.headerSent) {
      fail(ctx, createVendorError('notFound'));
    }
  }

  return Object.assign(vendorCompatMiddleware, {
    attach: (server: Server): Server => attachToServer(server, config, guard),
    profile: config.profile,
  });
}

export { type VendorCompatOptions } from './node/app-config';
