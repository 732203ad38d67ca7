/**
 * Request preconditions, framework-free: compile a profile's settings (plus app or route
 * overrides) once, then evaluate request views against them.
 *
 * @example
 * import { compilePreconditions, evaluatePreconditions } from './preconditions'
 * const compiled = compilePreconditions(profile.document.preconditions, { methods: ['GET'] })
 * evaluatePreconditions(compiled, req) // undefined, or { kind: 'methodNotAllowed', headers: { allow: 'GET, HEAD' } }
 *
 * @module
 */
export { compilePreconditions } from './compile';
export { evaluatePreconditions } from './evaluate';
export { contentLengthOf, hasBody, INVALID_LENGTH, NO_LENGTH } from './body-framing';
export { PRECONDITION_CHECKS, preconditionAnswers, type PreconditionAnswer, type PreconditionCheck } from './answers';
/** The shapes the checks read and return (see `types.ts`). */
export type {
  CompiledPreconditions,
  HeaderValue,
  PreconditionOverrides,
  PreconditionView,
  PreconditionViolation,
  ResolvedPreconditionSettings,
} from './types';
