/**
 * Accept (406). RFC 9110 §12.5.1: no Accept header means any media type is acceptable;
 * `*\/*`, `type/*` and q-values rank media ranges, and q=0 means "not acceptable"
 * (§12.4.2). Negotiation is jshttp `negotiator`'s. Media-range parameters other than `q`
 * (`charset=utf-8`) are ignored, as JAX-RS servers such as HCP's Jersey do.
 * Vendor rows: VSP 406 "Media type in Accept not supported" (hitachi-hcp-and-vsp.md §2(a),
 * §2(b)); HCP documents no 406 and answers 415 (§1(a) 415 "... in Content-Type or Accept");
 * APIG and MPC list 406 (huawei-apig-mpc-and-stratos.md §1.2, §2.2).
 *
 * @module
 */
import type NegotiatorClass from 'negotiator';
import { memo } from './bounded-cache';
import type { HeaderValue } from './types';

/**
 * Drops media-range parameters other than `q` (on a cache miss only).
 *
 * @example
 * withoutParameters('application/json;charset=utf-8;q=0.5') // 'application/json;q=0.5'
 */
export function withoutParameters(accept: string): string {
  if (accept.indexOf(';') === -1) return accept;
  return accept
    .split(',')
    .map((range) => {
      const parts = range.split(';');
      const kept = [parts[0] as string];
      for (let i = 1; i < parts.length; i++) if (/^\s*q\s*=/i.test(parts[i] as string)) kept.push(parts[i] as string);
      return kept.join(';');
    })
    .join(',');
}

let Negotiator: typeof NegotiatorClass | undefined;

/**
 * jshttp `negotiator`, loaded on the first Accept that needs judging (a cache miss on a value
 * other than `*\/*` or one of the types offered), not with the package: about 5 ms of a cold
 * start (BENCHMARKS.md "Cold start"). Every Accept judgement loads it through here.
 *
 * @example
 * const Negotiator = negotiator()
 * new Negotiator({ headers: { accept: 'application/json' } }).mediaTypes(['application/json']) // ['application/json']
 */
export function negotiator(): typeof NegotiatorClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals -- a lazy load (scripts/esm-require.mjs in the ESM build)
  return (Negotiator ??= require('negotiator') as typeof NegotiatorClass);
}

function judgeAccept(available: readonly string[], value: string): boolean {
  if (value.trim() === '') return true; // an empty field is treated as no Accept at all
  const Negotiator = negotiator();
  return new Negotiator({ headers: { accept: withoutParameters(value) } }).mediaTypes(available as string[]).length > 0;
}

/**
 * True when none of the `available` response media types is acceptable.
 *
 * @example
 * notAcceptable('text/html', ['application/json'], new Map()) // true
 * notAcceptable('application/*;q=0.5', ['application/json'], new Map()) // false
 * notAcceptable(undefined, ['application/json'], new Map()) // false
 */
export function notAcceptable(value: HeaderValue, available: readonly string[], cache: Map<string, boolean>): boolean {
  if (value === undefined || value === '*/*') return false;
  const accept = typeof value === 'string' ? value : value.join(', ');
  if (available.includes(accept)) return false; // `Accept: application/json` against itself
  return !memo(cache, available, accept, judgeAccept);
}
