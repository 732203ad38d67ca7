/**
 * `preconditionAnswers`: what each check answers per profile, from the profile data (the source
 * a README "Preconditions" table is generated from). The vendor substitutes come from the
 * profiles, never from code: HCP answers an unacceptable Accept with 415 (hitachi §1(a) 415),
 * MPC a wrong Content-Type with 400 MPC.10205 (huawei §2.3), HCP 405 only for PUT/POST/DELETE
 * (hitachi §1(d) 4), APIG oversized headers with 494 (huawei §1.2).
 */
import { PRECONDITION_CHECKS, preconditionAnswers, profiles, KINDS } from '../support/internals';
import { compiledOf } from '../../src/core/define-profile';

const NAMES = ['hcp', 'vsp', 'apig', 'mpc', 'stratos', 'problem'] as const;

describe('preconditionAnswers', () => {
  it.each(NAMES)('%s: one row per check, in check order, each answered by the profile entry of its kind', (name) => {
    const profile = profiles[name];
    const rows = preconditionAnswers(profile);
    expect(rows.map((row) => row.check)).toEqual(PRECONDITION_CHECKS.map((check) => check.id));
    for (const row of rows) {
      const entry = compiledOf(profile).resolve(row.kind, 'POST');
      expect(row).toMatchObject({ status: entry.status, code: entry.code, message: entry.message });
      expect(profile.statuses).toContain(row.status);
    }
  });

  const answer = (name: (typeof NAMES)[number], check: string) => preconditionAnswers(profiles[name]).find((row) => row.check === check);

  it('HCP answers an unacceptable Accept with 415, its documented substitute for 406', () => {
    expect(answer('hcp', 'notAcceptable')).toMatchObject({ kind: 'notAcceptable', status: 415, enabledByDefault: true });
  });

  it('MPC answers an unsupported Content-Type with 400 MPC.10205 "Incorrect request content type."', () => {
    expect(answer('mpc', 'contentTypeUnsupported')).toMatchObject({ status: 400, code: 'MPC.10205', message: 'Incorrect request content type.' });
  });

  it('HCP answers 405 only for PUT, POST and DELETE (the others per its method rules)', () => {
    const row = answer('hcp', 'methodNotAllowed');
    expect(row?.status).toBe(405);
    expect(Object.keys(row?.statusByMethod ?? {}).sort()).toEqual(['GET', 'HEAD', 'PATCH']);
  });

  it('APIG answers oversized headers with 494 APIG.0201 and large bodies with 413 at 12 MB by default', () => {
    expect(answer('apig', 'headersTooLarge')).toMatchObject({ status: 494, code: 'APIG.0201' });
    expect(answer('apig', 'payloadTooLarge')).toMatchObject({ status: 413, code: 'APIG.0201', enabledByDefault: true, setting: '12582912 bytes' });
  });

  it('describes the default settings in words, and an app\'s overrides when given', () => {
    expect(answer('hcp', 'uriTooLong')?.setting).toBe('4095 bytes after /mapi');
    expect(answer('vsp', 'lengthRequired')).toMatchObject({ status: 411, enabledByDefault: true });
    expect(answer('problem', 'payloadTooLarge')).toMatchObject({ enabledByDefault: false, setting: 'off' });
    const overridden = preconditionAnswers(profiles.problem, { maxBodyBytes: 1024 }).find((row) => row.check === 'payloadTooLarge');
    expect(overridden).toMatchObject({ enabledByDefault: true, setting: '1024 bytes', status: KINDS.payloadTooLarge.status });
  });
});
