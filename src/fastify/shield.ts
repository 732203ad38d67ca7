/**
 * Fastify 4 tests every thrown value with `payload instanceof Error` in `reply.send`
 * (lib/reply.js) before any error handler runs; for a value that test throws on (a revoked
 * Proxy) the rejection escapes Fastify (an unhandled rejection, or an uncaught exception for a
 * synchronous throw) and the request is never answered. Fastify 5 reads the flag first. On
 * Fastify 4 the plugin wraps each route handler so that such a value reaches the error handler
 * inside a plain Error, which the handler unwraps: the answer is the profile's 500, and `onError`
 * sees the value as thrown.
 *
 * @module
 */

/**
 * A thrown value Fastify 4 cannot inspect, carried to the plugin's error handler.
 *
 * @example
 * unwrapThrown(new UninspectableThrow(revokedProxy)) === revokedProxy // true
 */
export class UninspectableThrow extends Error {
  readonly thrown: unknown;
  constructor(thrown: unknown) {
    super('vendor-compat: a thrown value Fastify cannot inspect');
    this.thrown = thrown;
  }
}

function carried(value: unknown): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  try {
    void (value instanceof Error);
    return value;
  } catch {
    return new UninspectableThrow(value);
  }
}

/**
 * The value an error handler should render: the original behind a carried one.
 *
 * @example
 * sendRenderedError(req, res, unwrapThrown(error), config)
 */
export function unwrapThrown(error: unknown): unknown {
  try {
    return error instanceof UninspectableThrow ? error.thrown : error;
  } catch {
    return error; // `instanceof` itself threw (a Proxy's getPrototypeOf trap): render it as it is
  }
}

type Handler = (this: unknown, ...args: unknown[]) => unknown;

function rethrowCarried(error: unknown): never {
  throw carried(error);
}

/**
 * Wraps a route handler: a synchronous throw or a rejection Fastify 4 could not inspect is
 * carried in an {@link UninspectableThrow}; everything else passes unchanged.
 *
 * @example
 * route.handler = shieldHandler(route.handler)
 */
export function shieldHandler(handler: Handler): Handler {
  return function vendorCompatShieldedHandler(this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = handler.apply(this, args);
    } catch (error) {
      throw carried(error);
    }
    // Only a native promise (an async handler): Fastify 4's reply is a thenable too, and its
    // `then` is not a promise's (lib/reply.js), so a handler returning `reply` passes unchanged.
    if (result instanceof Promise) return result.then(undefined, rethrowCarried);
    return result;
  };
}
