/**
 * The Fetch entry's boundary, checked on its whole import graph (the lint rule sees one file at a
 * time): every module `src/fetch.ts` reaches through relative imports in `src/` (type imports,
 * re-exports, `require` and `import()` included) imports no Node built-in (`node:*` or a bare name),
 * no http-errors (depd requires `path`) and no framework. test/fetch/neutral-bundle.test.ts proves
 * the same of the bundle, npm packages included; this one names the source line to change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '../../src');

/** Why a bare specifier may not be imported by Fetch-side code, or undefined when it may. */
function forbidden(specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return 'a Node built-in';
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
  if (builtinModules.includes(specifier) || builtinModules.includes(name)) return 'a Node built-in';
  if (name === 'http-errors') return 'http-errors (depd requires path)';
  if (/^(express|express4|koa|koa2|fastify|fastify4|fastify-plugin|hono)$/.test(name) || /^@(hono|nestjs|koa|fastify)\//.test(name)) return 'a framework';
  return undefined;
}

/** A relative specifier resolved as tsc resolves it here: `x.ts`, `x/index.ts`, or a file (`x.json`). */
function resolveRelative(from: string, specifier: string, exists: (file: string) => boolean): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base];
  const found = candidates.find((file) => exists(file) && !file.endsWith(path.sep));
  if (found === undefined) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly reason: string;
}

/** Walks the relative imports from `entry`; returns the modules visited and every forbidden import, relative to `root`. */
function walkImportGraph(root: string, entry: string, read: (file: string) => string, exists: (file: string) => boolean): { visited: string[]; violations: Violation[] } {
  const visited = new Set<string>();
  const violations: Violation[] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (visited.has(file)) continue;
    visited.add(file);
    if (!file.endsWith('.ts')) continue; // JSON: data, no imports
    const { importedFiles } = ts.preProcessFile(read(file), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) {
        queue.push(resolveRelative(file, specifier, exists));
        continue;
      }
      const reason = forbidden(specifier);
      if (reason !== undefined) violations.push({ file: path.relative(root, file), specifier, reason });
    }
  }
  return { visited: [...visited].map((file) => path.relative(root, file)).sort(), violations };
}

describe('the Fetch entry import graph (src/fetch.ts and everything it reaches in src/)', () => {
  const graph = walkImportGraph(SRC, path.join(SRC, 'fetch.ts'), (file) => readFileSync(file, 'utf8'), existsSync);

  it('reaches the core it runs on (the walk follows re-exports and type imports)', () => {
    expect(graph.visited).toEqual(expect.arrayContaining(['fetch.ts', 'core/app-config.ts', 'core/render.ts', 'profiles/index.ts', 'profiles/vsp.json']));
    expect(graph.visited.filter((file) => file.startsWith('fetch/')).length).toBeGreaterThan(0);
  });

  it('never enters the node layer, the Node adapters or http-errors\' factories', () => {
    expect(graph.visited.filter((file) => /^(node|express|koa|fastify|hono|cli)(\/|\.ts$)/.test(file) || file === 'core/errors.ts')).toEqual([]);
  });

  it('imports no Node built-in, no http-errors and no framework', () => {
    expect(graph.violations).toEqual([]);
  });
});

describe('walkImportGraph (the checker itself)', () => {
  const files: Record<string, string> = {
    '/v/entry.ts': "import { a } from './a';\nexport type { T } from './types';",
    '/v/a.ts': "import { b } from './deep/index';\nimport ajv from 'ajv';\nexport const a = [b, ajv];",
    '/v/deep/index.ts': "import type { IncomingMessage } from 'http';\nimport { readFileSync } from 'node:fs';\nexport const b = require('http-errors');",
    '/v/types.ts': "export type T = import('hono').Context;\nimport type { FastifyInstance } from 'fastify';\nexport type { Router } from '@koa/router';",
  };
  const found = walkImportGraph('/v', '/v/entry.ts', (file) => files[file] ?? '', (file) => file in files);

  it('follows relative imports, directory indexes and type re-exports', () => {
    expect(found.visited).toEqual(['a.ts', 'deep/index.ts', 'entry.ts', 'types.ts']);
  });

  it('reports every forbidden import two hops away, type-only, require() and import() types included', () => {
    expect(found.violations.map(({ file, specifier, reason }) => [file, specifier, reason]).sort()).toEqual(
      [
        ['types.ts', '@koa/router', 'a framework'],
        ['types.ts', 'fastify', 'a framework'],
        ['types.ts', 'hono', 'a framework'],
        ['deep/index.ts', 'http', 'a Node built-in'],
        ['deep/index.ts', 'http-errors', 'http-errors (depd requires path)'],
        ['deep/index.ts', 'node:fs', 'a Node built-in'],
      ].sort(),
    );
  });
});
