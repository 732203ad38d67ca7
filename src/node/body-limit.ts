/**
 * Counts request-body bytes as Node's parser hands them over, without consuming the stream:
 * the request's own `push` is wrapped (instance property, no prototype change), so whatever the
 * app reads with (body-parser, koa-body, `for await`) sees the same chunks, and a body that
 * grows past the limit is stopped where fastify (`content-type-parser.js`) and nginx
 * (`ngx_http_request_body.c`) stop it: while streaming, not after buffering it all.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What to do when the limit is passed. */
export interface BodyLimitHandler {
  /** Answer 413 on `res` (called only when nothing was sent yet). */
  readonly onExceeded: (req: IncomingMessage, res: ServerResponse, url: string | undefined) => void;
}

interface BodyWatch {
  limit: number;
  received: number;
  tripped: boolean;
  readonly res: ServerResponse;
  readonly url: string | undefined;
  readonly handler: BodyLimitHandler;
  readonly push: IncomingMessage['push'];
}

const WATCH: unique symbol = Symbol('vendor-compat/body-watch') as never;
type Watched = IncomingMessage & { [WATCH]?: BodyWatch };

function byteLengthOf(chunk: unknown, encoding: BufferEncoding | undefined): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, encoding);
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

/** Destroys the request once the 413 is on the wire (a `'finish'` listener on the response). */
function destroyRequestAfterAnswer(this: ServerResponse): void {
  this.req?.destroy();
}

function trip(req: Watched, watch: BodyWatch): void {
  watch.tripped = true;
  const { res } = watch;
  if (!res.headersSent && !res.writableEnded && !res.destroyed) {
    // The answer carries Connection: close; the rest of the body is discarded as it arrives,
    // and the request is destroyed once the answer is out (its readers see 'aborted').
    res.once('finish', destroyRequestAfterAnswer);
    watch.handler.onExceeded(req, res, watch.url);
    return;
  }
  req.destroy(); // too late to answer: stop reading the upload
}

/** The wrapped `push`: a module-level function reading its state from the request. */
function countingPush(this: Watched, chunk: unknown, encoding?: BufferEncoding): boolean {
  const watch = this[WATCH] as BodyWatch;
  if (chunk === null || chunk === undefined) {
    return watch.tripped ? false : watch.push.call(this, chunk, encoding);
  }
  if (watch.tripped) return true; // discard, and keep the parser reading so the socket can close
  watch.received += byteLengthOf(chunk, encoding);
  if (watch.received > watch.limit) {
    trip(this, watch);
    return true;
  }
  return watch.push.call(this, chunk, encoding);
}

/**
 * Limits the request body to `limit` bytes while it streams. Watching an already-watched
 * request only lowers its limit (a route can tighten the app's limit, never loosen it).
 *
 * @example
 * limitBody(req, res, 12582912, guardHandler, req.originalUrl)
 */
export function limitBody(req: IncomingMessage, res: ServerResponse, limit: number, handler: BodyLimitHandler, url?: string): void {
  const watched = req as Watched;
  const existing = watched[WATCH];
  if (existing !== undefined) {
    if (limit < existing.limit) existing.limit = limit;
    if (!existing.tripped && existing.received > existing.limit) trip(watched, existing);
    return;
  }
  if (req.complete && req.readableLength <= limit) return; // already fully received, within the limit
  const watch: BodyWatch = { limit, received: req.readableLength, tripped: false, res, url, handler, push: req.push };
  watched[WATCH] = watch;
  req.push = countingPush;
  if (watch.received > limit) trip(watched, watch);
}
