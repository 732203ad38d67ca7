/**
 * The Node side of the shared configuration (`src/core/app-config.ts`): request ids kept beside
 * Node requests, the renderer's view of an `IncomingMessage`, and the one function that renders,
 * writes and reports an error on a `ServerResponse`.
 *
 * @module
 */
import { IncomingMessage as NodeIncomingMessage, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AppConfig, ErrorSource } from '../core/app-config';
import { createEngine, type Answer, type Engine } from '../core/engine';
import type { RenderedError, RequestView } from '../core/render';
import { writeRenderedResponse } from './writer';

export {
  KNOWN_OPTIONS,
  kindAnswer,
  reportError,
  resolveProfile,
  type AppConfig,
  type ErrorEvent,
  type ErrorSource,
  type OnError,
  type VendorCompatOptions,
} from '../core/app-config';
import { viewPathOf } from '../core/request-target';
import { resolveAppConfig as resolveWith } from '../core/app-config';
import { runtimeEnvironment } from '../runtime-environment';

/**
 * Validates adapter options once (the core's `resolveAppConfig`, with this runtime's `NODE_ENV`).
 *
 * @example
 * resolveAppConfig({ profile: 'apig' }).requestIdHeader // 'X-Request-Id'
 */
export function resolveAppConfig(options: unknown, extraOptions: readonly string[] = []): AppConfig {
  return resolveWith(options, extraOptions, runtimeEnvironment());
}

/**
 * The id each request was assigned. On a plain `IncomingMessage` (Koa, node:http, Fastify, Hono's
 * node server) it is a property under a private symbol: every request takes the same hidden-class
 * transition, about 20 ns. Express 5 gives every request its own hidden class
 * (`Object.setPrototypeOf(req, app.request)` in express/lib/application.js), so adding a property
 * to one builds a new map (about 5 µs on the bench machine): its ids are kept beside the request
 * in a WeakMap instead, which dies with the request but costs about 0.5 µs per entry with the
 * garbage collector's ephemeron work (BENCHMARKS.md, "Express's per-request hidden classes" and
 * "happy path at the floor").
 */
const requestIds = new WeakMap<IncomingMessage, string>();
const REQUEST_ID = Symbol('vendor-compat.requestId');
const PLAIN_REQUEST = NodeIncomingMessage.prototype;
type WithId = IncomingMessage & { [REQUEST_ID]?: string };

/** True for a request whose prototype is Node's own (not Express's per-app one). */
function isPlain(req: IncomingMessage): boolean {
  return Object.getPrototypeOf(req) === PLAIN_REQUEST;
}

/**
 * Assigns this request its id (once): a trusted incoming id (`requestId.header`) or a generated
 * one; where the vendor sends it on every response, sets the response header now. Returns the
 * id, or undefined when neither the profile nor the `requestId` option asks for ids.
 *
 * @example
 * assignRequestId(req, res, config) // 'acbc548ac6f2a0dbdb9e3518a7c0ff84'
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, config: AppConfig): string | undefined {
  if (!config.tracksRequestIds) return undefined;
  const plain = isPlain(req);
  const existing = plain ? (req as WithId)[REQUEST_ID] : requestIds.get(req);
  if (existing !== undefined) return existing;
  const incoming = config.requestIds.incomingHeader;
  const id = config.requestIds.idFor(incoming === undefined ? undefined : req.headers[incoming]);
  if (plain) (req as WithId)[REQUEST_ID] = id;
  else requestIds.set(req, id);
  if (config.requestIdOnSuccess && config.requestIdHeader !== undefined) {
    // Not `if (!res.headersSent)`: that getter costs about 1.5 µs on an Express response (its own
    // hidden class, see above); `setHeader` throws ERR_HTTP_HEADERS_SENT itself once headers went
    // out (node lib/_http_outgoing.js), and then the id is only for the logs and the error body.
    try {
      res.setHeader(config.requestIdHeader, id);
    } catch {
      // headers already sent
    }
  }
  return id;
}

/**
 * The id the client sees for this request (the one in `X-Request-Id` where the profile sends
 * it), or, where the profile sends none, the one the `requestId` option made for logs. Koa: pass
 * `ctx.req`.
 *
 * @example
 * app.use((req, res, next) => { log.child({ requestId: requestIdOf(req) }); next() })
 */
export function requestIdOf(req: IncomingMessage): string | undefined {
  if (typeof req !== 'object' || req === null) return undefined;
  return isPlain(req) ? (req as WithId)[REQUEST_ID] : requestIds.get(req);
}

/**
 * The renderer's view of a Node request: method, path without query (bounded), request id.
 *
 * @example
 * requestViewOf(req, '/ConfigurationManager/v1/objects/ldevs?count=1') // { method: 'GET', path: '/ConfigurationManager/v1/objects/ldevs' }
 */
export function requestViewOf(req: IncomingMessage, url: string | undefined = req.url, requestId?: string): RequestView {
  const accept = req.headers?.accept;
  const view: RequestView = { method: typeof req.method === 'string' ? req.method : 'GET', path: viewPathOf(url), requestId };
  return accept === undefined ? view : { ...view, accept };
}

/** What {@link sendRenderedError} answered, and whether it could be written. */
export interface SentError {
  readonly rendered: RenderedError;
  readonly written: boolean;
}

/** Options for {@link sendRenderedError} beyond the request, response and thrown value. */
export interface SendOptions {
  /** The URL to show as the path (Express `req.originalUrl`). */
  readonly url?: string;
  /** Where the answer comes from (default `'route'`: error rules apply). */
  readonly source?: ErrorSource;
  /** The original thrown value for `onError` (default: `thrown` for routes and validation, undefined otherwise). */
  readonly error?: unknown;
  /** Send `Connection: close` (a request body is pending). */
  readonly closeConnection?: boolean;
  /** Answer inside a `200 OK` (S3's CompleteMultipartUpload, CopyObject). */
  readonly embedInOk?: boolean;
}

const engines = new WeakMap<AppConfig, Engine>();

/**
 * The one engine for an app configuration (built once, beside it).
 *
 * @example
 * engineOf(config).judge(new NodeFacts(req, req.url), requestIdOf(req))
 */
export function engineOf(config: AppConfig): Engine {
  let engine = engines.get(config);
  if (engine === undefined) {
    engine = createEngine(config);
    engines.set(config, engine);
  }
  return engine;
}

/** Requests that already got their error answer: one answer and one `onError` event per failed request. */
const answered = new WeakSet<IncomingMessage>();

/**
 * Writes the engine's answer with the one writer and reports it to `onError`, once per request:
 * a later failure of the same request (body-parser's "request aborted" after a streamed 413, a
 * second `sendError`) writes nothing and reports nothing. Never throws.
 *
 * @example
 * deliverAnswer(req, res, engineOf(config).answer(facts, id, err, 'route'), config)
 */
export function deliverAnswer(req: IncomingMessage, res: ServerResponse, answer: Answer, config: AppConfig): SentError {
  if (answered.has(req)) return { rendered: answer.rendered, written: false };
  answered.add(req);
  let written = false;
  try {
    written = writeRenderedResponse(res, answer.rendered, { removeHeaders: config.removeHeaders, closeConnection: answer.close });
  } catch {
    res.destroy();
  }
  engineOf(config).report(answer, written);
  return { rendered: answer.rendered, written };
}

/**
 * Renders `thrown` with the app's profile (a route's throw through the app's error rules, then
 * the body parsers'), writes it, and reports it to `onError`. The fifth argument is the URL to
 * show (Express `req.originalUrl`) or {@link SendOptions}. Never throws. Returns the rendering (an
 * adapter may need the status the vendor answered, e.g. Koa re-emits 5xx) and whether it was
 * written (false when headers were already sent, the socket is gone, or the request was answered).
 *
 * @example
 * sendRenderedError(req, res, createError(409, 'exists'), config, req.originalUrl).rendered.status // 409
 */
export function sendRenderedError(req: IncomingMessage, res: ServerResponse, thrown: unknown, config: AppConfig, urlOrOptions?: string | SendOptions): SentError {
  const options: SendOptions = typeof urlOrOptions === 'string' ? { url: urlOrOptions } : urlOrOptions ?? {};
  const requestId = assignRequestId(req, res, config);
  const method = req.method;
  const facts = { method: typeof method === 'string' ? method : 'GET', url: options.url ?? req.url, headers: req.headers };
  const answer = engineOf(config).answer(facts, requestId, thrown, options.source ?? 'route', { close: options.closeConnection === true, embedInOk: options.embedInOk === true });
  return deliverAnswer(req, res, 'error' in options ? { ...answer, error: options.error } : answer, config);
}
