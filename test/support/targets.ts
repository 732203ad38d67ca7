/**
 * The targets every cross-adapter suite runs on, as one table: a target is a framework family,
 * the module it loads (a devDependency alias for a second major) and, for the Fetch-based ones,
 * the real Fetch runtime server it runs behind. Adding a target is one row here, e.g. Hono on a
 * second `@hono/node-server` major installed as the alias `@hono/node-server2`:
 *
 *   'hono-node2': { family: 'hono', fetchServer: () => require('@hono/node-server2') },
 *
 * Every builder (frameworks.ts, route-apps.ts, the differential suite) dispatches on `family`.
 * `VC_FRAMEWORKS=fastify5,hono npx jest test/contract` runs a subset.
 */
import http from 'node:http';
import type expressModuleType from 'express';
import type KoaType from 'koa';
import type fastifyModuleType from 'fastify';
import type { getRequestListener as GetRequestListener } from '@hono/node-server';

/** What a Fetch runtime server module offers (`@hono/node-server` 1.x and 2.x). */
export interface FetchServerModule {
  readonly getRequestListener: typeof GetRequestListener;
}

/** One target: its family, and the module to load for it. */
export type TargetSpec =
  | { readonly family: 'express'; readonly module: () => typeof expressModuleType }
  | { readonly family: 'koa'; readonly module: () => typeof KoaType }
  | { readonly family: 'fastify'; readonly module: () => typeof fastifyModuleType }
  | { readonly family: 'hono' | 'fetch'; readonly fetchServer: () => FetchServerModule }
  | { readonly family: 'node' };

/** A Nest target: Nest's platform it runs on (the contract suite's only). */
export interface NestTargetSpec {
  readonly family: 'nest';
  readonly platform: 'express' | 'fastify';
}

/** Any target's spec. */
export type AnyTargetSpec = TargetSpec | NestTargetSpec;

/* eslint-disable @typescript-eslint/no-require-imports */
const TABLE = {
  express5: { family: 'express', module: () => require('express') as typeof expressModuleType },
  express4: { family: 'express', module: () => require('express4') as typeof expressModuleType },
  koa3: { family: 'koa', module: () => require('koa') as typeof KoaType },
  koa2: { family: 'koa', module: () => require('koa2') as typeof KoaType },
  fastify5: { family: 'fastify', module: () => require('fastify') as typeof fastifyModuleType },
  fastify4: { family: 'fastify', module: () => require('fastify4') as typeof fastifyModuleType },
  hono: { family: 'hono', fetchServer: () => require('@hono/node-server') as FetchServerModule },
  // Hono on @hono/node-server 2.x (what npm installs today), beside the 1.x line above.
  'hono-node2': { family: 'hono', fetchServer: () => require('@hono/node-server2') as FetchServerModule },
  fetch: { family: 'fetch', fetchServer: () => require('@hono/node-server') as FetchServerModule },
  node: { family: 'node' },
} as const satisfies Record<string, TargetSpec>;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The contract suite's further targets: Nest (the newest major, the root's `@nestjs/*`) on its
 * Express and its Fastify platform, with `VendorCompatModule` imported and nothing else
 * (test/nest/support/contract-app.ts). Only the contract suite (test/contract, through
 * `CONTRACT_FRAMEWORKS`) runs them; the other suites' builders know the framework families only.
 */
const NEST_TABLE = {
  'nest-express': { family: 'nest', platform: 'express' },
  'nest-fastify': { family: 'nest', platform: 'fastify' },
} as const satisfies Record<string, NestTargetSpec>;

/** A target's name. */
export type Target = keyof typeof TABLE;

/** A Nest target's name. */
export type NestTarget = keyof typeof NEST_TABLE;

/** Every target, in table order (Express 5 first: the differential suite's reference). */
export const ALL_TARGETS = Object.keys(TABLE) as readonly Target[];

/** The Nest targets, in table order. */
export const NEST_TARGETS = Object.keys(NEST_TABLE) as readonly NestTarget[];

/**
 * The spec of `target`.
 *
 * @example
 * specOf('koa2').family // 'koa'
 */
export function specOf(target: Target): TargetSpec;
export function specOf(target: NestTarget): NestTargetSpec;
export function specOf(target: Target | NestTarget): AnyTargetSpec;
export function specOf(target: Target | NestTarget): AnyTargetSpec {
  return target in NEST_TABLE ? NEST_TABLE[target as NestTarget] : TABLE[target as Target];
}

/**
 * The Nest targets, or those a comma-separated filter (`VC_FRAMEWORKS`) names.
 *
 * @example
 * selectNestTargets('express5,nest-fastify') // ['nest-fastify']
 */
export function selectNestTargets(filter: string | undefined): readonly NestTarget[] {
  if (filter === undefined || filter.trim() === '') return NEST_TARGETS;
  const wanted = new Set(filter.split(',').map((name) => name.trim()));
  return NEST_TARGETS.filter((name) => wanted.has(name));
}

/**
 * All targets, or those a comma-separated filter (`VC_FRAMEWORKS`) names.
 *
 * @example
 * selectTargets('hono,fetch') // ['hono', 'fetch']
 */
export function selectTargets(filter: string | undefined): readonly Target[] {
  if (filter === undefined || filter.trim() === '') return ALL_TARGETS;
  const wanted = new Set(filter.split(',').map((name) => name.trim()));
  return ALL_TARGETS.filter((name) => wanted.has(name));
}

/**
 * Whether a target answers through a Fetch `Response` on a Fetch runtime (header names go out as
 * the runtime writes them: lower case on `@hono/node-server`, as `Headers` holds them).
 *
 * @example
 * isFetchRuntime('hono') // true
 */
export function isFetchRuntime(target: Target | NestTarget): boolean {
  const { family } = specOf(target);
  return family === 'hono' || family === 'fetch';
}

/**
 * A Fetch handler behind a real Fetch runtime server: `@hono/node-server`'s request listener on a
 * node:http server (what its `createAdaptorServer` builds), with no bridge of ours in between.
 * `overrideGlobalObjects: false` keeps Node's own `Request`/`Response` for every other target in
 * the same Jest worker. `errorHandler` answers what the runtime refuses before the handler runs.
 *
 * @example
 * const server = fetchRuntimeServer(specOf('fetch'), vc.wrap(handler))
 */
export function fetchRuntimeServer(
  spec: TargetSpec,
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  errorHandler?: (error: unknown) => Response,
): http.Server {
  if (spec.family !== 'hono' && spec.family !== 'fetch') throw new TypeError(`not a Fetch runtime target: ${spec.family}`);
  const listener = spec
    .fetchServer()
    .getRequestListener(fetch as Parameters<typeof GetRequestListener>[0], { hostname: 'localhost', overrideGlobalObjects: false, ...(errorHandler === undefined ? {} : { errorHandler }) });
  return http.createServer(listener);
}
