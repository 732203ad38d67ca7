/**
 * `looserSettings`: what a per-route helper (`vc.route(overrides)`) would allow that the app's
 * settings already refuse. Such a helper runs after the app's checks (and after `checkContinue`),
 * so it can only tighten them; a looser setting would be silently dead (a route widening
 * `responseMediaTypes` still got 406). Routes that widen belong in the route table
 * (`vendorCompat({ routes })`), which replaces the app's settings before any check runs.
 *
 * @module
 */
import { compilePreconditions } from '../preconditions/compile';
import type { CompiledPreconditions, MediaTypeMatcher, PreconditionOverrides } from '../preconditions/types';

function covers(outer: MediaTypeMatcher | null, inner: MediaTypeMatcher | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  if (outer.any) return true;
  if (inner.any) return false;
  for (const main of inner.anySubtype) if (!outer.anySubtype.has(main)) return false;
  for (const type of inner.exact) {
    const slash = type.indexOf('/');
    if (!outer.exact.has(type) && !outer.anySubtype.has(type.slice(0, slash))) return false;
  }
  return true;
}

function subset(outer: ReadonlySet<string> | readonly string[] | null, inner: ReadonlySet<string> | readonly string[] | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  const allowed = new Set(outer);
  return [...inner].every((item) => allowed.has(item));
}

/**
 * The settings of `route` that accept a request `app` rejects, each with a short reason; empty
 * when `route` only tightens `app`.
 *
 * @example
 * looserSettings(app, compilePreconditions(app.settings, { responseMediaTypes: ['application/octet-stream'] }))
 * // ['responseMediaTypes ["application/octet-stream"] accepts what the app's ["application/json"] rejects']
 */
export function looserSettings(app: CompiledPreconditions, route: CompiledPreconditions): string[] {
  const found: string[] = [];
  const a = app.settings;
  const r = route.settings;
  const show = (value: unknown): string => JSON.stringify(value);
  const looser = (key: string, routeValue: unknown, appValue: unknown): void => {
    found.push(`${key} ${show(routeValue)} accepts what the app's ${show(appValue)} rejects`);
  };
  if (route.maxUriBytes > app.maxUriBytes || r.uriBase !== a.uriBase) {
    if (route.maxUriBytes > app.maxUriBytes || (r.uriBase ?? '').length > (a.uriBase ?? '').length) looser('maxUriBytes/uriBase', [r.maxUriBytes, r.uriBase], [a.maxUriBytes, a.uriBase]);
  }
  if (route.maxBodyBytes > app.maxBodyBytes) looser('maxBodyBytes', r.maxBodyBytes, a.maxBodyBytes);
  if (!covers(app.requestMediaTypes, route.requestMediaTypes)) looser('requestMediaTypes', r.requestMediaTypes, a.requestMediaTypes);
  if (!subset(app.responseMediaTypes, route.responseMediaTypes)) looser('responseMediaTypes', r.responseMediaTypes, a.responseMediaTypes);
  if (app.contentTypeRequiredWithBody && !route.contentTypeRequiredWithBody) looser('contentTypeRequiredWithBody', false, true);
  if (app.requireContentLength && !route.requireContentLength) looser('requireContentLength', false, true);
  if (!subset(app.expectations, route.expectations)) looser('expectations', r.expectations, a.expectations);
  if (!subset(app.methods, route.methods)) looser('methods', r.methods, a.methods);
  return found;
}

/**
 * A per-route helper's settings: `overrides` merged over `compiled` and compiled now. Such a helper
 * runs after the app's checks, so it may only tighten them: a looser setting throws a `TypeError`
 * at startup pointing at the route table, which may widen. Shared by every adapter's
 * `vc.route()`.
 *
 * @example
 * tightenedPreconditions(app, { methods: ['GET'] }) // ok
 * tightenedPreconditions(app, { maxBodyBytes: null }) // TypeError: … maxBodyBytes …
 */
export function tightenedPreconditions(compiled: CompiledPreconditions, overrides: PreconditionOverrides): CompiledPreconditions {
  const route = compilePreconditions(compiled.settings, overrides);
  const looser = looserSettings(compiled, route);
  if (looser.length > 0) {
    throw new TypeError(
      `vendor-compat: vc.route() runs after the app's checks and can only tighten them, but ${looser.join('; ')}. ` +
        'Declare a route that widens the app\'s settings in vendorCompat({ routes: { "METHOD /path": { ... } } }).',
    );
  }
  return route;
}
