/**
 * Which of a profile's error-body formats a request's Accept asks for (RFC 9457 Appendix B: the
 * same problem as `application/problem+json` or `application/problem+xml`).
 *
 * Ranking is jshttp `negotiator`'s (RFC 9110 §12.5.1: q-values, the most specific range decides).
 * A format also answers to its structured-syntax suffix's base type (RFC 6839 §3.1, §4.1:
 * `application/problem+xml` is XML, so `Accept: application/xml` asks for it), ranked after the
 * exact type. Negotiation only picks a format: when Accept is absent, empty, `*\/*` or matches
 * none, the profile's default format is sent, because an error's status never turns into a 406
 * (the failure Spring Boot's tracker shows, where the real error was lost to a bodiless 406).
 *
 * @module
 */
import { memo } from './preconditions/bounded-cache';
import { negotiator, withoutParameters } from './preconditions/accept';

/** The `+suffix` base types of a media type: `application/problem+xml` → `application/xml`. */
function suffixBase(mediaType: string): string | undefined {
  const slash = mediaType.indexOf('/');
  const plus = mediaType.lastIndexOf('+');
  if (slash === -1 || plus < slash) return undefined;
  return `${mediaType.slice(0, slash)}/${mediaType.slice(plus + 1)}`;
}

/** The media type without parameters, lower case. */
function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Picks a format index for one Accept value. */
export type FormatChooser = (accept: string | readonly string[] | undefined) => number;

/**
 * Compiles the chooser for formats with these Content-Types (the default first). Results are
 * cached per Accept value (bounded).
 *
 * @example
 * const choose = formatChooser(['application/problem+json', 'application/problem+xml'])
 * choose('application/problem+xml') // 1
 * choose('application/xml;q=0.9, application/json;q=0.5') // 1
 * choose('text/html') // 0: the default, never a 406
 * choose(undefined) // 0
 */
export function formatChooser(contentTypes: readonly (string | undefined)[]): FormatChooser {
  if (contentTypes.length < 2) return () => 0;
  // Exact types first, then suffix bases, each remembering its format; a type two formats share
  // goes to the first.
  const available: string[] = [];
  const formatOf = new Map<string, number>();
  const offer = (type: string | undefined, index: number): void => {
    if (type === undefined || type === '' || formatOf.has(type)) return;
    formatOf.set(type, index);
    available.push(type);
  };
  contentTypes.forEach((type, index) => offer(essence(type), index));
  contentTypes.forEach((type, index) => offer(suffixBase(essence(type)), index));
  const cache = new Map<string, number>();
  const judge = (_context: undefined, accept: string): number => {
    if (accept.trim() === '') return 0;
    // One media range, no parameters, naming an offered type (`Accept: application/json`, what
    // clients send): negotiator would rank exactly that type first. Answered without loading it.
    if (accept.indexOf(',') === -1 && accept.indexOf(';') === -1) {
      const named = formatOf.get(accept.trim().toLowerCase());
      if (named !== undefined) return named;
    }
    let preferred: string[];
    try {
      // Parameters other than q (`charset=utf-8`) are ignored, as the Accept precondition does.
      const Negotiator = negotiator(); // loaded on the first Accept that needs ranking (BENCHMARKS.md "Cold start")
      preferred = new Negotiator({ headers: { accept: withoutParameters(accept) } }).mediaTypes(available);
    } catch {
      return 0;
    }
    const first = preferred[0];
    return first === undefined ? 0 : formatOf.get(first.toLowerCase()) ?? 0;
  };
  return (accept) => {
    const value = Array.isArray(accept) ? accept.join(', ') : accept;
    if (typeof value !== 'string') return 0;
    return memo(cache, undefined, value, judge);
  };
}
