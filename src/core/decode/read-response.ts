/**
 * Reading an upstream's error body with a size cap, from a Fetch `Response` (its `ReadableStream`)
 * or a Node `IncomingMessage` (an async iterable of byte chunks), without importing `node:*`.
 * Reading stops at the cap (the stream is cancelled / the iteration ends, which destroys a Node
 * stream), so a hostile upstream cannot make a facade buffer without bound.
 *
 * @module
 */
import type { Profile } from '../define-profile';
import { decodeError, type ErrorAnswer } from './decode-error';
import { answerOf, errorFromResponse, upstreamError, type ErrorFromResponseOptions, type UpstreamError } from './error-from-response';

/** Options of {@link errorFromResponseAsync}. */
export interface ReadResponseOptions extends ErrorFromResponseOptions {
  /** Most body bytes read (default 64 KiB); a longer body is not decoded (a problem says so). */
  readonly maxBytes?: number;
}

/**
 * Default cap: vendor error bodies are a few hundred bytes.
 *
 * @example
 * await errorFromResponseAsync(profiles.apig, response, { maxBytes: DEFAULT_MAX_ERROR_BODY_BYTES })
 */
export const DEFAULT_MAX_ERROR_BODY_BYTES = 64 * 1024;

/** What was read: the bytes, or the reason there are none. */
export type ReadBody = { readonly bytes: Uint8Array } | { readonly tooLarge: true } | { readonly failed: string };

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return new TextEncoder().encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return new Uint8Array(0);
}

/**
 * Reads at most `maxBytes` of a body source: a `ReadableStream`, or any async iterable of chunks.
 *
 * @example
 * await readCapped(response.body, 65536) // { bytes: Uint8Array(…) }
 */
export async function readCapped(source: unknown, maxBytes: number): Promise<ReadBody> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = source as { getReader?: () => ReadableStreamDefaultReader<unknown> };
    if (source !== null && typeof source === 'object' && typeof stream.getReader === 'function') {
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const bytes = toBytes(value);
        total += bytes.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => undefined);
          return { tooLarge: true };
        }
        chunks.push(bytes);
      }
      return { bytes: concat(chunks, total) };
    }
    if (source !== null && typeof source === 'object' && Symbol.asyncIterator in source) {
      for await (const chunk of source as AsyncIterable<unknown>) {
        const bytes = toBytes(chunk);
        total += bytes.byteLength;
        if (total > maxBytes) return { tooLarge: true }; // leaving the loop destroys a Node stream
        chunks.push(bytes);
      }
      return { bytes: concat(chunks, total) };
    }
    return { bytes: new Uint8Array(0) };
  } catch (error) {
    return { failed: String((error as Error)?.message ?? error) };
  }
}

/**
 * Like `errorFromResponse`, but reads the body first: of a Fetch `Response` (`response.body`) or
 * a Node `IncomingMessage` (the message itself), at most `maxBytes`. Never rejects.
 *
 * @example
 * const upstream = await fetch(url)
 * if (!upstream.ok) throw await errorFromResponseAsync(profiles.problem, upstream)
 * // http-proxy-middleware, on.proxyRes (selfHandleResponse): errorFromResponseAsync(profiles.vsp, proxyRes, { method: req.method })
 */
export async function errorFromResponseAsync(profile: Profile, response: unknown, options: ReadResponseOptions = {}): Promise<UpstreamError> {
  const maxBytes = typeof options.maxBytes === 'number' && options.maxBytes >= 0 ? options.maxBytes : DEFAULT_MAX_ERROR_BODY_BYTES;
  const answer = answerOf(response, options);
  if (answer.body !== undefined) return errorFromResponse(profile, answer); // a body given as data
  let source: unknown;
  try {
    const body = (response as { body?: unknown } | null)?.body;
    source = body !== null && typeof body === 'object' && typeof (body as { getReader?: unknown }).getReader === 'function' ? body : response;
  } catch {
    source = undefined;
  }
  const read = await readCapped(source, maxBytes);
  const withBody: ErrorAnswer = { ...answer, body: 'bytes' in read ? read.bytes : undefined };
  const decoded = decodeError(profile, withBody);
  // A body that could not be read is decoded from the status and headers alone, and says so.
  const unread = 'tooLarge' in read ? `body larger than ${maxBytes} bytes, not read` : 'failed' in read ? `body could not be read (${read.failed})` : undefined;
  return upstreamError(profile, unread === undefined ? decoded : { ...decoded, conforms: false, problems: [...decoded.problems, unread] }, answer.headers, answer.method);
}
