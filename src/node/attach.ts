/**
 * Server-level hooks, for the answers Node gives before any middleware runs:
 *
 * - `checkContinue`: the app's preconditions are evaluated on the headers alone; a violation
 *   gets the vendor's final response without `100 Continue` (Node then closes the connection:
 *   `writeHead` drops keep-alive when 100 was expected and not sent); otherwise
 *   `res.writeContinue()` and the request goes to the app (`server.emit('request')`), as Node
 *   does itself when nobody listens (`_http_server.js` parserOnIncoming).
 * - `checkExpectation`: Node's bare 417 becomes the profile's `expectationFailed` rendering
 *   (or any earlier violation); an expectation the app accepts goes on to the app.
 * - `clientError`: Node's bare 400/408/431 become the profile's `badRequest`, `requestTimeout`,
 *   `uriTooLong` (request line overflow) or `headersTooLarge`, written to the raw socket by the
 *   one socket writer (fastify's `defaultClientErrorHandler` is the model).
 *
 * @module
 */
import { maxHeaderSize as defaultMaxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { engineOf, kindAnswer, requestIdOf, requestViewOf, type AppConfig } from './app-config';
import { clientErrorKind, clientErrorView, type ClientErrorLike } from './client-error';
import type { PreconditionGuard } from './precondition-guard';
import { destroyQuietly, writeRenderedToSocket } from './writer';

const ATTACHED: unique symbol = Symbol.for('vendor-compat/attached') as never;
const ANSWERED: unique symbol = Symbol.for('vendor-compat/client-error-answered') as never;

type Marked<T> = T & { [ATTACHED]?: true; [ANSWERED]?: true };
/** The in-flight response Node keeps on the socket (`_http_server.js` uses the same fields). */
type SocketWithMessage = Marked<Duplex> & { _httpMessage?: { headersSent?: boolean; req?: IncomingMessage } | null };

function onContinue(server: Server, guard: PreconditionGuard, req: IncomingMessage, res: ServerResponse): void {
  const { answer } = guard.judge(req, res);
  if (answer !== undefined) {
    guard.deliver(req, res, answer, 'checkContinue'); // final status instead of 100: the body is never invited
    return;
  }
  res.writeContinue();
  server.emit('request', req, res);
}

function onClientError(server: Server, config: AppConfig, err: ClientErrorLike, socket: SocketWithMessage): void {
  try {
    const message = socket._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || socket[ANSWERED] === true || (message !== undefined && message !== null && message.headersSent === true)) {
      destroyQuietly(socket); // nothing can be sent safely (Node docs, 'clientError')
      return;
    }
    socket[ANSWERED] = true;
    const limit = (server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? defaultMaxHeaderSize;
    // A request already handed to the app (a body that timed out) has a real method, path and id.
    const req = message?.req;
    const view = req === undefined ? clientErrorView(err) : requestViewOf(req, req.url, requestIdOf(req));
    // A request Node rejected before any middleware has no id yet: give it one for the log line
    // (where the profile sends ids, render would make one anyway; this keeps both the same).
    const requestId = view.requestId === undefined && config.tracksRequestIds ? config.requestIds.idFor(undefined) : view.requestId;
    const engine = engineOf(config);
    const answer = engine.answer({ method: view.method, url: req === undefined ? view.path : req.url }, requestId, kindAnswer(clientErrorKind(err, limit)), 'clientError', { close: true });
    engine.report(answer, writeRenderedToSocket(socket, answer.rendered));
  } catch {
    destroyQuietly(socket);
  }
}

/**
 * Installs the hooks on a server (once; attaching again is a no-op) and returns it.
 *
 * @example
 * attachToServer(http.createServer(app), config, createPreconditionGuard(config))
 */
export function attachToServer(server: Server, config: AppConfig, guard: PreconditionGuard): Server {
  const marked = server as Marked<Server>;
  if (marked[ATTACHED] === true) return server;
  Object.defineProperty(marked, ATTACHED, { value: true, enumerable: false });
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => onContinue(server, guard, req, res));
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const { answer } = guard.judge(req, res);
    if (answer !== undefined) guard.deliver(req, res, answer, 'checkExpectation');
    else server.emit('request', req, res); // an expectation the app accepts (preconditions.expectations)
  });
  server.on('clientError', (err: ClientErrorLike, socket: Duplex) => onClientError(server, config, err, socket as SocketWithMessage));
  return server;
}
