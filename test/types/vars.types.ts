/**
 * Compile-time checks (`npm run typecheck` compiles this file; nothing runs it): the option types'
 * var names come from src/profiles/vars.ts, whose lists test/profiles/vars.test.ts compares with
 * the profile documents. A mismatch below fails the typecheck.
 */
import type { BuiltInProfileVars, ProfileName } from '../../src';
import type { BuiltInVarName } from '../../src/profiles/vars';

/** `true` only when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type EveryProfile = { [P in ProfileName]: Equal<BuiltInProfileVars[P], BuiltInVarName<P>> };

export const varNamesMatch: EveryProfile = { problem: true, hcp: true, vsp: true, apig: true, mpc: true, stratos: true, s3: true, 'hcp-s3': true };
export const s3Vars: Equal<BuiltInVarName<'s3'>, 'hostId'> = true;
export const hcpS3Vars: Equal<BuiltInVarName<'hcp-s3'>, 'hostId'> = true;
export const problemVars: Equal<BuiltInVarName<'problem'>, 'authScheme' | 'realm'> = true;
export const apigVars: Equal<BuiltInVarName<'apig'>, never> = true;
// @ts-expect-error a profile with vars is not `never`
export const notNever: Equal<BuiltInVarName<'vsp'>, never> = true;
