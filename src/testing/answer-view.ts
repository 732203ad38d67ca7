/**
 * What the testing helpers read from a response: the status, the reason phrase, the headers, the
 * body as sent, and the request's method when the response knows it. Accepts a supertest /
 * superagent response, a light-my-request response (Fastify's `inject`), a Fetch `Response`
 * (Hono's `app.request()`, `fetch`; read asynchronously, from a clone), or a plain
 * `{ status, headers, body }` record.
 *
 * @module
 */

/** A response as the helpers compare it. */
export interface AnswerView {
  readonly status: number | undefined;
  readonly statusText: string | undefined;
  readonly headers: unknown;
  readonly body: unknown;
  readonly method: string | undefined;
}

/** A Fetch `Response` (what `fetch` and Hono's `app.request()` resolve to). */
export interface FetchResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly bodyUsed: boolean;
  clone(): { text(): Promise<string> };
  text(): Promise<string>;
}

function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return (value as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * True for a Fetch `Response` (its body is a stream, read asynchronously).
 *
 * @example
 * isFetchResponse(await app.request('/missing')) // true
 */
export function isFetchResponse(response: unknown): response is FetchResponseLike {
  return typeof field(response, 'text') === 'function' && typeof field(response, 'clone') === 'function' && typeof field(field(response, 'headers'), 'get') === 'function';
}

/**
 * The view of a response whose body is data (supertest, light-my-request, a plain record).
 *
 * @example
 * viewOf(await request(app).get('/missing')) // { status: 404, statusText: 'Not Found', headers: {…}, body: '{"error_code":…}', method: 'GET' }
 */
export function viewOf(response: unknown): AnswerView {
  // superagent: `text` is the body as sent, `res` the IncomingMessage, `req` the ClientRequest.
  if (typeof field(response, 'text') === 'string' && field(response, 'res') !== undefined) {
    return {
      status: num(field(response, 'status')),
      statusText: str(field(field(response, 'res'), 'statusMessage')),
      headers: field(response, 'headers'),
      body: field(response, 'text'),
      method: str(field(field(response, 'req'), 'method')),
    };
  }
  // light-my-request: `payload` is the body as sent, `raw.req` the request.
  if (typeof field(response, 'payload') === 'string' && typeof field(response, 'statusCode') === 'number') {
    return {
      status: num(field(response, 'statusCode')),
      statusText: str(field(response, 'statusMessage')),
      headers: field(response, 'headers'),
      body: field(response, 'payload'),
      method: str(field(field(field(response, 'raw'), 'req'), 'method')),
    };
  }
  return {
    status: num(field(response, 'status')) ?? num(field(response, 'statusCode')),
    statusText: str(field(response, 'statusText')) ?? str(field(response, 'statusMessage')),
    headers: field(response, 'headers'),
    body: field(response, 'body'),
    method: str(field(response, 'method')),
  };
}

/**
 * The view of a Fetch `Response`, read from a clone (the caller can still read the body).
 *
 * @example
 * await viewOfFetch(await fetch(url)) // { status: 404, statusText: 'Not Found', headers: Headers {…}, body: '…', method: undefined }
 */
export async function viewOfFetch(response: FetchResponseLike): Promise<AnswerView> {
  if (response.bodyUsed) throw new TypeError('vendor-compat/testing: the Response body was already read; pass the Response before reading it, or { status, headers, body }');
  const body = await response.clone().text();
  return { status: response.status, statusText: response.statusText, headers: response.headers, body, method: undefined };
}
