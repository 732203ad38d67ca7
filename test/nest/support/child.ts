/**
 * A process holding Nest apps of one major (argv[2]: 10, 11 or 12) for the tests. Nest 12 is ES
 * modules only, which Jest's CommonJS runtime cannot load (Node's own `require` can, from
 * 20.19), so the apps run here, under plain Node with ts-node, and the tests reach them over
 * HTTP on 127.0.0.1. For Nest 10 and 11, `@nestjs/*` resolves to test/nest/nest10's or
 * test/nest/nest11's copy (the library's own `@nestjs/common` import included).
 *
 * Messages (IPC): `{ id, start: AppSpec }` → `{ id, port, app }`; `{ id, events: app }` →
 * `{ id, events }`; `{ id, close: app }` → `{ id }`.
 */
import Module from 'node:module';
import path from 'node:path';
import type { AppSpec, startNestApp as StartNestApp, loadKit as LoadKit } from './apps';

const major = Number(process.argv[2]);
if (major === 10 || major === 11) {
  // The fixture installed beside the root's Nest (test/nest/nest10, test/nest/nest11).
  const root = path.join(__dirname, '..', `nest${String(major)}`);
  const internals = Module as unknown as { _resolveFilename: (request: string, parent: unknown, isMain: boolean, options?: unknown) => string };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function resolveNest10(request, parent, isMain, options) {
    if (request.startsWith('@nestjs/')) return resolve.call(this, request, parent, isMain, { paths: [root] });
    return resolve.call(this, request, parent, isMain, options);
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadKit, startNestApp } = require('./apps') as { loadKit: typeof LoadKit; startNestApp: typeof StartNestApp };
const kit = loadKit(major);
const apps = new Map<number, Awaited<ReturnType<typeof startNestApp>>>();
let next = 0;

interface Message {
  readonly id: number;
  readonly start?: AppSpec;
  readonly events?: number;
  readonly close?: number;
}

process.on('message', (message: Message) => {
  const reply = (body: Record<string, unknown>): void => void process.send?.({ id: message.id, ...body });
  void (async () => {
    try {
      if (message.start !== undefined) {
        const started = await startNestApp(kit, message.start);
        const app = next++;
        apps.set(app, started);
        reply({ port: started.port, app });
      } else if (message.events !== undefined) {
        reply({ events: apps.get(message.events)?.events ?? [] });
      } else if (message.close !== undefined) {
        await apps.get(message.close)?.close();
        apps.delete(message.close);
        reply({});
      }
    } catch (error) {
      reply({ error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
    }
  })();
});
process.send?.({ ready: true, version: kit.core.NestFactory === undefined ? 'unknown' : major });
