/**
 * Method (405). RFC 9110 §15.5.6: a 405 response MUST carry `Allow` listing the resource's
 * methods; §9.3.2: HEAD is supported wherever GET is (the compiled set already holds it).
 * Vendor rows: HCP 405 "for PUT, POST and DELETE" (hitachi-hcp-and-vsp.md §1(a), §1(d) 4: the
 * profile's method rules decide what other methods get); VSP 405 "Method not allowed for the
 * URL" (§2(a)).
 *
 * @module
 */

/**
 * True when a route declared its methods and `method` is not one of them.
 *
 * @example
 * methodNotAllowed('DELETE', new Set(['GET', 'HEAD', 'POST'])) // true
 * methodNotAllowed('HEAD', new Set(['GET', 'HEAD'])) // false
 */
export function methodNotAllowed(method: string | undefined, allowed: ReadonlySet<string> | null): boolean {
  return allowed !== null && method !== undefined && !allowed.has(method);
}
