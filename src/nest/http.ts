/**
 * The Node request and response behind what Nest hands a filter or a parameter decorator: on the
 * Express platform Express's `req`/`res` (Node's own objects), on the Fastify platform Fastify's
 * `request`/`reply` (their `.raw`), and in a Fastify middleware Node's objects themselves
 * (@nestjs/platform-fastify runs middleware through middie with Node's objects, so an error thrown
 * in middleware reaches the filters with the raw response).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readProperty } from '../core/safe-read';

/** Fastify's reply, as far as it is used here. */
interface ReplyLike {
  readonly raw: ServerResponse;
  readonly hijack: () => unknown;
  readonly getHeaders?: () => Record<string, unknown>;
}

function isReply(value: unknown): value is ReplyLike {
  return typeof readProperty(value, 'hijack') === 'function' && typeof readProperty(value, 'raw') === 'object';
}

/**
 * Node's request behind a Nest request (Express's `req` is one; Fastify's `request.raw`).
 *
 * @example
 * rawRequest(fastifyRequest) === fastifyRequest.raw // true
 */
export function rawRequest(request: unknown): IncomingMessage {
  const raw = readProperty(request, 'raw');
  return (raw !== null && typeof raw === 'object' && typeof readProperty(raw, 'headers') === 'object' ? raw : request) as IncomingMessage;
}

/**
 * The URL the request was routed with: Express's `originalUrl` (before a mount point cut it),
 * Fastify's `request.url`, or Node's `req.url`.
 *
 * @example
 * requestUrl(expressReq) // '/api/volumes?limit=1'
 */
export function requestUrl(request: unknown): string | undefined {
  const original = readProperty(request, 'originalUrl');
  if (typeof original === 'string') return original;
  const url = readProperty(request, 'url');
  return typeof url === 'string' ? url : rawRequest(request).url;
}

/**
 * Node's response to write an error to. A Fastify reply is hijacked (Fastify then leaves the
 * response alone) and headers set with `reply.header()` are carried onto the raw response,
 * where the one writer sees them, as the Fastify adapter does.
 *
 * @example
 * writeTarget(reply) === reply.raw // true, and reply.sent is true
 */
export function writeTarget(response: unknown): ServerResponse {
  if (!isReply(response)) return response as ServerResponse;
  const res = response.raw;
  response.hijack();
  if (res.headersSent || typeof response.getHeaders !== 'function') return res;
  const headers = response.getHeaders();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    try {
      res.setHeader(name, value as string | number | readonly string[]);
    } catch {
      // an invalid value set by the route cannot be sent anyway
    }
  }
  return res;
}
