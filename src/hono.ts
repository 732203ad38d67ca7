/**
 * Hono adapter (4), on top of the Fetch entry: `app.use(vc.preconditions)` first (request id,
 * preconditions, the body counted while it streams, anything a handler throws that is not an
 * `Error`, which Hono's compose rethrows instead of passing to `onError`), `app.onError(vc.errorHandler)`
 * and `app.notFound(vc.notFound)`; `vc.route(overrides)` adds per-route preconditions
 * (`app.use('/v1/volumes/*', vc.route({ methods: ['GET', 'DELETE'] }))`). With a route table
 * (options `routes`, `openapi`) the middleware judges each request by its route, and
 * `app.use(vc.validate)` validates a route's JSON body (read with Hono's cached `c.req.json()`).
 *
 * Hono copies the headers of a context's earlier response into the one an error handler returns
 * (`set res` in hono/context). Headers set with `c.header()` before a failure are kept only where
 * they do not contradict the error (the node writer's rule, src/core/response-headers.ts), and the
 * vendor's own headers always win. Hono is imported as types only.
 *
 * @module
 */
import type { SendErrorOptions } from './core/render';
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { kindAnswer, resolveAppConfig, type AppConfig, type VendorCompatOptions } from './core/app-config';
import { runtimeEnvironment } from './runtime-environment';
import type { Profile } from './core/define-profile';
import { isJsonMediaType } from './core/media-type';
import { formBodyOf } from './hono/form-body';
import type { ProfileName } from './profiles';
import type { PreconditionOverrides, PreconditionView } from './core/preconditions';
import { keepsOnError } from './core/response-headers';
import { createFetchGuard, deliveryOf, settled, type FetchGuard } from './fetch/app';
import { mayHaveBody } from './fetch/request';
import { writeRenderedResponse } from './node/writer';
import type { BodyCount } from './fetch/body-limit';
import { honoRoutedRequest } from './hono/routing';

/** Options for the Hono adapter: the same as every adapter's. */
export type HonoVendorCompatOptions<P extends ProfileName | Profile = ProfileName | Profile> = VendorCompatOptions<P>;

/** What `vendorCompat()` returns for Hono. */
export interface HonoVendorCompat {
  /** `app.use(vc.preconditions)` first: request id, preconditions, the route table's judgement, the body counted. */
  readonly preconditions: MiddlewareHandler;
  /** `app.onError(vc.errorHandler)`: anything thrown (an `Error`) rendered by the profile. */
  readonly errorHandler: ErrorHandler;
  /** The profile's answer for `err`, for a handler that answers an error itself (`return vc.errorResponse(c, err)`). */
  readonly errorResponse: (c: Context | Request, err: unknown, options?: SendErrorOptions) => Response;
  /** `app.notFound(vc.notFound)`: unmatched routes get the profile's 404. */
  readonly notFound: NotFoundHandler;
  /**
   * `app.use(vc.validate)` after `vc.preconditions`: for a route of the route table (options
   * `routes`, `openapi`) with a body schema, reads a JSON body with `c.req.json()` (Hono caches
   * it: the handler's own `c.req.json()` gets the same value), and an
   * `application/x-www-form-urlencoded` one with `c.req.text()` (the handler's `c.req.parseBody()`
   * reads the cached text), and answers a body that fails the schema with the profile's
   * validation answer. Invalid JSON gets the profile's badRequest.
   * Other requests pass untouched (nothing is read).
   */
  readonly validate: MiddlewareHandler;
  /** Per-route preconditions as a middleware: `overrides` merged over the app's, compiled now. */
  readonly route: (overrides: PreconditionOverrides) => MiddlewareHandler;
  /**
   * On Node, `@hono/node-server`'s `errorHandler` (`getRequestListener(app.fetch, { errorHandler:
   * vc.requestError })`): a request it refuses before Hono runs (a backslash in the path, a bad
   * Host) gets the profile's badRequest instead of a bare 400. The request could not be read, so
   * the answer names `GET /`, as Node's own parser errors do.
   */
  readonly requestError: (error: unknown) => Response;
  /** The id the client sees for this request. */
  readonly requestIdOf: (c: Context) => string | undefined;
  readonly profile: Profile;
}

/**
 * `@hono/node-server` (1.x and 2.x) sends nothing for a standard `Response` with no body that
 * carries this header: the app wrote to `c.env.outgoing` itself (its `RESPONSE_ALREADY_SENT`,
 * README "Direct response from Node.js API").
 */
const ALREADY_SENT = 'x-hono-already-sent';

/**
 * The "already sent" answer, built per request with the global `Response` as the server's own
 * `RESPONSE_ALREADY_SENT` is, so that it survives Hono's `new Response(null, res)` for HEAD.
 *
 * Under `overrideGlobalObjects` (the default of `serve` and `createAdaptorServer`) the global
 * `Response` is the server's lightweight one. While such an object still holds its constructor
 * arguments, the server writes its status and headers straight from them (`responseViaCache`)
 * without looking for the header: 2.x keeps a null body in that form too, so it would call
 * `writeHead` a second time, log `ERR_HTTP_HEADERS_SENT` and destroy the socket if the answer
 * has not finished flushing. Reading `body` turns it into a standard `Response` (the documented
 * Fetch property, answered by materialising), which both majors check for the header.
 */
function alreadySent(): Response {
  const marker = new Response(null, { headers: { [ALREADY_SENT]: 'true' } });
  void marker.body;
  return marker;
}

/** The Node response `@hono/node-server` puts in `c.env` (HttpBindings), if the app runs there. */
function outgoingOf(c: Context): { setHeader: (name: string, value: string | string[]) => unknown } | undefined {
  const env = c.env as { outgoing?: unknown } | undefined;
  const outgoing = env?.outgoing as { setHeader?: unknown; writeHead?: unknown } | undefined;
  return outgoing !== undefined && outgoing !== null && typeof outgoing.setHeader === 'function' && typeof outgoing.writeHead === 'function'
    ? (outgoing as { setHeader: (name: string, value: string | string[]) => unknown })
    : undefined;
}

/**
 * On `@hono/node-server` (1.x and 2.x), writes an error answer with the node writer, as every Node
 * adapter does: the server would drop the vendor's reason phrase (`writeHead(status, headers)`)
 * and 1.x would add `Content-Type: text/plain` to a vendor answer that has none (HCP,
 * `buildOutgoingHttpHeaders`). Returns the "already sent" response, or undefined where the answer
 * must go back as a `Response`.
 */
function writtenOnNode(c: Context, response: Response, old: Response | undefined, config: AppConfig): Response | undefined {
  const delivery = deliveryOf(response);
  const outgoing = outgoingOf(c);
  if (delivery === undefined || outgoing === undefined) return undefined;
  const res = outgoing as unknown as Parameters<typeof writeRenderedResponse>[0];
  if (old !== undefined && !res.headersSent) {
    // The writer removes what contradicts the error and what the vendor never sends.
    for (const [name, value] of old.headers) if (name !== 'set-cookie') res.setHeader(name, value);
    const cookies = old.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  }
  writeRenderedResponse(res, delivery.rendered, { removeHeaders: config.removeHeaders, closeConnection: delivery.closeConnection });
  return alreadySent();
}

/**
 * The Node request `@hono/node-server` puts in `c.env` (HttpBindings): a precondition view as it
 * is (method, raw target, lower-cased headers), so the checks need not build the lazy Request's
 * `Headers` (about a third of the adapter's cost per request on the bench machine).
 */
function incomingOf(c: Context): PreconditionView | undefined {
  const incoming = (c.env as { incoming?: { headers?: unknown; url?: unknown; method?: unknown } } | undefined)?.incoming;
  return incoming !== undefined && incoming !== null && typeof incoming.headers === 'object' && typeof incoming.url === 'string'
    ? (incoming as PreconditionView)
    : undefined;
}

/**
 * Puts `response` in place of whatever the context held: headers set before the failure that may
 * stay are copied in (the vendor's own win), then the old response is dropped, so that Hono's
 * `set res` has nothing left to merge back.
 */
function adopt(c: Context, response: Response, config: AppConfig): Response {
  let old: Response | undefined;
  try {
    old = c.res;
  } catch {
    old = undefined;
  }
  const written = writtenOnNode(c, response, old, config);
  if (written !== undefined) {
    c.res = undefined as unknown as Response;
    return written;
  }
  if (old !== undefined && old !== response) {
    for (const [name, value] of old.headers) {
      if (name === 'set-cookie' || response.headers.has(name) || !keepsOnError(name, config.removeHeaders)) continue;
      response.headers.set(name, value);
    }
    if (keepsOnError('set-cookie', config.removeHeaders)) for (const cookie of old.headers.getSetCookie()) response.headers.append('set-cookie', cookie);
  }
  c.res = undefined as unknown as Response; // no merge: Hono merges only into a held response
  return response;
}

/** The count of a request that carries no body (GET, HEAD): never wrapped, so never exceeded. */
const NO_BODY_COUNT: BodyCount = Object.freeze({ exceeded: false }) as BodyCount;

function guardMiddleware(guard: FetchGuard, config: AppConfig, appLevel: boolean): MiddlewareHandler {
  // Decided once, not per request: whether the engine asks how Hono routed the request (a route
  // table only), and whether a success gets the id header.
  const routed = config.options.routes !== undefined || config.options.openapi !== undefined;
  const idOnSuccess = appLevel && config.requestIdOnSuccess && config.requestIdHeader !== undefined;
  return async function vendorCompatHono(c: Context, next: () => Promise<void>): Promise<Response | void> {
    const request = c.req.raw;
    const id = guard.requestIdOf(request);
    // Where the vendor sends the id on every response: on @hono/node-server straight on the Node
    // response (writeHead merges it, no Headers object is built); elsewhere after the handler.
    const outgoing = idOnSuccess && id !== undefined ? outgoingOf(c) : undefined;
    if (outgoing !== undefined) outgoing.setHeader(config.requestIdHeader as string, id as string);
    // Hono's routed path (`c.req.path`) and `c.req.queries()`, read only with a route table.
    const rejection = guard.check(request, incomingOf(c), routed ? () => honoRoutedRequest(c) : undefined);
    if (rejection !== undefined) {
      await settled(rejection);
      c.res = adopt(c, rejection, config);
      return;
    }
    let count = NO_BODY_COUNT;
    if (mayHaveBody(request)) {
      count = { exceeded: false };
      const limited = guard.prepare(request, count);
      if (limited !== request) c.req.raw = limited;
    }
    try {
      await next();
    } catch (thrown) {
      // Hono hands only Errors to onError: the rest (a string, undefined, a plain object) lands here.
      if (!count.exceeded && !appLevel) throw thrown;
      c.res = adopt(c, count.exceeded ? guard.tooLarge(request) : guard.errorResponse(request, thrown), config);
      return;
    }
    if (count.exceeded) {
      // Hono's onError may have answered the failed read already (with the 413: errorResponse sees the count).
      if (!guard.answered(request)) c.res = adopt(c, guard.tooLarge(request), config);
      return;
    }
    if (idOnSuccess && outgoing === undefined && c.res !== undefined) {
      const finished = guard.finish(request, c.res);
      if (finished !== c.res) c.res = finished;
    }
  };
}


/**
 * A JSON parse failure, recognised by name: earlier Hono 4 releases hand the body to the
 * platform's `Request.json()`, whose `SyntaxError` may come from another realm (a `vm` context, a
 * test runner) where `instanceof` fails.
 */
function isSyntaxError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'SyntaxError';
}

function validateMiddleware(guard: FetchGuard, config: AppConfig): MiddlewareHandler {
  const invalidJson = kindAnswer('badRequest');
  return async function vendorCompatHonoValidate(c: Context, next: () => Promise<void>): Promise<void> {
    const request = c.req.raw;
    if (!guard.validatesBody(request)) {
      await next();
      return;
    }
    let body: unknown;
    if (request.body !== null && isJsonMediaType(request.headers.get('content-type') ?? undefined)) {
      try {
        body = await c.req.json();
      } catch (error) {
        // Anything but a parse error (a body past the limit errors the stream) goes back to
        // vc.preconditions, which answers it once (413 when the count was exceeded).
        if (!isSyntaxError(error)) throw error;
        c.res = adopt(c, guard.errorResponse(request, invalidJson), config);
        return;
      }
    } else {
      // A form body is read as text (Hono caches it: the handler's parseBody() reads the same).
      body = await formBodyOf(c);
    }
    const rejection = guard.validate(request, body);
    if (rejection !== undefined) {
      c.res = adopt(c, rejection, config);
      return;
    }
    await next();
  };
}

/**
 * Builds the Hono handlers for one profile.
 *
 * @example
 * import { Hono } from 'hono'
 * import { vendorCompat } from 'vendor-compat/hono'
 *
 * const app = new Hono()
 * const vc = vendorCompat({ profile: 'apig' })
 * app.use(vc.preconditions)
 * app.use(vc.validate) // the route table's body schemas, when vendorCompat({ routes }) or { openapi } has them
 * app.use('/v1/volumes/*', vc.route({ methods: ['GET', 'DELETE'] }))
 * app.get('/v1/volumes/:id', (c) => { throw notFound(`Volume ${c.req.param('id')} does not exist`) })
 * app.onError(vc.errorHandler)
 * app.notFound(vc.notFound)
 */
export function vendorCompat<P extends ProfileName | Profile = 'problem'>(options: HonoVendorCompatOptions<P> = {}): HonoVendorCompat {
  const config = resolveAppConfig(options, [], runtimeEnvironment());
  const guard = createFetchGuard(config);
  return Object.freeze({
    preconditions: guardMiddleware(guard, config, true),
    errorHandler: (err: unknown, c: Context): Response => adopt(c, guard.errorResponse(c.req.raw, err), config),
    errorResponse: (c: Context | Request, err: unknown, options?: SendErrorOptions): Response =>
      c instanceof Request || !('req' in c) ? guard.errorResponse(c as Request, err, options) : adopt(c, guard.errorResponse(c.req.raw, err, options), config),
    // Nothing to keep for an unmatched route, and Hono assigns what this returns only while the
    // context is not finalized: the response goes back as it is.
    notFound: (c: Context): Response => {
      const response = guard.notFound(c.req.raw);
      return writtenOnNode(c, response, undefined, config) ?? response;
    },
    validate: validateMiddleware(guard, config),
    route: (overrides: PreconditionOverrides): MiddlewareHandler => guardMiddleware(guard.forRoute(overrides), config, false),
    requestError: (error: unknown): Response => guard.unreadable(error),
    requestIdOf: (c: Context): string | undefined => guard.requestIdOf(c.req.raw),
    profile: config.profile,
  });
}

export type { VendorCompatOptions, ErrorEvent, ErrorSource, OnError } from './core/app-config';
export type { PreconditionOverrides } from './core/preconditions';
