/**
 * Koa adapter (2 and 3): `app.use(vc.preconditions)` first. It assigns the request id, runs
 * the preconditions, maps anything thrown below it and unmatched routes (status 404 with no body)
 * to the profile, and re-emits 5xx on `app.on('error')` as Koa's own handler would
 * (koa `docs/error-handling.md`). `vc.route(overrides)` adds per-route preconditions. Koa is
 * imported as types only.
 *
 * @module
 */
import type { SendErrorOptions } from './core/render';
import type { Context, Middleware, Next } from 'koa';
import type { Server } from 'node:http';
import { format } from 'node:util';
import { compiledOf, type Profile } from './core/define-profile';
import { kindForStatus } from './core/kinds';
import type { ProfileName } from './profiles';
import { assignRequestId, kindAnswer, requestIdOf, resolveAppConfig, sendRenderedError, type ErrorSource, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { koaRoutedRequest } from './koa/routing';
import { createPreconditionGuard, type PreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';

/** Options for the Koa adapter: `profile`, `vars`, `preconditions`, `errors`, `onError`, `requestId`, `routes`, `openapi`. */
export type KoaVendorCompatOptions<P extends ProfileName | Profile = ProfileName | Profile> = VendorCompatOptions<P>;

/** What `vendorCompat()` returns for Koa. */
export interface KoaVendorCompat {
  /**
   * `app.use(vc.preconditions)` first: the request id, the preconditions and the route table's
   * judgement; it also answers anything thrown below it and error statuses set with no body, in
   * the profile's words (Koa's error model: the first middleware catches).
   */
  readonly preconditions: Middleware;
  /**
   * Per-route preconditions (`router.all('/volumes', vc.route({ methods: ['GET', 'POST'] }))`):
   * `overrides` merged over the app's, compiled now. They tighten the app's checks.
   */
  readonly route: (overrides: PreconditionOverrides) => Middleware;
  /**
   * Mount after the body parser (`app.use(bodyParser()); app.use(vc.validate)`): judges
   * `ctx.request.body` against the route table's body schema (options `routes`, `openapi`).
   */
  readonly validate: Middleware;
  /** `app.use(vc.notFound)` last: a request no route answered gets the profile's 404. */
  readonly notFound: Middleware;
  /** Renders `error` as a route's throw (error rules, `onError`) and writes it on `ctx`. False when it could not be written. */
  readonly sendError: (ctx: Context, error: unknown, options?: SendErrorOptions) => boolean;
  /** The id the client sees for this request (or the one the `requestId` option made for logs). */
  readonly requestIdOf: (ctx: Context) => string | undefined;
  /** Installs the `checkContinue`, `checkExpectation` and `clientError` hooks and returns the server. */
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

/** What the middleware returns when it answered the request itself: one settled promise for all. */
const ANSWERED: Promise<void> = Promise.resolve();

/** Runs a guard; a rejected request is answered by the node writer, so Koa must not respond. */
function admitted(guard: PreconditionGuard, ctx: Context): boolean {
  // @koa/router's routed path and `ctx.query`.
  if (guard.admit(ctx.req, ctx.res, ctx.originalUrl, () => koaRoutedRequest(ctx))) return true;
  ctx.respond = false;
  return false;
}

/**
 * Builds the Koa middleware for one profile.
 *
 * @example
 * const app = new Koa()
 * const vc = vendorCompat({ profile: 'apig' })
 * app.use(vc.preconditions)
 * router.post('/v1/volumes', vc.route({ requestMediaTypes: ['application/json'], maxBodyBytes: 1024 }), createVolume)
 * app.use(router.routes())
 * app.use(vc.notFound)
 * vc.attach(app.listen(3000))
 */
export function vendorCompat<P extends ProfileName | Profile = 'problem'>(options: KoaVendorCompatOptions<P> = {}): KoaVendorCompat {
  const config = resolveAppConfig(options);
  const guard = createPreconditionGuard(config);
  const unmatched = kindAnswer('notFound'); // one frozen answer for every unmatched request

  /** Answers a thrown value (`thrown` is what was caught) or the library's own answer (`own`). */
  function fail(ctx: Context, thrown: unknown, own?: { readonly source: ErrorSource }): void {
    ctx.respond = false; // the node writer answers; Koa must not write a second response
    const source = own?.source ?? 'route';
    const { rendered } = sendRenderedError(ctx.req, ctx.res, thrown, config, { url: ctx.originalUrl, source, error: own === undefined ? thrown : undefined });
    // Koa re-emits server errors; "server error" is what the vendor answers (Stratos: 405 → 500).
    if (rendered.status >= 500 && own === undefined) emitServerError(ctx, thrown);
  }

  /**
   * An error status set with no body by any middleware below (`ctx.status = 403`, `@koa/router`'s
   * `allowedMethods()` 405 and 501) would get Koa's plain-text reason phrase (`lib/application.js`
   * respond). It becomes the vendor's answer for that status instead; `Allow` goes with it only
   * where the vendor answers 405 (APIG answers 404 APIG.0101 and HCP 404 on GET: no Allow there).
   */
  function answerBareStatus(ctx: Context): void {
    const status = ctx.status;
    if (status === 404) {
      fail(ctx, unmatched, { source: 'notFound' });
      return;
    }
    const kind = kindForStatus(status);
    const allow = ctx.response.get('Allow');
    const answered = compiledOf(config.profile).resolve(kind, ctx.method).status;
    if (answered !== 405) ctx.res.removeHeader('allow');
    const headers = typeof allow === 'string' && allow !== '' && answered === 405 ? { allow } : undefined;
    fail(ctx, kindAnswer(kind, headers), { source: 'route' });
  }

  /**
   * After everything below resolved. `ctx.res.statusCode` and `ctx.res.headersSent` are what the
   * `ctx.status` and `ctx.headerSent` getters return (koa lib/response.js) without their
   * delegate hops; the body is read once.
   */
  function afterNext(ctx: Context): void {
    const res = ctx.res;
    const body = ctx.response.body as unknown;
    if (body == null) {
      if (res.statusCode >= 400 && ctx.respond !== false && !res.headersSent) answerBareStatus(ctx);
      return;
    }
    closeOnLateStreamError(ctx, body);
  }

  /**
   * Not an async function: `next().then(…)` costs one promise and one job where `try { await
   * next() }` costs two promises and the async frame (bench/koa-micro.js, BENCHMARKS.md "Issue
   * 9"). A `next` that throws, or returns something that is not a promise, is still handled.
   */
  function vendorCompatMiddleware(ctx: Context, next: Next): Promise<void> {
    assignRequestId(ctx.req, ctx.res, config);
    if (!admitted(guard, ctx)) return ANSWERED;
    let below: Promise<unknown>;
    try {
      below = Promise.resolve(next());
    } catch (thrown) {
      fail(ctx, thrown);
      return ANSWERED;
    }
    return below.then(
      () => afterNext(ctx),
      (thrown: unknown) => fail(ctx, thrown),
    );
  }

  /**
   * Koa 2 pipes a stream body (`body.pipe(res)`) and, when the stream fails after the headers went
   * out, only emits 'error' (`ctx.onerror` returns on headerSent): the response never ends and the
   * connection stays open until the client gives up. Koa 3's `stream.pipeline` destroys it. Close
   * it as the writer closes any started response that failed (flush, then close).
   */
  function closeOnLateStreamError(ctx: Context, value: unknown): void {
    const body = value as { pipe?: unknown; once?: unknown };
    if (typeof body.pipe !== 'function' || typeof body.once !== 'function') return;
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

  function validate(ctx: Context, next: Next): Promise<void> | undefined {
    if (guard.validateBody(ctx.req, ctx.res, (ctx.request as { body?: unknown }).body, ctx.originalUrl)) return next();
    ctx.respond = false; // the node writer answered
    return undefined;
  }

  function notFound(ctx: Context): void {
    fail(ctx, unmatched, { source: 'notFound' });
  }

  function sendError(ctx: Context, error: unknown, options?: SendErrorOptions): boolean {
    ctx.respond = false; // the node writer answers; Koa must not write a second response
    return sendRenderedError(ctx.req, ctx.res, error, config, { url: ctx.originalUrl, embedInOk: options?.embedInOk === true }).written;
  }

  return Object.freeze({
    preconditions: vendorCompatMiddleware,
    route,
    validate,
    notFound,
    sendError,
    requestIdOf: (ctx: Context): string | undefined => requestIdOf(ctx.req),
    attach: (server: Server): Server => attachToServer(server, config, guard),
    profile: config.profile,
  });
}

export type { VendorCompatOptions, ErrorEvent, ErrorSource, OnError } from './node/app-config';
export { type PreconditionOverrides } from './node/precondition-guard';
