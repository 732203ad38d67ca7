/**
 * Body parsers' failures in the vendor's words, on every adapter: a request body that is not
 * valid JSON (or cannot be decoded, or is too large for the parser) is the client's error, and the
 * client sees the vendor's own text for the kind, never the parser's (`Unexpected end of JSON
 * input` is V8's wording, not the vendor's). Applied after the app's own `errors` rules.
 *
 * Shapes recognised, each from the parser's source:
 * - body-parser (Express): http-errors with a `type` (`lib/read.js`: `entity.parse.failed`,
 *   `entity.verify.failed`, `entity.too.large`, `request.aborted`, `request.size.invalid`,
 *   `encoding.unsupported`, `charset.unsupported`, `parameters.too.many`);
 * - co-body (@koa/bodyparser) and secure-json-parse (Fastify 4): a `SyntaxError` given status 400;
 * - Fastify 5: `FST_ERR_CTP_*` codes (the Fastify adapter's `fastifyErrors`).
 *
 * @module
 */
import type { ErrorRule } from '../error-rules';
import type { KindName } from '../kinds';
import { readProperty } from '../safe-read';

/** body-parser's error types (`lib/read.js`, `lib/types/*.js`), all client errors. */
const BODY_PARSER_TYPES: ReadonlySet<string> = new Set([
  'entity.parse.failed',
  'entity.verify.failed',
  'entity.too.large',
  'request.aborted',
  'request.size.invalid',
  'encoding.unsupported',
  'charset.unsupported',
  'parameters.too.many',
]);

function statusOf(err: unknown): number | undefined {
  const status = readProperty(err, 'status') ?? readProperty(err, 'statusCode');
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 499 ? status : undefined;
}

function isParserFailure(err: unknown): boolean {
  const type = readProperty(err, 'type');
  return typeof type === 'string' && BODY_PARSER_TYPES.has(type) && statusOf(err) !== undefined;
}

function parserRule(kind: KindName, status: number): ErrorRule {
  return { when: (err) => isParserFailure(err) && statusOf(err) === status, kind, message: '' };
}

/**
 * The rules for body parsers' failures, in the shape of the `errors` option.
 *
 * @example
 * applyErrorRules(compileErrorRules(PARSER_ERROR_RULES), bodyParserError) // a branded badRequest with the vendor's text
 */
export const PARSER_ERROR_RULES: readonly ErrorRule[] = Object.freeze([
  parserRule('badRequest', 400),
  parserRule('payloadTooLarge', 413),
  parserRule('unsupportedMediaType', 415),
  // Invalid JSON from co-body (@koa/bodyparser) and secure-json-parse (Fastify 4).
  { name: 'SyntaxError', when: (err: unknown) => statusOf(err) === 400, kind: 'badRequest', message: '' },
] satisfies ErrorRule[]);
