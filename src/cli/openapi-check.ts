/**
 * `vendor-compat openapi check <document.json> [--strict]`: prints what an app built from the
 * document would leave unjudged (the startup report, `openapiReport`), one line per part. Exit
 * code: 0 loaded; 1 with `--strict` when any part is unjudged (what `openapiStrict: true` refuses);
 * 2 a document the library refuses, or a usage error.
 *
 * @module
 */
import fs from 'node:fs';
import { openapiReport } from '../core/openapi/check';
import { formatOpenapiReport } from '../core/openapi/report';
import type { OpenapiCommandIo } from './openapi-command';

/**
 * The sub-command's usage text.
 *
 * @example
 * io.stdout(OPENAPI_CHECK_USAGE)
 */
export const OPENAPI_CHECK_USAGE = `usage: vendor-compat openapi check <document.json> [--strict]

Prints every operation, parameter and media type of the document that requests are not judged
against, with the reason (the report onOpenapiReport receives at startup).

options:
  --strict     exit 1 when any part is not judged (what the openapiStrict option refuses)
  -h, --help   this text
`;

/**
 * Runs the sub-command (its arguments after `check`).
 *
 * @example
 * runOpenapiCheck(['api.json', '--strict'], io) // 0, 1 or 2
 */
export function runOpenapiCheck(args: readonly string[], io: OpenapiCommandIo): number {
  const strict = args.includes('--strict');
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(OPENAPI_CHECK_USAGE);
    return 0;
  }
  const files = args.filter((arg) => arg !== '--strict');
  const file = files[0];
  if (files.length !== 1 || file === undefined || file.startsWith('-')) {
    io.stderr(`vendor-compat openapi check: ${files.length === 0 ? 'missing <document.json>' : `unexpected ${JSON.stringify(files.find((arg) => arg.startsWith('-')) ?? files[1])}`}\n\n${OPENAPI_CHECK_USAGE}`);
    return 2;
  }
  let document: object;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8')) as object;
  } catch (error) {
    io.stderr(`vendor-compat openapi check: ${file}: ${(error as Error).message} (a YAML document: npx yaml --json < api.yaml > api.json)\n`);
    return 2;
  }
  try {
    const report = openapiReport(document);
    io.stdout(`${file}: ${formatOpenapiReport(report)}\n`);
    return strict && report.items.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    io.stderr(`vendor-compat openapi check: ${file}: ${error.message}\n`);
    return 2;
  }
}
