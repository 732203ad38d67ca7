/**
 * docs/vocabulary.md is the contract of the adapters' public names: every `vc.NAME` (Fastify:
 * `app.vendorCompat.NAME`) its concept × adapter table gives an adapter is a member of the object
 * that adapter's `vendorCompat` returns (Fastify: decorates), and every adapter module exports
 * `vendorCompat` by name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import * as expressModule from '../../src/express';
import * as koaModule from '../../src/koa';
import * as nodeModule from '../../src/node';
import * as fastifyModule from '../../src/fastify';
import * as honoModule from '../../src/hono';
import * as fetchModule from '../../src/fetch';
import { ROOT } from './code-blocks';

const ADAPTERS = ['express', 'koa', 'node', 'fastify', 'hono', 'fetch'] as const;
type Adapter = (typeof ADAPTERS)[number];

/**
 * Names the table gives that the sources do not carry yet (the integrator renames the code to the
 * table). Each entry must still be missing: once the name lands, the last test fails until the
 * entry is deleted, and then this list.
 */
const PENDING_RENAMES: readonly string[] = [
];

/** The names each adapter's column of the table gives its `vc` (or `app.vendorCompat`). */
function tableNames(): Map<Adapter, Set<string>> {
  const page = readFileSync(path.join(ROOT, 'docs/vocabulary.md'), 'utf8');
  const rows = page.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| concept') && !line.startsWith('|---'));
  const names = new Map<Adapter, Set<string>>(ADAPTERS.map((adapter) => [adapter, new Set<string>()]));
  for (const row of rows) {
    const cells = row.split(/(?<!\\)\|/).slice(2, -1);
    if (cells.length !== ADAPTERS.length) throw new Error(`docs/vocabulary.md row with ${cells.length} adapter cells: ${row}`);
    cells.forEach((cell, index) => {
      const adapter = ADAPTERS[index] as Adapter;
      for (const match of cell.matchAll(/`[^`]*?\b(?:vc|app\.vendorCompat)\.([A-Za-z]+)/g)) names.get(adapter)?.add(match[1] ?? '');
    });
  }
  return names;
}

/** The object each adapter hands the app, built with the default options. */
async function instances(): Promise<Record<Adapter, object>> {
  const app = Fastify();
  await app.register(fastifyModule.vendorCompat, {});
  await app.ready();
  const decorated = (app as unknown as { vendorCompat?: object }).vendorCompat ?? {};
  await app.close();
  return {
    express: expressModule.vendorCompat({}),
    koa: koaModule.vendorCompat({}),
    node: nodeModule.vendorCompat({}),
    fastify: decorated,
    hono: honoModule.vendorCompat({}),
    fetch: fetchModule.vendorCompat({}),
  };
}

const table = tableNames();
const pairs = ADAPTERS.flatMap((adapter) => [...(table.get(adapter) ?? [])].map((name) => `${adapter}.${name}`));

describe('docs/vocabulary.md: the concept × adapter table', () => {
  let objects: Record<Adapter, object>;
  beforeAll(async () => {
    objects = await instances();
  });

  it('gives every adapter its names (the table parses)', () => {
    expect(Object.fromEntries(ADAPTERS.map((adapter) => [adapter, (table.get(adapter)?.size ?? 0) > 3]))).toEqual(Object.fromEntries(ADAPTERS.map((adapter) => [adapter, true])));
  });

  it.each(pairs.filter((pair) => !PENDING_RENAMES.includes(pair)))('%s exists', (pair) => {
    const [adapter, name] = pair.split('.') as [Adapter, string];
    expect([pair, name in objects[adapter]]).toEqual([pair, true]);
  });

  it('every adapter module exports vendorCompat by name, and Fastify also as its default export', () => {
    const modules = { expressModule, koaModule, nodeModule, fastifyModule, honoModule, fetchModule };
    expect(Object.entries(modules).map(([name, module]) => [name, typeof module.vendorCompat])).toEqual(Object.keys(modules).map((name) => [name, 'function']));
    expect(fastifyModule.default).toBe(fastifyModule.vendorCompat);
  });

  it('PENDING_RENAMES lists only names the table gives and the code still lacks (delete an entry once it lands)', () => {
    const stale = PENDING_RENAMES.filter((pair) => {
      const [adapter, name] = pair.split('.') as [Adapter, string];
      return !pairs.includes(pair) || name in objects[adapter];
    });
    expect(stale).toEqual([]);
  });
});
