/**
 * The node shell around the one engine (src/core/engine): reads a Node request into the engine's
 * facts, writes what the engine decided through the one writer, and counts the body against the
 * verdict's limit while it streams. It decides nothing itself.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer, Engine, MatchedRoute, Verdict } from '../core/engine';
import { compilePreconditions, contentLengthOf, hasBody, type CompiledPreconditions, type PreconditionOverrides } from '../core/preconditions';
import { tightenedPreconditions } from '../core/routes/tighten';
import { assignRequestId, deliverAnswer, engineOf, requestIdOf, type AppConfig, type ErrorSource } from './app-config';
import { limitBody, type BodyLimitHandler } from './body-limit';
import { NodeFacts, type Routing } from './facts';

export type { PreconditionOverrides } from '../core/preconditions';
export type { Routing } from './facts';

/** Checks and answers for one app or one route. */
export interface PreconditionGuard {
  /** The settings this guard judges with (a route guard's own; the app's, with the route table over them). */
  readonly compiled: CompiledPreconditions;
  /** The engine's verdict for `req` (nothing written). */
  readonly judge: (req: IncomingMessage, res: ServerResponse, url?: string, routing?: Routing) => Verdict;
  /** Writes `answer` (re-tagged as `source` for the server hooks) and reports it once. True when written. */
  readonly deliver: (req: IncomingMessage, res: ServerResponse, answer: Answer, source?: ErrorSource) => boolean;
  /** Judge; answer a rejection, or start counting the body. True when the request may go on to the route. */
  readonly admit: (req: IncomingMessage, res: ServerResponse, url?: string, routing?: Routing) => boolean;
  /**
   * A guard for one route: `overrides` merged over this guard's settings, compiled now. It runs
   * after the app's checks, so it may only tighten them: a looser setting throws a `TypeError`
   * (declare a widening route in `vendorCompat({ routes })`).
   */
  readonly forRoute: (overrides: PreconditionOverrides) => PreconditionGuard;
  /**
   * Judges a parsed body (after the framework's body parser) by the schema of the route the
   * request matched; answers a failure in the profile's words. True when the request may go on.
   */
  readonly validateBody: (req: IncomingMessage, res: ServerResponse, body: unknown, url?: string, routing?: Routing) => boolean;
}

/** True while request-body bytes may still be unread (RFC 9112 §6.3 framing, and Node has not seen the end). */
function bodyPending(facts: NodeFacts): boolean {
  const headers = facts.headers;
  return hasBody(contentLengthOf(headers['content-length']), headers['transfer-encoding']) && facts.bodyUnread();
}

/** The route each admitted request matched, for the body stage after the body parser. */
const matchedRoutes = new WeakMap<IncomingMessage, MatchedRoute>();

function guardFor(config: AppConfig, engine: Engine, settings: CompiledPreconditions | undefined): PreconditionGuard {
  const compiled = settings ?? config.preconditions;

  const deliver = (req: IncomingMessage, res: ServerResponse, answer: Answer, source?: ErrorSource): boolean =>
    deliverAnswer(req, res, source === undefined ? answer : { ...answer, source }, config).written;

  const judge = (req: IncomingMessage, res: ServerResponse, url?: string, routing?: Routing): Verdict =>
    engine.judge(new NodeFacts(req, url ?? req.url, routing), assignRequestId(req, res, config), settings);

  function admit(req: IncomingMessage, res: ServerResponse, url?: string, routing?: Routing): boolean {
    const facts = new NodeFacts(req, url ?? req.url, routing);
    const verdict = engine.judge(facts, assignRequestId(req, res, config), settings);
    if (verdict.route !== undefined) matchedRoutes.set(req, verdict.route);
    if (verdict.answer !== undefined) {
      const answer = verdict.answer;
      if (answer.delayMs !== undefined && answer.delayMs > 0) setTimeout(() => deliver(req, res, answer), answer.delayMs).unref(); // an injected fault's delay
      else deliver(req, res, answer);
      return false;
    }
    if (verdict.bodyLimit !== Infinity && bodyPending(facts)) {
      const onLimit: BodyLimitHandler = {
        onExceeded: (request, response) => deliver(request, response, engine.tooLarge(facts, requestIdOf(request), verdict.settings)),
      };
      limitBody(req, res, verdict.bodyLimit, onLimit, url);
    }
    return true;
  }

  function validateBody(req: IncomingMessage, res: ServerResponse, body: unknown, url?: string, routing?: Routing): boolean {
    if (engine.routes === undefined) return true;
    const facts = new NodeFacts(req, url ?? req.url, routing);
    const route = matchedRoutes.get(req) ?? engine.routeOf(facts);
    const failed = engine.judgeBody(route, facts, body, assignRequestId(req, res, config));
    if (failed === undefined) return true;
    deliver(req, res, failed);
    return false;
  }

  return Object.freeze({
    compiled,
    judge,
    deliver,
    admit,
    validateBody,
    forRoute: (overrides: PreconditionOverrides): PreconditionGuard => guardFor(config, engine, tightenedPreconditions(compiled, overrides)),
  });
}

/**
 * Builds the guard for an app: the engine over the app's configuration (its route table
 * included), or, with `overrides`, those merged over the app's settings.
 *
 * @example
 * const guard = createPreconditionGuard(config)
 * const route = guard.forRoute({ methods: ['GET', 'POST'], maxBodyBytes: 1024 })
 */
export function createPreconditionGuard(config: AppConfig, overrides?: PreconditionOverrides): PreconditionGuard {
  const engine = engineOf(config);
  return guardFor(config, engine, overrides === undefined ? undefined : compilePreconditions(config.preconditions.settings, overrides));
}
