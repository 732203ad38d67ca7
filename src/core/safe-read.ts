/**
 * Reading a property of a thrown value that may be anything: a primitive, a Proxy whose traps
 * throw, an object with a throwing getter. One guarded read, shared by everything that inspects
 * thrown values (normalize, error rules), so none of them can throw on a hostile value.
 *
 * @module
 */

/**
 * `target[key]`, or undefined when `target` is not an object or function, or the read throws.
 *
 * @example
 * readProperty(new Proxy({}, { get: () => { throw new Error('trap') } }), 'status') // undefined
 * readProperty(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'code') // 'ECONNREFUSED'
 */
export function readProperty(target: unknown, key: PropertyKey): unknown {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  try {
    return (target as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}
