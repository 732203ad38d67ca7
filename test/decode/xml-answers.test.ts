/**
 * Reading XML error answers: `decodeError` and `errorFromResponse` understand a profile's XML
 * body (its root element, namespace and members) and the XML alternate of a negotiated profile
 * (RFC 9457 Appendix B's `application/problem+xml`), and translate them into every JSON profile.
 * Every answer decoded here is one `render` produced for that profile, so the two directions are
 * proved against each other for every kind.
 */
import { KIND_NAMES, decodeError, defineProfile, errorFromResponse, profiles, render, type Profile } from '../support/internals';
import { kindAnswer } from '../../src/core/app-config';
import { createVendorError } from '../../src/core/errors';

const XML_ACCEPT = 'application/problem+xml';

/** A small S3-style profile: XML body, 16-digit upper-case ids, a code table beyond one code per kind. */
const bucketStore: Profile = defineProfile(
  {
    name: 'bucket-store',
    title: 'A bucket store with S3-style XML errors',
    statuses: [...new Set([...profiles.problem.statuses, 416])].sort((a, b) => a - b),
    sources: profiles.problem.document.sources,
    body: {
      contentType: 'application/xml',
      xml: { root: 'Error', declaration: '<?xml version="1.0" encoding="UTF-8"?>\n' },
      template: { Code: '{{code}}', Message: '{{message}}', Key: '{{fields.key}}', Resource: '{{path}}', RequestId: '{{requestId}}' },
    },
    bodySchema: {
      type: 'object',
      required: ['Code', 'Message', 'Resource', 'RequestId'],
      additionalProperties: false,
      properties: { Code: { type: 'string' }, Message: { type: 'string' }, Key: { type: 'string' }, Resource: { type: 'string' }, RequestId: { type: 'string', pattern: '^[0-9A-F]{16}$' } },
    },
    requestId: { header: 'x-amz-request-id', onSuccess: true, hexDigits: 16, uppercase: true },
    kinds: Object.fromEntries(KIND_NAMES.map((kind) => [kind, { ...profiles.problem.document.kinds[kind], code: `Kind${kind[0]?.toUpperCase()}${kind.slice(1)}` }])),
    codes: {
      NoSuchBucket: { kind: 'notFound', status: 404, message: 'The specified bucket does not exist.', sources: ['rfc9110'] },
      InvalidRange: { kind: 'badRequest', status: 416, message: 'The requested range cannot be satisfied.', sources: ['rfc9110'] },
    },
  },
  { extends: profiles.problem },
);

function asAnswer(rendered: ReturnType<typeof render>, method = 'GET'): { status: number; headers: Record<string, string>; body: string; method: string } {
  return { status: rendered.status, headers: { ...rendered.headers }, body: rendered.body, method };
}

describe('decodeError reads XML bodies', () => {
  it.each(KIND_NAMES)('problem+xml: the %s answer conforms and decodes exactly as its JSON form does', (kind) => {
    const thrown = createVendorError(kind, 'Volume vol1 is busy', { expose: true });
    const rendered = render(thrown, profiles.problem, { method: 'GET', path: '/v1/x', accept: XML_ACCEPT });
    expect(rendered.headers['Content-Type']).toBe('application/problem+xml');
    const decoded = decodeError(profiles.problem, asAnswer(rendered));
    expect(decoded.problems).toEqual([]);
    const fromJson = decodeError(profiles.problem, asAnswer(render(thrown, profiles.problem, { method: 'GET', path: '/v1/x' })));
    expect(fromJson.problems).toEqual([]);
    expect({ ...decoded, requestId: undefined }).toEqual({ ...fromJson, requestId: undefined });
    expect(decoded.message).toBe('Volume vol1 is busy');
    expect(decoded.fields).toEqual({ type: 'about:blank' });
  });

  it.each(KIND_NAMES)('an XML profile: the %s answer conforms, its code and request id read back', (kind) => {
    const rendered = render(kindAnswer(kind), bucketStore, { method: 'GET', path: '/bucket/key' });
    const decoded = decodeError(bucketStore, asAnswer(rendered));
    expect(decoded.problems).toEqual([]);
    expect(decoded.kind).toBe(kind);
    expect(decoded.code).toBe(rendered.code);
    expect(decoded.requestId).toBe(rendered.headers['x-amz-request-id']);
    expect(decoded.requestId).toMatch(/^[0-9A-F]{16}$/);
  });

  it.each([
    ['NoSuchBucket', 404, 'notFound'],
    ['InvalidRange', 416, 'badRequest'],
  ] as const)('a row of the code table (%s) answers %i and decodes to its kind with its code', (code, status, kind) => {
    const rendered = render(createVendorError('internalServerError', undefined, { vendorCode: code }), bucketStore, { method: 'GET', path: '/bucket/key' });
    expect(rendered.status).toBe(status);
    const decoded = decodeError(bucketStore, asAnswer(rendered));
    expect(decoded).toMatchObject({ conforms: true, kind, code, status, matchedBy: 'code+status+message' });
  });

  it.each([
    ['JSON where the vendor sends XML', { 'Content-Type': 'application/xml' }, '{"Code":"NoSuchKey"}', 'a JSON body, where the vendor sends XML'],
    ['another root element', { 'Content-Type': 'application/xml' }, '<Fault><Code>x</Code></Fault>', 'root element <Fault> (expected <Error>)'],
    ['a namespace the vendor does not send', { 'Content-Type': 'application/xml' }, '<Error xmlns="urn:x"><Code>x</Code><Message>m</Message><Resource>/</Resource><RequestId>0123456789ABCDEF</RequestId></Error>', 'namespace "urn:x" (expected "(none)")'],
    ['ill-formed XML', { 'Content-Type': 'application/xml' }, '<Error><Code>x</Error>', /^body is not JSON or well-formed XML/],
    ['a member the schema does not allow', { 'Content-Type': 'application/xml' }, '<Error><Code>x</Code><Message>m</Message><Resource>/</Resource><RequestId>0123456789ABCDEF</RequestId><Extra>1</Extra></Error>', /^body .*must NOT have additional properties/],
  ] as const)('%s is a problem', (_label, headers, body, problem) => {
    const decoded = decodeError(bucketStore, { status: 404, method: 'GET', headers: { ...headers, 'x-amz-request-id': '0123456789ABCDEF' }, body });
    expect(decoded.conforms).toBe(false);
    expect(decoded.problems).toEqual(expect.arrayContaining([typeof problem === 'string' ? problem : expect.stringMatching(problem)]));
  });

  it('problem+xml in the problem profile is checked for its root and namespace (RFC 9457 Appendix B)', () => {
    const decoded = decodeError(profiles.problem, { status: 404, method: 'GET', headers: { 'Content-Type': 'application/problem+xml' }, body: '<problem><status>404</status></problem>' });
    expect(decoded.problems).toEqual(['namespace "(none)" (expected "urn:ietf:rfc:7807")']);
  });
});

describe.each([
  ['s3', profiles.s3, 'NoSuchBucket', profiles.s3.document.kinds.conflict.code],
  ['hcp-s3', profiles['hcp-s3'], 'NoSuchBucket', profiles['hcp-s3'].document.kinds.conflict.code],
  ['bucket-store', bucketStore, 'NoSuchBucket', 'KindConflict'],
] as const)('errorFromResponse translates between %s and every JSON profile, both ways', (_name, xmlProfile, notFoundCode, conflictCode) => {
  const jsonProfiles = ['apig', 'mpc', 'vsp', 'stratos', 'hcp', 'problem'] as const;

  it.each(jsonProfiles)(`an XML ${notFoundCode} upstream → %s answers the kind notFound with the upstream message, as if thrown there`, (name) => {
    const upstream = render(createVendorError('notFound', 'Bucket b1 does not exist', { vendorCode: notFoundCode }), xmlProfile, { method: 'GET', path: '/b1' });
    const error = errorFromResponse(xmlProfile, asAnswer(upstream));
    expect(error.upstream).toMatchObject({ conforms: true, kind: 'notFound', code: notFoundCode, message: 'Bucket b1 does not exist' });
    const facade = profiles[name];
    const answered = render(error, facade, { method: 'GET', path: '/v1/b1' });
    const direct = render(createVendorError('notFound', 'Bucket b1 does not exist'), facade, { method: 'GET', path: '/v1/b1' });
    expect(answered.status).toBe(direct.status);
    expect(answered.kind).toBe('notFound');
    expect(answered.code).toBe(direct.code); // the upstream's code stays with the upstream's profile
    expect(answered.body.replace(/[0-9a-f]{32}/g, 'ID')).toBe(direct.body.replace(/[0-9a-f]{32}/g, 'ID'));
  });

  it.each(jsonProfiles)('a %s upstream conflict → the XML profile answers its own conflict in XML, decoded back as conforming', (name) => {
    const upstream = render(createVendorError('conflict', 'Bucket b1 is not empty'), profiles[name], { method: 'PUT', path: '/b1' });
    const error = errorFromResponse(profiles[name], asAnswer(upstream, 'PUT'));
    const answered = render(error, xmlProfile, { method: 'PUT', path: '/b1' });
    const direct = render(createVendorError('conflict', 'Bucket b1 is not empty'), xmlProfile, { method: 'PUT', path: '/b1' });
    expect(answered.status).toBe(direct.status);
    expect(answered.headers['Content-Type']).toBe('application/xml');
    expect(answered.code).toBe(direct.code);
    expect(direct.code).toBe(conflictCode);
    const id = /<RequestId>([^<]*)<\/RequestId>/;
    expect(answered.body.replace(id, '')).toBe(direct.body.replace(id, ''));
    expect(decodeError(xmlProfile, asAnswer(answered, 'PUT'))).toMatchObject({ conforms: true, kind: 'conflict', code: conflictCode });
  });
});
