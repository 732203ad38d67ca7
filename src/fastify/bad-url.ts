/**
 * Request-targets Fastify's router refuses before any hook runs. find-my-way decodes the path
 * (up to `?`, `#`, or `;` with `useSemicolonDelimiter`) with `decodeURI` and, when that throws,
 * Fastify writes its own 400 JSON straight to the response (`onBadUrl` in fastify.js, unless the
 * server was built with `frameworkErrors`). No hook or error handler sees the request, so the
 * plugin answers those requests itself, in front of Fastify's request listener.
 *
 * @module
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

const QUESTION = 0x3f;
const HASH = 0x23;
const SEMICOLON = 0x3b;

/**
 * True when Fastify's router would reject `url` as a bad URL (find-my-way `safeDecodeURI`).
 *
 * @example
 * isBadFastifyUrl('/volumes/%ZZ', false) // true
 * isBadFastifyUrl('/volumes?q=%ZZ', false) // false: the query is not decoded by the router
 */
export function isBadFastifyUrl(url: string, semicolonDelimiter: boolean): boolean {
  const percent = url.indexOf('%', 1);
  if (percent === -1) return false;
  let end = url.length;
  for (let i = 1; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code === QUESTION || code === HASH || (code === SEMICOLON && semicolonDelimiter)) {
      end = i;
      break;
    }
  }
  if (percent > end) return false; // only the query is percent-encoded: the router leaves it alone
  try {
    decodeURI(url.slice(0, end));
    return false;
  } catch {
    return true;
  }
}

/** Answers a request Fastify would answer with its own bad-URL 400. */
export type BadUrlAnswer = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts a check in front of the server's `request` listeners (Fastify's router): a request-target
 * the router would refuse is answered by `answer`; every other request goes on unchanged.
 * Installing it twice on one server is a no-op.
 *
 * @example
 * interceptBadUrls(app.server, false, (req, res) => sendRenderedError(req, res, kindAnswer('badRequest'), config))
 */
export function interceptBadUrls(server: Server, semicolonDelimiter: boolean, answer: BadUrlAnswer): void {
  const marked = server as Server & { [INTERCEPTED]?: true };
  if (marked[INTERCEPTED] === true) return;
  Object.defineProperty(marked, INTERCEPTED, { value: true, enumerable: false });
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  const only = listeners.length === 1 ? listeners[0] : undefined; // Fastify's own: the usual case
  server.on('request', function vendorCompatRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url;
    if (typeof url === 'string' && isBadFastifyUrl(url, semicolonDelimiter)) {
      answer(req, res);
      return;
    }
    if (only !== undefined) only.call(server, req, res);
    else for (let i = 0; i < listeners.length; i++) (listeners[i] as (req: IncomingMessage, res: ServerResponse) => void).call(server, req, res);
  });
}

const INTERCEPTED: unique symbol = Symbol.for('vendor-compat/fastify-bad-url') as never;
