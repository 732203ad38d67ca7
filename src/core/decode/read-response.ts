/**
 * Reading an upstream's error body with a size cap, from a Fetch `Response` (its `ReadableStream`)
 * or a Node `IncomingMessage` (an async iterable of byte chunks), without importing `node:*`.
 * Reading stops at the cap (the stream is cancelled / the iteration ends, which destroys a Node
 * stream), so a hostile upstream cannot make a facade buffer without bound.
 *
 * @module
 */
/**
 * Default cap: vendor error bodies are a few hundred bytes.
 *
 * @example
 * await errorFromResponse(profiles.apig, response, { maxBytes: DEFAULT_MAX_ERROR_BODY_BYTES })
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
 * The body source of a response: its Fetch `ReadableStream` (`response.body`), or the response
 * itself when it is an async iterable of chunks (a Node `IncomingMessage`); undefined for a
 * response that carries its body as data (or none).
 *
 * @example
 * streamOf(await fetch(url)) // { source: ReadableStream }
 * streamOf({ status: 404, body: '{}' }) // undefined
 */
export function streamOf(response: unknown): { readonly source: unknown } | undefined {
  try {
    if (response === null || typeof response !== 'object') return undefined;
    const body = (response as { body?: unknown }).body;
    if (body !== null && typeof body === 'object' && typeof (body as { getReader?: unknown }).getReader === 'function') return { source: body };
    if (typeof (response as { arrayBuffer?: unknown }).arrayBuffer === 'function' && body === null) return { source: null }; // a Fetch Response without a body
    if (Symbol.asyncIterator in response && (body === undefined || body === null)) return { source: response };
  } catch {
    return undefined; // a Proxy or a throwing getter: read as data
  }
  return undefined;
}
