/**
 * Compile-time checks of the options' types (`npm run typecheck` compiles this file; nothing runs
 * it). Each `@ts-expect-error` fails the typecheck if the line below it ever compiles:
 * item 2, a var name typo for a built-in profile is a type error as well as a runtime TypeError
 * (test/adapters/express.test.ts).
 */
import { defineProfile, profiles } from '../support/internals';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as koaVendorCompat } from '../../src/koa';
import { vendorCompat as nodeVendorCompat } from '../../src/node';

export function typeChecks(): void {
  expressVendorCompat({ profile: 'hcp', vars: { softwareVersion: '9.7.0.1' } });
  // @ts-expect-error sofwareVersion is not one of HCP's vars (softwareVersion)
  expressVendorCompat({ profile: 'hcp', vars: { sofwareVersion: '9.7' } });
  koaVendorCompat({ profile: 'vsp', vars: { retryAfter: '120' } });
  // @ts-expect-error retryAfter is VSP's, not HCP's
  koaVendorCompat({ profile: 'hcp', vars: { retryAfter: '120' } });
  nodeVendorCompat({ profile: 'problem', vars: { realm: 'storage', authScheme: 'Basic' } });
  // @ts-expect-error APIG has no vars
  nodeVendorCompat({ profile: 'apig', vars: { retryAfter: '1' } });
  // A custom profile's vars are not known to the type system: any strings (checked at run time).
  const custom = defineProfile({ name: 'acme', title: 'ACME', vars: { region: 'eu-1' } }, { extends: profiles.problem });
  expressVendorCompat({ profile: custom, vars: { region: 'eu-2' } });
  // @ts-expect-error vars are strings
  expressVendorCompat({ profile: 'vsp', vars: { retryAfter: 120 } });
  // @ts-expect-error errors rules need a canonical kind
  expressVendorCompat({ errors: [{ code: 'ECONNREFUSED', kind: 'badGatway' }] });
}
