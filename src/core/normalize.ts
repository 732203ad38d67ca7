/**
 * Turns anything thrown into one plain, safe description, once, at the boundary.
 *
 * Every read of the thrown value is guarded: getters may throw, Proxies may lie, and the value
 * may not be an object at all. Nothing here mutates the caller's error (unlike http-errors'
 * `createError(status, err)`), following tRPC's `getTRPCErrorFromUnknown`.
 *
 * @module
 */
import statuses from 'statuses';
import { ERROR_BRAND } from './brand';
import { readProperty } from './safe-read';
import { KINDS, isKindName, kindForStatus, type KindName } from './kinds';
import { inheritableHeaders } from './response-headers';

/** Longest thrown message copied into a response (bodies stay bounded for any input). */
export const MAX_MESSAGE_LENGTH = 2048;
/** A vendor code is a short printable token such as `KART30005-E`, `APIG.0308`, `MPC.10202`. */
const VENDOR_CODE = /^[\x21-\x7e]{1,64}$/;
/** An empty or whitespace-only message. */
const BLANK = /^\s*$/;
/** Keys that would reach an object's prototype if copied naively. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DETAIL_KEYS = 32;
const MAX_DETAIL_DEPTH = 3;
/**
 * Total size of the details copied from one error, in characters (a string costs its length + 2,
 * a key its length + 3, anything else 4). Width and depth caps alone allow 32^3 strings: a few KB
 * of shared references would serialize to tens of MB. 6,144 keeps any body under 64 KiB.
 */
export const MAX_DETAIL_BUDGET = 6144;
const MAX_HEADERS = 32;

/** What the renderer needs to know about a thrown value. Plain data, no references to it. */
export interface NormalizedError {
  /** The canonical kind. */
  readonly kind: KindName;
  /** The message the client may see, or undefined when it must stay private. */
  readonly message: string | undefined;
  /** A per-error vendor code override. */
  readonly vendorCode: string | undefined;
  /**
   * The profile `vendorCode` belongs to (`errorFromResponse` sets it to the upstream's profile):
   * the renderer uses the code only under a profile of that name.
   */
  readonly vendorProfile?: string;
  /** Vendor body fields supplied by the thrower (only kept when the error is exposed). */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /**
   * The thrown value itself says `expose: true` (http-errors sets it on every 4xx). Only then may
   * a response the vendor answers with a 5xx carry `message` and `details` (render decides).
   */
  readonly exposeDeclared: boolean;
  /**
   * Extra headers from `err.headers` (names lower-cased; values not yet sanitized): only from an
   * error that carries its own 4xx/5xx status or our brand (finalhandler honours `err.headers`
   * only when `getErrorStatusCode` found one), never from one masked as a 500, and never the
   * headers no error may set (`inheritableHeaders`, src/core/response-headers.ts).
   */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

const read = readProperty;

function statusOf(thrown: unknown): number | undefined {
  const status = read(thrown, 'status');
  const candidate = typeof status === 'number' ? status : read(thrown, 'statusCode');
  return typeof candidate === 'number' && Number.isInteger(candidate) ? candidate : undefined;
}

function kindOf(thrown: unknown, status: number | undefined): KindName {
  const brand = read(thrown, ERROR_BRAND);
  if (isKindName(brand)) return brand;
  return status === undefined ? 'internalServerError' : kindForStatus(status);
}

function isExposed(thrown: unknown, status: number): boolean {
  const expose = read(thrown, 'expose');
  return expose === true || (expose === undefined && status >= 400 && status < 500);
}

function messageOf(thrown: unknown, status: number): string | undefined {
  const message = read(thrown, 'message');
  // A blank message tells nothing: the vendor's default is sent instead (clients.md "Stratos": the
  // Python CLI shows "Could not connect to Stratos server" for an empty message; HCP sends no
  // X-HCP-ErrorMessage when there is nothing more to tell, seed-000 rows 400/403/409/503).
  if (typeof message !== 'string' || BLANK.test(message)) return undefined;
  // http-errors fills an absent message with the reason phrase; the profile's own default is
  // more faithful than "Not Found", so treat that as no message.
  if (message === statuses.message[status]) return undefined;
  return message.length > MAX_MESSAGE_LENGTH ? message.slice(0, MAX_MESSAGE_LENGTH) : message;
}

/** Copies JSON-safe data only: bounded depth, width and total size, no prototype-reaching keys. */
function copyJsonSafe(value: unknown, depth: number, budget: { left: number }): unknown {
  if (typeof value === 'string') {
    const text = value.length > MAX_MESSAGE_LENGTH ? value.slice(0, MAX_MESSAGE_LENGTH) : value;
    if ((budget.left -= text.length + 2) < 0) return undefined;
    return text;
  }
  if ((budget.left -= 4) < 0) return undefined;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object' || depth >= MAX_DETAIL_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value.slice(0, MAX_DETAIL_KEYS)) {
      const copied = copyJsonSafe(item, depth + 1, budget);
      if (budget.left < 0) break;
      items.push(copied ?? null);
    }
    return items;
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key of Object.keys(value)) {
    if (UNSAFE_KEYS.has(key)) continue;
    if (++count > MAX_DETAIL_KEYS || (budget.left -= key.length + 3) < 0) break;
    const copied = copyJsonSafe(read(value, key), depth + 1, budget);
    if (budget.left < 0) break;
    if (copied !== undefined) out[key] = copied;
  }
  return out;
}

function detailsOf(thrown: unknown): Record<string, unknown> | undefined {
  const details = read(thrown, 'details');
  if (details === null || typeof details !== 'object') return undefined;
  try {
    // Array.isArray throws on a revoked Proxy, so it belongs inside the try.
    return Array.isArray(details) ? undefined : (copyJsonSafe(details, 0, { left: MAX_DETAIL_BUDGET }) as Record<string, unknown>);
  } catch {
    return undefined; // a revoked Proxy, or one whose ownKeys trap throws
  }
}

function headersOf(thrown: unknown): Array<readonly [string, string]> {
  const headers = read(thrown, 'headers');
  if (headers === null || typeof headers !== 'object') return [];
  const out: Array<readonly [string, string]> = [];
  try {
    for (const name of Object.keys(headers).slice(0, MAX_HEADERS)) {
      const value = read(headers, name);
      if (typeof value === 'string') out.push([name.toLowerCase(), value]);
      else if (typeof value === 'number' && Number.isFinite(value)) out.push([name.toLowerCase(), String(value)]);
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        out.push([name.toLowerCase(), value.join(', ')]);
      }
    }
  } catch {
    return out;
  }
  return out;
}

/**
 * Normalizes any thrown value: http-errors objects, errors with a numeric `status`/`statusCode`,
 * plain `Error`s, primitives, Proxies, objects with throwing getters.
 *
 * @example
 * normalize(createError(404, 'Tenant t1 does not exist'))
 * // { kind: 'notFound', message: 'Tenant t1 does not exist', vendorCode: undefined, ... }
 * normalize(new Error('db password is hunter2'))
 * // { kind: 'internalServerError', message: undefined, ... }
 */
export function normalize(thrown: unknown): NormalizedError {
  const status = statusOf(thrown);
  const kind = kindOf(thrown, status);
  const inRange = status !== undefined && status >= 400 && status < 600;
  const branded = isKindName(read(thrown, ERROR_BRAND));
  const effectiveStatus = inRange ? status : KINDS[kind].status;
  // Only errors that say what they are (an HTTP status or our brand) may expose anything.
  const exposed = (inRange || branded) && isExposed(thrown, effectiveStatus);
  const vendorCode = read(thrown, 'vendorCode');
  return {
    kind,
    message: exposed ? messageOf(thrown, effectiveStatus) : undefined,
    vendorCode: typeof vendorCode === 'string' && VENDOR_CODE.test(vendorCode) ? vendorCode : undefined,
    vendorProfile: typeof read(thrown, 'vendorProfile') === 'string' ? (read(thrown, 'vendorProfile') as string) : undefined,
    details: exposed ? detailsOf(thrown) : undefined,
    exposeDeclared: exposed && read(thrown, 'expose') === true,
    headers: inRange || branded ? inheritableHeaders(headersOf(thrown)) : [],
  };
}
