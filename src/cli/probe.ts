/**
 * `vendor-compat probe`: sends the battery a profile predicts and compares each answer with the
 * prediction, which is the library's own rendering of the expected kind
 * (`render(kindAnswer(kind), profile, view)`): status, reason phrase, vendor code, the headers
 * the vendor always sends (values too, where the profile's are constant), the headers it never
 * sends on errors, and the body's format (empty or not, Content-Type, the profile's bodySchema).
 *
 * @module
 */
import { kindAnswer } from '../core/app-config';
import type { Profile } from '../core/define-profile';
import { decodeError } from '../core/decode/decode-error';
import { differencesFrom } from '../core/decode/differences';
import { headerMap } from '../core/decode/headers';
import { render } from '../core/render';
import { buildBattery, type BatteryItem, type BatteryOptions } from './battery';
import { sendHttp, sendRaw, type Target, type WireAnswer } from './transport';

/** One side of a row: what was expected or what came back. */
export interface AnswerSummary {
  readonly status?: number;
  readonly statusText?: string;
  readonly code?: string;
  readonly kind?: string;
  readonly contentType?: string;
  readonly interim?: readonly number[];
  readonly error?: string;
}

/** One request's result. */
export interface ProbeRow {
  readonly id: string;
  readonly request: string;
  readonly expected: AnswerSummary;
  readonly got: AnswerSummary;
  /** Every difference, in words; empty when the answer matches the prediction. */
  readonly differences: readonly string[];
}

/** The whole report (`--json` prints it as it is). */
export interface ProbeReport {
  readonly command: 'probe';
  readonly baseUrl: string;
  readonly profile: string;
  readonly rows: readonly ProbeRow[];
  readonly passed: number;
  readonly total: number;
  /** Percentage of rows without a difference, rounded down. */
  readonly score: number;
}

/**
 * Sends one battery item.
 *
 * @example
 * await exchangeItem(target, battery[0]) // { status: 404, … }
 */
export function exchangeItem(target: Target, item: BatteryItem): Promise<WireAnswer> {
  return item.send.via === 'http' ? sendHttp(target, item.send.spec) : sendRaw(target, item.send.spec, item.method);
}

/**
 * Runs `tasks` with at most `limit` in flight, keeping their order.
 *
 * @example
 * await inParallel([() => Promise.resolve(1), () => Promise.resolve(2)], 8) // [1, 2]
 */
export async function inParallel<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

function compareAnswer(profile: Profile, item: BatteryItem, answer: WireAnswer): ProbeRow {
  const differences: string[] = [];
  const got: AnswerSummary = { status: answer.status, statusText: answer.statusText, interim: answer.interim, error: answer.error };
  const request = `${item.id}: ${item.title}`;
  if (item.expectContinue === 'accepted') {
    const expected: AnswerSummary = { interim: [100] };
    if (!answer.interim.includes(100)) differences.push(answer.status === undefined ? `no 100 Continue (${answer.error ?? 'no answer'})` : `no 100 Continue before the final ${answer.status}`);
    return { id: item.id, request, expected, got, differences };
  }
  const kind = item.kind ?? 'badRequest';
  const predictedBody = render(kindAnswer(kind), profile, { method: item.method, path: item.path });
  const expectedCode = decodeError(profile, { status: predictedBody.status, headers: predictedBody.headers, body: predictedBody.body, method: item.method }).code;
  const expected: AnswerSummary = { status: predictedBody.status, statusText: predictedBody.statusMessage, code: expectedCode, kind, contentType: predictedBody.headers['Content-Type'] };
  if (answer.status === undefined) {
    differences.push(`no answer (${answer.error ?? 'unknown'})`);
    return { id: item.id, request, expected, got, differences };
  }
  const headers = headerMap(answer.rawHeaders);
  const decoded = decodeError(profile, { status: answer.status, headers, body: answer.body, method: item.method });
  const gotSummary: AnswerSummary = { ...got, code: decoded.code, kind: decoded.kind, contentType: headers.get('content-type') };
  if (item.expectContinue === 'rejected' && answer.interim.includes(100)) differences.push('sent 100 Continue to a request it rejects (the body was invited)');
  const compared = differencesFrom(profile, kind, { status: answer.status, statusText: answer.statusText, headers, body: answer.body }, { method: item.method, path: item.path, compareReason: 'always' });
  differences.push(...compared.differences);
  if (answer.error !== undefined) differences.push(`answer incomplete (${answer.error})`);
  return { id: item.id, request, expected, got: gotSummary, differences };
}

/** Options of {@link runProbe}. */
export interface ProbeOptions extends Omit<BatteryOptions, 'host'> {
  readonly target: Target;
  /** Requests in flight at once (default 8). */
  readonly concurrency?: number;
}

/**
 * Runs the battery against `target` and compares every answer with `profile`'s prediction.
 *
 * @example
 * const report = await runProbe(profiles.vsp, { target, path: '/demo/items', unknownPath: '/no/such/route', headers: {} })
 * report.score // 100
 */
export async function runProbe(profile: Profile, options: ProbeOptions): Promise<ProbeReport> {
  const battery = buildBattery(profile, { path: options.path, method: options.method, unknownPath: options.unknownPath, headers: options.headers, host: options.target.url.host });
  const rows = await inParallel(
    battery.map((item) => async () => compareAnswer(profile, item, await exchangeItem(options.target, item))),
    options.concurrency ?? 8,
  );
  const passed = rows.filter((row) => row.differences.length === 0).length;
  return {
    command: 'probe',
    baseUrl: options.target.url.href,
    profile: profile.name,
    rows,
    passed,
    total: rows.length,
    score: rows.length === 0 ? 0 : Math.floor((passed * 100) / rows.length),
  };
}
