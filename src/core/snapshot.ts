/**
 * Frozen copies of option data, taken once when the middleware is built (fastify freezes its
 * validated options the same way, `build/build-validation.js`): later changes to the caller's
 * objects change nothing the library reads.
 *
 * @module
 */

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value; // primitives and functions as they are
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out.push(copy(value[i], seen));
    return Object.freeze(out);
  }
  if (!isPlain(value)) return value; // a RegExp, a class instance, a Profile: kept by reference
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    // defineProperty: a JSON `"__proto__"` key stays an own data property (JSON.parse makes one).
    Object.defineProperty(out, key, { value: copy((value as Record<string, unknown>)[key], seen), enumerable: true, writable: false, configurable: false });
  }
  return Object.freeze(out);
}

/**
 * A deep, frozen copy of plain data (objects with `Object.prototype` or no prototype, arrays):
 * each property is read once. Functions, RegExps and class instances are kept by reference;
 * shared and circular references stay shared.
 *
 * @example
 * const routes = frozenCopy(options.routes)
 * Object.isFrozen(routes['GET /ldevs/:id'].schema) // true
 */
export function frozenCopy<T>(value: T): T {
  return copy(value, new Map()) as T;
}
