/**
 * The vendor-compat brand: how the renderer recognises an error that names its own kind, in
 * any realm and any copy of the package, without importing http-errors (which loads `path`
 * through depd, so it must stay out of what the Fetch entry loads: GUIDE "Fetch first").
 *
 * @module
 */
import { isKindName } from './kinds';

/**
 * The global brand. `Symbol.for` makes it the same symbol in every realm and every copy of the
 * package. On a factory-made error it is set after `createError`, whose `for…in` props copy
 * skips Symbol keys.
 *
 * @example
 * const answer = { status: 404, statusCode: 404, expose: true, message: '', [ERROR_BRAND]: 'notFound' }
 */
export const ERROR_BRAND: unique symbol = Symbol.for('vendor-compat/error') as never;

/**
 * True when `value` carries the vendor-compat brand, whatever realm or package copy made it.
 *
 * @example
 * isVendorCompatError(notFound()) // true
 * isVendorCompatError(new Error('x')) // false
 */
export function isVendorCompatError(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return isKindName((value as Record<PropertyKey, unknown>)[ERROR_BRAND]);
  } catch {
    return false; // a Proxy or a throwing getter is not one of ours
  }
}
