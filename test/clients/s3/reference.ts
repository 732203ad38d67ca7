/**
 * A loopback "reference S3": the yardstick the real S3 clients are measured with. It answers every
 * request with Amazon S3's documented error answer, written out literally here and built by no code
 * of the library:
 *
 * - the status, code and message of the error's row in the S3 error-code table
 *   (docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html, "List of error codes");
 * - `Content-Type: application/xml` and the body of the "REST error responses" example on the same
 *   page (`<?xml version="1.0" encoding="UTF-8"?>` then `<Error>` with `Code`, `Message`,
 *   `Resource`, `RequestId`), with `BucketName` or `Key` where S3 names the bucket or key, and
 *   `HostId` beside `RequestId`;
 * - `x-amz-request-id` and `x-amz-id-2` on every answer, equal to the body's `RequestId` and
 *   `HostId` (UsingRESTError.html, "Response headers"); no body on HEAD;
 * - an error inside a 200 for CopyObject and CompleteMultipartUpload (API_CopyObject.html and
 *   API_CompleteMultipartUpload.html: "the error is embedded in the 200 OK response").
 *
 * Requests are path-style (`http://127.0.0.1:PORT/bucket/key`) with any credentials; no signature
 * is checked. The bucket name says what to answer (see {@link caseBucket}).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One row of the S3 error-code table: the code, its HTTP status and its documented message. */
export interface S3ErrorRow {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** What the body names beside Resource: S3 sends `BucketName` for bucket errors, `Key` for NoSuchKey. */
  readonly names?: 'bucket' | 'key';
}

/**
 * The rows the client tests use, copied from the S3 error-code table as the page reads today
 * (ErrorResponses.html, "List of error codes"): the message is the row's "Description" (its
 * sentences, link texts kept as text; EntityTooLarge's first sentence, without the pointer to the
 * quotas page), the status its "HTTP status code". InvalidArgument's description is a list of
 * situations, not a message; its message is "Invalid Argument", the row's text in the table's
 * earlier revisions and what S3 sends.
 *
 * @example
 * S3_ERROR_TABLE.NoSuchKey.status // 404
 */
export const S3_ERROR_TABLE = {
  AccessDenied: { code: 'AccessDenied', status: 403, message: 'Access Denied' },
  BucketAlreadyExists: {
    code: 'BucketAlreadyExists',
    status: 409,
    message: 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Specify a different name and try again.',
    names: 'bucket',
  },
  BucketNotEmpty: { code: 'BucketNotEmpty', status: 409, message: 'The bucket that you tried to delete is not empty.', names: 'bucket' },
  EntityTooLarge: { code: 'EntityTooLarge', status: 400, message: 'Your proposed upload exceeds the maximum allowed object size.' },
  InternalError: { code: 'InternalError', status: 500, message: 'An internal error occurred. Try again.' },
  InvalidArgument: { code: 'InvalidArgument', status: 400, message: 'Invalid Argument' },
  InvalidRange: { code: 'InvalidRange', status: 416, message: 'The requested range cannot be satisfied.' },
  MethodNotAllowed: { code: 'MethodNotAllowed', status: 405, message: 'The specified method is not allowed against this resource.' },
  KeyTooLongError: { code: 'KeyTooLongError', status: 400, message: 'Your key is too long.' },
  MalformedXML: { code: 'MalformedXML', status: 400, message: 'The XML that you provided was not well formed or did not validate against our published schema.' },
  MetadataTooLarge: { code: 'MetadataTooLarge', status: 400, message: 'Your metadata headers exceed the maximum allowed metadata size.' },
  MissingContentLength: { code: 'MissingContentLength', status: 411, message: 'You must provide the Content-Length HTTP header.' },
  NoSuchBucket: { code: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist.', names: 'bucket' },
  NoSuchKey: { code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.', names: 'key' },
  NotImplemented: { code: 'NotImplemented', status: 501, message: 'A header that you provided implies functionality that is not implemented.' },
  OperationAborted: { code: 'OperationAborted', status: 409, message: 'A conflicting conditional operation is currently in progress against this resource. Try again.' },
  PreconditionFailed: { code: 'PreconditionFailed', status: 412, message: 'At least one of the preconditions that you specified did not hold.' },
  RequestTimeout: { code: 'RequestTimeout', status: 400, message: 'Your socket connection to the server was not read from or written to within the timeout period.' },
  RequestTimeTooSkewed: { code: 'RequestTimeTooSkewed', status: 403, message: "The difference between the request time and the server's time is too large." },
  ServiceUnavailable: { code: 'ServiceUnavailable', status: 503, message: 'Service is unable to handle request.' },
  SignatureDoesNotMatch: {
    code: 'SignatureDoesNotMatch',
    status: 403,
    message:
      'The request signature that the server calculated does not match the signature that you provided. Check your AWS secret access key and signing method. For more information, see REST Authentication and SOAP Authentication.',
  },
  SlowDown: { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' },
} as const satisfies Record<string, S3ErrorRow>;

/** A code of {@link S3_ERROR_TABLE}. */
export type S3ErrorCode = keyof typeof S3_ERROR_TABLE;

/** Every code of the table. */
export const S3_ERROR_CODES = Object.keys(S3_ERROR_TABLE) as readonly S3ErrorCode[];

/**
 * How a case's error is raised: `code` (the handler names the S3 code, and S3's answer names the
 * bucket or key where the table row says so), `inOk` (the same, inside a 200) or `kind` (the
 * handler throws a bare kind, the key naming it; S3's answer names nothing).
 */
export type CaseStyle = 'code' | 'inOk' | 'kind';

const STYLE_PREFIX: Readonly<Record<CaseStyle, string>> = { code: 'c', inOk: 'ok', kind: 'k' };

/** What a case's bucket asks for: the code, and how it is raised. */
export interface CaseTarget {
  readonly id: number;
  readonly code: S3ErrorCode;
  readonly style: CaseStyle;
}

/**
 * The bucket name a case uses: `c-<id>-<code in lower case>`, `ok-...` for an error inside a 200,
 * `k-...` for a bare kind. It is a valid DNS-style bucket name (the MinIO client checks), unique
 * per case, so the server can count each case's attempts.
 *
 * @example
 * caseBucket(7, 'NoSuchKey') // 'c-7-nosuchkey'
 */
export function caseBucket(id: number, code: S3ErrorCode, style: CaseStyle = 'code'): string {
  return `${STYLE_PREFIX[style]}-${id}-${code.toLowerCase()}`;
}

const BY_LOWER = new Map(S3_ERROR_CODES.map((code) => [code.toLowerCase(), code]));

/**
 * The case a request path names, or undefined (`/c-7-nosuchkey/k` → id 7, NoSuchKey).
 *
 * @example
 * parseCasePath('/ok-3-internalerror/k?uploadId=1') // { id: 3, code: 'InternalError', style: 'inOk' }
 */
export function parseCasePath(url: string): CaseTarget | undefined {
  const match = /^\/(c|ok|k)-(\d+)-([a-z]+)(?:[/?]|$)/.exec(url);
  if (match === null) return undefined;
  const code = BY_LOWER.get(match[3] ?? '');
  const style = match[1] === 'ok' ? 'inOk' : match[1] === 'k' ? 'kind' : 'code';
  return code === undefined ? undefined : { id: Number(match[2]), code, style };
}

/** What a server answered for one case: every attempt's status and ids, in order. */
export interface CaseRecord {
  readonly attempts: Array<{ method: string; url: string; status: number; requestId?: string; hostId?: string }>;
}

/** Requests and answers as one server saw them. */
export interface Observed {
  /** Per case id. */
  readonly cases: Map<number, CaseRecord>;
  /** Requests naming no case (a client's own lookups), as `METHOD url status`. */
  readonly others: string[];
}

function headerText(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? undefined : String(value[0]);
  return value === undefined ? undefined : String(value);
}

/** The headers `writeHead` was given, lower-cased (an object, or a flat [name, value, ...] list). */
function writeHeadHeaders(args: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const headers = args.find((arg) => typeof arg === 'object' && arg !== null);
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i]).toLowerCase()] = headers[i + 1];
  } else if (headers !== undefined) {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) out[name.toLowerCase()] = value;
  }
  return out;
}

/**
 * Wraps a request listener so that every answer is recorded under its case: the status and the
 * `x-amz-request-id` / `x-amz-id-2` it went out with, read at `writeHead` (which Node also calls for
 * an implicit head), so it works under any framework that writes through node:http.
 *
 * @example
 * const observed = newObserved(); http.createServer(observe(app, observed))
 */
export function observe(listener: http.RequestListener, observed: Observed): http.RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const target = parseCasePath(url);
    const writeHead = res.writeHead;
    let recorded = false;
    res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
      if (!recorded) {
        recorded = true;
        const given = writeHeadHeaders(args.slice(1));
        const status = Number(args[0]);
        const requestId = headerText(given['x-amz-request-id'] ?? res.getHeader('x-amz-request-id'));
        const hostId = headerText(given['x-amz-id-2'] ?? res.getHeader('x-amz-id-2'));
        if (target === undefined) observed.others.push(`${req.method ?? ''} ${url} ${status}`);
        else {
          const record = observed.cases.get(target.id) ?? { attempts: [] };
          record.attempts.push({ method: req.method ?? '', url, status, ...(requestId === undefined ? {} : { requestId }), ...(hostId === undefined ? {} : { hostId }) });
          observed.cases.set(target.id, record);
        }
      }
      return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
    } as typeof res.writeHead;
    listener(req, res);
  };
}

/**
 * An empty record of what a server saw.
 *
 * @example
 * const observed = newObserved()
 */
export function newObserved(): Observed {
  return { cases: new Map(), others: [] };
}

/** Text escaped for XML character data (the five XML specials). */
function xmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** The bucket and key of a path-style request path (no query). */
function bucketAndKey(pathname: string): { bucket: string; key: string | undefined } {
  const [, bucket = '', ...rest] = pathname.split('/');
  const key = rest.length === 0 || rest.join('/') === '' ? undefined : decodeURIComponent(rest.join('/'));
  return { bucket, key };
}

/** S3's ids: a 16-digit upper-case hex request id, and a base64 extended id (x-amz-id-2). */
function newIds(): { requestId: string; hostId: string } {
  return { requestId: randomBytes(8).toString('hex').toUpperCase(), hostId: randomBytes(54).toString('base64') };
}

/**
 * The literal S3 answer to one request for `row`: status (200 when `inOk`), headers and body.
 *
 * @example
 * s3Answer(S3_ERROR_TABLE.NoSuchKey, { method: 'GET', path: '/b/k', style: 'code' })
 */
export function s3Answer(
  row: S3ErrorRow,
  request: { method: string; path: string; style: CaseStyle },
): { status: number; headers: Record<string, string>; body: string } {
  const { requestId, hostId } = newIds();
  const { bucket, key } = bucketAndKey(request.path);
  const named = request.style === 'kind' ? '' : row.names === 'bucket' ? `<BucketName>${xmlText(bucket)}</BucketName>` : row.names === 'key' && key !== undefined ? `<Key>${xmlText(key)}</Key>` : '';
  const body =
    request.method === 'HEAD'
      ? ''
      : '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>${row.code}</Code><Message>${xmlText(row.message)}</Message>${named}<Resource>${xmlText(request.path)}</Resource>` +
        `<RequestId>${requestId}</RequestId><HostId>${xmlText(hostId)}</HostId></Error>`;
  return {
    status: request.style === 'inOk' ? 200 : row.status,
    headers: { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId, 'Content-Type': 'application/xml', Server: 'AmazonS3' },
    body,
  };
}

/** A running server on loopback. */
export interface RunningS3 {
  readonly endpoint: string;
  readonly port: number;
  readonly observed: Observed;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 with `server` (any node:http server) and resolves once it is listening.
 *
 * @example
 * const running = await listen(http.createServer(listener), observed)
 */
export async function listen(server: http.Server, observed: Observed): Promise<RunningS3> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    observed,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Starts the reference S3 on a free loopback port. It reads each request's body to the end before
 * answering (as S3 does for a PUT), then answers the case its bucket names; a path naming no case
 * gets `NoSuchBucket`.
 *
 * @example
 * const reference = await startReferenceS3()
 * // GET `${reference.endpoint}/c-1-nosuchkey/photo.jpg` → 404 NoSuchKey
 */
export async function startReferenceS3(): Promise<RunningS3> {
  const observed = newObserved();
  const listener: http.RequestListener = (req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '/';
      const target = parseCasePath(url);
      const row: S3ErrorRow = S3_ERROR_TABLE[target?.code ?? 'NoSuchBucket'];
      const path = url.split('?')[0] ?? '/';
      const answer = s3Answer(row, { method: req.method ?? 'GET', path, style: target?.style ?? 'code' });
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
      res.end(answer.body);
    });
  };
  return listen(http.createServer(observe(listener, observed)), observed);
}
