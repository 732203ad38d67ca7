/**
 * What importing `VendorCompatModule` installs on the HTTP platform Nest runs on, before Nest
 * registers its middleware and routes (the module's `configure`), and on the server Nest
 * created (`onApplicationBootstrap`):
 *
 * - Express: a middleware with the request id and the preconditions (moved ahead of Nest's
 *   body parsers), the route table's body validation after them, and an error middleware for
 *   what fails before any route (body-parser's 400/413/415), written before Nest turns it into
 *   its own exceptions;
 * - Fastify: an `onRequest` hook (request id, preconditions) and, with a route table, a
 *   `preHandler` hook validating `request.body`, as the Fastify plugin does;
 * - the server hooks (`checkContinue`, `checkExpectation`, `clientError`), with Fastify's own
 *   `clientError` listener removed and the request-targets Fastify's router refuses answered.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { assignRequestId, kindAnswer, sendRenderedError, type AppConfig } from '../node/app-config';
import { attachToServer } from '../node/attach';
import type { PreconditionGuard } from '../node/precondition-guard';
import { interceptBadUrls } from '../fastify/bad-url';
import { appRoutesOf } from '../core/routes';
import { readProperty } from '../core/safe-read';
import { writeTarget } from './http';

/**
 * Nest's HTTP adapter (`HttpAdapterHost.httpAdapter`), as far as it is used here.
 *
 * @example
 * const adapter = httpAdapterHost.httpAdapter as unknown as HttpAdapterLike // adapter.getType() === 'fastify'
 */
export interface HttpAdapterLike {
  readonly getType: () => string;
  readonly getInstance: () => unknown;
  readonly getHttpServer: () => unknown;
}

type Next = (err?: unknown) => void;
type Use = (handler: (...args: never[]) => void) => unknown;
type AddHook = (name: string, hook: (request: { raw: IncomingMessage; url: string; body?: unknown }, reply: { raw: ServerResponse; hijack: () => unknown }, done: Next) => void) => unknown;

/** body-parser's middleware names (`lib/types/*.js`), as Nest's Express adapter registers them. */
const PARSERS: ReadonlySet<string> = new Set(['jsonParser', 'urlencodedParser', 'rawParser', 'textParser']);

interface Layer {
  readonly name?: string;
  readonly handle?: unknown;
}

/**
 * Moves the preconditions ahead of the body parsers Nest registered before any module's
 * `configure` (NestApplication.init: `registerParserMiddleware`, then `registerModules`), so that
 * `maxBodyBytes` and the media-type checks judge a body before a parser reads it, as
 * `app.use(vc.preconditions)` first does on Express. Express 5 keeps its layers in
 * `app.router.stack`, Express 4 in `app._router.stack` (after its own `query` and
 * `expressInit`). Anything unexpected leaves the order as it was.
 */
function beforeParsers(instance: object, handle: unknown): void {
  try {
    const app = instance as { router?: { stack?: Layer[] }; _router?: { stack?: Layer[] } };
    const stack = app._router?.stack ?? app.router?.stack;
    if (!Array.isArray(stack)) return;
    const at = stack.findIndex((layer) => layer.handle === handle);
    const parser = stack.findIndex((layer) => typeof layer.name === 'string' && PARSERS.has(layer.name));
    if (at === -1 || parser === -1 || parser > at) return;
    const [layer] = stack.splice(at, 1);
    stack.splice(parser, 0, layer as Layer);
  } catch {
    // an Express whose router is not what it was: the preconditions stay after the parsers
  }
}

function installExpress(instance: { use: Use }, config: AppConfig, guard: PreconditionGuard): void {
  function vendorCompatPreconditions(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: Next): void {
    assignRequestId(req, res, config);
    if (guard.admit(req, res, req.originalUrl ?? req.url)) next();
  }
  instance.use(vendorCompatPreconditions);
  beforeParsers(instance, vendorCompatPreconditions);
  if (appRoutesOf(config) !== undefined) {
    // The route table's body schemas, after the parsers.
    instance.use(function vendorCompatValidateBody(req: IncomingMessage & { originalUrl?: string; body?: unknown }, res: ServerResponse, next: Next): void {
      if (guard.validateBody(req, res, req.body, req.originalUrl ?? req.url)) next();
    });
  }
  // Four parameters: Express calls it for errors only (body-parser's, before any route).
  instance.use(function vendorCompatParserErrors(err: unknown, req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, _next: Next): void {
    sendRenderedError(req, res, err, config, req.originalUrl ?? req.url);
  });
}

type ErrorHandler = (this: unknown, error: unknown, request: { raw: IncomingMessage; url: string }, reply: unknown) => unknown;

/** A body parser's `SyntaxError`, or one of Fastify's own errors (`@fastify/error`: name and status). */
function isParserError(error: unknown): boolean {
  if (error instanceof SyntaxError) return true;
  return readProperty(error, 'name') === 'FastifyError' && typeof readProperty(error, 'statusCode') === 'number';
}

/**
 * Nest's router rewrites a `SyntaxError` into `new BadRequestException(err.message)`
 * (@nestjs/core router/routes-resolver.js `mapExternalException`), losing the parser's error:
 * on Fastify 4 invalid JSON is such a `SyntaxError` (secure-json-parse, status 400). Nest 11
 * also rewrites Fastify's own errors (`name: 'FastifyError'` with a `statusCode`: body too large,
 * invalid JSON on Fastify 5, ...) into `new HttpException(err.message, err.statusCode)`
 * (`isHttpFastifyError`), with Fastify's wording and no `cause`. The error handler Nest
 * installs on Fastify is wrapped so that the original reaches the engine's rules (the Fastify
 * errors' rules included), which answer it with the vendor's own text, as on Nest 12, which
 * hands it over as it is.
 */
function keepParserErrors(adapter: HttpAdapterLike, config: AppConfig): void {
  const nest = adapter as HttpAdapterLike & { setErrorHandler?: (handler: ErrorHandler, prefix?: string) => unknown };
  const original = nest.setErrorHandler;
  if (typeof original !== 'function') return;
  Object.defineProperty(nest, 'setErrorHandler', {
    configurable: true,
    writable: true,
    value: function setErrorHandler(handler: ErrorHandler, prefix?: string): unknown {
      return original.call(nest, function vendorCompatParserErrors(this: unknown, error, request, reply): unknown {
        if (!isParserError(error)) return handler.call(this, error, request, reply);
        sendRenderedError(request.raw, writeTarget(reply), error, config, request.url);
        return undefined;
      }, prefix);
    },
  });
}

function installFastify(instance: { addHook: AddHook }, config: AppConfig, guard: PreconditionGuard): void {
  instance.addHook('onRequest', function vendorCompatOnRequest(request, reply, done): void {
    if (config.tracksRequestIds) assignRequestId(request.raw, reply.raw, config);
    if (guard.admit(request.raw, reply.raw, request.url)) done();
    else reply.hijack(); // answered by the node writer
  });
  if (appRoutesOf(config) !== undefined) {
    instance.addHook('preHandler', function vendorCompatValidateBody(request, reply, done): void {
      if (guard.validateBody(request.raw, reply.raw, request.body, request.url)) done();
      else reply.hijack();
    });
  }
}

/**
 * Installs the request stage on Nest's platform (call it before Nest registers its routes).
 *
 * @example
 * installRequestStage(httpAdapterHost.httpAdapter, config, guard)
 */
export function installRequestStage(adapter: HttpAdapterLike, config: AppConfig, guard: PreconditionGuard): void {
  const instance = adapter.getInstance() as { use: Use } & { addHook: AddHook };
  if (adapter.getType() === 'fastify') {
    installFastify(instance, config, guard);
    keepParserErrors(adapter, config);
  } else installExpress(instance, config, guard);
}

/**
 * Installs the server hooks on the server Nest created (once per server).
 *
 * @example
 * installServerHooks(httpAdapterHost.httpAdapter, config, guard)
 */
export function installServerHooks(adapter: HttpAdapterLike, config: AppConfig, guard: PreconditionGuard): void {
  const server = adapter.getHttpServer() as Server | undefined;
  if (server === undefined || server === null || typeof server.listeners !== 'function') return;
  if (adapter.getType() !== 'fastify') {
    attachToServer(server, config, guard);
    return;
  }
  // Fastify answers client errors itself (its 400/431 JSON): the profile's answer replaces it.
  for (const listener of server.listeners('clientError')) server.removeListener('clientError', listener as (...args: unknown[]) => void);
  attachToServer(server, config, guard);
  const initial = (adapter.getInstance() as { initialConfig?: { useSemicolonDelimiter?: boolean; routerOptions?: { useSemicolonDelimiter?: boolean } } }).initialConfig ?? {};
  const semicolon = initial.routerOptions?.useSemicolonDelimiter ?? initial.useSemicolonDelimiter ?? false;
  const badUrl = kindAnswer('badRequest');
  interceptBadUrls(server, semicolon, (req: IncomingMessage, res: ServerResponse) => {
    if (config.tracksRequestIds) assignRequestId(req, res, config);
    if (guard.admit(req, res)) sendRenderedError(req, res, badUrl, config, { url: req.url, source: 'clientError' });
  });
}
