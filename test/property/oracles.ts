/**
 * Oracles shared by the property suites: what a response may reveal and what its body must be.
 */
import type { Profile } from '../support/internals';

/**
 * True when the thrown value itself says `expose: true` (http-errors sets it on every 4xx).
 * Only then may a 5xx response carry its message ("unless the error says expose: true").
 */
export function saysExpose(thrown: unknown): boolean {
  if (thrown === null || (typeof thrown !== 'object' && typeof thrown !== 'function')) return false;
  try {
    return (thrown as { expose?: unknown }).expose === true;
  } catch {
    return false;
  }
}

/**
 * The body's schema problems, unless they are all due to a thrown vendorCode: a vendorCode is the
 * thrower's explicit choice and is rendered as given even where the vendor's pattern rejects it
 * (test/profiles/vsp.test.ts "bodySchema choice"). The body passes when putting one of the
 * profile's own codes in the vendorCode's place makes it valid.
 */
export function schemaProblems(profile: Profile, payload: unknown, vendorCode: string | undefined): string[] {
  const problems = profile.validateBody(payload);
  if (problems.length === 0 || vendorCode === undefined || payload === null || typeof payload !== 'object') {
    return problems.map((problem) => `bodySchema: ${problem}`);
  }
  const record = payload as Record<string, unknown>;
  const members = Object.keys(record).filter((key) => record[key] === vendorCode);
  const codes = new Set(Object.values(profile.document.kinds).map((entry) => entry.code).filter((code): code is string => code !== undefined));
  for (const code of codes) {
    const substituted = { ...record };
    for (const key of members) substituted[key] = code;
    if (profile.validateBody(substituted).length === 0) return [];
  }
  return problems.map((problem) => `bodySchema: ${problem}`);
}
