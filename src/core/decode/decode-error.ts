/**
 * `decodeError`: reads an error answer in a profile's format back into its meaning: the kind,
 * the vendor code, the message, the request id and the vendor fields, and whether the answer
 * could have come from that vendor at all (and if not, every reason why).
 *
 * The kind is recovered with the profile's own data (its kinds as resolved for the request's
 * method, method rules included), in this order of preference:
 *
 * 1. `code+status+message`: a kind answering this status with this vendor code and this message
 *    (profiles without codes match on an absent code);
 * 2. `code+status`: a kind answering this status with this code;
 * 3. `status`: a kind answering this status;
 * 4. `code`: a kind with this code at another status (the answer does not conform);
 * 5. `fallback`: `kindForStatus(status)` for any other 4xx/5xx; no kind otherwise.
 *
 * Several kinds often share one answer (APIG answers five kinds with 400 `APIG.0201` "API
 * request error."). Ties are broken by: the kind RFC 9110 gives this status (`kindForStatus`),
 * then any kind whose RFC status is this status, then the kind a method rule names first for it
 * (HCP's HEAD → 302 rule lists `notFound` first), then registry order (`KIND_NAMES`).
 *
 * @module
 */
import { sameMediaType } from '../media-type';
import type { Profile } from '../define-profile';
import { KINDS, KIND_NAMES, kindForStatus, type KindName } from '../kinds';
import { readBody, type BodyReading } from './body';
import { headerMap } from './headers';
import { profileIndex, type KindAnswerShape, type ProfileIndex, type Slot } from './profile-index';

/** An answer to decode. `headers` may be a plain object (any case), a Fetch `Headers` or Node's `IncomingHttpHeaders`. */
export interface ErrorAnswer {
  readonly status?: number;
  /** Node's name for the status (`IncomingMessage.statusCode`), read when `status` is absent. */
  readonly statusCode?: number;
  /** The reason phrase, when known (`Response.statusText`, `IncomingMessage.statusMessage`); compared when non-empty. */
  readonly statusText?: string;
  readonly statusMessage?: string;
  readonly headers?: unknown;
  /** The body: a string, bytes, an already parsed JSON value, or nothing (HEAD answers, HCP). */
  readonly body?: unknown;
  /**
   * The request's method: method rules apply (HCP HEAD → 302) and HEAD answers carry no body.
   * Without it, the answer is judged against every method the profile answers (see {@link decodeError}).
   */
  readonly method?: string;
}

/** How the kind was recovered (see the module documentation for the order). */
export type KindMatch = 'code+status+message' | 'code+status' | 'status' | 'code' | 'fallback' | 'none';

/** What an answer says, read in the profile's format. */
export interface DecodedError {
  /** The answer could have come from this vendor: `problems` is empty. */
  readonly conforms: boolean;
  /** Each reason it could not, in words. */
  readonly problems: readonly string[];
  /** The canonical kind, or undefined when nothing says (a 2xx/3xx no kind answers with). */
  readonly kind: KindName | undefined;
  readonly status: number;
  /** The vendor code found in the body or a header, if any. */
  readonly code: string | undefined;
  /** The message found in the body (`{{message}}`, else `{{detail}}`) or a header (HCP's `X-HCP-ErrorMessage`). */
  readonly message: string | undefined;
  readonly requestId: string | undefined;
  /** Vendor body fields (`{{fields.*}}` slots: VSP's `solution`, problem's `type`). */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly matchedBy: KindMatch;
}

const MAX_TEXT = 4096;

function statusOf(answer: ErrorAnswer): number | undefined {
  const status = typeof answer.status === 'number' ? answer.status : answer.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

function valueAt(payload: unknown, path: readonly string[]): unknown {
  let value = payload;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value;
}

interface Extracted {
  code?: string;
  message?: string;
  detail?: string;
  requestId?: string;
  fields: Record<string, unknown>;
}

/** Reads the body with the template whose slots it fills best (the profile's own on a tie). */
function extractBody(payload: unknown, index: ProfileIndex, out: Extracted): void {
  let best: readonly Slot[] | undefined;
  let bestScore = 0;
  for (const slots of index.bodySlots) {
    const score = slots.filter((slot) => valueAt(payload, slot.path) !== undefined).length;
    if (score > bestScore) [best, bestScore] = [slots, score];
  }
  for (const slot of best ?? []) {
    const value = valueAt(payload, slot.path);
    if (value === undefined) continue;
    if (slot.name.startsWith('fields.')) out.fields[slot.name.slice('fields.'.length)] = value;
    else if (slot.name === 'code' || slot.name === 'message' || slot.name === 'detail' || slot.name === 'requestId') out[slot.name] ??= text(value);
  }
}

function extractHeaders(headers: ReadonlyMap<string, string>, index: ProfileIndex, out: Extracted): void {
  for (const { lower, name } of index.headerSlots) {
    const value = text(headers.get(lower));
    if (value !== undefined && (name === 'code' || name === 'message' || name === 'detail' || name === 'requestId')) out[name] ??= value;
  }
  if (index.requestIdLower !== undefined) out.requestId ??= text(headers.get(index.requestIdLower));
}

/** Orders candidate kinds by the documented tie-break. */
function preferred(candidates: readonly KindAnswerShape[], status: number, ruleOrder: readonly KindName[]): KindAnswerShape | undefined {
  const rank = (shape: KindAnswerShape): number[] => [
    kindForStatus(status) === shape.kind && KINDS[shape.kind].status === status ? 0 : 1,
    KINDS[shape.kind].status === status ? 0 : 1,
    ruleOrder.includes(shape.kind) ? ruleOrder.indexOf(shape.kind) : ruleOrder.length,
    KIND_NAMES.indexOf(shape.kind),
  ];
  const before = (a: readonly number[], b: readonly number[]): boolean => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) < (b[i] ?? 0);
    return false;
  };
  let best: KindAnswerShape | undefined;
  let bestRank: number[] = [];
  for (const shape of candidates) {
    const r = rank(shape);
    if (best === undefined || before(r, bestRank)) [best, bestRank] = [shape, r];
  }
  return best;
}

function ruleOrderFor(profile: Profile, method: string, status: number): KindName[] {
  const order: KindName[] = [];
  for (const rule of profile.document.methodRules ?? []) {
    const applies = rule.methods !== undefined ? rule.methods.includes(method) : rule.exceptMethods !== undefined && !rule.exceptMethods.includes(method);
    if (!applies) continue;
    for (const [kind, entry] of Object.entries(rule.kinds)) if (entry?.status === status) order.push(kind as KindName);
  }
  return order;
}

interface KindVerdict {
  readonly kind: KindName | undefined;
  readonly matchedBy: KindMatch;
  /** The kinds the answer could be at the winning tier (what the conformance checks use). */
  readonly candidates: readonly KindAnswerShape[];
}

function recoverKind(shapes: readonly KindAnswerShape[], status: number, found: Extracted, ruleOrder: readonly KindName[]): KindVerdict {
  const atStatus = shapes.filter((shape) => shape.status === status);
  const message = found.message ?? found.detail;
  const tiers: Array<[KindMatch, KindAnswerShape[]]> = [
    ['code+status+message', atStatus.filter((shape) => shape.code === found.code && message !== undefined && shape.message === message)],
    ['code+status', atStatus.filter((shape) => shape.code === found.code)],
    ['status', atStatus],
    ['code', found.code === undefined ? [] : shapes.filter((shape) => shape.code === found.code)],
  ];
  for (const [matchedBy, candidates] of tiers) {
    if (candidates.length === 0) continue;
    const best = preferred(candidates, status, ruleOrder);
    if (best !== undefined) return { kind: best.kind, matchedBy, candidates: matchedBy === 'code' ? [best] : candidates };
  }
  return status >= 400 ? { kind: kindForStatus(status), matchedBy: 'fallback', candidates: [] } : { kind: undefined, matchedBy: 'none', candidates: [] };
}

/** Re-exported: the one media-type comparison (src/core/media-type.ts). */
export { sameMediaType };

function intersectAlways(candidates: readonly KindAnswerShape[]): string[] {
  const [first, ...rest] = candidates;
  if (first === undefined) return [];
  return first.headers
    .filter((header) => header.always && rest.every((shape) => shape.headers.some((other) => other.lower === header.lower && other.always)))
    .map((header) => header.name);
}

/** The body and Content-Type problems of an answer to `method` that may be any of `candidates`. */
function checkBody(profile: Profile, reading: BodyReading, candidates: readonly KindAnswerShape[], method: string, headers: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const withBody = candidates.filter((shape) => shape.bodyTemplate !== null);
  const expectsBody = candidates.length === 0 ? profile.document.body.template !== null : withBody.length > 0;
  const contentType = headers.get('content-type');
  if (expectsBody) {
    const types = [...new Set(withBody.flatMap((shape) => shape.formats.map((format) => format.contentType)).filter((type): type is string => type !== undefined))];
    const expected = types.length > 0 ? types : profile.document.body.contentType === undefined ? [] : [profile.document.body.contentType];
    if (expected.length > 0) {
      if (contentType === undefined) problems.push(`no Content-Type (expected ${expected.join(' or ')})`);
      else if (!expected.some((type) => sameMediaType(contentType, type))) problems.push(`Content-Type ${JSON.stringify(contentType)} (expected ${expected.join(' or ')})`);
    }
  } else if (contentType !== undefined) {
    problems.push(`Content-Type ${JSON.stringify(contentType)} on an answer the vendor sends without a body`);
  }
  if (method === 'HEAD' || !expectsBody) {
    if (reading.state !== 'empty') problems.push(method === 'HEAD' ? 'a HEAD answer has a body' : 'a body, where the vendor sends none (Content-Length: 0)');
    return problems;
  }
  if (reading.state === 'empty') problems.push('no body, where the vendor sends one');
  else if (reading.state === 'invalid') problems.push(reading.reason);
  else problems.push(...formatProblems(profile, reading, withBody, contentType));
  return problems;
}

/**
 * The problems of a parsed body: the format its Content-Type names (else the default), JSON or
 * XML as that format is, the XML root element and namespace, and the profile's `bodySchema` (which
 * describes the default format; an alternate is checked for its shape only).
 */
function formatProblems(profile: Profile, reading: BodyReading & { readonly state: 'json' | 'xml' }, withBody: readonly KindAnswerShape[], contentType: string | undefined): string[] {
  const formats = withBody[0]?.formats ?? [];
  const named = contentType === undefined ? -1 : formats.findIndex((format) => format.contentType !== undefined && sameMediaType(contentType, format.contentType));
  const position = named === -1 ? 0 : named;
  const format = formats[position];
  const problems: string[] = [];
  const xml = format?.xml;
  if (reading.state === 'xml') {
    if (format !== undefined && xml === undefined) problems.push('an XML body, where the vendor sends JSON');
    if (xml !== undefined && reading.root !== xml.root) problems.push(`root element <${reading.root}> (expected <${xml.root}>)`);
    if (xml !== undefined && reading.namespace !== xml.namespace) problems.push(`namespace ${JSON.stringify(reading.namespace ?? '(none)')} (expected ${JSON.stringify(xml.namespace ?? '(none)')})`);
  } else if (xml !== undefined) {
    problems.push('a JSON body, where the vendor sends XML');
  }
  if (problems.length === 0 && position === 0) for (const problem of profile.validateBody(reading.value)) problems.push(`body ${problem}`);
  return problems;
}

/**
 * The methods an answer without a method is judged against: RFC 9110 §9.3's with a body in their
 * answers and PATCH (RFC 5789), then every method a profile's method rule names. GET first: it wins
 * a tie. HEAD is judged only when named (RFC 9110 §9.3.2: its answers have no body, which is
 * exactly what an answer without a method is checked for).
 */
const COMMON_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The methods an answer without a method is judged against, for `profile`.
 *
 * @example
 * methodsOf(profiles.hcp) // ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
 */
export function methodsOf(profile: Profile): string[] {
  const named = (profile.document.methodRules ?? []).flatMap((rule) => [...(rule.methods ?? []), ...(rule.exceptMethods ?? [])]);
  return [...new Set([...COMMON_METHODS, ...named.map((method) => method.toUpperCase())])].filter((method) => method !== 'HEAD');
}

function decodeUnsafe(profile: Profile, answer: ErrorAnswer, method: string, anyMethod: boolean): DecodedError {
  const index = profileIndex(profile);
  const problems: string[] = [];
  const status = statusOf(answer);
  const headers = headerMap(answer.headers);
  const reading = readBody(answer.body);
  const found: Extracted = { fields: {} };
  if (reading.state === 'json' || reading.state === 'xml') extractBody(reading.value, index, found);
  const bodyRequestId = found.requestId;
  extractHeaders(headers, index, found);
  if (status === undefined) {
    return { conforms: false, problems: ['status is not an HTTP status (100-599)'], kind: undefined, status: 0, code: found.code, message: found.message ?? found.detail, requestId: found.requestId, fields: found.fields, matchedBy: 'none' };
  }
  if (!profile.statuses.includes(status)) problems.push(`status ${status} is not one of the vendor's statuses (${profile.statuses.join(', ')})`);
  const shapes = index.forMethod(method);
  const verdict = recoverKind(shapes, status, found, ruleOrderFor(profile, method, status));
  if (!shapes.some((shape) => shape.status === status)) problems.push(anyMethod ? `no error kind is answered with ${status} to any method` : `no error kind is answered with ${status} to ${method}`);
  const candidates = verdict.candidates;
  problems.push(...checkBody(profile, reading, candidates, method, headers));
  for (const name of intersectAlways(candidates)) if (!headers.has(name.toLowerCase())) problems.push(`no ${name} header`);
  for (const lower of index.removeHeaders) if (headers.has(lower)) problems.push(`a ${lower} header, which the vendor never sends on errors`);
  const headerRequestId = index.requestIdLower === undefined ? undefined : headers.get(index.requestIdLower);
  if (bodyRequestId !== undefined && headerRequestId !== undefined && bodyRequestId !== headerRequestId) problems.push('the request id in the body differs from the header');
  const reason = text(answer.statusText) ?? text(answer.statusMessage);
  const shape = shapes.find((candidate) => candidate.kind === verdict.kind && candidate.status === status);
  if (reason !== undefined && shape !== undefined && reason !== shape.statusMessage) problems.push(`reason phrase ${JSON.stringify(reason)} (expected ${JSON.stringify(shape.statusMessage)})`);
  return {
    conforms: problems.length === 0,
    problems,
    kind: verdict.kind,
    status,
    code: found.code,
    message: found.message ?? found.detail,
    requestId: found.requestId,
    fields: found.fields,
    matchedBy: verdict.matchedBy,
  };
}

/**
 * Without a method: the first method whose reading conforms, else (preferring methods some kind
 * answers with this status) the reading with fewest problems.
 */
function decodeAnyMethod(profile: Profile, answer: ErrorAnswer): DecodedError {
  const index = profileIndex(profile); // throws for anything that is not a profile
  const status = statusOf(answer);
  let best: { decoded: DecodedError; score: number } | undefined;
  for (const method of methodsOf(profile)) {
    const decoded = decodeUnsafe(profile, answer, method, true);
    if (decoded.conforms) return decoded;
    const answered = index.forMethod(method).some((shape) => shape.status === status);
    const score = (answered ? 0 : 1000) + decoded.problems.length;
    if (best === undefined || score < best.score) best = { decoded, score };
  }
  return best?.decoded ?? decodeUnsafe(profile, answer, 'GET', true);
}

/**
 * Decodes an error answer in `profile`'s format. Total: never throws, for any input (non-JSON,
 * huge, null, a Proxy); what it cannot read becomes a problem. Without `answer.method`, the answer
 * is judged against every method the profile answers (GET, POST, PUT, PATCH, DELETE, HEAD,
 * OPTIONS and those its method rules name): it conforms when it is a correct answer to one of them
 * (an HCP 409 is an answer to PUT, not GET).
 *
 * @example
 * decodeError(profiles.apig, {
 *   status: 404,
 *   headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5' },
 *   body: '{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment.","request_id":"a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"}',
 * })
 * // { conforms: true, problems: [], kind: 'notFound', status: 404, code: 'APIG.0101', message: 'The API does not exist…', requestId: 'a0b1…', fields: {}, matchedBy: 'code+status+message' }
 * decodeError(profiles.hcp, { status: 302, method: 'HEAD', headers: { 'X-HCP-SoftwareVersion': '9.0.0.2', … } }).kind // 'notFound'
 */
export function decodeError(profile: Profile, answer: ErrorAnswer): DecodedError {
  try {
    const input = answer !== null && typeof answer === 'object' ? answer : ({} as ErrorAnswer);
    const method = typeof input.method === 'string' && input.method.length > 0 ? input.method.toUpperCase() : undefined;
    return method === undefined ? decodeAnyMethod(profile, input) : decodeUnsafe(profile, input, method, false);
  } catch (error) {
    let reason = 'unknown error';
    try {
      reason = String((error as Error)?.message ?? error);
    } catch {
      // a thrown value whose message getter throws
    }
    return { conforms: false, problems: [`the answer could not be decoded (${reason})`], kind: undefined, status: 0, code: undefined, message: undefined, requestId: undefined, fields: {}, matchedBy: 'none' };
  }
}
