/**
 * The one engine: every decision about a request is made here, once, in the same order for every
 * adapter (the node shell in src/node/, the Fetch shell in src/fetch/, and the adapters on top of
 * them only read requests and write answers, as tRPC's node-http adapter is I/O around one
 * handler):
 *
 * 1. `judge`: which route (the app's route table, keyed by the path as the framework routes it),
 *    which settings (the route's, the path's 405, or the app's), the precondition verdict, the
 *    params / query / headers verdict, a body's media type against the route's body schemas, and
 *    the body limit to enforce while the body streams;
 * 2. `judgeBody`: the parsed body against the route's schema;
 * 3. `answer` / `reject`: an error answer (the app's rules, then the body parsers', then the
 *    profile), with whether the connection must close;
 * 4. `report`: the one `onError` event for the answer.
 *
 * Pure: no framework, no `node:*`.
 *
 * @module
 */
import { kindAnswer, reportError, type AppConfig, type ErrorSource } from '../app-config';
import { compiledOf } from '../define-profile';
import { applyErrorRules, compileErrorRules } from '../error-rules';
import { KINDS, type KindName } from '../kinds';
import { evaluatePreconditions, type CompiledPreconditions, type PreconditionViolation } from '../preconditions';
import { mediaTypeMatches } from '../preconditions/content-type';
import { render, type RequestView, type SendErrorOptions } from '../render';
import { viewPathOf } from '../request-target';
import type { AppRoutes } from '../routes';
import { routingPathOf, UNKNOWN_ROUTING } from '../routes/routing';
import { appRoutesOf } from './app-routes-lazy';
import { bodyPresent, judgeRouteRequest } from '../routes/judge';
import { validateBody, type RequestValidator } from '../validation';
import { closesAfterRejection } from './close';
import { PARSER_ERROR_RULES } from './parser-errors';
import type { Answer, MatchedRoute, RequestFacts, Verdict } from './types';

const parserRules = compileErrorRules(PARSER_ERROR_RULES);

/** The engine over one app's configuration. */
export interface Engine {
  readonly config: AppConfig;
  /** The app's route table (options `routes`, `openapi`), or undefined. */
  readonly routes: AppRoutes | undefined;
  /**
   * Judges a request before its handler. `settings` judges by a route guard's own settings
   * (`vc.route(overrides)`) instead of the app's route table.
   */
  readonly judge: (facts: RequestFacts, requestId: string | undefined, settings?: CompiledPreconditions) => Verdict;
  /** The route `facts` match in the table (for a body stage whose verdict was not kept). */
  readonly routeOf: (facts: RequestFacts) => MatchedRoute | undefined;
  /** Judges a parsed body by `route`'s body schema: the validation answer, or undefined. */
  readonly judgeBody: (route: MatchedRoute | undefined, facts: RequestFacts, body: unknown, requestId: string | undefined) => Answer | undefined;
  /** The answer for a thrown value (`source: 'route'`: the app's rules and the parsers' first) or one of the library's own. */
  readonly answer: (
    facts: Pick<RequestFacts, 'method' | 'url'> & { readonly headers?: RequestFacts['headers'] },
    requestId: string | undefined,
    thrown: unknown,
    source: ErrorSource,
    options?: AnswerOptions,
  ) => Answer;
  /** The answer for a precondition violation (the kind's RFC headers only where the vendor answers that status). */
  readonly reject: (facts: RequestFacts, requestId: string | undefined, violation: PreconditionViolation) => Answer;
  /** The answer for a body that streamed past `settings.maxBodyBytes` (the connection always closes). */
  readonly tooLarge: (facts: RequestFacts, requestId: string | undefined, settings: CompiledPreconditions) => Answer;
  /** Calls `onError` for an answer (never throws). A shell calls it once per failed request. */
  readonly report: (answer: Answer, written: boolean) => void;
}

/** How {@link Engine.answer} answers: close the connection after it, or send the error inside a `200 OK`. */
export interface AnswerOptions extends SendErrorOptions {
  /** Send `Connection: close` (a request body is pending). */
  readonly close?: boolean;
}

/** The renderer's view: method, origin-form path without the query (bounded), request id. */
function viewOf(facts: Pick<RequestFacts, 'method' | 'url'> & { readonly headers?: RequestFacts['headers'] }, requestId: string | undefined): RequestView {
  const accept = facts.headers?.accept;
  const view: RequestView = { method: typeof facts.method === 'string' ? facts.method : 'GET', path: viewPathOf(facts.url), requestId };
  return typeof accept === 'string' || Array.isArray(accept) ? { ...view, accept } : view;
}

/** Whether one of the route's body schemas describes a body of this Content-Type (none without one). */
function bodySchemaAccepts(validator: RequestValidator, contentType: unknown): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  const type = typeof value === 'string' ? (value.split(';')[0] as string).trim().toLowerCase() : '';
  if (type === '') return false;
  return validator.bodies.some((candidate) => candidate.matcher === null || mediaTypeMatches(type, candidate.matcher));
}

/**
 * Builds the engine for an app configuration (its route table compiled once, beside it).
 *
 * @example
 * const engine = createEngine(resolveAppConfig({ profile: 'apig', routes }))
 * const verdict = engine.judge(facts, requestId)
 * if (verdict.answer !== undefined) write(verdict.answer)
 */
export function createEngine(config: AppConfig): Engine {
  const routes = appRoutesOf(config);
  const profile = compiledOf(config.profile);

  /** A violation's headers belong to the kind's RFC status (`Allow` to 405, RFC 9110 §15.5.6). */
  function headersFor(violation: PreconditionViolation, method: string): PreconditionViolation['headers'] {
    if (violation.headers === undefined) return undefined;
    return profile.resolve(violation.kind, method).status === KINDS[violation.kind].status ? violation.headers : undefined;
  }

  function answer(
    facts: Pick<RequestFacts, 'method' | 'url'> & { readonly headers?: RequestFacts['headers'] },
    requestId: string | undefined,
    thrown: unknown,
    source: ErrorSource,
    options: AnswerOptions = {},
  ): Answer {
    const close = options.close === true;
    const view = viewOf(facts, requestId);
    let value = thrown;
    if (source === 'route') {
      value = applyErrorRules(config.errorRules, thrown);
      if (value === thrown) value = applyErrorRules(parserRules, thrown);
    }
    const rendered = render(value, config.profile, view, options.embedInOk === true ? { ...config.renderOptions, embedInOk: true } : config.renderOptions);
    const error = source === 'route' || source === 'validation' ? thrown : undefined;
    return { rendered, close, error, source, view, mapped: value !== thrown };
  }

  function rejectAs(facts: RequestFacts, requestId: string | undefined, kind: KindName, headers?: Readonly<Record<string, string>>): Answer {
    return answer(facts, requestId, kindAnswer(kind, headers), 'precondition', { close: closesAfterRejection(facts, kind) });
  }

  function reject(facts: RequestFacts, requestId: string | undefined, violation: PreconditionViolation): Answer {
    return rejectAs(facts, requestId, violation.kind, headersFor(violation, facts.method));
  }

  function verdictOf(settings: CompiledPreconditions, route: MatchedRoute | undefined, rejection: Answer | undefined): Verdict {
    return { settings, route, bodyLimit: settings.maxBodyBytes, answer: rejection };
  }

  /**
   * A route whose validator cannot be used (an OpenAPI schema that failed to compile after
   * startup) fails closed: the vendor's 500, reported with the reason, never the request unjudged.
   */
  function failedClosed(facts: RequestFacts, requestId: string | undefined, error: unknown): Answer {
    return answer(facts, requestId, error, 'route', { close: closesAfterRejection(facts, 'internalServerError') });
  }

  function judge(facts: RequestFacts, requestId: string | undefined, settings?: CompiledPreconditions): Verdict {
    try {
      return judgeUnguarded(facts, requestId, settings);
    } catch (error) {
      return verdictOf(config.preconditions, undefined, failedClosed(facts, requestId, error));
    }
  }

  function judgeUnguarded(facts: RequestFacts, requestId: string | undefined, settings?: CompiledPreconditions): Verdict {
    const fault = settings === undefined ? config.faults?.(facts) : undefined; // the app's guard only, once per request
    if (fault !== undefined) return verdictOf(config.preconditions, undefined, { ...answer(facts, requestId, kindAnswer(fault.kind), 'fault', { close: closesAfterRejection(facts, fault.kind) }), delayMs: fault.delayMs });
    if (settings !== undefined || routes === undefined) {
      const used = settings ?? config.preconditions;
      const violation = evaluatePreconditions(used, facts);
      return verdictOf(used, undefined, violation === undefined ? undefined : reject(facts, requestId, violation));
    }
    const routed = facts.routed?.();
    const judged = judgeRouteRequest(routes, config.preconditions, facts, {
      fullHeaders: () => (facts.allHeaders === undefined ? facts.headers : facts.allHeaders()),
      mayHoldBody: () => facts.unframedBody(),
      target: facts.url,
      path: routed?.path ?? routingPathOf(facts.url, UNKNOWN_ROUTING),
      // A getter: the framework's query is parsed only for a route with a query schema.
      get query() {
        return routed?.query;
      },
    });
    const route = judged.route;
    if (judged.violation !== undefined) {
      const rejection = judged.answer === undefined
        ? reject(facts, requestId, judged.violation)
        : answer(facts, requestId, judged.answer, 'validation', { close: closesAfterRejection(facts, judged.violation.kind) });
      return verdictOf(judged.compiled, route, rejection);
    }
    // A body on a route with body schemas must be one of the media types they describe: without a
    // Content-Type (RFC 9110 §8.3 lets a recipient treat it as application/octet-stream) or with
    // another type, it is unsupported, never passed on unjudged.
    const validator = route?.validator;
    if (validator !== undefined && validator.bodies.length > 0 && bodyPresent(facts.headers['content-length'], facts.headers['transfer-encoding'], () => facts.unframedBody())) {
      if (!bodySchemaAccepts(validator, facts.headers['content-type'])) {
        return verdictOf(judged.compiled, route, rejectAs(facts, requestId, 'unsupportedMediaType'));
      }
    }
    return verdictOf(judged.compiled, route, undefined);
  }

  function routeOf(facts: RequestFacts): MatchedRoute | undefined {
    if (routes === undefined) return undefined;
    const path = facts.routed?.().path ?? routingPathOf(facts.url, UNKNOWN_ROUTING);
    for (const candidate of typeof path === 'string' ? [{ path, caseSensitive: true }] : path) {
      const route = routes.table.lookup(facts.method, candidate.path, candidate.caseSensitive)?.route;
      if (route !== undefined) return route;
    }
    return undefined;
  }

  function judgeBody(route: MatchedRoute | undefined, facts: RequestFacts, body: unknown, requestId: string | undefined): Answer | undefined {
    if (routes === undefined || route?.validator === undefined) return undefined;
    const headers = facts.headers;
    // Unframed (HTTP/2, a Request built in the process): the body the app parsed, if any.
    const present = bodyPresent(headers['content-length'], headers['transfer-encoding'], () => facts.unframedBody() && body !== undefined);
    let failures: ReturnType<typeof validateBody>;
    try {
      failures = validateBody(route.validator, body, headers['content-type'], present, routes.maxField);
    } catch (error) {
      return failedClosed(facts, requestId, error);
    }
    if (failures === undefined) return undefined;
    return answer(facts, requestId, routes.answer(failures), 'validation');
  }

  // The rest of a body that streamed past the limit is unread: always close (RFC 9112 §9.6).
  const tooLarge = (facts: RequestFacts, requestId: string | undefined, settings: CompiledPreconditions): Answer =>
    answer(facts, requestId, kindAnswer(settings.violations.payloadTooLarge.kind), 'precondition', { close: true });

  const report = (done: Answer, written: boolean): void =>
    reportError(config, done.rendered, { error: done.error, source: done.source, view: done.view, written, mapped: done.mapped });

  return Object.freeze({ config, routes, judge, routeOf, judgeBody, answer, reject, tooLarge, report });
}
