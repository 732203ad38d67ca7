/**
 * Expect (417). RFC 9110 §10.1.1: `100-continue` is the only expectation the RFC defines and
 * its token is case-insensitive; a server "MAY respond with a 417 (Expectation Failed)" to any
 * other. Vendor row: VSP 417 "Expect header invalid, or Expect not supported"
 * (hitachi-hcp-and-vsp.md §2(a), §2(b)); other vendors answer their substitute.
 *
 * @module
 */
import { memo } from './bounded-cache';
import type { HeaderValue } from './types';

/** Judges a whole Expect value: every listed expectation must be one the server meets. */
function judgeExpect(accepted: ReadonlySet<string>, value: string): boolean {
  for (const member of value.split(',')) {
    const expectation = member.trim().toLowerCase();
    if (expectation !== '' && !accepted.has(expectation)) return false; // parameters included: `100-continue; x` is not met
  }
  return true;
}

/**
 * True when the request expects something the server does not meet. No Expect header passes;
 * `100-continue` (any case) passes when accepted.
 *
 * @example
 * expectationFailed('100-Continue', new Set(['100-continue']), new Map()) // false
 * expectationFailed('200-ok', new Set(['100-continue']), new Map()) // true
 */
export function expectationFailed(value: HeaderValue, accepted: ReadonlySet<string>, cache: Map<string, boolean>): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'string') {
    for (const item of value) if (expectationFailed(item, accepted, cache)) return true;
    return false;
  }
  if (value === '100-continue') return !accepted.has(value); // the one value real clients send
  return !memo(cache, accepted, value, judgeExpect);
}
