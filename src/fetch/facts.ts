/**
 * The engine's view of a Fetch `Request` (`RequestFacts`): method, request-target, the headers the
 * checks read (or a server's own header record, such as the `IncomingMessage` under
 * @hono/node-server), and whether a body is still unread. Reading `request.body` is left to the
 * two questions that need it (on @hono/node-server it materialises the lazy `Request`).
 *
 * @module
 */
import type { RequestFacts } from '../core/engine';
import type { PreconditionView } from '../core/preconditions';
import type { HeaderValue } from '../core/preconditions/types';
import { mayHaveBody, preconditionViewOf, targetOf } from './request';
import { headerRecordOf } from './routes';

/** What an adapter knows of its framework's routing for one request. */
export interface FetchRouting {
  /** The path as the framework routes it. */
  readonly routePath?: string;
  /** The query as the framework parsed it. */
  readonly query?: unknown;
}

/**
 * A Fetch request as the engine reads it.
 *
 * @example
 * engine.judge(new FetchFacts(request), requestIdOf(request))
 */
export class FetchFacts implements RequestFacts {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly routePath: string | undefined;
  readonly query: unknown;
  private readonly complete: boolean;

  constructor(
    readonly request: Request,
    server?: PreconditionView,
    routing?: FetchRouting,
  ) {
    this.method = request.method;
    const view = server ?? preconditionViewOf(request, targetOf(request));
    this.url = typeof view.url === 'string' ? view.url : targetOf(request);
    this.headers = view.headers;
    this.complete = server !== undefined;
    this.routePath = routing?.routePath;
    this.query = routing?.query;
  }

  /** Every header: the server's own record, or the `Headers` object's. */
  allHeaders(): Readonly<Record<string, HeaderValue>> {
    return this.complete ? this.headers : headerRecordOf(this.request.headers);
  }

  /** A body stream not yet read (GET and HEAD never carry one in a `Request`). */
  bodyUnread(): boolean {
    const request = this.request;
    return mayHaveBody(request) && request.body !== null && !request.bodyUsed;
  }

  /** Without Content-Length and Transfer-Encoding, a body stream may still be there (HTTP/2, in-process requests). */
  unframedBody(): boolean {
    const request = this.request;
    return mayHaveBody(request) && request.body !== null;
  }
}
