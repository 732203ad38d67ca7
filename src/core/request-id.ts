/**
 * Request ids: 128 bits of randomness as 32 lowercase hex (the APIG `X-Request-Id` /
 * `request_id` form, huawei-apig-mpc-and-stratos.md §1.3), and the `requestId` option that
 * trusts a load balancer's id or replaces the generator.
 *
 * Ids come from a pool: one call to the platform's CSPRNG fills 64 KiB (4,096 ids), a byte table
 * spells 256 ids at a time as ASCII hex into a byte array, and one `TextDecoder` call turns them
 * into one flat string; each id is then a 32-character `substring` of it. About a fifth of the cost of
 * the counter-based ids this replaces, which revealed request volume (bench/micro.js
 * "request id"). Each id shares the pool string's memory (8 KiB) while it lives, which is as long
 * as its request. `crypto` and `TextDecoder` are globals in Node 20 and every Fetch runtime; on
 * Node the bytes come from `randomFillSync` (cheaper to load). The pool is built on the first id.
 *
 * @module
 */

const IDS_PER_POOL = 256;
const ID_LENGTH = 32;
const BYTES_PER_POOL = IDS_PER_POOL * (ID_LENGTH / 2);
/**
 * Random bytes for sixteen pools per call (64 KiB, the most one `getRandomValues` call may ask
 * for): a call costs about 11 µs whatever its size up to that (12.5 µs for 4 KiB, 16 µs for
 * 64 KiB on the bench machine), so this is 4 ns per id instead of 49, while the pool string each
 * id shares stays 8 KiB (BENCHMARKS.md, "Request ids").
 */
const RANDOM_BYTES = BYTES_PER_POOL * 16;

/**
 * The pool's buffers, built on the first id rather than with the package (a cold start that
 * never makes an id pays nothing; BENCHMARKS.md "Cold start"). `hexPairs[b]`: the two ASCII hex
 * digits of byte `b` read as one 16-bit unit in the platform's byte order (written through a byte
 * view, so it is right on either endianness); half the stores of a byte loop: the refill went
 * from about 18 to 9 µs per 256 ids (BENCHMARKS.md).
 */
interface PoolState {
  readonly randomBytes: Uint8Array;
  readonly asciiHex: Uint8Array;
  readonly asciiHexPairs: Uint16Array;
  readonly hexPairs: Uint16Array;
  readonly latin1: { decode(bytes: Uint8Array): string };
  readonly fill: (bytes: Uint8Array) => void;
  randomOffset: number;
}

type RandomFill = (bytes: Uint8Array) => unknown;

/**
 * Node's `crypto.randomFillSync` where the runtime has it (reached through
 * `process.getBuiltinModule`, Node ≥ 20.16, so the Fetch build imports no `node:*` module): its
 * first call costs about 0.3 ms of CPU against 1 ms for `globalThis.crypto`, whose first use loads
 * Node's whole Web Crypto implementation. Elsewhere, `crypto.getRandomValues` (every Fetch
 * runtime). Both fill the array from the platform's CSPRNG.
 */
function randomFill(): (bytes: Uint8Array) => void {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const nodeCrypto = typeof host?.getBuiltinModule === 'function' ? (host.getBuiltinModule('node:crypto') as { randomFillSync?: RandomFill } | undefined) : undefined;
  const randomFillSync = nodeCrypto?.randomFillSync;
  if (typeof randomFillSync === 'function') return (bytes) => void randomFillSync(bytes);
  return (bytes) => void globalThis.crypto.getRandomValues(bytes);
}

function createPool(): PoolState {
  const hexCodes = new Uint8Array(512);
  for (let byte = 0; byte < 256; byte++) {
    const digits = byte.toString(16).padStart(2, '0');
    hexCodes[2 * byte] = digits.charCodeAt(0);
    hexCodes[2 * byte + 1] = digits.charCodeAt(1);
  }
  const asciiHex = new Uint8Array(IDS_PER_POOL * ID_LENGTH);
  return {
    randomBytes: new Uint8Array(RANDOM_BYTES),
    asciiHex,
    asciiHexPairs: new Uint16Array(asciiHex.buffer),
    hexPairs: new Uint16Array(hexCodes.buffer),
    latin1: new TextDecoder('latin1'),
    fill: randomFill(),
    randomOffset: RANDOM_BYTES,
  };
}

let state: PoolState | undefined;
let pool = '';
let offset = 0;

function refill(): void {
  const s = (state ??= createPool());
  if (s.randomOffset >= RANDOM_BYTES) {
    s.fill(s.randomBytes);
    s.randomOffset = 0;
  }
  const from = s.randomOffset;
  const { randomBytes, asciiHexPairs, hexPairs } = s;
  for (let i = 0; i < BYTES_PER_POOL; i++) asciiHexPairs[i] = hexPairs[randomBytes[from + i] as number] as number;
  s.randomOffset += BYTES_PER_POOL;
  pool = s.latin1.decode(s.asciiHex);
  offset = 0;
}

/**
 * Returns a new id: 32 lowercase hex characters, 128 random bits.
 *
 * @example
 * nextRequestId() // 'acbc548ac6f2a0dbdb9e3518a7c0ff84'
 */
export function nextRequestId(): string {
  if (offset >= pool.length) refill();
  const id = pool.substring(offset, offset + ID_LENGTH);
  offset += ID_LENGTH;
  return id;
}

/** 1–128 printable ASCII characters, no leading or trailing space (a header value Node keeps as sent). */
const ACCEPTABLE_ID = /^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/;

/**
 * True when `value` may be used as a request id: 1–128 printable ASCII characters (so it is a
 * valid header value, RFC 9110 §5.5, and bounded in logs and bodies).
 *
 * @example
 * isAcceptableRequestId('lb-7f3a9c') // true
 * isAcceptableRequestId('a\r\nSet-Cookie: x') // false
 */
export function isAcceptableRequestId(value: unknown): value is string {
  return typeof value === 'string' && ACCEPTABLE_ID.test(value);
}

/** The `requestId` option of every adapter. */
export interface RequestIdOptions {
  /** Replaces the generator (its output is checked like an incoming id; a bad one is replaced by a generated id). */
  readonly generate?: () => string;
  /** Trust this incoming header (a load balancer's or tracer's id), e.g. `'x-request-id'`, when it is acceptable. */
  readonly header?: string;
}

/** The compiled `requestId` option. */
export interface RequestIdPolicy {
  /** Whether the option was given (then ids exist for `onError` even where the profile sends none). */
  readonly configured: boolean;
  /** Lower-cased incoming header to trust, or undefined. */
  readonly incomingHeader: string | undefined;
  /** An id for a request whose headers are `headers` (a Node `IncomingHttpHeaders`-like record, or a getter). */
  readonly idFor: (incoming: string | readonly string[] | undefined) => string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Validates and compiles the `requestId` option (a `TypeError` naming what is wrong).
 *
 * @example
 * const policy = compileRequestIdPolicy({ header: 'x-request-id' })
 * policy.idFor('lb-7f3a9c') // 'lb-7f3a9c'
 * policy.idFor(undefined)   // 'acbc548ac6f2a0dbdb9e3518a7c0ff84'
 */
export function compileRequestIdPolicy(option: unknown, generateDefault: () => string = nextRequestId): RequestIdPolicy {
  if (option === undefined) return Object.freeze({ configured: false, incomingHeader: undefined, idFor: () => generateDefault() });
  if (option === null || typeof option !== 'object' || Array.isArray(option)) {
    throw new TypeError('vendor-compat: option "requestId" must be an object such as { header: "x-request-id" } or { generate: () => id }');
  }
  const { generate, header, ...rest } = option as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`vendor-compat: unknown requestId option ${JSON.stringify(unknown[0])}; expected generate, header`);
  if (generate !== undefined && typeof generate !== 'function') throw new TypeError('vendor-compat: requestId.generate must be a function returning a string');
  if (header !== undefined && (typeof header !== 'string' || !TOKEN.test(header))) {
    throw new TypeError(`vendor-compat: requestId.header must be a header name such as "x-request-id", got ${JSON.stringify(header)}`);
  }
  const make = generate as (() => unknown) | undefined;
  const generated = make === undefined
    ? generateDefault
    : (): string => {
        try {
          const id = make();
          return isAcceptableRequestId(id) ? id : generateDefault();
        } catch {
          return generateDefault(); // a throwing generator never fails the request
        }
      };
  return Object.freeze({
    configured: true,
    incomingHeader: typeof header === 'string' ? header.toLowerCase() : undefined,
    idFor: (incoming: string | readonly string[] | undefined): string => (isAcceptableRequestId(incoming) ? incoming : generated()),
  });
}

/**
 * A generator of ids in a profile's shape (`requestId.hexDigits`, `requestId.uppercase`): S3's
 * `x-amz-request-id` is 16 upper-case hex digits. The default shape is {@link nextRequestId} itself.
 *
 * @example
 * shapedRequestIds({ hexDigits: 16, uppercase: true })() // '4442587FB7D0A2F9'
 */
export function shapedRequestIds(shape: { readonly hexDigits: number; readonly uppercase: boolean }): () => string {
  const { hexDigits, uppercase } = shape;
  if (hexDigits === 32 && !uppercase) return nextRequestId;
  return () => {
    let id = nextRequestId();
    while (id.length < hexDigits) id += nextRequestId();
    id = id.length === hexDigits ? id : id.slice(0, hexDigits);
    return uppercase ? id.toUpperCase() : id;
  };
}
