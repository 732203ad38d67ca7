/**
 * Nest's routes, read from its controllers' metadata (`@Controller(path)`, `@Get(path)`: the
 * `path` and `method` keys @nestjs/common's decorators define), so that a request Nest's router
 * does not match, on a path a route serves with other methods, gets the profile's 405 (or the
 * vendor's substitute) with `Allow` (RFC 9110 §15.5.6) instead of Nest's 404.
 *
 * @module
 */
import type { PreconditionGuard } from '../node/precondition-guard';
import { createMethodTable, type MethodTable } from '../fastify/method-table';

/**
 * The members of Nest's module container read here (`ModulesContainer` values).
 *
 * @example
 * nestRoutes(modulesContainer.values() as Iterable<NestModuleLike>, '', (method) => RequestMethod[method])
 */
export interface NestModuleLike {
  readonly controllers: ReadonlyMap<unknown, { readonly metatype?: unknown }>;
}

/**
 * Reads one metadata key of a class or a handler: `Reflector#get` of the `@nestjs/core` the app
 * runs, so the routes are read from the metadata store its decorators wrote to.
 *
 * @example
 * const getMetadata: GetMetadata = (key, target) => new Reflector().get(key, target as never)
 */
export type GetMetadata = (key: string, target: object) => unknown;

/**
 * Nest's versioning options (`app.enableVersioning`, `ApplicationConfig.getVersioning()`), as far
 * as URI versioning puts a segment in the path (`VersioningType.URI` is 0).
 *
 * @example
 * const versioning: NestVersioning = { type: 0, prefix: 'v', defaultVersion: '1' }
 */
export interface NestVersioning {
  readonly type: unknown;
  readonly prefix?: string | false;
  readonly defaultVersion?: unknown;
}

const URI_VERSIONING = 0;

/** The URI segments a route's versions add (`v1`, `v2`); `['']` where none (neutral or unversioned). */
function versionSegments(versioning: NestVersioning | undefined, own: unknown): string[] {
  if (versioning === undefined || versioning.type !== URI_VERSIONING) return [''];
  const value = own ?? versioning.defaultVersion;
  const versions = Array.isArray(value) ? value : [value];
  const prefix = versioning.prefix === false ? '' : versioning.prefix ?? 'v';
  // A version-neutral route (VERSION_NEUTRAL, a symbol) or none at all: no segment.
  return versions.map((version) => (typeof version === 'string' ? `${prefix}${version}` : ''));
}

/** `Reflect.getMetadata` of this realm, which reflect-metadata installs (Nest loads it). */
function globalReader(): GetMetadata | undefined {
  const reader = (Reflect as unknown as { getMetadata?: GetMetadata }).getMetadata;
  return typeof reader === 'function' ? reader : undefined;
}

function pathsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : ['/'];
}

function join(...parts: string[]): string {
  const segments = parts.flatMap((part) => part.split('/')).filter((segment) => segment !== '');
  return `/${segments.join('/')}`;
}

/** The methods of a prototype chain's own functions (a controller may extend another). */
function handlersOf(prototype: object): unknown[] {
  const found: unknown[] = [];
  const seen = new Set<string>();
  for (let proto: object | null = prototype; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || seen.has(name)) continue;
      seen.add(name);
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor !== undefined && typeof descriptor.value === 'function') found.push(descriptor.value);
    }
  }
  return found;
}

/**
 * Every route path and the methods it serves. `methodName` turns Nest's `RequestMethod` number
 * into a method name (undefined for `ALL`: that path answers every method, so it is left out);
 * with URI versioning, each route's versions (its own, its controller's, or the default) are
 * path segments after the global prefix, as Nest's router puts them. `read` reads the
 * decorators' metadata (Nest's `Reflector`; by default the global `Reflect.getMetadata`).
 *
 * @example
 * nestRoutes(modulesContainer.values(), 'api', (m) => RequestMethod[m]) // Map { '/api/volumes' => Set { 'GET', 'HEAD', 'POST' } }
 */
export function nestRoutes(
  modules: Iterable<NestModuleLike>,
  prefix: string,
  methodName: (method: number) => string | undefined,
  versioning?: NestVersioning,
  read?: GetMetadata,
): Map<string, Set<string> | null> {
  const getMetadata = read ?? globalReader();
  const routes = new Map<string, Set<string> | null>();
  if (getMetadata === undefined) return routes;
  for (const module of modules) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const bases = pathsOf(getMetadata('path', controller));
      for (const handler of handlersOf((controller as { prototype: object }).prototype)) {
        const method = getMetadata('method', handler as object);
        if (typeof method !== 'number') continue;
        const versions = versionSegments(versioning, getMetadata('__version__', handler as object) ?? getMetadata('__version__', controller));
        const paths = pathsOf(getMetadata('path', handler as object));
        for (const version of versions) for (const base of bases) for (const path of paths) record(routes, join(prefix, version, base, path), methodName(method));
      }
    }
  }
  return routes;
}

/** Adds a method to a path's set (null: an ALL route, every method is served). */
function record(routes: Map<string, Set<string> | null>, path: string, name: string | undefined): void {
  const methods = routes.get(path);
  if (methods === null) return;
  if (name === undefined || name === 'ALL') {
    routes.set(path, null);
    return;
  }
  const set = methods ?? new Set<string>();
  set.add(name);
  if (name === 'GET') set.add('HEAD'); // RFC 9110 §9.3.2; Express and Fastify answer HEAD for GET routes
  routes.set(path, set);
}

/**
 * A table of route guards declaring each path's methods, for the unmatched-route answer.
 *
 * @example
 * methodGuards(nestRoutes(...), guard).find('/volumes/12')?.admit(req, res) // false: 405 answered
 */
export function methodGuards(routes: ReadonlyMap<string, ReadonlySet<string> | null>, guard: PreconditionGuard): MethodTable<PreconditionGuard> {
  const table = createMethodTable<PreconditionGuard>();
  for (const [path, methods] of routes) {
    if (methods === null) continue;
    try {
      table.add(path, guard.forRoute({ methods: [...methods] }));
    } catch {
      // the app's own `methods` setting is narrower: its check already answers
    }
  }
  return table;
}
