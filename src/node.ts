/**
 * Plain `node:http` entry, in the same shape as the other adapters:
 * `const vc = vendorCompat(options)` gives `vc.preconditions(req, res)`, `vc.route(overrides)`,
 * `vc.sendError(req, res, err)`, `vc.notFound(req, res)` and `vc.attach(server)`, compiled once.
 * The older functions `preconditions(req, res, options)`, `sendError(req, res, err, options)` and
 * `attach(server, options)` keep working (options compiled once per object identity).
 *
 * @module
 */
import type { SendErrorOptions } from './core/render';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Profile } from './core/define-profile';
import type { ProfileName } from './profiles';
import { assignRequestId, kindAnswer, requestIdOf, resolveAppConfig, sendRenderedError, type AppConfig, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';

/** Options for the node:http entry: `profile`, `vars`, `preconditions`, `errors`, `onError`, `requestId`, `routes`, `openapi`. */
export type NodeVendorCompatOptions<P extends ProfileName | Profile = ProfileName | Profile> = VendorCompatOptions<P>;

/** A request check: true when the request may go on, false when it was answered. */
export type RequestCheck = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What `vendorCompat()` returns for node:http. */
export interface NodeVendorCompat {
  /** Request id, then the app's preconditions. True when the request may go on; false when it was answered. */
  readonly preconditions: RequestCheck;
  /**
   * The check for one route: `overrides` merged over the app's settings, compiled now, run INSTEAD of
   * `vc.preconditions` (one pass, not two), e.g. `const items = vc.route({ methods: ['GET', 'POST'] })`.
   */
  readonly route: (overrides: PreconditionOverrides) => RequestCheck;
  /**
   * Judges a parsed body against the route table's body schema (options `routes`, `openapi`)
   * after your own body parsing: `if (!vc.validate(req, res, JSON.parse(text))) return`. True when
   * the request may go on; false when it was answered in the profile's words.
   */
  readonly validate: (req: IncomingMessage, res: ServerResponse, body: unknown) => boolean;
  /** Renders `error` as a route's throw (error rules, `onError`). Never throws; false if it could not be written. */
  readonly sendError: (req: IncomingMessage, res: ServerResponse, error: unknown, options?: SendErrorOptions) => boolean;
  /** Answers the profile's 404 for an unmatched route (reported as `source: 'notFound'`). */
  readonly notFound: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Installs the `checkContinue`, `checkExpectation` and `clientError` hooks and returns the server. */
  readonly attach: (server: Server) => Server;
  /** The id the client sees for this request (or the one the `requestId` option made for logs). */
  readonly requestIdOf: (req: IncomingMessage) => string | undefined;
  readonly profile: Profile;
}

function checkWith(config: AppConfig, guard: PreconditionGuard): RequestCheck {
  return function vendorCompatPreconditions(req: IncomingMessage, res: ServerResponse): boolean {
    assignRequestId(req, res, config);
    return guard.admit(req, res);
  };
}

/**
 * Builds the node:http handlers for one profile.
 *
 * @example
 * const vc = vendorCompat({ profile: 'stratos', onError: (event) => log.error(event) })
 * const volumes = vc.route({ methods: ['GET', 'POST'], maxBodyBytes: 65536 })
 * const server = http.createServer((req, res) => {
 *   if (req.url?.startsWith('/api/volumes')) {
 *     if (!volumes(req, res)) return
 *     return handleVolumes(req, res).catch((err) => vc.sendError(req, res, err))
 *   }
 *   if (!vc.preconditions(req, res)) return
 *   vc.notFound(req, res)
 * })
 * vc.attach(server).listen(3000)
 */
export function vendorCompat<P extends ProfileName | Profile = 'problem'>(options: NodeVendorCompatOptions<P> = {}): NodeVendorCompat {
  const config = resolveAppConfig(options);
  const guard = createPreconditionGuard(config);
  const unmatched = kindAnswer('notFound');
  return Object.freeze({
    preconditions: checkWith(config, guard),
    route: (overrides: PreconditionOverrides): RequestCheck => checkWith(config, guard.forRoute(overrides)),
    validate: (req: IncomingMessage, res: ServerResponse, body: unknown): boolean => guard.validateBody(req, res, body),
    sendError: (req: IncomingMessage, res: ServerResponse, error: unknown, options?: SendErrorOptions): boolean =>
      sendRenderedError(req, res, error, config, { embedInOk: options?.embedInOk === true }).written,
    notFound: (req: IncomingMessage, res: ServerResponse): boolean => sendRenderedError(req, res, unmatched, config, { source: 'notFound' }).written,
    attach: (server: Server): Server => attachToServer(server, config, guard),
    requestIdOf,
    profile: config.profile,
  });
}

export type { VendorCompatOptions, ErrorEvent, ErrorSource, OnError } from './node/app-config';
export { type PreconditionOverrides } from './node/precondition-guard';
