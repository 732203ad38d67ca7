/**
 * Content-Type (415 / 400), checked only when the request has a body (RFC 9112 §6.3): VSP
 * "Content-Type ... Ignored if there is no body" (hitachi-hcp-and-vsp.md §2(b)).
 *
 * - Missing: HCP answers 415 when "the request has a body but no Content-Type"
 *   (§1(a) 415, §1(b)); enabled by `contentTypeRequiredWithBody`.
 * - Outside the accepted set: 415 (RFC 9110 §15.5.16); HCP `application/xml` and
 *   `application/json` (§1(b)), VSP `application/json` (§2(b)), APIG (huawei…md §1.4) and
 *   Stratos `@Consumes("application/json")` (§3.4); MPC answers 400 MPC.10205 "Incorrect request
 *   content type." (§2.3) through its profile. Parameters such as `charset=UTF-8` are accepted
 *   (the HCP doc's own sample sends `application/json; charset="UTF-8"`).
 * - Malformed (not `type/subtype *(; param)`, RFC 9110 §8.3.1): 400, HCP's "nonexistent media
 *   type" row (§1(a) 400, §1(b) precedence). Checked only when an accepted set is configured.
 *
 * @module
 */
import { parseMediaType } from '../media-type';
import { memo } from './bounded-cache';
import type { ContentTypeVerdict, HeaderValue, MediaTypeMatcher } from './types';

/**
 * True when the lower-cased `type/subtype` is in the matcher.
 *
 * @example
 * mediaTypeMatches('application/json', { exact: new Set(['application/json']), anySubtype: new Set(), any: false }) // true
 */
export function mediaTypeMatches(type: string, matcher: MediaTypeMatcher): boolean {
  if (matcher.any || matcher.exact.has(type)) return true;
  const slash = type.indexOf('/');
  return matcher.anySubtype.size > 0 && slash > 0 && matcher.anySubtype.has(type.slice(0, slash));
}

function judgeContentType(matcher: MediaTypeMatcher, value: string): ContentTypeVerdict {
  const type = parseMediaType(value)?.type; // lower-cased; undefined for malformed input
  if (type === undefined) return 'malformed';
  return mediaTypeMatches(type, matcher) ? 'accepted' : 'unsupported';
}

/**
 * Judges a present Content-Type value against the accepted media types. Exact matches skip
 * parsing; other values are parsed once and remembered in the bounded `cache`.
 *
 * @example
 * contentTypeVerdict('application/json; charset=UTF-8', matcher, new Map()) // 'accepted'
 * contentTypeVerdict('text/plain', matcher, new Map()) // 'unsupported'
 * contentTypeVerdict('application/json;', matcher, new Map()) // 'malformed'
 */
export function contentTypeVerdict(value: string | readonly string[], matcher: MediaTypeMatcher, cache: Map<string, ContentTypeVerdict>): ContentTypeVerdict {
  if (typeof value !== 'string') {
    // Content-Type is a singleton field (RFC 9110 §5.3): two values are malformed.
    return value.length === 1 ? contentTypeVerdict(value[0] as string, matcher, cache) : 'malformed';
  }
  if (matcher.exact.has(value)) return 'accepted';
  return memo(cache, matcher, value, judgeContentType);
}

/**
 * True when the Content-Type value counts as absent (no header, or an empty one).
 *
 * @example
 * contentTypeAbsent(undefined) // true
 * contentTypeAbsent('  ') // true
 */
export function contentTypeAbsent(value: HeaderValue): value is undefined {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.length === 0 || value.trim().length === 0;
  return value.length === 0;
}
