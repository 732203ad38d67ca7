/**
 * The one engine every adapter calls (see engine.ts).
 *
 * @example
 * import { createEngine } from './engine'
 * const engine = createEngine(config)
 *
 * @module
 */
export { createEngine, type AnswerOptions, type Engine } from './engine';
export { closesAfterRejection, DRAIN_LIMIT_BYTES } from './close';
export { PARSER_ERROR_RULES } from './parser-errors';
export type { Answer, MatchedRoute, RequestFacts, Verdict } from './types';
export { InvalidJsonError } from './invalid-json';
