/**
 * Fastify adapter (4 and 5): `await app.register(vendorCompat, { profile: 'apig' })` applies to
 * the whole app (wrapped by `fastify-plugin`, which skips Fastify's encapsulation and declares the
 * Fastify versions it supports):
 *
 * - `onRequest` (the earliest hook): the request id, then the app's preconditions, judged by the
 *   route table when the options declare one (`routes`, `openapi`: a route's settings replace the
 *   app's, a known path with another method gets the profile's 405, params, query and headers are
 *   validated), and a `preHandler` hook validating the parsed `request.body`; a route's
 *   `config: { vendorCompat: { methods, maxBodyBytes, … } }` adds its own, compiled when the route
 *   is declared (a `TypeError` for a bad key or value);
 * - `setErrorHandler`: anything a route or hook throws, and Fastify's own errors (body too large,
 *   unsupported media type, ajv validation, invalid JSON, …: `fastifyErrors`), rendered by the
 *   profile; `setNotFoundHandler`: unmatched routes (405 with `Allow` where a route on the path
 *   declares `methods`);
 * - the server hooks (`checkContinue`, `checkExpectation`, `clientError`), with Fastify's own
 *   `clientError` listener removed so that the profile's answer wins (a 20,000-byte request line
 *   gets the profile's 414, not Fastify's 431 JSON), and request-targets Fastify's router would
 *   answer with its own 400 JSON (`FST_ERR_BAD_URL`) answered by the profile.
 *
 * Every error answer is written by the node writer after `reply.hijack()`, not by `reply.send`:
 * Fastify appends `; charset=utf-8` to string payloads and lower-cases header names, and its
 * onSend hooks may rewrite the body; the one writer sends the vendor's exact Content-Type, body
 * bytes, header spelling and reason phrase, and handles HEAD, a started response and a closed
 * socket the same way for every adapter. Headers set with `reply.header()` before the failure are
 * carried over (minus those contradicting the error). `onResponse` hooks and Fastify's request log
 * still run (they listen on the response's `finish`); `onSend` hooks do not see error answers.
 *
 * Fastify is imported as types only.
 *
 * @module
 */
import type { SendErrorOptions } from './core/render';
import fastifyPlugin from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Profile } from './core/define-profile';
import { assignRequestId, kindAnswer, requestIdOf, resolveAppConfig, sendRenderedError, type AppConfig, type VendorCompatOptions } from './node/app-config';
import { attachToServer } from './node/attach';
import { createPreconditionGuard, type PreconditionGuard, type PreconditionOverrides } from './node/precondition-guard';
import { interceptBadUrls } from './fastify/bad-url';
import type { AppRoutes } from './core/routes';
import { appRoutesOf } from './core/engine/app-routes-lazy';
import { fastifyErrors } from './fastify/errors';
import { createMethodTable, type MethodTable } from './fastify/method-table';
import { shieldHandler, unwrapThrown } from './fastify/shield';
import { pathOfTarget as pathOf } from './core/request-target';
import { fastifyRoutedRequest, fastifyRoutingRules } from './fastify/routing';

/** Options for the Fastify plugin: the same as every adapter's. */
export type FastifyVendorCompatOptions = VendorCompatOptions;

/** What the plugin decorates the Fastify instance with: `app.vendorCompat`. */
export interface FastifyVendorCompat {
  /** Per-route preconditions as a route `onRequest` hook: `app.get('/x', { onRequest: app.vendorCompat.route({ methods: ['GET'] }) }, h)`. */
  readonly route: (overrides: PreconditionOverrides) => (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;
  /** Renders `error` as a route's throw (error rules, `onError`) and writes it. False when it could not be written. */
  readonly sendError: (request: FastifyRequest, reply: FastifyReply, error: unknown, options?: SendErrorOptions) => boolean;
  /** The id the client sees for this request (or the one the `requestId` option made for logs). */
  readonly requestIdOf: (request: FastifyRequest) => string | undefined;
  readonly profile: Profile;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Per-route precondition overrides (`methods`, `maxBodyBytes`, `requestMediaTypes`, …). */
    vendorCompat?: PreconditionOverrides;
  }
  interface FastifyInstance {
    /** The vendor-compat plugin's handle (`await app.register(vendorCompat, options)` sets it). */
    vendorCompat: FastifyVendorCompat;
  }
}

/** Keys Fastify's `register` itself reads from a plugin's options; they are not ours to validate. */
const REGISTER_KEYS: ReadonlySet<string> = new Set(['prefix', 'logLevel', 'logSerializers']);

type Done = (err?: Error) => void;
type Hook = (request: FastifyRequest, reply: FastifyReply, done: Done) => void;

/** The plugin function, with the symbols Fastify reads (what `fastify-plugin` sets). */
export interface FastifyVendorCompatPlugin {
  (app: FastifyInstance, options: FastifyVendorCompatOptions, done: Done): void;
  readonly [key: symbol]: unknown;
}

/**
 * The plugin's own options: without the keys `register` reads, and with Fastify's error rules
 * after the app's (the app's rules win; a route's throw still reaches `onError` as thrown).
 */
function ownOptions(options: FastifyVendorCompatOptions | undefined): unknown {
  if (options === undefined || options === null || typeof options !== 'object' || Array.isArray(options)) return options;
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(options)) if (!REGISTER_KEYS.has(key)) own[key] = (options as Record<string, unknown>)[key];
  if (own.errors === undefined) own.errors = fastifyErrors;
  else if (Array.isArray(own.errors)) own.errors = [...(own.errors as unknown[]), ...fastifyErrors];
  return own;
}

/**
 * Moves headers set with `reply.header()` onto the raw response, where the writer sees them (and
 * removes those that contradict the error, as it does for every adapter).
 */
function carryReplyHeaders(reply: FastifyReply): void {
  const res = reply.raw;
  if (res.headersSent) return;
  const headers = reply.getHeaders();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    try {
      res.setHeader(name, value as string | number | readonly string[]);
    } catch {
      // an invalid value set by the route cannot be sent anyway
    }
  }
}

/** A route-level `onRequest` hook running one route's guard. */
const ROUTE_HOOK: unique symbol = Symbol('vendor-compat/route-hook') as never;
function routeHook(guard: PreconditionGuard): Hook & { [ROUTE_HOOK]: true } {
  const hook = function vendorCompatRoutePreconditions(request: FastifyRequest, reply: FastifyReply, done: Done): void {
    if (guard.admit(request.raw, reply.raw, request.url)) done();
    else reply.hijack(); // answered by the node writer
  };
  return Object.assign(hook, { [ROUTE_HOOK]: true as const });
}

function hooksOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

const SHIELDED: unique symbol = Symbol('vendor-compat/shielded') as never;

/** Fastify 4 only (src/fastify/shield.ts): its route handlers are shielded from uninspectable throws. */
function shield(route: RouteOptions): void {
  const handler = route.handler as unknown as ((...args: unknown[]) => unknown) & { [SHIELDED]?: true };
  if (typeof handler !== 'function' || handler[SHIELDED] === true) return;
  (route as { handler: unknown }).handler = Object.assign(shieldHandler(handler), { [SHIELDED]: true as const });
}

/** Installs the route's own guard (once: Fastify's automatic HEAD route copies the GET's hooks). */
/**
 * A route of the route table that sets `maxBodyBytes` replaces the app's, so it may widen it;
 * Fastify's own `bodyLimit` (1 MiB by default) would still refuse a larger body its parsers read.
 * A Fastify route without its own `bodyLimit` gets that limit (the largest of its methods', when
 * every one sets a finite limit); other routes keep Fastify's.
 */
function widenBodyLimit(route: RouteOptions, routes: AppRoutes): void {
  if (route.bodyLimit !== undefined) return;
  let limit = 0;
  for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
    const found = routes.table.lookup(String(method), pathOf(route.url))?.route;
    const max = found?.preconditions.maxBodyBytes;
    if (found?.settings.maxBodyBytes === undefined || found.settings.maxBodyBytes === null || max === undefined || max === Infinity) return;
    limit = Math.max(limit, max);
  }
  (route as { bodyLimit?: number }).bodyLimit = limit;
}

function onRoute(route: RouteOptions, guard: PreconditionGuard, table: MethodTable<PreconditionGuard>, fastify4: boolean, routes: AppRoutes | undefined): void {
  if (fastify4) shield(route);
  if (routes !== undefined) widenBodyLimit(route, routes);
  const overrides = route.config?.vendorCompat;
  if (overrides === undefined) return;
  const hooks = hooksOf(route.onRequest);
  if (hooks.some((hook) => typeof hook === 'function' && (hook as { [ROUTE_HOOK]?: true })[ROUTE_HOOK] === true)) return;
  const routeGuard = guard.forRoute(overrides); // a TypeError names the bad key or value
  (route as { onRequest?: unknown }).onRequest = [...hooks, routeHook(routeGuard)];
  if (overrides.methods !== undefined && overrides.methods !== null) table.add(route.url, routeGuard);
}


/** Replaces the listeners Fastify put on `clientError` with the profile's answers. */
function attachServerHooks(server: Server, config: AppConfig, guard: PreconditionGuard): void {
  for (const listener of server.listeners('clientError')) server.removeListener('clientError', listener as (...args: unknown[]) => void);
  attachToServer(server, config, guard);
}

function register(app: FastifyInstance, options: FastifyVendorCompatOptions, done: Done): void {
  let config: AppConfig;
  let guard: PreconditionGuard;
  try {
    config = resolveAppConfig(ownOptions(options));
    guard = createPreconditionGuard(config); // compiles the route table: a bad one fails the registration
  } catch (error) {
    done(error as Error);
    return;
  }
  const table = createMethodTable<PreconditionGuard>();
  const handle: FastifyVendorCompat = Object.freeze({
    route: (overrides: PreconditionOverrides) => routeHook(guard.forRoute(overrides)),
    sendError: (request: FastifyRequest, reply: FastifyReply, error: unknown, options?: SendErrorOptions): boolean => {
      reply.hijack();
      carryReplyHeaders(reply);
      return sendRenderedError(request.raw, reply.raw, unwrapThrown(error), config, { url: request.url, embedInOk: options?.embedInOk === true }).written;
    },
    requestIdOf: (request: FastifyRequest): string | undefined => requestIdOf(request.raw),
    profile: config.profile,
  });
  if (!app.hasDecorator('vendorCompat')) app.decorate('vendorCompat', handle);
  const unmatched = kindAnswer('notFound'); // one frozen answer for every unmatched request
  const badUrl = kindAnswer('badRequest');

  const fastify4 = typeof app.version === 'string' && app.version.startsWith('4.');
  const routes = appRoutesOf(config); // compiled (cached) by createPreconditionGuard
  const routing = fastifyRoutingRules(app); // read once, at registration
  app.addHook('onRoute', (route: RouteOptions) => onRoute(route, guard, table, fastify4, routes));

  // The request id is assigned by `admit` (before anything can fail). Without a route table the
  // engine never asks how Fastify routed the request: no closure per request then.
  app.addHook(
    'onRequest',
    routes === undefined
      ? function vendorCompatOnRequest(request: FastifyRequest, reply: FastifyReply, next: Done): void {
          if (guard.admit(request.raw, reply.raw, request.url)) next();
          else reply.hijack(); // answered by the node writer; the request goes no further
        }
      : function vendorCompatOnRequest(request: FastifyRequest, reply: FastifyReply, next: Done): void {
          // find-my-way's routed path (this instance's settings) and `request.query`.
          if (guard.admit(request.raw, reply.raw, request.url, () => fastifyRoutedRequest(request, routing))) next();
          else reply.hijack();
        },
  );

  if (routes !== undefined) {
    // The route table's body schemas, judged after Fastify's content-type parser (`request.body`),
    // before the route's own `preHandler` hooks and handler.
    app.addHook('preHandler', function vendorCompatValidateBody(request: FastifyRequest, reply: FastifyReply, next: Done): void {
      if (guard.validateBody(request.raw, reply.raw, request.body, request.url)) next();
      else reply.hijack(); // answered by the node writer
    });
  }

  app.setErrorHandler(function vendorCompatErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    carryReplyHeaders(reply);
    sendRenderedError(request.raw, reply.raw, unwrapThrown(error), config, request.url); // source 'route': error rules apply
  });

  app.setNotFoundHandler(function vendorCompatNotFound(request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    const routeGuard = table.find(pathOf(request.url));
    if (routeGuard !== undefined && !routeGuard.admit(request.raw, reply.raw, request.url)) return; // 405
    carryReplyHeaders(reply);
    sendRenderedError(request.raw, reply.raw, unmatched, config, { url: request.url, source: 'notFound' });
  });

  const server = app.server as Server | undefined;
  if (server !== undefined && typeof server.listeners === 'function') {
    attachServerHooks(server, config, guard);
    // Fastify 4 splits the path at ';' by default, Fastify 5 does not (`useSemicolonDelimiter`).
    const initial = app.initialConfig as { useSemicolonDelimiter?: boolean; routerOptions?: { useSemicolonDelimiter?: boolean } };
    const semicolon = initial.routerOptions?.useSemicolonDelimiter ?? initial.useSemicolonDelimiter ?? false;
    // Answered before any hook, as Node's parser errors are: reported as a 'clientError'.
    interceptBadUrls(server, semicolon, (req: IncomingMessage, res: ServerResponse) => {
      if (config.tracksRequestIds) assignRequestId(req, res, config);
      if (guard.admit(req, res)) sendRenderedError(req, res, badUrl, config, { url: req.url, source: 'clientError' });
    });
  }
  done();
}

/**
 * The Fastify plugin. Register it before the routes it should guard (route `config` is read as
 * each route is declared).
 *
 * @example
 * import Fastify from 'fastify'
 * import vendorCompat from 'vendor-compat/fastify'
 *
 * const app = Fastify()
 * await app.register(vendorCompat, { profile: 'apig', preconditions: { requestMediaTypes: ['application/json'] } })
 * app.get('/v1/volumes/:id', { config: { vendorCompat: { methods: ['GET', 'DELETE'] } } }, async (request) => {
 *   throw notFound(`Volume ${request.params.id} does not exist`)
 * })
 * await app.listen({ port: 3000 })
 */
export const vendorCompat: FastifyVendorCompatPlugin = fastifyPlugin(
  function vendorCompat(app: FastifyInstance, options: FastifyVendorCompatOptions, done: Done): void {
    register(app, options, done);
  },
  { name: 'vendor-compat', fastify: '4.x || 5.x' },
) as unknown as FastifyVendorCompatPlugin;

export default vendorCompat;

export { fastifyErrors } from './fastify/errors';
export { type VendorCompatOptions } from './node/app-config';
export { type PreconditionOverrides } from './node/precondition-guard';
/** The profile type, for `vendorCompat` options built elsewhere. */
export type { Profile };
