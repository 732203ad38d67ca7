/**
 * The `openapi` command's slot in the dispatcher: `vendor-compat openapi …` runs
 * `runOpenapiCommand` (src/cli/openapi-command.ts, the OpenAPI helper's command).
 *
 * @module
 */
import type { CliIo } from './main';
import { runOpenapiCommand } from './openapi-command';

/**
 * Runs `vendor-compat openapi …` with the dispatcher's output sink.
 *
 * @example
 * await runOpenapi(['--profile', 'vsp'], io) // prints the error responses of the vsp profile
 */
export function runOpenapi(args: readonly string[], io: CliIo): Promise<number> {
  return runOpenapiCommand([...args], { stdout: io.stdout, stderr: io.stderr });
}
