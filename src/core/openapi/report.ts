/**
 * What the library leaves unjudged in an OpenAPI document, said once and completely: every
 * operation, parameter and media type it reads but cannot check, with the reason and where it is
 * (a JSON Pointer, RFC 6901, as a URI fragment). Collected in one pass over the whole document.
 *
 * @module
 */

/**
 * One part of a document a request is not checked against.
 *
 * @example
 * { at: '#/paths/~1files/post/requestBody/content/multipart~1form-data', operation: 'POST /files', reason: 'multipart/form-data parts are not judged (presence only)' }
 */
export interface OpenapiReportItem {
  /** Where it is in the document. */
  readonly at: string;
  /** `METHOD /path` of the operation, or undefined for a document-level item. */
  readonly operation: string | undefined;
  readonly reason: string;
}

/**
 * Everything a document leaves unjudged (empty: every request is judged by the whole document).
 *
 * @example
 * const report: OpenapiReport = { items: [], judged: 3, parserDependent: [] }
 */
export interface OpenapiReport {
  readonly items: readonly OpenapiReportItem[];
  /** How many operations became routes. */
  readonly judged: number;
  /**
   * Bodies judged only when they reach validation parsed: `application/x-www-form-urlencoded`
   * bodies, judged on the body the app's form parser gives (`express.urlencoded()`, Koa's body
   * parser, `@fastify/formbody`; Hono's `vc.validate` reads them itself), and not judged where the
   * app leaves them unparsed (a Fastify catch-all parser, Express without a form parser). Not
   * refused by `openapiStrict`: whether they are parsed is the app's wiring, not the document's.
   */
  readonly parserDependent: readonly OpenapiReportItem[];
}

/**
 * The report as text, one line per item (what `vendor-compat openapi check` prints).
 *
 * @example
 * formatOpenapiReport({ items: [], judged: 3, parserDependent: [] }) // '3 operations; every request part is judged'
 */
export function formatOpenapiReport(report: OpenapiReport): string {
  const head = `${report.judged} operation${report.judged === 1 ? '' : 's'}; `;
  const line = (item: OpenapiReportItem): string => `  - ${item.at}${item.operation === undefined ? '' : ` (${item.operation})`}: ${item.reason}`;
  const parsed = report.parserDependent;
  const tail = parsed.length === 0 ? '' : `\n${parsed.length} bod${parsed.length === 1 ? 'y' : 'ies'} judged only when parsed:\n${parsed.map(line).join('\n')}`;
  if (report.items.length === 0) return `${head}every request part is judged${tail === '' ? '' : ' (but see below)'}${tail}`;
  return `${head}${report.items.length} part${report.items.length === 1 ? '' : 's'} not judged:\n${report.items.map(line).join('\n')}${tail}`;
}
