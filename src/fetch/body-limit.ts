/**
 * Counts a Fetch request's body while the handler streams it (fastify's and nginx's rule: stop a
 * body that grows past the limit while it arrives, not after buffering it all). The handler gets
 * a `Request` whose body runs through a counting `TransformStream`; past the limit the stream
 * errors, so the handler's read rejects, and the wrapper answers the profile's 413 whatever the
 * handler did with that rejection.
 *
 * @module
 */

/** What the counting stream reports. */
export interface BodyCount {
  /** True once more than the limit was received. */
  exceeded: boolean;
}

/**
 * A copy of `request` whose body is counted against `limit`; `count.exceeded` turns true, and the
 * body stream errors with `reason`, when the limit is passed. The original body is not cancelled
 * (`preventCancel`): the answer goes out first, and the runtime closes the connection.
 *
 * @example
 * const count = { exceeded: false }
 * const limited = countedRequest(request, 12582912, count, tooLarge)
 */
export function countedRequest(request: Request, limit: number, count: BodyCount, reason: unknown): Request {
  const body = request.body;
  if (body === null) return request;
  let received = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (received > limit) {
        count.exceeded = true;
        controller.error(reason);
        return;
      }
      controller.enqueue(chunk);
    },
  });
  const counted = body.pipeThrough(counter, { preventCancel: true });
  // `duplex: 'half'` is required for a stream body (Fetch spec; undici, Deno, Bun, workerd).
  const init = { body: counted, duplex: 'half' } as RequestInit;
  try {
    return new Request(request, init); // keeps everything the runtime attached (Workers' `cf`, the signal)
  } catch {
    // A request object of another implementation (@hono/node-server's lazy Request without
    // overrideGlobalObjects): rebuild it from its parts.
    return new Request(request.url, { ...init, method: request.method, headers: request.headers, signal: request.signal });
  }
}
