/**
 * `openapiReport`: what an app built from a document would leave unjudged, without building the
 * app: the same report `onOpenapiReport` receives (and `openapiStrict` refuses), after the
 * document's request schemas are compiled (a schema ajv cannot compile throws, as at startup).
 *
 * @module
 */
import { resolveAppConfig } from '../app-config';
import { appRoutesOf } from '../routes/app-routes';
import type { FormatDefinitions } from '../validation/ajv';
import type { OpenapiReport } from './report';

/**
 * The startup report of an OpenAPI document. Throws the `TypeError` the app would throw at startup
 * for a document it refuses.
 *
 * @example
 * const report = openapiReport(document)
 * for (const item of report.items) console.warn(`${item.at}: ${item.reason}`)
 */
export function openapiReport(document: object, options: { readonly formats?: FormatDefinitions } = {}): OpenapiReport {
  let report: OpenapiReport | undefined;
  const routes = appRoutesOf(
    resolveAppConfig({
      openapi: document,
      ...(options.formats === undefined ? {} : { formats: options.formats }),
      onOpenapiReport: (given: OpenapiReport) => {
        report = given;
      },
    }),
  );
  routes?.compileAll(); // what the app compiles in the background, at once: every schema problem throws here
  return report ?? Object.freeze({ items: Object.freeze([]), judged: 0, parserDependent: Object.freeze([]) });
}
