/**
 * Koa adapter (2 and 3): `app.use(vendorCompat(options))` first. It assigns the request id, runs
 * the preconditions, maps anything thrown below it and unmatched routes (status 404 with no body)
 * to the profile, and re-emits 5xx on `app.on('error')` as Koa's own handler would
 * (koa `docs/error-handling.md`). `vc.route(overrides)` adds per-route preconditions. Koa is
 * imported as types only.
 *
 * @module
 */
import type { Context, Middleware, Next } from 'koa';
import type { Server } from 'node:http';
import { format } from 'node:util';
import type { Profile } from './core/define-profile';
import { assignRequestId, kindAnswer, resolveAppConfig, sendRenderedError, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';

/** Options for the Koa adapter (`preconditions`: app-wide overrides). */
export type KoaVendorCompatOptions = VendorCompatOptions;

/** The Koa middleware, with per-route preconditions, the server hooks and the profile attached. */
export interface KoaVendorCompat extends Middleware {
  /**
   * Per-route preconditions (`router.all('/volumes', vc.route({ methods: ['GET', 'POST'] }))`):
   * `overrides` merged over the app's, compiled now. They tighten the app's checks.
   */
  readonly route: (overrides: PreconditionOverrides) => Middleware;
  readonly attach: (server: Server) => Server;
  readonly profile: Profile;
}

function isNativeError(value: unknown): boolean {
  try {
    return Object.prototype.toString.call(value) === '[object Error]' || value instanceof Error;
  } catch {
    return false; // a revoked Proxy, or a trap that throws
  }
}

/**
 * Emits a 5xx on `app.on('error')` as Koa's `ctx.onerror` would: a value that is not an Error is
 * wrapped first (Koa's default `app.onerror` throws a TypeError for one). A listener that throws
 * on a hostile value (Koa's reads `err.status` and `err.expose`) must not turn the answered request
 * into a rejection: Koa would hand it to `ctx.onerror`, whose `%j` formatting throws on a BigInt
 * or a revoked Proxy, and that rejection is unhandled (test/hardening/regressions.test.ts).
 */
function emitServerError(ctx: Context, thrown: unknown): void {
  try {
    if (isNativeError(thrown)) {
      ctx.app.emit('error', thrown, ctx);
      return;
    }
    let text: string;
    try {
      text = format('%j', thrown);
    } catch {
      text = typeof thrown;
    }
    ctx.app.emit('error', new Error(`non-error thrown: ${text.slice(0, 256)}`), ctx);
  } catch {
    // a listener failed; the response is already written
  }
}

/** Runs a guard; a rejected request is answered by the node writer, so Koa must not respond. */
function admitted(guard: PreconditionGuard, ctx: Context): boolean {
  if (guard.admit(ctx.req, ctx.res, ctx.originalUrl)) return true;
  ctx.respond = false;
  return false;
}

/**
 * Builds the Koa middleware for one profile.
 *
 * @example
 * const app = new Koa()
 * const vc = vendorCompat({ profile: 'apig' })
 * app.use(vc)
 * router.post('/v1/volumes', vc.route({ requestMediaTypes: ['application/json'], maxBodyBytes: 1024 }), createVolume)
 * app.use(router.routes())
 * vc.attach(app.listen(3000))
 */
export function vendorCompat(options: KoaVendorCompatOptions = {}): KoaVendorCompat {
  const config = resolveAppConfig(options);
  const guard = createPreconditionGuard(config);
  const unmatched = kindAnswer('notFound'); // one frozen answer for every unmatched request

  function fail(ctx: Context, thrown: unknown): void {
    ctx.respond = false; // the node writer answers; Koa must not write a second response
    const { rendered } = sendRenderedError(ctx.req, ctx.res, thrown, config, ctx.originalUrl);
    // Koa re-emits server errors; "server error" is what the vendor answers (Stratos: 405 → 500).
    if (rendered.status >= 500) emitServerError(ctx, thrown);
  }

  async function vendorCompatMiddleware(ctx: Context, next: Next): Promise<void> {
    assignRequestId(ctx.req, ctx.res, config);
    if (!admitted(guard, ctx)) return;
    try {
      await next();
    } catch (thrown) {
      fail(ctx, thrown);
      return;
    }
    if (ctx.status === 404 && ctx.body == null && ctx.respond !== false && !ctx.headerSent) {
      fail(ctx, unmatched);
    }
    closeOnLateStreamError(ctx);
  }

  /**
   * Koa 2 pipes a stream body (`body.pipe(res)`) and, when the stream fails after the headers went
   * out, only emits 'error' (`ctx.onerror` returns on headerSent): the response never ends and the
   * connection stays open until the client gives up. Koa 3's `stream.pipeline` destroys it. Close
   * it as the writer closes any started response that failed (flush, then close).
   */
  function closeOnLateStreamError(ctx: Context): void {
    const body = ctx.body as { pipe?: unknown; once?: unknown } | null | undefined;
    if (body == null || typeof body.pipe !== 'function' || typeof body.once !== 'function') return;
    (body as NodeJS.ReadableStream).once('error', (error: unknown) => {
      if (ctx.res.headersSent) sendRenderedError(ctx.req, ctx.res, error, config, ctx.originalUrl);
    });
  }

  function route(overrides: PreconditionOverrides): Middleware {
    const routeGuard = guard.forRoute(overrides);
    return function vendorCompatRoutePreconditions(ctx: Context, next: Next): Promise<void> | undefined {
      return admitted(routeGuard, ctx) ? next() : undefined;
    };
  }

  return Object.assign(vendorCompatMiddleware, {
    route,
    attach: (server: Server): Server => attachToServer(server, config, guard),
    profile: config.profile,
  });
}

export { type VendorCompatOptions } from './node/app-config';
export { type PreconditionOverrides } from './node/precondition-guard';
