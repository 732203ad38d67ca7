/**
 * `asyncHandler`: on Express 4 an async route's rejected promise is an
 * `unhandledRejection` and the request is never answered; wrapped, the rejection is the vendor's
 * answer, on Express 4 and on Express 5 (where the wrapper must change nothing). The real
 * process's `unhandledRejection` is spied on for the whole file (test/property/process-spies.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type expressModuleType from 'express';
import type { Express, Request, Response } from 'express';
import request from 'supertest';
import { asyncHandler, vendorCompat } from '../../src/express';
import { conflict, render, profiles } from '../support/internals';
import { installProcessSpies, type ProcessSpies } from '../property/process-spies';

/* eslint-disable @typescript-eslint/no-require-imports */
const EXPRESS = [
  ['express4', require('express4') as typeof expressModuleType],
  ['express5', require('express') as typeof expressModuleType],
] as const;
/* eslint-enable @typescript-eslint/no-require-imports */

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let spies: ProcessSpies;
beforeAll(() => {
  spies = installProcessSpies();
});
afterAll(() => spies.restore());

function appWith(createExpress: typeof expressModuleType, mount: (app: Express) => void): Express {
  const app = createExpress();
  const vc = vendorCompat({ profile: 'vsp' });
  app.use(vc.preconditions);
  mount(app);
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return app;
}

// VSP's body for a 409 (seed 001 table: 409 Conflict) and its masked 500, rendered by the core.
const VSP_409 = render(conflict('Pool 3 is in use'), profiles.vsp, { method: 'GET', path: '/pools/3' });
const VSP_500 = render(new Error('secret: db password wrong'), profiles.vsp, { method: 'GET', path: '/boom' });
const VSP_500_AT_BOOM = render(new Error('rejected in an Express 4 route'), profiles.vsp, { method: 'GET', path: '/boom' });
const ROOT = path.resolve(__dirname, '../..');

describe.each(EXPRESS)('asyncHandler on %s', (_name, createExpress) => {
  afterEach(() => {
    expect(spies.events).toEqual([]);
  });

  it('answers a rejected promise as the vendor (409 with the thrown message)', async () => {
    const app = appWith(createExpress, (a) => {
      a.get(
        '/pools/:id',
        asyncHandler(async (req: Request) => {
          await tick();
          throw conflict(`Pool ${String(req.params['id'])} is in use`);
        }),
      );
    });
    const res = await request(app).get('/pools/3');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toBe(VSP_409.headers['Content-Type']);
    expect(res.text).toBe(VSP_409.body);
  });

  it('masks a plain Error rejection as the vendor 500 (no message, no stack)', async () => {
    const app = appWith(createExpress, (a) => {
      a.get(
        '/boom',
        asyncHandler(async () => {
          await tick();
          throw new Error('secret: db password wrong');
        }),
      );
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.text).toBe(VSP_500.body);
    expect(res.text).not.toContain('secret');
  });

  it('turns a rejection without a reason into a 500, as Express 5 does (not the unmatched 404)', async () => {
    const app = appWith(createExpress, (a) => {
      // eslint-disable-next-line prefer-promise-reject-errors
      a.get('/boom', asyncHandler(() => Promise.reject(undefined)));
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.text).toBe(VSP_500.body);
  });

  it('leaves a resolved handler alone (its own answer, next() never called twice)', async () => {
    const app = appWith(createExpress, (a) => {
      a.get(
        '/ok',
        asyncHandler(async (_req: Request, res: Response) => {
          await tick();
          res.status(201).json({ ok: true });
        }),
      );
    });
    const res = await request(app).get('/ok');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ok: true });
  });

  it('leaves a synchronous throw to Express (the vendor 409 as without the wrapper)', async () => {
    const app = appWith(createExpress, (a) => {
      a.get(
        '/pools/:id',
        asyncHandler(() => {
          throw conflict('Pool 3 is in use');
        }),
      );
    });
    const res = await request(app).get('/pools/3');
    expect(res.status).toBe(409);
    expect(res.text).toBe(VSP_409.body);
  });
});

describe('asyncHandler argument check', () => {
  it('throws a TypeError for a non-function', () => {
    expect(() => asyncHandler(undefined as unknown as () => void)).toThrow(TypeError);
  });
});

// In a child process with no unhandledRejection listener (Jest has its own), against the built
// dist/ (npm test builds first): what a user's Express 4 process does.
const CHILD = `
const express = require('express4');
const { vendorCompat, asyncHandler } = require(process.env.VC_DIST);
const wrap = process.argv[1] === 'wrapped' ? asyncHandler : (handler) => handler;
const app = express();
const vc = vendorCompat({ profile: 'vsp' });
app.use(vc.preconditions);
app.get('/boom', wrap(async () => { await null; throw new Error('rejected in an Express 4 route'); }));
app.use(vc.notFound);
app.use(vc.errorHandler);
const server = app.listen(0, '127.0.0.1', async () => {
  const res = await fetch('http://127.0.0.1:' + server.address().port + '/boom');
  process.stdout.write(JSON.stringify({ status: res.status, body: await res.text() }));
  server.close();
});
`;

function runChild(mode: 'wrapped' | 'bare'): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-e', CHILD, mode], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VC_DIST: path.join(ROOT, 'dist/express.cjs') },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('an Express 4 process (child process, built dist/)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'dist/express.cjs'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  });

  it('without asyncHandler: the first rejecting request kills the process, unanswered', () => {
    const child = runChild('bare');
    expect(child.status).toBe(1);
    expect(child.stdout).toBe('');
    expect(child.stderr).toContain('rejected in an Express 4 route');
  });

  it('with asyncHandler: the vendor 500 is the answer and the process ends normally', () => {
    const child = runChild('wrapped');
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ status: 500, body: VSP_500_AT_BOOM.body });
  });
});
