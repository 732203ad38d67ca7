/**
 * A tiny node:http → Fetch bridge for the contract suite: each request becomes a `Request` (Node
 * 20's own), the handler's `Response` is written back (status, reason phrase, headers, streamed
 * body). It does what a Fetch runtime's server does, no more: the adapter under test is the
 * plain `vendor-compat/fetch` entry.
 */
import http from 'node:http';
import { Readable } from 'node:stream';

/** A Fetch handler as `vc.wrap` returns it. */
export type FetchListener = (request: Request) => Promise<Response>;

/** Answers a request the Fetch API cannot represent (a TRACE, a target `Request` refuses). */
export type Unrepresentable = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function requestOf(req: http.IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // a value Headers refuses: a Fetch runtime's server would not pass it either
    }
  }
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? null : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(`http://localhost${req.url ?? '/'}`, { method, headers, body, duplex: 'half' } as RequestInit);
}

async function write(res: http.ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText !== '') res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (response.body === null) {
    res.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}

/**
 * An http.Server answering every request with `listener`.
 *
 * @example
 * const server = fetchServer(vc.wrap(handler), (req, res) => sendError(req, res, badRequest(), options))
 */
export function fetchServer(listener: FetchListener, unrepresentable: Unrepresentable): http.Server {
  return http.createServer((req, res) => {
    let request: Request;
    try {
      request = requestOf(req);
    } catch {
      unrepresentable(req, res); // Fetch forbids TRACE and TRACK; a Fetch runtime never passes them on
      return;
    }
    listener(request)
      .then((response) => write(res, response))
      .catch(() => res.destroy());
  });
}
