/**
 * A tiny bounded memo for header-value verdicts. Real clients send a handful of distinct
 * Content-Type, Accept and Expect values, so a small Map catches nearly every request; a client
 * that sprays distinct values only resets the Map, it never grows memory.
 *
 * @module
 */

/**
 * Entries kept per Map before it is cleared.
 *
 * @example
 * compiled.caches.accept.size <= MAX_CACHED_VALUES // always
 */
export const MAX_CACHED_VALUES = 128;
/**
 * Values longer than this are judged every time, never stored.
 *
 * @example
 * memo(cache, context, 'x'.repeat(MAX_CACHED_VALUE_LENGTH + 1), judge) // not stored
 */
export const MAX_CACHED_VALUE_LENGTH = 256;

/**
 * Returns the cached verdict for `value`, or computes it with `judge(context, value)`, stores it
 * (bounded) and returns it. `judge` is a module-level function, so no closure is made per request.
 *
 * @example
 * const verdict = memo(compiled.caches.accept, compiled, 'application/json', judgeAccept)
 */
export function memo<C, V>(cache: Map<string, V>, context: C, value: string, judge: (context: C, value: string) => V): V {
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const verdict = judge(context, value);
  if (value.length <= MAX_CACHED_VALUE_LENGTH) {
    if (cache.size >= MAX_CACHED_VALUES) cache.clear();
    cache.set(value, verdict);
  }
  return verdict;
}
