/**
 * The Fetch side of the one writer: a rendered error as a `Response` (HEAD without a body, the
 * vendor's exact Content-Type and body bytes, `Connection: close` when a refused body is unread).
 *
 * @module
 */
import type { RenderedError } from '../core/render';

/**
 * Builds the `Response` for a rendered error. Never throws: a status `Response` refuses (outside
 * 200–599) becomes a bare 500.
 *
 * @example
 * responseOf(render(err, profiles.apig, view), false).status // 404
 */
export function responseOf(rendered: RenderedError, closeConnection: boolean, head: boolean): Response {
  const headers = new Headers();
  for (const name of Object.keys(rendered.headers)) headers.set(name, rendered.headers[name] as string);
  if (closeConnection) headers.set('Connection', 'close');
  try {
    return new Response(head || rendered.body === '' ? null : rendered.body, { status: rendered.status, statusText: rendered.statusMessage, headers });
  } catch {
    return new Response(null, { status: 500, headers: { 'Content-Length': '0' } });
  }
}

/**
 * Sets one header on a handler's `Response`, copying it first when its headers are immutable (a
 * `fetch()` result passed through).
 *
 * @example
 * withHeader(await fetch(upstream), 'X-Request-Id', id)
 */
export function withHeader(response: Response, name: string, value: string): Response {
  if (response.headers.get(name) !== null) return response;
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}
