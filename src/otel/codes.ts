/**
 * The finite list of vendor codes a profile answers with (every kind, as every method resolves
 * it, and the codes its validation rules name), so a metric attribute keeps a bounded
 * cardinality: any other code (a custom rule's, an upstream's) is bucketed as `other`.
 *
 * @module
 */
import { compiledOf, type Profile } from '../core/define-profile';
import { methodsOf } from '../core/decode/decode-error';
import { KIND_NAMES } from '../core/kinds';

const lists = new WeakMap<Profile, ReadonlySet<string>>();

function collectCodes(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'code' && typeof member === 'string') out.add(member);
    else collectCodes(member, out, depth + 1);
  }
}

/**
 * The codes `profile` answers with, built once per profile.
 *
 * @example
 * profileCodes(profiles.apig).has('APIG.0101') // true
 */
export function profileCodes(profile: Profile): ReadonlySet<string> {
  let codes = lists.get(profile);
  if (codes !== undefined) return codes;
  const found = new Set<string>();
  const compiled = compiledOf(profile);
  for (const method of [...methodsOf(profile), 'HEAD']) {
    for (const kind of KIND_NAMES) {
      const code = compiled.resolve(kind, method).code;
      if (code !== undefined) found.add(code);
    }
  }
  collectCodes(profile.document.validation, found);
  codes = Object.freeze(found);
  lists.set(profile, codes);
  return codes;
}
