/**
 * Binds the pure precondition checks (`src/core/preconditions`) to Node requests for one app or
 * one route: evaluate, answer a violation with the profile's rendering through the one writer,
 * or let the request through with its body counted against `maxBodyBytes`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compiledOf } from '../core/define-profile';
import { KINDS } from '../core/kinds';
import {
  compilePreconditions,
  contentLengthOf,
  evaluatePreconditions,
  hasBody,
  type CompiledPreconditions,
  type PreconditionOverrides,
  type PreconditionViolation,
} from '../core/preconditions';
import { kindAnswer, sendRenderedError, type AppConfig, type ErrorSource } from './app-config';
import { limitBody, type BodyLimitHandler } from './body-limit';
import { pathOfTarget as pathOf } from '../core/request-target';
import { appRoutesOf, judgeRouteRequest, routingPathOf, UNKNOWN_ROUTING, type AppRoutes, type CompiledRoute, type RoutedRequest } from '../core/routes';
import { tightenedPreconditions } from '../core/routes/tighten';
import { validateBody, type RequestValidator } from '../core/validation';

export type { PreconditionOverrides } from '../core/preconditions';
/**
 * The first precondition a request violates, or the route's validation failure (`answer`: the
 * profile's validation answer, rendered instead of the kind's default).
 */
export interface Violation extends PreconditionViolation {
  readonly answer?: object;
}

/** Checks and rejections for one app or route. */
export interface PreconditionGuard {
  readonly compiled: CompiledPreconditions;
  /** The first violation of this guard's settings, or undefined. Pure. */
  readonly check: (req: IncomingMessage) => Violation | undefined;
  /**
   * Answers `violation` with the profile's rendering (Connection: close when a body is pending),
   * reported to `onError` as `source` (default `'precondition'`; the server hooks pass theirs).
   */
  readonly reject: (req: IncomingMessage, res: ServerResponse, violation: Violation, url?: string, source?: ErrorSource) => void;
  /**
   * Check; reject, or start counting the body. True when the request may go on to the route.
   * `routed` (read only with a route table) says how the adapter's framework routes the request
   * and the query it parsed (src/<adapter>/routing.ts); without it every reading of the path is
   * judged (`UNKNOWN_ROUTING`, fail closed) and the query is read as `URLSearchParams` does.
   */
  readonly admit: (req: IncomingMessage, res: ServerResponse, url?: string, routed?: () => RoutedRequest) => boolean;
  /**
   * A guard for one route: `overrides` merged over this guard's settings, compiled now. It runs
   * after the app's checks, so it may only tighten them: a looser setting throws a `TypeError`
   * (declare a widening route in `vendorCompat({ routes })`).
   */
  readonly forRoute: (overrides: PreconditionOverrides) => PreconditionGuard;
  /**
   * Judges a parsed body against the route table's schema for this request (after the
   * framework's body parser); answers a failure with the profile's validation answer. True when
   * the request may go on (valid, or no schema).
   */
  readonly validateBody: (req: IncomingMessage, res: ServerResponse, body: unknown, url?: string) => boolean;
}

/**
 * True while request body bytes may still be on the wire, unread. Reads `req.headers` once and
 * `req.complete` only for a request with a body: on Express's per-request hidden classes every
 * property read of `req` misses V8's inline caches (about 0.6 µs each on the bench machine).
 */
function bodyPending(req: IncomingMessage): boolean {
  const headers = req.headers;
  return hasBody(contentLengthOf(headers['content-length']), headers['transfer-encoding']) && !req.complete;
}

/** Largest unread, well-framed body Node may drain to keep the connection (see below). */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/**
 * Whether a rejection must close the connection. Node drains an unread body after the response
 * and keeps the connection (`_http_server.js` `resOnFinish` → `req._dump()`), which is right for a
 * small body of known length. A chunked or mis-framed body (its end is unknowable: RFC 9112 §6.3,
 * request smuggling), one refused for its size, or a large one is cut off instead: draining it
 * would read what the server just refused.
 */
function closeAfterRejection(req: IncomingMessage, violation: Violation): boolean {
  if (!bodyPending(req)) return false;
  if (violation.kind === 'payloadTooLarge' || req.headers['transfer-encoding'] !== undefined) return true;
  const length = contentLengthOf(req.headers['content-length']);
  return !(length >= 0 && length <= DRAIN_LIMIT_BYTES);
}

/**
 * A violation's headers belong to the kind's RFC status (`Allow` to 405, RFC 9110 §15.5.6).
 * Where the profile answers with another status (HCP 404 for a GET to a PUT/POST/DELETE-only
 * resource, APIG 404 APIG.0101, MPC 400 MPC.10204), the vendor's answer carries no such header.
 */
function headersFor(violation: Violation, config: AppConfig, method: string | undefined): Violation['headers'] {
  if (violation.headers === undefined) return undefined;
  const answered = compiledOf(config.profile).resolve(violation.kind, typeof method === 'string' ? method : 'GET').status;
  return answered === KINDS[violation.kind].status ? violation.headers : undefined;
}

/**
 * Renders `violation` as the profile's answer, writes it and reports it to `onError` (as
 * `source`, default `'precondition'`). Never throws.
 *
 * @example
 * rejectRequest(req, res, { kind: 'payloadTooLarge' }, config, req.originalUrl)
 */
export function rejectRequest(req: IncomingMessage, res: ServerResponse, violation: Violation, config: AppConfig, where: string | { readonly url?: string; readonly source?: ErrorSource } = {}): boolean {
  const { url, source = 'precondition' } = typeof where === 'string' ? { url: where } : where;
  try {
    // No message: the body carries the profile's own text for the kind, as the vendor sends it.
    // A plain branded answer, not an Error: no stack trace to capture per rejection (issue 5).
    const error = violation.answer ?? kindAnswer(violation.kind, headersFor(violation, config, req.method));
    const from = violation.answer !== undefined && source === 'precondition' ? 'validation' : source;
    return sendRenderedError(req, res, error, config, { url, source: from, closeConnection: closeAfterRejection(req, violation), ...(violation.answer === undefined ? {} : { error: violation.answer }) }).written;
  } catch {
    res.destroy();
    return false;
  }
}


/** The route each admitted request matched, for `validateBody` after the body parser. */
const matchedRoutes = new WeakMap<IncomingMessage, CompiledRoute<RequestValidator>>();

/** What the guard decided for one request: the settings it was judged with, and any violation. */
interface Judgement {
  readonly compiled: CompiledPreconditions;
  readonly violation: Violation | undefined;
}

function judgeRoute(routes: AppRoutes, app: CompiledPreconditions, req: IncomingMessage, url: string | undefined, routed?: () => RoutedRequest): Judgement {
  // WIRING (route spelling): the framework's routed path and parsed query, or every reading of the path (fail closed).
  const given = routed?.();
  const path = given?.path ?? routingPathOf(url, UNKNOWN_ROUTING);
  // Node holds every header, and a request without Content-Length or Transfer-Encoding has no body.
  // `query` stays lazy: the framework parses it only for a route with a query schema.
  const judged = judgeRouteRequest(routes, app, req, { fullHeaders: () => req.headers, mayHoldBody: () => false, target: url, path, get query() { return given?.query; } });
  if (judged.route !== undefined) matchedRoutes.set(req, judged.route);
  if (judged.answer === undefined) return { compiled: judged.compiled, violation: judged.violation };
  return { compiled: judged.compiled, violation: { ...(judged.violation as Violation), answer: judged.answer } };
}

function guardFor(config: AppConfig, compiled: CompiledPreconditions, routes?: AppRoutes): PreconditionGuard {
  const payloadTooLarge: Violation = Object.freeze({ kind: 'payloadTooLarge', detail: compiled.violations.payloadTooLarge.detail });
  const onLimit: BodyLimitHandler = {
    onExceeded: (req, res, url) => rejectRequest(req, res, payloadTooLarge, config, url),
  };
  const judge = (req: IncomingMessage, url: string | undefined, routed?: () => RoutedRequest): Judgement =>
    routes === undefined ? { compiled, violation: evaluatePreconditions(compiled, req) } : judgeRoute(routes, compiled, req, url, routed);
  const check = (req: IncomingMessage): Violation | undefined => judge(req, req.url).violation;
  const reject = (req: IncomingMessage, res: ServerResponse, violation: Violation, url?: string, source?: ErrorSource): void => {
    rejectRequest(req, res, violation, config, { url, source });
  };
  const admit = (req: IncomingMessage, res: ServerResponse, url?: string, routed?: () => RoutedRequest): boolean => {
    if (routes === undefined) {
      // No route table: the app's settings, and no Judgement object per request (issue 9).
      const violation = evaluatePreconditions(compiled, req);
      if (violation !== undefined) {
        rejectRequest(req, res, violation, config, url);
        return false;
      }
      if (compiled.maxBodyBytes !== Infinity && bodyPending(req)) limitBody(req, res, compiled.maxBodyBytes, onLimit, url);
      return true;
    }
    const { compiled: used, violation } = judge(req, url ?? req.url, routed);
    if (violation !== undefined) {
      rejectRequest(req, res, violation, config, url);
      return false;
    }
    if (used.maxBodyBytes !== Infinity && bodyPending(req)) limitBody(req, res, used.maxBodyBytes, onLimit, url);
    return true;
  };
  const validate = (req: IncomingMessage, res: ServerResponse, body: unknown, url?: string): boolean => {
    if (routes === undefined) return true;
    let route = matchedRoutes.get(req);
    if (route === undefined) route = routes.table.lookup(req.method, pathOf(url ?? req.url))?.route;
    if (route?.validator === undefined) return true;
    const headers = req.headers;
    const present = hasBody(contentLengthOf(headers['content-length']), headers['transfer-encoding']);
    const failures = validateBody(route.validator, body, headers['content-type'], present, routes.maxField);
    if (failures === undefined) return true;
    try {
      const answer = routes.answer(failures);
      sendRenderedError(req, res, answer, config, { url, source: 'validation', error: answer }); // onError sees the failures
    } catch {
      res.destroy();
    }
    return false;
  };
  const forRoute = (overrides: PreconditionOverrides): PreconditionGuard => guardFor(config, tightenedPreconditions(compiled, overrides));
  return Object.freeze({ compiled, check, reject, admit, forRoute, validateBody: validate });
}

/**
 * Builds the guard for an app: the app config's compiled preconditions, or `overrides`
 * merged over them.
 *
 * @example
 * const guard = createPreconditionGuard(config)
 * const route = guard.forRoute({ methods: ['GET', 'POST'], maxBodyBytes: 1024 })
 */
export function createPreconditionGuard(config: AppConfig, overrides?: PreconditionOverrides): PreconditionGuard {
  if (overrides !== undefined) return guardFor(config, compilePreconditions(config.preconditions.settings, overrides));
  // The route table (options `routes`, `openapi`), compiled once per config: every check the
  // app middleware and the server hooks make goes through it (issue 12).
  return guardFor(config, config.preconditions, appRoutesOf(config));
}
