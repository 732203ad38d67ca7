/**
 * The `vendor-compat` command: `probe`, `record` and `openapi`, each a function of its arguments
 * and an output sink returning the exit code (0: no difference, 1: differences, 2: usage error).
 *
 * @module
 */
import { defineProfile, type Profile } from '../core/define-profile';
import { profiles, type ProfileName } from '../profiles';
import { parseCommon, UsageError } from './options';
import { discoverMethod } from './discover';
import { runProbe } from './probe';
import { formatProbeTable } from './report';
import { runRecord } from './record';
import { runOpenapi } from './openapi';

/** Where the command writes. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads a file (for `--profile-file`); the entry point passes `fs.readFileSync(path, 'utf8')`. */
  readonly readFile?: (path: string) => string;
}

/**
 * The usage text.
 *
 * @example
 * io.stdout(USAGE)
 */
export const USAGE = `usage: vendor-compat <command> [options]

commands:
  probe <base-url> --profile <name>   send the requests the profile predicts answers for; report every difference
  record <base-url> --name <name>     send the same requests to an API with no profile; print a draft profile document
  openapi --profile <name> ...        the profile's error responses for an OpenAPI document (vendor-compat openapi --help)

options (probe, record):
  --path [METHOD:]<path> a route that exists (default: the base URL's path, or /); METHOD is one it
                         accepts (POST:/v1/volumes); without it, a GET's 405 Allow (or OPTIONS) tells
  --unknown-path <path>  a route that does not exist (default /vendor-compat-probe/no-such-route)
  -H, --header 'N: v'    a header sent with every request (credentials); repeatable
  -k, --insecure         accept self-signed TLS certificates
  --timeout <ms>         per-request deadline (default 5000)
  --concurrency <n>      requests in flight at once (default 8)
  --json                 print one JSON document instead of the table
  --profile-file <file>  probe: a profile document (JSON) instead of a built-in name
`;

function profileFrom(name: string | undefined, file: string | undefined, io: CliIo): Profile {
  if (file !== undefined) {
    if (io.readFile === undefined) throw new UsageError('--profile-file is not available here');
    let document: unknown;
    try {
      document = JSON.parse(io.readFile(file));
    } catch (error) {
      throw new UsageError(`--profile-file ${file}: ${(error as Error).message}`);
    }
    return defineProfile(document);
  }
  if (name === undefined) throw new UsageError(`missing --profile (one of ${Object.keys(profiles).join(', ')})`);
  if (!Object.prototype.hasOwnProperty.call(profiles, name)) throw new UsageError(`unknown profile ${JSON.stringify(name)}; choose one of ${Object.keys(profiles).join(', ')}`);
  return profiles[name as ProfileName];
}

async function probe(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseCommon(args, ['profile', 'profile-file']);
  const profile = profileFrom(options.values.profile as string | undefined, options.values['profile-file'] as string | undefined, io);
  const method = options.method ?? (await discoverMethod(options.target, options.path)).method;
  const report = await runProbe(profile, { target: options.target, path: options.path, method, unknownPath: options.unknownPath, headers: options.target.headers, concurrency: options.concurrency });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatProbeTable(report));
  return report.passed === report.total ? 0 : 1;
}

async function record(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseCommon(args, ['name']);
  const name = options.values.name as string | undefined;
  if (name === undefined || !/^[a-z][a-z0-9-]{0,63}$/.test(name)) throw new UsageError('--name must be a profile name: lower case letters, digits and -, starting with a letter');
  const method = options.method ?? (await discoverMethod(options.target, options.path)).method;
  const report = await runRecord({ name, target: options.target, path: options.path, method, unknownPath: options.unknownPath, headers: options.target.headers, concurrency: options.concurrency });
  io.stdout(`${JSON.stringify(options.json ? report : report.profile, null, 2)}\n`);
  return 0;
}

/**
 * Runs the command line `args` (without `node` and the script). Never rejects.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) })
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'probe':
        return await probe(rest, io);
      case 'record':
        return await record(rest, io);
      case 'openapi':
        return await runOpenapi(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`vendor-compat: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`vendor-compat: ${(error as Error)?.message ?? String(error)}\n`);
    return 2;
  }
}
