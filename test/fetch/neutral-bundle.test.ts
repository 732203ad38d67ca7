/**
 * `vendor-compat/fetch` (and `vendor-compat/hono`, built on it) import nothing
 * from `node:*`. Proof in two steps: esbuild (the bundler tsup runs) bundles each entry for
 * `platform: 'neutral'`, where a Node built-in cannot be resolved and fails the build; then the
 * bundle runs in a fresh `node:vm` context holding only Fetch-API globals (no `require`, no
 * `process`, no `Buffer`) and answers requests in the profile's format.
 */
import vm from 'node:vm';
import { build, type Metafile } from 'esbuild';

interface Bundled {
  readonly code: string;
  readonly packages: readonly string[];
}

async function bundle(entry: string): Promise<Bundled> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'iife',
    globalName: 'entry',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  const packages = [...new Set(inputs.filter((file) => file.includes('node_modules/')).map((file) => file.split('node_modules/')[1]?.split('/')[0] as string))];
  return { code: result.outputFiles[0]?.text ?? '', packages };
}

/** A context with the Web platform only: what a Worker, Deno or Bun gives any module. */
function fetchOnlyContext(): vm.Context {
  return vm.createContext({
    Request,
    Response,
    Headers,
    ReadableStream,
    TransformStream,
    TextEncoder,
    TextDecoder,
    URL,
    crypto: globalThis.crypto,
    structuredClone,
    console,
  });
}

interface FetchModule {
  vendorCompat: (options: object) => {
    wrap: (handler: (request: Request) => Response | Promise<Response>) => (request: Request) => Promise<Response>;
    check: (request: Request) => Response | undefined;
    errorResponse: (request: Request, thrown: unknown) => Response;
  };
}

describe.each(['src/fetch.ts', 'src/hono.ts'])('%s bundled for a neutral platform', (entry) => {
  let bundled: Bundled;
  beforeAll(async () => {
    bundled = await bundle(entry);
  });

  it('builds without a Node built-in (esbuild refuses to resolve one for platform "neutral") and without http-errors or depd', () => {
    expect(bundled.code.length).toBeGreaterThan(0);
    expect(bundled.packages).not.toContain('http-errors');
    expect(bundled.packages).not.toContain('depd');
    expect(bundled.code).not.toMatch(/require\(["'](node:|path|fs|http|stream|util|buffer)/);
  });

  it('loads in a context without require, process or Buffer', () => {
    const context = fetchOnlyContext();
    expect(vm.runInContext('typeof require + typeof process + typeof Buffer', context)).toBe('undefinedundefinedundefined');
    const loaded = vm.runInContext(`${bundled.code}\n;entry`, context) as Record<string, unknown>;
    expect(typeof loaded.vendorCompat).toBe('function');
  });
});

describe('the neutral fetch bundle answers like the vendor', () => {
  let fetchModule: FetchModule;
  beforeAll(async () => {
    const { code } = await bundle('src/fetch.ts');
    fetchModule = vm.runInContext(`${code}\n;entry`, fetchOnlyContext()) as FetchModule;
  });

  it('APIG: a thrown branded error renders {error_code, error_msg, request_id} with X-Request-Id, and a success carries X-Request-Id too', async () => {
    const vc = fetchModule.vendorCompat({ profile: 'apig' });
    const handler = vc.wrap((request) => {
      if (new URL(request.url).pathname === '/ok') return new Response('{}', { headers: { 'content-type': 'application/json' } });
      throw Object.assign(new Error('Volume 12 does not exist'), { status: 404, expose: true });
    });
    const res = await handler(new Request('http://gw/v1/volumes/12'));
    const id = res.headers.get('x-request-id') as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      404,
      'application/json',
      `{"error_code":"APIG.0101","error_msg":"Volume 12 does not exist","request_id":"${id}"}`,
    ]);
    const ok = await handler(new Request('http://gw/ok'));
    expect([ok.status, ok.headers.get('x-request-id')]).toEqual([200, expect.stringMatching(/^[0-9a-f]{32}$/)]);
  });

  it('problem: a body streamed past maxBodyBytes gets the 413 problem document while the handler reads it', async () => {
    const vc = fetchModule.vendorCompat({ profile: 'problem', preconditions: { maxBodyBytes: 8 } });
    const handler = vc.wrap(async (request) => new Response(await request.text()));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('0123456789'));
        controller.close();
      },
    });
    const res = await handler(new Request('http://gw/upload', { method: 'POST', body, duplex: 'half' } as RequestInit));
    expect([res.status, res.headers.get('content-type'), res.headers.get('connection')]).toEqual([413, 'application/problem+json', 'close']);
    expect(JSON.parse(await res.text())).toEqual({ type: 'about:blank', title: 'Payload Too Large', status: 413, instance: '/upload' });
  });
});
