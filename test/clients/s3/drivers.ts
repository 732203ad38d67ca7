/**
 * Drivers for four real S3 clients: each runs one operation per case against an endpoint and
 * returns what the client surfaces from the error it gets: the thrown error's own fields (code or
 * name, HTTP status, RequestId, HostId, message, the body fields it copies), or what the call
 * returned when it threw nothing. Every client is set up path-style with any credentials and at most
 * 3 attempts with no backoff where the client allows it:
 *
 * - the AWS SDK for JavaScript v3 (`@aws-sdk/client-s3`): `forcePathStyle`, `ConfiguredRetryStrategy(3, 0)`;
 * - the MinIO JavaScript client (`minio`): `pathStyle`, `retryOptions` (2 retries, no delay);
 * - boto3 / botocore through one python3 process for all its cases (boto3-cases.py), standard retry
 *   mode with 3 attempts and the backoff set to zero;
 * - the AWS CLI (`aws s3api ... --endpoint-url`), one process per case (about 1 s each, so its rows
 *   are few), `AWS_MAX_ATTEMPTS=3` in standard retry mode, the backoff set to zero by a CLI plugin
 *   (aws_cli_no_backoff.py).
 *
 * {@link normalize} then replaces the ids and case numbers so two servers' answers compare equal
 * exactly when the client surfaces the same thing from both.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { Client as MinioClient } from 'minio';
import type { CaseRecord } from './reference';

/** The S3 operations the drivers can run. */
export type Operation = 'GetObject' | 'HeadObject' | 'PutObject' | 'CopyObject' | 'CreateBucket' | 'DeleteBucket' | 'HeadBucket' | 'CompleteMultipartUpload';

/** One call: the case id (the server counts its attempts), the operation and where. */
export interface Call {
  readonly id: number;
  readonly op: Operation;
  readonly bucket: string;
  readonly key: string;
}

/** What a client surfaced for one call: the error's fields, or what it returned. */
export interface Surfaced {
  readonly threw: boolean;
  readonly fields: Record<string, unknown>;
}

/** The clients. */
export type ClientName = 'sdk-v3' | 'minio' | 'boto3' | 'aws-cli';

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const BODY = 'hello, S3';
const UPLOAD_ID = 'upload-1';

/** Own enumerable fields of a thrown value, with its name, message and class. */
function errorFields(error: unknown, leaveOut: readonly string[]): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { thrown: String(error) };
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(error)) if (!leaveOut.includes(name)) out[name] = value;
  const e = error as Error;
  return { ...out, class: e.constructor.name, name: e.name, message: e.message };
}

/**
 * An SDK v3 client for `endpoint`: path-style, us-east-1, 3 attempts with no delay between them.
 *
 * @example
 * const s3 = sdkClient('http://127.0.0.1:9000')
 */
export function sdkClient(endpoint: string): S3Client {
  // The SDK warns once per process that its releases after January 2027 need Node 22
  // (@aws-sdk/core emitWarningIfUnsupportedVersion); the tests pin a release that runs on Node 20.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(3, 0) });
}

/** The SDK v3 command for a call. */
function sdkCommand({ op, bucket, key }: Call) {
  switch (op) {
    case 'GetObject':
      return new GetObjectCommand({ Bucket: bucket, Key: key });
    case 'HeadObject':
      return new HeadObjectCommand({ Bucket: bucket, Key: key });
    case 'PutObject':
      return new PutObjectCommand({ Bucket: bucket, Key: key, Body: BODY });
    case 'CopyObject':
      return new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/source-object` });
    case 'CreateBucket':
      return new CreateBucketCommand({ Bucket: bucket });
    case 'DeleteBucket':
      return new DeleteBucketCommand({ Bucket: bucket });
    case 'HeadBucket':
      return new HeadBucketCommand({ Bucket: bucket });
    case 'CompleteMultipartUpload':
      return new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: UPLOAD_ID, MultipartUpload: { Parts: [{ ETag: '"etag-1"', PartNumber: 1 }] } });
  }
}

/**
 * Runs `call` with the SDK v3 client and returns what it surfaced: the thrown error's own fields
 * (`name`, `$fault`, `$metadata`, and the body's elements that `decorateServiceException` copies),
 * without `$response`.
 *
 * @example
 * const surfaced = await runSdk(sdkClient(endpoint), { id: 1, op: 'GetObject', bucket: 'c-1-nosuchkey', key: 'k' })
 */
export async function runSdk(client: S3Client, call: Call): Promise<Surfaced> {
  try {
    // The union of commands has no single `send` overload; each is sent as the base command type.
    const output = await client.send(sdkCommand(call) as GetObjectCommand);
    const { $metadata, ...rest } = output as unknown as Record<string, unknown>;
    if (typeof (rest as { Body?: { destroy?: () => void } }).Body?.destroy === 'function') (rest as { Body: { destroy: () => void } }).Body.destroy();
    return { threw: false, fields: { $metadata, keys: Object.keys(rest).sort() } };
  } catch (error) {
    return { threw: true, fields: errorFields(error, ['$response']) };
  }
}

/**
 * A MinIO client for `port`: path-style, us-east-1 (so it asks no bucket location first), 2
 * retries with no delay.
 *
 * @example
 * const minio = minioClient(9000)
 */
export function minioClient(port: number): MinioClient {
  return new MinioClient({
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    pathStyle: true,
    region: 'us-east-1',
    accessKey: CREDENTIALS.accessKeyId,
    secretKey: CREDENTIALS.secretAccessKey,
    retryOptions: { maximumRetryCount: 2, baseDelayMs: 0, maximumDelayMs: 0 },
  });
}

/** The MinIO call for an operation. */
async function minioCall(client: MinioClient, { op, bucket, key }: Call): Promise<unknown> {
  switch (op) {
    case 'GetObject': {
      const stream = await client.getObject(bucket, key);
      stream.destroy();
      return 'stream';
    }
    case 'HeadObject':
      return client.statObject(bucket, key);
    case 'PutObject':
      return client.putObject(bucket, key, Buffer.from(BODY));
    case 'CopyObject':
      return client.copyObject(bucket, key, `/${bucket}/source-object`);
    case 'CreateBucket':
      return client.makeBucket(bucket);
    case 'DeleteBucket':
      return client.removeBucket(bucket);
    case 'HeadBucket':
      return client.bucketExists(bucket);
    case 'CompleteMultipartUpload':
      return client.completeMultipartUpload(bucket, key, UPLOAD_ID, [{ part: 1, etag: 'etag-1' }]);
  }
}

/**
 * Runs `call` with the MinIO client: the thrown error's own fields (`code`, `requestid`, `hostid`,
 * `resource`, `bucketname`, `key`, `amzRequestid`, `amzId2`, ...), or what the call returned.
 * The client's retry warnings (console.warn) are kept out of the test output.
 *
 * @example
 * const surfaced = await runMinio(minioClient(port), call)
 */
export async function runMinio(client: MinioClient, call: Call): Promise<Surfaced> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const returned = await minioCall(client, call);
    return { threw: false, fields: { returned } };
  } catch (error) {
    return { threw: true, fields: errorFields(error, ['stack']) };
  } finally {
    console.warn = warn;
  }
}

/**
 * The first of `commands` for which `command ...args` succeeds, or why none does. The Debian
 * packages install /usr/bin/python3 and /usr/bin/aws; a `python3` or `aws` earlier on the PATH (a
 * pyenv or virtualenv one) is tried first, and used when it has the client too.
 */
function firstWorking(commands: readonly string[], args: readonly string[]): { command: string } | { missing: string } {
  const failures: string[] = [];
  for (const command of commands) {
    try {
      execFileSync(command, args, { stdio: 'pipe', timeout: 30_000 });
      return { command };
    } catch (error) {
      failures.push(`\`${command} ${args.join(' ')}\` failed: ${(error as Error).message.split('\n')[0] ?? ''}`);
    }
  }
  return { missing: failures.join('; ') };
}

let python: ReturnType<typeof firstWorking> | undefined;
let awsCli: ReturnType<typeof firstWorking> | undefined;

/** The python3 that imports boto3 (`python3`, else /usr/bin/python3). */
function pythonWithBoto3(): ReturnType<typeof firstWorking> {
  python ??= firstWorking(['python3', '/usr/bin/python3'], ['-c', 'import boto3']);
  return python;
}

/** The AWS CLI that runs (`aws`, else /usr/bin/aws). */
function awsCommand(): ReturnType<typeof firstWorking> {
  awsCli ??= firstWorking(['aws', '/usr/bin/aws'], ['--version']);
  return awsCli;
}

/**
 * Why boto3 cannot run (`python3 -c 'import boto3'` fails, with /usr/bin/python3 too), or undefined.
 *
 * @example
 * if (boto3Missing() !== undefined) it.skip(...)
 */
export function boto3Missing(): string | undefined {
  const found = pythonWithBoto3();
  return 'missing' in found ? found.missing : undefined;
}

/**
 * Why the AWS CLI cannot run (`aws --version` fails, /usr/bin/aws too), or undefined.
 *
 * @example
 * if (awsCliMissing() !== undefined) it.skip(...)
 */
export function awsCliMissing(): string | undefined {
  const found = awsCommand();
  return 'missing' in found ? found.missing : undefined;
}

/** The command that runs a client, or an error naming why none can. */
function commandOf(found: ReturnType<typeof firstWorking>): string {
  if ('missing' in found) throw new Error(found.missing);
  return found.command;
}

/** Runs a process with stdin; resolves with its exit code, stdout and stderr. */
function run(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * Runs every call with boto3 in one python3 process (boto3-cases.py), against each call's
 * endpoint: `e.response` (Error, and ResponseMetadata without the raw headers) and the
 * exception's class and text.
 *
 * @example
 * const surfaced = await runBoto3([{ endpoint, call }])
 */
export async function runBoto3(calls: ReadonlyArray<{ endpoint: string; call: Call }>): Promise<Surfaced[]> {
  const input = JSON.stringify(calls.map(({ endpoint, call }) => ({ endpoint, ...call, body: BODY, uploadId: UPLOAD_ID, ...CREDENTIALS })));
  const { code, stdout, stderr } = await run(commandOf(pythonWithBoto3()), [path.join(__dirname, 'boto3-cases.py')], { input });
  if (code !== 0) throw new Error(`boto3-cases.py exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as Surfaced[];
}

/** The `aws s3api` arguments for a call (outfile /dev/null for get-object). */
function cliArgs({ op, bucket, key }: Call): string[] {
  switch (op) {
    case 'GetObject':
      return ['get-object', '--bucket', bucket, '--key', key, os.devNull];
    case 'HeadObject':
      return ['head-object', '--bucket', bucket, '--key', key];
    case 'PutObject':
      return ['put-object', '--bucket', bucket, '--key', key];
    case 'CopyObject':
      return ['copy-object', '--bucket', bucket, '--key', key, '--copy-source', `${bucket}/source-object`];
    case 'CreateBucket':
      return ['create-bucket', '--bucket', bucket];
    case 'DeleteBucket':
      return ['delete-bucket', '--bucket', bucket];
    case 'HeadBucket':
      return ['head-bucket', '--bucket', bucket];
    case 'CompleteMultipartUpload':
      return ['complete-multipart-upload', '--bucket', bucket, '--key', key, '--upload-id', UPLOAD_ID, '--multipart-upload', 'Parts=[{ETag="etag-1",PartNumber=1}]'];
  }
}

let cliSetup: { configFile: string; env: NodeJS.ProcessEnv } | undefined;

/**
 * The CLI's config file (us-east-1, path-style addressing, standard retries with 3 attempts, the
 * aws_cli_no_backoff plugin) and the environment that finds the plugin: version 1 imports plugins
 * by module name from sys.path (PYTHONPATH), version 2 from `cli_legacy_plugin_path`.
 */
function cliConfig(): { configFile: string; env: NodeJS.ProcessEnv } {
  if (cliSetup === undefined) {
    const major = /aws-cli\/(\d+)/.exec(execFileSync(commandOf(awsCommand()), ['--version'], { encoding: 'utf8', stdio: 'pipe' }))?.[1];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vc-aws-cli-'));
    const configFile = path.join(dir, 'config');
    const plugins = major === '1' ? '' : `cli_legacy_plugin_path = ${__dirname}\n`;
    writeFileSync(
      configFile,
      `[default]\nregion = us-east-1\nretry_mode = standard\nmax_attempts = 3\ns3 =\n  addressing_style = path\n[plugins]\n${plugins}no_backoff = aws_cli_no_backoff\n`,
    );
    cliSetup = { configFile, env: major === '1' ? { PYTHONPATH: __dirname } : {} };
  }
  return cliSetup;
}

/**
 * Runs `call` with `aws s3api ... --endpoint-url endpoint`: the exit code and what it prints on
 * stderr (`An error occurred (Code) when calling the Op operation: Message`).
 *
 * @example
 * const surfaced = await runAwsCli(endpoint, call)
 */
export async function runAwsCli(endpoint: string, call: Call): Promise<Surfaced> {
  const setup = cliConfig();
  const env: NodeJS.ProcessEnv = {
    ...setup.env,
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: setup.configFile,
    AWS_SHARED_CREDENTIALS_FILE: os.devNull,
    AWS_MAX_ATTEMPTS: '3',
    AWS_RETRY_MODE: 'standard',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    // The plugin is imported from this folder; no __pycache__ is left in the work tree.
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const { code, stdout, stderr } = await run(commandOf(awsCommand()), ['s3api', ...cliArgs(call), '--endpoint-url', endpoint, '--output', 'json'], { env });
  return { threw: code !== 0, fields: { exitCode: code, stderr: stderr.trim(), ...(code === 0 ? { stdout: stdout.trim() } : {}) } };
}

/** Replaces `value`'s ids and case numbers (strings, nested objects and arrays alike). */
function replaceDeep(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, replace));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, replaceDeep(item, replace)]));
  }
  return value;
}

/**
 * What a client surfaced, comparable across servers: the last answer's `x-amz-request-id` and
 * `x-amz-id-2` become `<x-amz-request-id>` and `<x-amz-id-2>` (an earlier attempt's become
 * `<earlier x-amz-request-id>` / `<earlier x-amz-id-2>`), the case's number in bucket names becomes
 * `N`, and `attempts` is the number of requests the server saw for the case. A number equal to the
 * request id read as a number counts as the id (the MinIO client parses XML text with numbers on,
 * so an all-digit id comes back as a number).
 *
 * @example
 * normalize(surfaced, reference.observed.cases.get(call.id))
 */
export function normalize(surfaced: Surfaced, record: CaseRecord | undefined): { threw: boolean; attempts: number; fields: unknown } {
  const attempts = record?.attempts ?? [];
  const last = attempts[attempts.length - 1];
  const ids: Array<[string, string]> = [];
  if (last?.requestId !== undefined) ids.push([last.requestId, '<x-amz-request-id>']);
  if (last?.hostId !== undefined) ids.push([last.hostId, '<x-amz-id-2>']);
  for (const attempt of attempts.slice(0, -1)) {
    if (attempt.requestId !== undefined) ids.push([attempt.requestId, '<earlier x-amz-request-id>']);
    if (attempt.hostId !== undefined) ids.push([attempt.hostId, '<earlier x-amz-id-2>']);
  }
  const replace = (text: string): string => {
    let out = text.replace(/\b(c|ok|k)-\d+-([a-z]+)\b/g, '$1-N-$2');
    for (const [id, name] of ids) if (id !== '') out = out.split(id).join(name);
    return out;
  };
  const numericId = last?.requestId !== undefined && /^[0-9.eE+-]+$/.test(last.requestId) ? Number(last.requestId) : undefined;
  const fields = replaceDeep(surfaced.fields, replace);
  const numbersAsIds = (value: unknown): unknown => {
    if (typeof value === 'number' && numericId !== undefined && value === numericId) return '<x-amz-request-id>';
    if (Array.isArray(value)) return value.map(numbersAsIds);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, numbersAsIds(item)]));
    return value;
  };
  return { threw: surfaced.threw, attempts: attempts.length, fields: numbersAsIds(fields) };
}
