/**
 * Small pieces the contract harnesses (`frameworks.ts`, `route-apps.ts`) share: a Fastify app
 * whose server can be handed to supertest synchronously, and a Fetch body counter.
 */
import http from 'node:http';
import type fastifyModuleType from 'fastify';
import type { FastifyInstance } from 'fastify';

/** A Fastify app plus `serve()`, which returns its server at once and holds requests until `app.ready()`. */
export interface DeferredFastify {
  readonly app: FastifyInstance;
  readonly serve: () => http.Server;
}

/**
 * Builds a Fastify 4 or 5 app on its own `serverFactory` server, so the synchronous `makeServer`
 * can return the server before the plugins have loaded: requests that arrive first wait for
 * `app.ready()`; a failed start is rethrown.
 *
 * @example
 * const { app, serve } = deferredFastify(require('fastify'))
 * app.get('/x', () => 'ok')
 * await request(serve()).get('/x')
 */
export function deferredFastify(factory: typeof fastifyModuleType): DeferredFastify {
  let ready = false;
  const waiting: Array<() => void> = [];
  const app = factory({
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        if (ready) handler(req, res);
        else waiting.push(() => handler(req, res));
      }),
  }) as unknown as FastifyInstance;
  const serve = (): http.Server => {
    app.ready().then(
      () => {
        ready = true;
        for (const run of waiting.splice(0)) run();
      },
      (error: unknown) => {
        throw error;
      },
    );
    return app.server;
  };
  return { app, serve };
}

/**
 * Counts a Fetch body to its end; rejects when the stream errors (a body past the limit).
 *
 * @example
 * const received = await countBody(request)
 */
export async function countBody(request: Request): Promise<number> {
  let received = 0;
  if (request.body === null) return 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) received += chunk.byteLength;
  return received;
}
