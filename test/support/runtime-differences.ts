/**
 * What a real Fetch runtime server does to a `Response` that no adapter can undo, listed once for
 * every contract suite. A contract assertion about the wire goes through these helpers, so the
 * tolerated difference is the runtime's exact behaviour (never "anything goes") and applies only
 * to the targets the row names. Delete a row when the library learns to avoid the difference
 * (e.g. the Fetch entry writing through `@hono/node-server`'s `env.outgoing`, as the Hono adapter
 * does): the assertions then hold on every target unchanged.
 *
 * The Nest targets (`nest-express`, `nest-fastify`: Nest 12 with `VendorCompatModule` on its two
 * platforms) have no row: every contract case holds there with the same bytes as on Express 5 and
 * Fastify 5.
 */
import { STATUS_CODES } from 'node:http';
import { specOf, type AnyTargetSpec, type NestTarget, type Target as FamilyTarget } from './targets';

/** Any target a contract suite runs on. */
type Target = FamilyTarget | NestTarget;

/** One tolerated difference: the targets it applies to, what the runtime does, and why it cannot be helped. */
export interface RuntimeDifference {
  readonly families: readonly AnyTargetSpec['family'][];
  readonly what: string;
  readonly reason: string;
}

/** The tolerated differences, by name. */
export const RUNTIME_DIFFERENCES = {
  reasonPhrase: {
    families: ['fetch'],
    what: "the status line carries Node's standard reason phrase (`http.STATUS_CODES`, 'unknown' for a status it lacks), not the profile's",
    reason:
      "a Fetch `Response` has no reason phrase a runtime writes: `@hono/node-server` calls `writeHead(status, headers)` (listener.js responseViaResponseObject), Deno and Bun write their own; `statusText` is ignored",
  },
  defaultContentType: {
    families: ['fetch'],
    what: 'an answer without Content-Type (HCP) goes out with `content-type: text/plain; charset=UTF-8`',
    reason: "`@hono/node-server`'s buildOutgoingHttpHeaders adds it to every Response that has none (`res['content-type'] ??= ...`)",
  },
  runtimeRefusal: {
    families: ['fetch'],
    what: "a request-target the runtime refuses before any handler runs (a backslash in the path) gets the runtime's bare 400: no body, no Content-Length, `content-type: text/plain; charset=UTF-8`",
    reason:
      "the Fetch entry never sees the request (`@hono/node-server` newRequest/validateRequestTarget throws first, handleRequestError answers); Hono's adapter has `requestError` for the runtime's errorHandler, the Fetch entry has no server hook",
  },
} as const satisfies Record<string, RuntimeDifference>;

/** The Content-Type `@hono/node-server` adds to a `Response` without one. */
export const RUNTIME_DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

function applies(target: Target, difference: RuntimeDifference): boolean {
  return difference.families.includes(specOf(target).family);
}

/**
 * The reason phrase `target` sends for `status` when the profile says `phrase`: the profile's, or
 * the runtime's own where {@link RUNTIME_DIFFERENCES}.reasonPhrase applies.
 *
 * @example
 * expect(res.res.statusMessage).toBe(reasonOn(framework, 494, 'Request Header Or Cookie Too Large'))
 */
export function reasonOn(target: Target, status: number, phrase: string): string {
  return applies(target, RUNTIME_DIFFERENCES.reasonPhrase) ? (STATUS_CODES[status] ?? 'unknown') : phrase;
}

/**
 * The Content-Type `target` sends when the profile sends `contentType` (undefined: none): the
 * runtime's default where {@link RUNTIME_DIFFERENCES}.defaultContentType applies.
 *
 * @example
 * expect(res.headers['content-type']).toBe(contentTypeOn(framework, undefined))
 */
export function contentTypeOn(target: Target, contentType: string | undefined): string | undefined {
  return contentType === undefined && applies(target, RUNTIME_DIFFERENCES.defaultContentType) ? RUNTIME_DEFAULT_CONTENT_TYPE : contentType;
}

/**
 * An expected header record (lower-case names) as `target` sends it: with the runtime's default
 * Content-Type added where the profile sends none and {@link RUNTIME_DIFFERENCES}.defaultContentType applies.
 *
 * @example
 * expect(profileHeaders(res.headers)).toEqual(headersOn(framework, hcpHeaders('Tenant t1 does not exist.')))
 */
export function headersOn(target: Target, headers: Readonly<Record<string, string>>): Record<string, string> {
  const contentType = contentTypeOn(target, headers['content-type']);
  return contentType === undefined ? { ...headers } : { ...headers, 'content-type': contentType };
}

/**
 * Whether `target`'s runtime refuses `requestTarget` before the Fetch handler runs
 * ({@link RUNTIME_DIFFERENCES}.runtimeRefusal): `@hono/node-server` refuses a backslash before the
 * query (request.ts validateRequestTarget).
 *
 * @example
 * refusedByRuntime('fetch', '/a\\b') // true
 */
export function refusedByRuntime(target: Target, requestTarget: string): boolean {
  if (!applies(target, RUNTIME_DIFFERENCES.runtimeRefusal)) return false;
  const backslash = requestTarget.indexOf('\\');
  const query = requestTarget.indexOf('?');
  return backslash !== -1 && (query === -1 || backslash < query);
}
