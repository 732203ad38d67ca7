/**
 * The one writer of rendered errors, for a `ServerResponse` and for a raw socket.
 *
 * Modelled on finalhandler's `send()` (clear contradicting headers, HEAD has no body, never write
 * after headers were sent) and fastify's `defaultClientErrorHandler` (a complete response written
 * straight to the socket, then the socket closed). Neither function throws.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RenderedError } from '../core/render';
import { CONTRADICTING_HEADERS, FINGERPRINT_HEADERS } from '../core/response-headers';

// The sets live in the core, shared with the Fetch entry (src/core/response-headers.ts).
export { CONTRADICTING_HEADERS, FINGERPRINT_HEADERS } from '../core/response-headers';

/** Options for {@link writeRenderedResponse}. */
export interface WriteOptions {
  /** Extra lower-cased headers to remove (the profile's `removeHeaders`). */
  readonly removeHeaders?: readonly string[];
  /** Send `Connection: close` (the request body was not read, e.g. an early 413). */
  readonly closeConnection?: boolean;
}

/**
 * Destroys a socket, request or response, ignoring one that is already gone.
 *
 * @example
 * destroyQuietly(socket)
 */
export function destroyQuietly(target: { destroy: () => unknown }): void {
  try {
    target.destroy();
  } catch {
    // already gone
  }
}

/**
 * Destroys `socket` after `ms` unless it closes first: a peer that never reads must not pin it
 * open, and a socket that did close must not be held (with its buffers) by the timer for the whole
 * delay (the soak saw several MB of heap retained per 5 s of malformed traffic).
 */
function destroyLater(socket: Duplex, ms: number): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => destroyQuietly(socket), ms);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * A response whose headers already went out cannot carry an error any more. Flush what was
 * written, then close the connection without completing the message (no final chunk), so the
 * client sees a truncated response instead of a second status line or a silent success.
 */
function abortStartedResponse(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null || socket.destroyed) {
    destroyQuietly(res);
    return;
  }
  try {
    socket.end(() => destroyQuietly(socket));
    destroyLater(socket, 5000);
  } catch {
    destroyQuietly(socket);
  }
}

/**
 * Writes a rendered error to a response. If the headers already went out, no valid error can be
 * sent any more: the connection is closed after flushing, so the client sees a truncated message
 * rather than a second status line (finalhandler destroys the socket for the same reason).
 * Returns true when the error was written.
 *
 * @example
 * writeRenderedResponse(res, render(err, profiles.vsp, view), { removeHeaders: ['cache-control'] })
 */
export function writeRenderedResponse(res: ServerResponse, rendered: RenderedError, options: WriteOptions = {}): boolean {
  try {
    if (res.headersSent || res.writableEnded) {
      if (!res.writableEnded) abortStartedResponse(res);
      return false;
    }
    if (res.destroyed) return false;
    const remove = options.removeHeaders ?? [];
    for (const name of res.getHeaderNames()) {
      if (CONTRADICTING_HEADERS.has(name) || FINGERPRINT_HEADERS.has(name) || remove.includes(name)) res.removeHeader(name);
    }
    for (const name of Object.keys(rendered.headers)) res.setHeader(name, rendered.headers[name] as string);
    if (options.closeConnection === true) res.setHeader('Connection', 'close');
    res.statusCode = rendered.status;
    res.statusMessage = rendered.statusMessage;
    res.end(rendered.body);
    return true;
  } catch {
    destroyQuietly(res);
    return false;
  }
}

/**
 * Writes a rendered error as a complete HTTP/1.1 response to a raw socket (the `clientError`
 * path, where Node gives no `ServerResponse`), then closes the socket. A socket that is already
 * closed or reset is just destroyed (Node docs, `'clientError'`: check `socket.writable`).
 * Returns true when the answer was handed to the socket.
 *
 * @example
 * server.on('clientError', (err, socket) => writeRenderedToSocket(socket, render(err, profile, view)))
 */
export function writeRenderedToSocket(socket: Duplex, rendered: RenderedError): boolean {
  try {
    socket.on('error', () => undefined); // a reset during the write must not become an 'error' crash
    if (!socket.writable || socket.destroyed) {
      destroyQuietly(socket);
      return false;
    }
    let head = `HTTP/1.1 ${rendered.status} ${rendered.statusMessage}\r\n`;
    for (const name of Object.keys(rendered.headers)) head += `${name}: ${rendered.headers[name] as string}\r\n`;
    head += 'Connection: close\r\n\r\n';
    socket.write(head, 'latin1');
    socket.end(rendered.body, 'utf8', () => destroyQuietly(socket));
    destroyLater(socket, 5000); // a peer that never reads must not pin the socket open
    return true;
  } catch {
    destroyQuietly(socket);
    return false;
  }
}
