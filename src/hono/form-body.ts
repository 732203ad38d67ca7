/**
 * Form bodies on Hono: `vc.validate` reads an `application/x-www-form-urlencoded` body itself, as
 * text through Hono's body cache (`c.req.text()`), so the route's schema judges it, and the
 * handler still reads it as it likes: Hono answers `c.req.parseBody()`, `formData()` or `text()`
 * from the cached text (hono `HonoRequest#cachedBody`). The text is read as the WHATWG URL
 * Standard's `application/x-www-form-urlencoded` parser reads it (URLSearchParams, as
 * `c.req.parseBody()` does), repeated keys as arrays, by the same reader as a query.
 *
 * @module
 */
import type { Context } from 'hono';
import { mediaTypeEssence } from '../core/media-type';

const FORM_MEDIA = 'application/x-www-form-urlencoded';

/**
 * The raw text of a form body for `vc.validate` to judge, or undefined when the request holds none
 * (or another media type). A failed read (a body past the limit errors the stream) rejects.
 *
 * @example
 * const body = await formBodyOf(c) // 'To=%2B15551234567&Timeout=30'
 */
export async function formBodyOf(c: Context): Promise<string | undefined> {
  const request = c.req.raw;
  if (request.body === null || mediaTypeEssence(request.headers.get('content-type') ?? undefined) !== FORM_MEDIA) return undefined;
  return c.req.text();
}
