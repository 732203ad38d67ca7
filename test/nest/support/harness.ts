/**
 * The tests' side of test/nest/support/child.ts: one child process per Nest major, apps started
 * in it on demand, reached over HTTP on 127.0.0.1 (port 0).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { AppSpec, SeenEvent } from './apps';

/** The Nest majors tested: the newest npm serves (12, ES modules only), 11 and 10 (CommonJS). */
export const NEST_MAJORS = [12, 11, 10] as const;
export const PLATFORMS = ['express', 'fastify'] as const;

/** An app in the child. */
export interface RemoteApp {
  /** `http://127.0.0.1:<port>`, for supertest. */
  readonly url: string;
  /** What `onError` has seen so far. */
  readonly events: () => Promise<SeenEvent[]>;
}

/** One child process holding apps of one Nest major. */
export interface NestHost {
  readonly start: (spec: AppSpec) => Promise<RemoteApp>;
  readonly stop: () => Promise<void>;
}

/**
 * Forks the child for `major` (ts-node, transpile only) and waits until it has loaded Nest.
 *
 * @example
 * const host = await nestHost(12); const app = await host.start({ platform: 'fastify', profile: 'apig' })
 */
export async function nestHost(major: number): Promise<NestHost> {
  const child: ChildProcess = fork(path.join(__dirname, 'child.ts'), [String(major)], {
    execArgv: ['-r', 'ts-node/register/transpile-only', '--no-warnings'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: Record<string, unknown>) => void>();
  let nextId = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the Nest ${major} child exited with ${String(code)}`)));
    child.on('message', (message: Record<string, unknown>) => {
      if (message.ready === true) resolve();
      const id = message.id as number | undefined;
      if (id === undefined) return;
      pending.get(id)?.(message);
      pending.delete(id);
    });
  });
  const ask = (body: Record<string, unknown>): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => (typeof reply.error === 'string' ? reject(new Error(reply.error)) : resolve(reply)));
      child.send({ id, ...body });
    });
  return {
    start: async (spec) => {
      const { port, app } = await ask({ start: spec });
      return { url: `http://127.0.0.1:${String(port)}`, events: async () => (await ask({ events: app })).events as SeenEvent[] };
    },
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await exited;
    },
  };
}
