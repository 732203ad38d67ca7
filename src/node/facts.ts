/**
 * The engine's view of a Node request (`RequestFacts`): method, request-target and Node's
 * lower-cased header record as they are, whether body bytes are still unread, and what the
 * framework routed. A class, so that per request only the fields are allocated (the two
 * questions are prototype methods, not closures).
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { RequestFacts } from '../core/engine';
import type { HeaderValue } from '../core/preconditions/types';

/** What an adapter knows of its framework's routing for one request (src/<adapter>/routing.ts). */
export interface Routing {
  /** The path as the framework routes it. */
  readonly routePath?: string;
  /** The query as the framework parsed it. */
  readonly query?: unknown;
}

/**
 * A Node request as the engine reads it.
 *
 * @example
 * engine.judge(new NodeFacts(req, req.originalUrl), requestIdOf(req))
 */
export class NodeFacts implements RequestFacts {
  readonly method: string;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly routePath: string | undefined;
  readonly query: unknown;

  constructor(
    readonly req: IncomingMessage,
    readonly url: string | undefined,
    routing?: Routing,
  ) {
    const method = req.method;
    this.method = typeof method === 'string' ? method : 'GET';
    this.headers = req.headers;
    this.routePath = routing?.routePath;
    this.query = routing?.query;
  }

  /** Body bytes may still be on the wire: Node has not seen the message's end. */
  bodyUnread(): boolean {
    return !this.req.complete;
  }

  /** HTTP/2 (Node's compatibility API) frames a body without Content-Length (RFC 9113 §8.1). */
  unframedBody(): boolean {
    return this.req.httpVersionMajor >= 2;
  }
}
