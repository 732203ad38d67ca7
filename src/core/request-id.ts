/**
 * Cheap, unique, 32-lowercase-hex request ids (the APIG `X-Request-Id` / `request_id` form).
 *
 * One `crypto.getRandomValues` call per process seeds a random 64-bit prefix; each id appends a
 * 64-bit counter. Unique per process and unpredictable across processes, without a random draw
 * per request (issue 5: "request ids generated cheaply").
 *
 * @module
 */

const HEX_PREFIX = (() => {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
})();
let counterHigh = 0;
let counterLow = 0;
const LOW_LIMIT = 0x1_0000_0000;

/**
 * Returns a new 32-character lowercase hex id.
 *
 * @example
 * nextRequestId() // 'acbc548ac6f2a0db0000000000000001'
 */
export function nextRequestId(): string {
  counterLow += 1;
  if (counterLow === LOW_LIMIT) {
    counterLow = 0;
    counterHigh = (counterHigh + 1) >>> 0;
  }
  return HEX_PREFIX + counterHigh.toString(16).padStart(8, '0') + counterLow.toString(16).padStart(8, '0');
}
