/**
 * `vendor-compat record`: the probe's battery against an API whose profile is unknown, and a
 * draft profile document from what it answered: the statuses seen, the error body's template
 * and JSON Schema inferred from the JSON shapes, the code and message of each kind seen, the
 * headers on every error, the reason phrases that differ from RFC 9110, and the precondition
 * settings each answer shows. Every kind says in its `note` what was observed or assumed; the
 * document's `description` notes how each profile-wide field was inferred. `defineProfile`
 * accepts the draft as it is; it is a starting point to review, not a finished profile.
 *
 * @module
 */
import statuses from 'statuses';
import { KINDS, KIND_NAMES, type KindName } from '../core/kinds';
import { headerMap } from '../core/decode/headers';
import { readBody } from '../core/decode/body';
import type { KindEntry, MethodRule, ProfileDocument } from '../core/profile-types';
import { buildBattery, type BatteryItem } from './battery';
import { exchangeItem, inParallel, type ProbeOptions } from './probe';
import { sendHttp, type WireAnswer } from './transport';

/** One answer `record` saw, with the request it answered. */
export interface Observation {
  readonly item: BatteryItem;
  readonly answer: WireAnswer;
}

/** What `record` prints with `--json`: the draft and the observations it came from. */
export interface RecordReport {
  readonly command: 'record';
  readonly baseUrl: string;
  readonly profile: ProfileDocument;
  readonly observations: ReadonlyArray<{ readonly id: string; readonly method: string; readonly status?: number; readonly statusText?: string; readonly error?: string }>;
}

/** Framing and connection headers, never part of a vendor's error format. */
const TRANSPORT_HEADERS: ReadonlySet<string> = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'transfer-encoding', 'trailer', 'upgrade', 'vary', 'age']);
const TOKEN = /^[\x21-\x7e]{1,64}$/;
const HEX_ID = /^[0-9a-f]{32}$/;
const SOURCE = 'recorded';
const ASSUMED = 'rfc9110';

interface ErrorSample {
  readonly kind: KindName;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly rawNames: ReadonlyMap<string, string>;
  readonly json: Record<string, unknown> | undefined;
  readonly empty: boolean;
}

/** Status and code of an answer, to tell "rejected for this reason" from "routed to a 404". */
function signature(answer: WireAnswer | undefined): string | undefined {
  if (answer?.status === undefined) return undefined;
  const reading = readBody(answer.body);
  return `${answer.status} ${reading.state === 'json' ? JSON.stringify(reading.value).replace(/[0-9a-f]{32}/g, '') : ''}`;
}

/** The battery's own controls and the unknown route: never a precondition's verdict. */
const NOT_CHECKS: ReadonlySet<string> = new Set(['unknownRoute', 'unknownRouteHead', 'continueAccepted', 'continueRejected']);

/**
 * The checks whose answer does not tell their cause: answered exactly as the acceptable request
 * to the route was (`continueAccepted`'s final answer, when that is itself an error: a route
 * whose validation refuses `{}` refuses a chunked `{}` the same way, for the same reason).
 */
function ambiguous(observations: readonly Observation[]): Set<string> {
  const control = observations.find((o) => o.item.id === 'continueAccepted')?.answer;
  const out = new Set<string>();
  if (control?.status === undefined || control.status < 400) return out;
  const same = signature(control);
  for (const { item, answer } of observations) if (!NOT_CHECKS.has(item.id) && signature(answer) === same) out.add(item.id);
  return out;
}

/**
 * The answers that show a rejection: 3xx–5xx, and for requests other than the unknown route,
 * not the unknown route's own answer (a long target on a missing route that is answered like the
 * unknown route was not rejected for its length), nor an answer whose cause is ambiguous.
 */
function rejections(observations: readonly Observation[]): Observation[] {
  const unknown = signature(observations.find((o) => o.item.id === 'unknownRoute')?.answer);
  const unclear = ambiguous(observations);
  return observations.filter(
    ({ item, answer }) =>
      item.kind !== undefined && answer.status !== undefined && answer.status >= 300 && !unclear.has(item.id) && (item.kind === 'notFound' || signature(answer) !== unknown),
  );
}

function samplesOf(observations: readonly Observation[]): ErrorSample[] {
  const out: ErrorSample[] = [];
  for (const { item, answer } of rejections(observations)) {
    if (item.kind === undefined || answer.status === undefined) continue;
    const rawNames = new Map(answer.rawHeaders.map(([name]) => [name.toLowerCase(), name] as const));
    const reading = readBody(answer.body);
    const json = reading.state === 'json' && reading.value !== null && typeof reading.value === 'object' && !Array.isArray(reading.value) ? (reading.value as Record<string, unknown>) : undefined;
    out.push({ kind: item.kind, method: item.method, path: item.path, status: answer.status, statusText: answer.statusText ?? '', headers: headerMap(answer.rawHeaders), rawNames, json, empty: reading.state === 'empty' });
  }
  return out;
}

type Role = { readonly template: unknown; readonly schema: Record<string, unknown>; readonly note: string; readonly field?: string };

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Infers what one body member is from its values across the answers that carry it. */
function roleOf(key: string, carriers: readonly ErrorSample[], idHeader: string | undefined, taken: Set<string>): Role {
  const values = carriers.map((sample) => sample.json?.[key]);
  const types = [...new Set(values.map(jsonType))];
  const schemaType = { type: types.length === 1 ? types[0] : types };
  const all = (test: (value: unknown, sample: ErrorSample) => boolean): boolean => carriers.every((sample, i) => test(values[i], sample));
  if (all((value, sample) => value === sample.status)) return { template: '{{status}}', schema: { type: 'integer' }, note: `${key}: the status` };
  if (idHeader !== undefined && all((value, sample) => value === sample.headers.get(idHeader))) return { template: '{{requestId}}', schema: { type: 'string', minLength: 1 }, note: `${key}: the request id (equal to the ${idHeader} header)` };
  if (all((value) => typeof value === 'string' && HEX_ID.test(value)) && new Set(values).size === values.length && values.length > 1) return { template: '{{requestId}}', schema: { type: 'string', minLength: 1 }, note: `${key}: a request id (32 hex, different on every answer)` };
  if (all((value, sample) => value === sample.path) && carriers.some((sample) => sample.path !== '/')) return { template: '{{path}}', schema: { type: 'string' }, note: `${key}: the request path` };
  if (new Set(values.map((value) => JSON.stringify(value))).size === 1 && carriers.length > 1) return { template: values[0], schema: { const: values[0] }, note: `${key}: constant ${JSON.stringify(values[0])}` };
  if (all((value, sample) => value === sample.statusText && value !== '')) return { template: '{{title}}', schema: { type: 'string', minLength: 1 }, note: `${key}: the reason phrase` };
  if (!taken.has('code') && all((value) => typeof value === 'string' && TOKEN.test(value))) {
    taken.add('code');
    return { template: '{{code}}', schema: { type: 'string', minLength: 1 }, note: `${key}: the vendor code (a token that varies by kind)` };
  }
  if (!taken.has('message') && all((value) => typeof value === 'string' && value.length > 0)) {
    taken.add('message');
    return { template: '{{message}}', schema: { type: 'string', minLength: 1 }, note: `${key}: the message (text that varies by kind)` };
  }
  return { template: `{{fields.${key}}}`, schema: schemaType, note: `${key}: a vendor field (kept per kind in fields.${key})`, field: key };
}

function requestIdHeader(samples: readonly ErrorSample[]): string | undefined {
  const first = samples[0];
  if (first === undefined || samples.length < 2) return undefined;
  for (const [lower] of first.headers) {
    const values = samples.map((sample) => sample.headers.get(lower));
    if (values.every((value) => value !== undefined && HEX_ID.test(value)) && new Set(values).size === values.length) return first.rawNames.get(lower) ?? lower;
  }
  return undefined;
}

function pick(samples: readonly ErrorSample[], kind: KindName): ErrorSample | undefined {
  const own = samples.filter((sample) => sample.kind === kind);
  return own.find((sample) => sample.method !== 'HEAD') ?? own[0];
}

/**
 * Drafts a profile document from `observations` (what the battery got back).
 *
 * @example
 * const draft = draftProfile('acme', 'https://acme.example/', observations)
 * defineProfile(draft) // accepted
 */
export function draftProfile(name: string, baseUrl: string, observations: readonly Observation[], success?: WireAnswer): ProfileDocument {
  const samples = samplesOf(observations);
  const notes: string[] = [];
  const idHeaderName = requestIdHeader(samples);
  const idLower = idHeaderName?.toLowerCase();
  // Body: a template from the JSON members, or none when every error came without a body.
  const withJson = samples.filter((sample) => sample.json !== undefined && sample.method !== 'HEAD');
  const keys = [...new Set(withJson.flatMap((sample) => Object.keys(sample.json ?? {})))];
  const taken = new Set<string>();
  const template: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const fieldKeys: string[] = [];
  let codeKey: string | undefined;
  let messageKey: string | undefined;
  for (const key of keys) {
    const role = roleOf(key, withJson.filter((sample) => sample.json !== undefined && key in (sample.json ?? {})), idLower, taken);
    template[key] = role.template;
    properties[key] = role.schema;
    notes.push(`body.${role.note}`);
    if (role.template === '{{code}}') codeKey = key;
    if (role.template === '{{message}}') messageKey = key;
    if (role.field !== undefined) fieldKeys.push(role.field);
  }
  const contentTypes = withJson.map((sample) => sample.headers.get('content-type')).filter((type): type is string => type !== undefined);
  const contentType = contentTypes.sort((a, b) => contentTypes.filter((t) => t === b).length - contentTypes.filter((t) => t === a).length)[0];
  // A member is required when every answer has it and every kind renders it (a code only if every kind has one).
  const required = keys.filter(
    (key) => withJson.every((sample) => key in (sample.json ?? {})) && template[key] !== '{{code}}' && !fieldKeys.includes(key) && (template[key] !== '{{requestId}}' || idHeaderName !== undefined),
  );
  const body = withJson.length === 0 ? { template: null } : { ...(contentType === undefined ? {} : { contentType }), template };
  const bodySchema = withJson.length === 0 ? { type: 'null' } : { type: 'object', required, additionalProperties: false, properties };
  notes.push(withJson.length === 0 ? 'body: no error carried a JSON body: empty bodies (Content-Length: 0)' : `body: members ${keys.join(', ')} seen on ${withJson.length} JSON error answers; Content-Type ${contentType ?? '(none)'}; required: ${required.join(', ') || '(none)'}`);

  // Headers on every error (not framing, not the request id), constant values only.
  const errorHeaders: Record<string, string> = {};
  const first = samples[0];
  for (const [lower, value] of first?.headers ?? []) {
    if (TRANSPORT_HEADERS.has(lower) || lower === idLower) continue;
    if (samples.every((sample) => sample.headers.get(lower) === value)) errorHeaders[first?.rawNames.get(lower) ?? lower] = value;
  }
  notes.push(`headers: ${Object.keys(errorHeaders).join(', ') || '(none)'} on every error with the same value`);

  // Kinds: the observed answer, else RFC 9110's status and summary.
  const kinds = {} as Record<KindName, KindEntry>;
  const documented = new Set<number>();
  const reasonPhrases: Record<string, string> = {};
  for (const kind of KIND_NAMES) {
    const sample = pick(samples, kind);
    if (sample === undefined) {
      kinds[kind] = { status: KINDS[kind].status, message: KINDS[kind].summary, sources: [ASSUMED], note: `not observed by record: RFC 9110's ${KINDS[kind].status} and a neutral message assumed; verify against the vendor` };
      documented.add(KINDS[kind].status);
      continue;
    }
    documented.add(sample.status);
    const code = codeKey === undefined ? undefined : sample.json?.[codeKey];
    const message = messageKey === undefined ? undefined : sample.json?.[messageKey];
    const fields = Object.fromEntries(fieldKeys.filter((key) => sample.json !== undefined && key in sample.json).map((key) => [key, sample.json?.[key]]));
    const kindHeaders: Record<string, string> = {};
    for (const [lower, value] of sample.headers) {
      if (TRANSPORT_HEADERS.has(lower) || lower === idLower || (first?.rawNames.get(lower) ?? lower) in errorHeaders || lower in errorHeaders) continue;
      if (samples.filter((other) => other.kind === kind).every((other) => other.headers.get(lower) === value)) kindHeaders[sample.rawNames.get(lower) ?? lower] = value;
    }
    kinds[kind] = {
      status: sample.status,
      ...(typeof code === 'string' && TOKEN.test(code) ? { code } : {}),
      message: typeof message === 'string' && message.length > 0 ? message : sample.statusText || statuses.message[sample.status] || KINDS[kind].summary,
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
      ...(Object.keys(kindHeaders).length > 0 ? { headers: kindHeaders } : {}),
      sources: [SOURCE],
      note: `observed: ${sample.method} ${sample.path.length > 60 ? `${sample.path.slice(0, 60)}…` : sample.path} answered ${sample.status} ${sample.statusText}${typeof code === 'string' ? ` ${code}` : ''}`,
    };
  }
  for (const sample of samples) {
    const rfc = statuses.message[sample.status];
    if (sample.statusText !== '' && sample.statusText !== rfc && /^[\t\x20-\x7e]+$/.test(sample.statusText)) reasonPhrases[String(sample.status)] = sample.statusText;
  }
  if (Object.keys(reasonPhrases).length > 0) notes.push(`reasonPhrases: ${Object.entries(reasonPhrases).map(([status, text]) => `${status} ${text}`).join(', ')} differ from RFC 9110`);
  // HEAD answered differently from GET (HCP's 302): a method rule.
  const methodRules: MethodRule[] = [];
  const head = samples.find((sample) => sample.method === 'HEAD' && sample.kind === 'notFound');
  if (head !== undefined && head.status !== kinds.notFound.status) {
    documented.add(head.status);
    methodRules.push({ methods: ['HEAD'], kinds: { notFound: { status: head.status } }, sources: [SOURCE], note: `observed: HEAD of an unknown route answered ${head.status}, GET ${kinds.notFound.status}` });
  }
  const successStatus = success?.status !== undefined && success.status >= 200 && success.status < 300 ? success.status : undefined;
  if (successStatus !== undefined) documented.add(successStatus);
  const observed = [...new Set(samples.map((sample) => sample.status))].sort((a, b) => a - b);
  notes.push(`statuses: ${observed.join(', ') || '(none)'} observed on errors${successStatus === undefined ? '' : `, ${successStatus} on success`}; the rest assumed for kinds not observed`);
  const rejected = rejections(observations);
  const answered = (id: string): boolean => rejected.some((o) => o.item.id === id && (o.answer.status ?? 0) >= 400);
  const continued = observations.find((o) => o.item.id === 'continueAccepted')?.answer.interim.includes(100) === true;
  const preconditions = {
    maxUriBytes: answered('uriTooLong') ? 8000 : null,
    requestMediaTypes: answered('contentTypeUnsupported') ? ['application/json'] : null,
    contentTypeRequiredWithBody: answered('contentTypeMissing'),
    responseMediaTypes: answered('notAcceptable') ? ['application/json'] : null,
    requireContentLength: answered('lengthRequired'),
    maxBodyBytes: null,
    expectations: ['100-continue'],
  };
  notes.push(`preconditions: inferred from which requests were rejected (an 8001-byte target ${preconditions.maxUriBytes === null ? 'accepted' : 'rejected'}; text/plain ${preconditions.requestMediaTypes === null ? 'accepted' : 'rejected'}; no Content-Type ${preconditions.contentTypeRequiredWithBody ? 'rejected' : 'accepted'}; an unacceptable Accept ${preconditions.responseMediaTypes === null ? 'accepted' : 'rejected'}; chunked ${preconditions.requireContentLength ? 'rejected' : 'accepted'}); body limit not probed; 100-continue ${continued ? 'answered with 100' : 'not answered with 100'}`);
  const unclear = [...ambiguous(observations)];
  if (unclear.length > 0) notes.push(`not drafted: ${unclear.join(', ')} answered exactly as an acceptable request to the route was, so the answer does not tell the cause`);
  if (idHeaderName !== undefined) notes.push(`requestId: ${idHeaderName} (32 hex, different on every error)${success?.rawHeaders.some(([field]) => field.toLowerCase() === idLower) ? ', also on success' : ''}`);
  const document: Record<string, unknown> = {
    name,
    title: `${name}: draft recorded from ${baseUrl}`,
    description: `Draft by vendor-compat record; review before use. Notes: ${notes.join(' | ')}`,
    statuses: [...documented].sort((a, b) => a - b),
    sources: [
      { id: SOURCE, title: `vendor-compat record ${baseUrl}`, url: baseUrl },
      { id: ASSUMED, title: 'RFC 9110 HTTP Semantics (assumed where nothing was observed)', url: 'https://www.rfc-editor.org/rfc/rfc9110' },
    ],
    ...(Object.keys(reasonPhrases).length > 0 ? { reasonPhrases } : {}),
    kinds,
    ...(methodRules.length > 0 ? { methodRules } : {}),
    headers: errorHeaders,
    body,
    bodySchema,
    ...(idHeaderName === undefined ? {} : { requestId: { header: idHeaderName, onSuccess: success?.rawHeaders.some(([field]) => field.toLowerCase() === idLower) === true } }),
    preconditions,
  };
  return document as unknown as ProfileDocument;
}

/** Options of {@link runRecord}. */
export interface RecordOptions extends ProbeOptions {
  readonly name: string;
}

/**
 * Runs the battery (every check on) and drafts a profile from the answers.
 *
 * @example
 * const { profile } = await runRecord({ name: 'acme', target, path: '/v1/items', unknownPath: '/no/such', headers: {} })
 */
export async function runRecord(options: RecordOptions): Promise<RecordReport> {
  const battery = buildBattery(undefined, { path: options.path, method: options.method, unknownPath: options.unknownPath, headers: options.headers, host: options.target.url.host });
  const answers = await inParallel(battery.map((item) => () => exchangeItem(options.target, item)), options.concurrency ?? 8);
  // A success is asked for only with GET: a route that takes another method is not sent a body that would succeed.
  const success = (options.method ?? 'GET') === 'GET' ? await sendHttp(options.target, { method: 'GET', target: options.path }) : undefined;
  const observations = battery.map((item, i) => ({ item, answer: answers[i] as WireAnswer }));
  return {
    command: 'record',
    baseUrl: options.target.url.href,
    profile: draftProfile(options.name, options.target.url.href, observations, success),
    observations: observations.map(({ item, answer }) => ({ id: item.id, method: item.method, status: answer.status, statusText: answer.statusText, error: answer.error })),
  };
}
