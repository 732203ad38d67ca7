/**
 * The route table, framework-free: route keys parsed and compiled once into a radix tree, looked
 * up per request for the route's own preconditions and validators, or the path's 405.
 *
 * @example
 * import { compileRouteTable } from './routes'
 * const table = compileRouteTable([{ key: 'GET /ldevs/:id', settings: {} }], profile.document.preconditions, () => undefined)
 * table.lookup('GET', '/ldevs/1')?.route?.path // '/ldevs/{id}'
 *
 * @module
 */
export { appRoutesOf, type AppRoutes } from './app-routes';
export { compileRouteTable, type RouteEntry, type RouteTable, type ValidatorFactory } from './compile-table';
export { parseRouteKey } from './route-key';
export { decodeRoutingPath, resolveDotSegments } from './path-readings';
export { routingPathOf, UNKNOWN_ROUTING, type RoutedPath, type RoutedRequest, type RoutingRule, type RoutingRules } from './routing';
export { bodyPresent, judgeRouteRequest, type JudgeInputs, type RouteJudgement } from './judge';
export type { CompiledRoute, ParsedRouteKey, RouteLookup, RouteSchemas, RouteSettings, RouteTableOptions } from './types';
