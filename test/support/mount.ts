/**
 * The one place the test servers read the adapters' public names. Every builder in test/support
 * mounts vendor-compat through these functions, which hand back each adapter's handlers under the
 * target vocabulary (docs: one name per concept on every adapter): `preconditions`, `route`,
 * `validate`, `errorHandler`, `sendError`/`errorResponse`, `notFound`, `attach`, `requestError`,
 * `wrap`. When an adapter renames a member, only this file changes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Context as KoaContext, Middleware as KoaMiddleware } from 'koa';
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as fastifyVendorCompat } from '../../src/fastify';
import { vendorCompat as fetchVendorCompat, type FetchHandler } from '../../src/fetch';
import { vendorCompat as honoVendorCompat } from '../../src/hono';
import { vendorCompat as nodeVendorCompat } from '../../src/node';
import type { VendorCompatOptions } from '../../src/core/app-config';
import type { SendErrorOptions } from '../../src/core/render';
import type { PreconditionOverrides } from '../../src/core/preconditions';

/** Options every adapter takes. */
export type MountOptions = VendorCompatOptions;

/** Express 4 and 5, in mounting order. */
export interface ExpressMount {
  readonly preconditions: RequestHandler;
  readonly route: (overrides: PreconditionOverrides) => RequestHandler;
  readonly validate: RequestHandler;
  readonly notFound: RequestHandler;
  readonly errorHandler: ErrorRequestHandler;
  readonly sendError: (req: IncomingMessage, res: ServerResponse, error: unknown, options?: SendErrorOptions) => boolean;
  readonly attach: (server: Server) => Server;
}

/**
 * The Express adapter's handlers.
 *
 * @example
 * const vc = expressMount({ profile: 'vsp' })
 * app.use(vc.preconditions)
 */
export function expressMount(options: MountOptions): ExpressMount {
  const vc = expressVendorCompat(options);
  return {
    preconditions: vc.preconditions,
    route: vc.route,
    validate: vc.validate,
    notFound: vc.notFound,
    errorHandler: vc.errorHandler,
    sendError: vc.sendError,
    attach: vc.attach,
  };
}

/** Koa 2 and 3: `preconditions` goes first and also catches what downstream throws. */
export interface KoaMount {
  readonly preconditions: KoaMiddleware;
  readonly route: (overrides: PreconditionOverrides) => KoaMiddleware;
  readonly validate: KoaMiddleware;
  readonly sendError: (ctx: KoaContext, error: unknown, options?: SendErrorOptions) => boolean;
  readonly attach: (server: Server) => Server;
}

/**
 * The Koa adapter's handlers.
 *
 * @example
 * const vc = koaMount({ profile: 'apig' })
 * app.use(vc.preconditions)
 */
export function koaMount(options: MountOptions): KoaMount {
  const vc = koaVendorCompat(options);
  return { preconditions: vc.preconditions, route: vc.route, validate: vc.validate, sendError: vc.sendError, attach: vc.attach };
}

/** A node:http request check: true when the request may go on. */
export type NodeCheck = (req: IncomingMessage, res: ServerResponse) => boolean;

/** node:http through `vendorCompat()`. */
export interface NodeMount {
  readonly preconditions: NodeCheck;
  readonly route: (overrides: PreconditionOverrides) => NodeCheck;
  readonly validate: (req: IncomingMessage, res: ServerResponse, body: unknown) => boolean;
  readonly sendError: (req: IncomingMessage, res: ServerResponse, error: unknown, options?: SendErrorOptions) => boolean;
  readonly notFound: (req: IncomingMessage, res: ServerResponse) => boolean;
  readonly attach: (server: Server) => Server;
}

/**
 * The node:http entry's handlers (`vendorCompat()`, not the older free functions).
 *
 * @example
 * const vc = nodeMount({ profile: 'hcp' })
 * vc.attach(http.createServer((req, res) => { if (!vc.preconditions(req, res)) return; vc.notFound(req, res) }))
 */
export function nodeMount(options: MountOptions): NodeMount {
  const vc = nodeVendorCompat(options);
  return { preconditions: vc.preconditions, route: vc.route, validate: vc.validate, sendError: vc.sendError, notFound: vc.notFound, attach: vc.attach };
}

/**
 * The Fastify plugin: `await app.register(fastifyPlugin, options)`.
 *
 * @example
 * void app.register(fastifyPlugin, { profile: 'mpc' })
 */
export const fastifyPlugin = fastifyVendorCompat;

/** Per-route preconditions of the Fetch entry. */
export interface FetchRouteMount {
  readonly wrap: <A extends unknown[]>(handler: FetchHandler<A>) => (request: Request, ...args: A) => Promise<Response>;
  readonly preconditions: (request: Request) => Response | undefined;
}

/** The plain Fetch entry. */
export interface FetchMount extends FetchRouteMount {
  readonly route: (overrides: PreconditionOverrides) => FetchRouteMount;
  readonly validate: (request: Request, body: unknown) => Response | undefined;
  readonly errorResponse: (request: Request, thrown: unknown, options?: SendErrorOptions) => Response;
  readonly notFound: (request: Request) => Response;
}

/**
 * The Fetch entry's handlers.
 *
 * @example
 * const vc = fetchMount({ profile: 'stratos' })
 * const fetch = vc.wrap(async (request) => vc.notFound(request))
 */
export function fetchMount(options: MountOptions): FetchMount {
  const vc = fetchVendorCompat(options);
  return {
    wrap: vc.wrap,
    preconditions: vc.preconditions,
    route: vc.route,
    validate: vc.validate,
    errorResponse: vc.errorResponse,
    notFound: vc.notFound,
  };
}

/** Hono 4. */
export interface HonoMount {
  readonly preconditions: MiddlewareHandler;
  readonly route: (overrides: PreconditionOverrides) => MiddlewareHandler;
  readonly validate: MiddlewareHandler;
  readonly errorHandler: ErrorHandler;
  readonly notFound: NotFoundHandler;
  /** `@hono/node-server`'s `errorHandler`: what it refuses before Hono runs. */
  readonly requestError: (error: unknown) => Response;
  readonly requestIdOf: (c: Context) => string | undefined;
  readonly errorResponse: (c: Context | Request, err: unknown, options?: SendErrorOptions) => Response;
}

/**
 * The Hono adapter's handlers.
 *
 * @example
 * const vc = honoMount({ profile: 'problem' })
 * app.use(vc.preconditions); app.onError(vc.errorHandler); app.notFound(vc.notFound)
 */
export function honoMount(options: MountOptions): HonoMount {
  const vc = honoVendorCompat(options);
  return {
    preconditions: vc.preconditions,
    route: vc.route,
    validate: vc.validate,
    errorHandler: vc.errorHandler,
    notFound: vc.notFound,
    requestError: vc.requestError,
    requestIdOf: vc.requestIdOf,
    errorResponse: vc.errorResponse,
  };
}
