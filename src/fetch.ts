/**
 * Fetch-API entry, for any runtime with `Request` and `Response` (Node 20, Bun, Deno, Cloudflare
 * Workers, Next.js route handlers): `vendorCompat(options)` gives `wrap(handler)` (request id,
 * preconditions, the body counted while the handler streams it, thrown errors), `errorResponse`,
 * `preconditions`, `notFound`, per-route `route(overrides)`, and `validate(request, body)` for the route
 * table's body schemas (options `routes`, `openapi`: the table is judged in `wrap` and `preconditions`). It loads nothing from `node:*` and not
 * http-errors (which requires `path` through depd): test/fetch/neutral-bundle.test.ts bundles it
 * for a neutral platform and runs it with every Node built-in refused.
 *
 * Headers are a `Headers` object, so their names go out lower-cased (HTTP/2 and every Fetch
 * runtime do the same); values and body bytes are the vendor's exactly. Server-level answers
 * (Node's parser errors, `Expect`) belong to the runtime: on Node use `vendor-compat/node`'s
 * `attach` for those.
 *
 * @module
 */
import type { SendErrorOptions } from './core/render';
import { resolveAppConfig, type VendorCompatOptions } from './core/app-config';
import { runtimeEnvironment } from './runtime-environment';
import type { Profile } from './core/define-profile';
import type { ProfileName } from './profiles';
import type { PreconditionOverrides } from './core/preconditions';
import { createFetchGuard, type FetchGuard, type FetchHandler } from './fetch/app';

/** Options for the Fetch entry: the same as every adapter's. */
export type FetchVendorCompatOptions<P extends ProfileName | Profile = ProfileName | Profile> = VendorCompatOptions<P>;

/** The checks and answers of one route (`vc.route(overrides)`). */
export interface FetchRouteCompat {
  /** Wraps a route handler with the route's own preconditions (the app's have run in `vc.wrap`). */
  readonly wrap: <A extends unknown[]>(handler: FetchHandler<A>) => (request: Request, ...args: A) => Promise<Response>;
  /** The rejection of `request` (request id, preconditions, the route table's judgement), or undefined when it may go on. */
  readonly preconditions: (request: Request) => Response | undefined;
}

/** What `vendorCompat()` returns for Fetch. */
export interface FetchVendorCompat extends FetchRouteCompat {
  /** The profile's answer for a thrown value (after the `errors` rules); HEAD answers carry no body. */
  readonly errorResponse: (request: Request, thrown: unknown, options?: SendErrorOptions) => Response;
  /** The profile's answer for an unmatched route. */
  readonly notFound: (request: Request) => Response;
  /** Per-route preconditions: `overrides` merged over the app's, compiled now (a `TypeError` for a bad key or value). */
  readonly route: (overrides: PreconditionOverrides) => FetchRouteCompat;
  /**
   * Judges a body the handler parsed against the route table's body schema (options `routes`,
   * `openapi`; chosen by the request's Content-Type): the profile's validation answer to return,
   * or undefined when the body may go on. Params, query and headers are judged in `wrap`/`check`.
   *
   * @example
   * const body = await request.json()
   * const rejection = vc.validate(request, body)
   * if (rejection) return rejection
   */
  readonly validate: (request: Request, body: unknown) => Response | undefined;
  /** The id the client sees for this request (or the one the `requestId` option made for logs). */
  readonly requestIdOf: (request: Request) => string | undefined;
  readonly profile: Profile;
}

function routeCompat(guard: FetchGuard): FetchRouteCompat {
  return Object.freeze({ wrap: guard.wrap, preconditions: (request: Request): Response | undefined => guard.check(request) });
}

/**
 * Builds the Fetch wrapper for one profile.
 *
 * @example
 * import { vendorCompat } from 'vendor-compat/fetch'
 * import { notFound } from 'vendor-compat'
 *
 * const vc = vendorCompat({ profile: 'apig', preconditions: { requestMediaTypes: ['application/json'] } })
 * export default {
 *   fetch: vc.wrap(async (request) => {
 *     const url = new URL(request.url)
 *     if (url.pathname === '/v1/volumes') return Response.json(await request.json())
 *     return vc.notFound(request)
 *   }),
 * }
 */
export function vendorCompat<P extends ProfileName | Profile = 'problem'>(options: FetchVendorCompatOptions<P> = {}): FetchVendorCompat {
  const config = resolveAppConfig(options, [], runtimeEnvironment());
  const guard = createFetchGuard(config);
  return Object.freeze({
    wrap: guard.wrap,
    preconditions: (request: Request): Response | undefined => guard.check(request),
    errorResponse: guard.errorResponse,
    notFound: guard.notFound,
    validate: guard.validate,
    route: (overrides: PreconditionOverrides): FetchRouteCompat => routeCompat(guard.forRoute(overrides)),
    requestIdOf: guard.requestIdOf,
    profile: config.profile,
  });
}

export type { FetchHandler } from './fetch/app';
export type { VendorCompatOptions, ErrorEvent, ErrorSource, OnError } from './core/app-config';
export type { PreconditionOverrides } from './core/preconditions';
