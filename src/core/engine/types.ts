/**
 * The one engine's vocabulary: what an adapter tells the core about a request (`RequestFacts`),
 * what the core decides before the handler runs (`Verdict`), and an error answer ready to write
 * (`Answer`). Plain data: the node and Fetch shells read requests into facts and write answers;
 * nothing here knows a framework.
 *
 * @module
 */
import type { ErrorSource } from '../app-config';
import type { HeaderValue } from '../preconditions/types';
import type { CompiledPreconditions, PreconditionView } from '../preconditions';
import type { RenderedError, RequestView } from '../render';
import type { RoutedRequest } from '../routes/routing';
import type { CompiledRoute } from '../routes/types';
import type { RequestValidator } from '../validation';

/**
 * What an adapter knows about one request, read lazily where reading costs.
 *
 * @example
 * const facts: RequestFacts = {
 *   method: req.method, url: req.url, headers: req.headers,
 *   bodyUnread: () => !req.complete, unframedBody: () => false,
 * }
 */
export interface RequestFacts extends PreconditionView {
  /** The request method as received (methods are case-sensitive, RFC 9110 §9.1). */
  readonly method: string;
  /** The request-target as received: origin-form `/p?q`, or absolute-form `http://h/p?q` (RFC 9112 §3.2). */
  readonly url: string | undefined;
  /**
   * How the framework routes this request (read only with a route table): the path as it routes
   * it (its case, decoding, slash and `;` rules, or candidates where a rule is unknown) and the
   * query as it parsed it (what the handler reads). Absent: every reading of the path is judged
   * (`UNKNOWN_ROUTING`, fail closed) and the query is read as `URLSearchParams` does.
   */
  readonly routed?: () => RoutedRequest;
  /** Lower-cased header names; at least those the precondition checks read. */
  readonly headers: Readonly<Record<string, HeaderValue>>;
  /** Every header, when `headers` holds only some (a header schema needs them all). */
  readonly allHeaders?: () => Readonly<Record<string, HeaderValue>>;
  /** Whether request-body bytes may still be unread (on the wire, or in the body stream). */
  readonly bodyUnread: () => boolean;
  /**
   * Whether a request without Content-Length and Transfer-Encoding may still carry a body
   * (HTTP/2 and HTTP/3 need neither, RFC 9113 §8.1; a `Request` built in the process has none).
   */
  readonly unframedBody: () => boolean;
}

/** A matched route of the app's route table. */
export type MatchedRoute = CompiledRoute<RequestValidator>;

/** An error answer: rendered once, written by a shell, reported once. */
export interface Answer {
  readonly rendered: RenderedError;
  /** Ask the client to close the connection (`Connection: close`): an unread body was refused. */
  readonly close: boolean;
  /** The value `onError` receives as `error`. */
  readonly error: unknown;
  readonly source: ErrorSource;
  /** An error rule mapped the thrown value (`onError`'s `mapped`). */
  readonly mapped?: boolean;
  /** Milliseconds the shell waits before writing the answer (an injected fault's delay). */
  readonly delayMs?: number;
  /** The request as the renderer and `onError` saw it. */
  readonly view: RequestView;
}

/**
 * What the engine decided before the handler: the settings the request was judged with, the
 * route it matched, the body limit to enforce while it streams, and a rejection, if any.
 *
 * @example
 * const verdict = engine.judge(facts, id)
 * if (verdict.answer) writeAnswer(res, verdict.answer)
 */
export interface Verdict {
  readonly settings: CompiledPreconditions;
  readonly route: MatchedRoute | undefined;
  /** Bytes the body may have (Infinity: no limit). */
  readonly bodyLimit: number;
  readonly answer: Answer | undefined;
}
