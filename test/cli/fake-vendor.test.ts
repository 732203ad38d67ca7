/**
 * against an independent fake of APIG written without the library
 * (test/cli/fake-apig.ts, hand-written answers from huawei-apig-mpc-and-stratos.md §1.2–§1.4):
 *
 * - `probe --profile apig` reports exactly the fake's one deliberate deviation (406 with
 *   APIG.0202 instead of APIG.0201) and exits 1;
 * - `record` drafts a profile that `defineProfile` accepts, under which `decodeError` finds every
 *   answer of the fake conforming, and which renders the fake's answers for the kinds it saw;
 * - a server that resets or never answers is a reported difference, never a hang or a crash.
 */
import net from 'node:net';
import { kindAnswer } from '../../src/core/app-config';
import { defineProfile } from '../../src/core/define-profile';
import { decodeError } from '../../src/core/decode';
import { render } from '../../src/core/render';
import { buildBattery } from '../../src/cli/battery';
import { runCli } from '../../src/cli/main';
import { exchangeItem, type ProbeReport } from '../../src/cli/probe';
import type { RecordReport } from '../../src/cli/record';
import type { WireAnswer } from '../../src/cli/transport';
import { headerMap } from '../../src/core/decode/headers';
import { buildExecutables, runExecutable } from './bundle';
import { DEVIATION, startFakeApig } from './fake-apig';

jest.setTimeout(60000);

let fake: Awaited<ReturnType<typeof startFakeApig>>;
let base: string;
beforeAll(async () => {
  fake = await startFakeApig();
  base = `http://127.0.0.1:${fake.port}`;
});
afterAll(() => fake.close());

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('probe against the hand-written APIG fake', () => {
  it('reports exactly the one deliberate deviation (406 error_code) and exits 1', async () => {
    const { code, stdout } = await cli(['probe', base, '--profile', 'apig', '--path', '/v1/items', '--json', '--timeout', '3000']);
    const report = JSON.parse(stdout) as ProbeReport;
    const differing = report.rows.filter((row) => row.differences.length > 0);
    expect(differing.map((row) => [row.id, row.differences])).toEqual([[DEVIATION.check, [`vendor code ${DEVIATION.code} (expected ${DEVIATION.expectedCode})`]]]);
    expect(report.passed).toBe(report.total - 1);
    expect(report.score).toBe(Math.floor(((report.total - 1) * 100) / report.total));
    expect(code).toBe(1);
  });

  it('the executable prints the difference in its table and exits 1', async () => {
    const bundle = await buildExecutables();
    try {
      const result = await runExecutable(bundle.cli, ['probe', base, '--profile', 'apig', '--path', '/v1/items', '--timeout', '3000']);
      expect(result.stdout).toMatch(/notAcceptable +406 Not Acceptable APIG\.0201 +406 Not Acceptable APIG\.0202 +vendor code APIG\.0202 \(expected APIG\.0201\)/);
      expect(result.stdout).toMatch(/score: (\d+)\/(\d+) \(\d+%\) — differences found\n$/);
      expect(result.code).toBe(1);
    } finally {
      bundle.remove();
    }
  });
});

describe('record against the hand-written APIG fake', () => {
  let report: RecordReport;
  let answers: Array<{ id: string; kind: string | undefined; method: string; path: string; answer: WireAnswer }>;
  beforeAll(async () => {
    const { code, stdout } = await cli(['record', base, '--name', 'fake-apig', '--path', '/v1/items', '--json', '--timeout', '3000']);
    expect(code).toBe(0);
    report = JSON.parse(stdout) as RecordReport;
    // The same battery, sent again, gives the answers to check the draft against.
    const url = new URL(base);
    const battery = buildBattery(undefined, { path: '/v1/items', unknownPath: '/vendor-compat-probe/no-such-route', host: url.host, headers: {} });
    answers = await Promise.all(
      battery.map(async (item) => ({ id: item.id, kind: item.kind, method: item.method, path: item.path, answer: await exchangeItem({ url, insecure: false, timeoutMs: 3000, headers: {} }, item) })),
    );
  });

  it('drafts a document defineProfile accepts, with a note on every kind', () => {
    const profile = defineProfile(report.profile);
    expect(profile.name).toBe('fake-apig');
    expect(Object.values(report.profile.kinds).every((entry) => typeof entry.note === 'string' && entry.note.length > 0)).toBe(true);
    expect(report.profile.description).toMatch(/body\.error_code: the vendor code/);
    expect(report.profile.body).toEqual({ contentType: 'application/json', template: { error_code: '{{code}}', error_msg: '{{message}}', request_id: '{{requestId}}' } });
    expect(report.profile.requestId).toEqual({ header: 'X-Request-Id', onSuccess: true }); // the fake sends it on its 200 too
    expect(report.profile.reasonPhrases).toEqual({ 494: 'Request Header Or Cookie Too Large' });
    expect(report.profile.kinds.notFound).toMatchObject({ status: 404, code: 'APIG.0101', message: 'The API does not exist or has not been published in the environment.' });
    expect(report.profile.kinds.headersTooLarge).toMatchObject({ status: 494, code: 'APIG.0201', message: 'Request headers too large.' });
    expect(report.profile.kinds.notAcceptable).toMatchObject({ status: 406, code: DEVIATION.code });
  });

  it('the draft, probed back against the fake with --profile-file, scores 100% (the deviation is now the profile)', async () => {
    let stdout = '';
    const code = await runCli(['probe', base, '--profile-file', 'draft.json', '--path', '/v1/items', '--json', '--timeout', '3000'], {
      stdout: (text) => (stdout += text),
      stderr: () => undefined,
      readFile: (file) => (file === 'draft.json' ? JSON.stringify(report.profile) : ''),
    });
    const probed = JSON.parse(stdout) as ProbeReport;
    expect(probed.rows.filter((row) => row.differences.length > 0)).toEqual([]);
    expect([probed.profile, probed.score, code]).toEqual(['fake-apig', 100, 0]);
  });

  it('decodeError finds every error answer of the fake conforming to the draft', () => {
    const profile = defineProfile(report.profile);
    const errors = answers.filter((entry) => entry.kind !== undefined && (entry.answer.status ?? 0) >= 400);
    expect(errors.length).toBeGreaterThanOrEqual(10);
    const verdicts = errors.map((entry) => {
      const decoded = decodeError(profile, { status: entry.answer.status, statusText: entry.answer.statusText, headers: entry.answer.rawHeaders, body: entry.answer.body, method: entry.method });
      return [entry.id, decoded.problems];
    });
    expect(verdicts).toEqual(errors.map((entry) => [entry.id, []]));
  });

  it('renders the fake\'s answers for the kinds it saw (status, reason, headers, body; request ids aside)', () => {
    const profile = defineProfile(report.profile);
    // The kinds it saw: what the draft's notes say was observed (a long target on a missing route
    // answered like the unknown route is not a uriTooLong observation).
    const errors = answers.filter((entry) => entry.kind !== undefined && (entry.answer.status ?? 0) >= 400 && (entry.kind === 'notFound' || entry.answer.status !== 404));
    for (const entry of errors) expect([entry.id, report.profile.kinds[entry.kind as 'notFound'].sources]).toEqual([entry.id, ['recorded']]);
    expect(errors.map((entry) => entry.id).sort()).toEqual(
      ['contentTypeMalformed', 'contentTypeUnsupported', 'continueRejected', 'headersTooLarge', 'invalidContentLength', 'malformedRequestLine', 'notAcceptable', 'requestLineTooLong', 'unknownExpectation', 'unknownRoute', 'unknownRouteHead'].sort(),
    );
    for (const entry of errors) {
      const rendered = render(kindAnswer(entry.kind as never), profile, { method: entry.method, path: entry.path });
      const headers = headerMap(entry.answer.rawHeaders);
      const id = headers.get('x-request-id') as string;
      const expectedBody = entry.answer.body.toString('utf8').replace(id, rendered.headers['X-Request-Id'] as string);
      expect([entry.id, rendered.status, rendered.statusMessage, rendered.body, rendered.headers['Content-Type']]).toEqual([entry.id, entry.answer.status, entry.answer.statusText, expectedBody, headers.get('content-type')]);
    }
  });
});

describe('servers that misbehave are reported, never a hang or a crash', () => {
  it.each([
    ['resets every connection', (socket: net.Socket) => socket.resetAndDestroy()],
    ['never answers', () => undefined],
    ['answers garbage', (socket: net.Socket) => socket.end('nonsense\r\n\r\n')],
  ])('a server that %s: every row is a difference, exit 1', async (_name, onConnection) => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      onConnection(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const { code, stdout } = await cli(['probe', `http://127.0.0.1:${port}`, '--profile', 'vsp', '--json', '--timeout', '300', '--concurrency', '16']);
      const report = JSON.parse(stdout) as ProbeReport;
      expect(report.passed).toBe(0);
      expect(report.rows.every((row) => row.differences.length > 0 && row.got.status === undefined)).toBe(true);
      expect(code).toBe(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a refused connection is a difference', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { code, stdout } = await cli(['probe', `http://127.0.0.1:${port}`, '--profile', 'apig', '--json', '--timeout', '300']);
    const report = JSON.parse(stdout) as ProbeReport;
    expect(report.rows[0]?.differences).toEqual(['no answer (ECONNREFUSED)']);
    expect(code).toBe(1);
  });
});
