/**
 * The template context of one rendering: what `{{code}}`, `{{message}}`, `{{detail}}`,
 * `{{fields.*}}` … read. Shared by the renderer and by `defineProfile`, which renders every kind
 * at definition time to check it against the profile's `bodySchema` (kept apart from both so
 * neither imports the other).
 *
 * @module
 */
import type { CompiledKind } from './compile-profile';
import type { NormalizedError } from './normalize';
import type { TemplateContext } from './template';

/** The parts of a normalized error a template can see. */
export type ContextError = Pick<NormalizedError, 'message' | 'vendorCode' | 'details' | 'exposeDeclared'>;

/** The request side of a rendering. */
export interface ContextRequest {
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  readonly vars: Readonly<Record<string, string>>;
}

/**
 * Builds the context `entry`'s templates are filled from. A client error the vendor answers with
 * a 5xx (HCP 503 for 429, Stratos 500 for 405) keeps its message and details only when the error
 * says `expose: true` (5xx never reveal the thrown message).
 *
 * @example
 * const context = templateContext(compiled.resolve('notFound', 'GET'), normalize(createError(404, 'No LDEV 7')),
 *   { method: 'GET', path: '/ldevs/7', requestId: undefined, vars: {} })
 * context.message // 'No LDEV 7'
 */
export function templateContext(entry: CompiledKind, error: ContextError, request: ContextRequest): TemplateContext {
  const hidden = entry.status >= 500 && !error.exposeDeclared;
  const message = hidden ? undefined : error.message;
  const details = hidden ? undefined : error.details;
  return {
    status: entry.status,
    title: entry.title,
    code: error.vendorCode ?? entry.code,
    message: message ?? entry.message,
    detail: message,
    path: request.path,
    method: request.method,
    requestId: request.requestId,
    fields: details === undefined ? entry.fields : { ...entry.fields, ...details },
    vars: request.vars,
  };
}
